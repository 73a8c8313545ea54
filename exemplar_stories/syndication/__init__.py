"""Push syndication to Sở Nội vụ (Ban Thi đua, khen thưởng), shaped like
wagtail.contrib.frontend_cache: backends (abstract, HTTP, recording; email_backend mails the
stories to the Board's mailbox instead), one service, a task.

- `services.syndicate_story(*, page, event)` writes the outbox row (caller's transaction);
- `services.deliver_due()` / `deliver_one()` claim rows, sign and send them, record outcomes
  (a slow send lets other lanes send the other stories meanwhile);
- `signing` implements Standard Webhooks signatures; `schema/story-v1.json` is the payload.
"""
