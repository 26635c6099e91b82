from django.core.management.base import BaseCommand

from questions.models import OutgoingEmail
from questions.notifications import deliver


class Command(BaseCommand):
    help = "Send queued emails that have not gone out yet (safe to run from cron)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=200, help="At most this many per run.")

    def handle(self, *args, limit: int, **options) -> None:
        pending = OutgoingEmail.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)
        sent = failed = 0
        for message_id in list(pending[:limit]):
            if deliver(message_id):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"{sent} sent, {failed} still waiting.")
