"""Push syndication to Sở Nội vụ (Ban Thi đua, khen thưởng), shaped like
wagtail.contrib.frontend_cache: backends (abstract, HTTP, recording), one service, a task.

- `services.syndicate_story(*, page, event)` writes the outbox row (caller's transaction);
- `services.deliver_due()` / `deliver_one()` claim rows, sign and send them, record outcomes;
- `signing` implements Standard Webhooks signatures; `schema/story-v1.json` is the payload.
"""
