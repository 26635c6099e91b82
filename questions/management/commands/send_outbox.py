from django.core.management.base import BaseCommand

from questions.models import OutgoingEmail
from questions.notifications import deliver


class Command(BaseCommand):
    help = (
        "Send queued emails that have not gone out yet. This is how all mail leaves the "
        "site: run it from cron every minute or so (safe to run twice at once)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=200, help="At most this many per run.")

    def handle(self, *args, limit: int, **options) -> None:
        pending = OutgoingEmail.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)
        sent = failed = 0
        # One message at a time: each is claimed just before it is sent, so a
        # claim never outlives its lease while earlier messages wait on a slow server.
        for message_id in list(pending[:limit]):
            outcome = deliver(message_id)
            if outcome is True:
                sent += 1
            elif outcome is False:
                failed += 1
        self.stdout.write(f"{sent} sent, {failed} still waiting.")
