from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from subscriptions.digest import send_digests
from subscriptions.models import Subscription


class Command(BaseCommand):
    help = (
        "Queue the email digests of new answers for the subscribers of one frequency "
        "(send_outbox sends them). Run it from cron: daily ones every day, weekly ones "
        "once a week. Safe to run again at any time: no answer is sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--frequency", required=True, choices=Subscription.Frequency.values)

    def handle(self, *args: Any, frequency: str, **options: Any) -> None:
        queued = send_digests(frequency=frequency)
        self.stdout.write(f"{queued} {frequency} digest(s) queued.")
