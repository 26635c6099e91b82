from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from core.outbox import Delivery, deliver, outbox_due


class Command(BaseCommand):
    help = (
        "Send the queued emails that are due. This is how all mail leaves the site: run it "
        "from cron every minute or so (safe to run twice at once). Never-tried mail goes "
        "first, newest first; a message the mail server does not take is tried again later "
        "and set aside after OUTBOX_MAX_ATTEMPTS tries."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=200, help="At most this many per run.")

    def handle(self, *args: Any, limit: int, **options: Any) -> None:
        due = list(outbox_due(now=timezone.now()).values_list("pk", flat=True)[:limit])
        outcomes = dict.fromkeys(Delivery, 0)
        # One message at a time: each is claimed just before it is sent, so a
        # claim never outlives its lease while earlier messages wait on a slow server.
        for message_id in due:
            outcomes[deliver(message_id)] += 1
        report = f"{outcomes[Delivery.SENT]} sent, {outcomes[Delivery.WAITING]} still waiting"
        if outcomes[Delivery.FAILED]:
            report += f", {outcomes[Delivery.FAILED]} set aside"
        self.stdout.write(report + ".")
