from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exemplar_stories.models import StoryPage, SyndicationEvent
from exemplar_stories.syndication import config, outbox, services


class Command(BaseCommand):
    help = (
        "Deliver the syndication deliveries that are due (and take over those a dead worker "
        "left half-sent). Run it from cron every few minutes; --story sends a story again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=500, help="Deliver at most this many (default 500)."
        )
        parser.add_argument(
            "--story",
            type=int,
            metavar="PAGE_ID",
            help="Queue a fresh delivery of this story as it is now (updated or withdrawn).",
        )

    def handle(self, *args, limit=500, story=None, verbosity=1, **options):
        if not config.is_enabled():
            raise CommandError(_("Syndication is not configured (SYNDICATION_URL and _SECRET)."))
        if limit < 1:
            raise CommandError(_("--limit must be at least 1."))
        if story is not None:
            page = StoryPage.objects.filter(pk=story).first()
            if page is None:
                raise CommandError(_("There is no story with id %s.") % story)
            page = page.specific
            event = SyndicationEvent.UPDATED if page.live else SyndicationEvent.WITHDRAWN
            delivery = outbox.syndicate_story(page=page, event=event)
            if verbosity:
                self.stdout.write(
                    _("Queued %(id)s (%(event)s).")
                    % {"id": delivery.webhook_id, "event": delivery.event}
                )
            return
        delivered = services.deliver_due(limit=limit)
        if verbosity:
            counts = {}
            for delivery in delivered:
                counts[delivery.status] = counts.get(delivery.status, 0) + 1
            summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "0"
            self.stdout.write(_("Syndication: %s") % summary)
