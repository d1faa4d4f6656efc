from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events import retention


class Command(BaseCommand):
    help = "Delete events older than AURA_EVENT_RETENTION_DAYS (and their push rows and finished deliveries)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"Keep this many days instead of {settings.AURA_EVENT_RETENTION_DAYS}.")

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1")
        counts = retention.purge(days=days)
        self.stdout.write(
            f"purged {counts['events']} events, {counts['pushes']} pushes, {counts['deliveries']} deliveries"
        )
