from django.core.management.base import BaseCommand

from aura_site.api import idempotency


class Command(BaseCommand):
    help = "Delete Idempotency-Key records older than 24 hours (run from cron; requests also purge lazily)."

    def handle(self, *args, **options):
        deleted = idempotency.purge()
        self.stdout.write(f"purged {deleted} expired idempotency record(s)")
