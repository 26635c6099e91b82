import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import personal_data
from subscriptions.services import subscriber_erase, subscriber_export


class Command(BaseCommand):
    help = (
        "Answer a person who asks what we hold about their email address, or asks us to "
        "erase it: prints it as JSON (subscription, questions, comments, emails and "
        "feedback notes naming the address), or erases all of it with --erase. The "
        "de-identified public version of a question stays."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--erase", action="store_true")

    def handle(self, *args: Any, email: str, erase: bool, **options: Any) -> None:
        if erase:
            # Every app that keeps something under an address (core.personal_data).
            erased_elsewhere = personal_data.erase(email)
            if not subscriber_erase(email=email) and not erased_elsewhere:
                raise CommandError("We hold nothing for that address.")
            self.stdout.write("Erased.")
            return
        held = subscriber_export(email=email)
        elsewhere = personal_data.export(email)
        if held is None and not any(elsewhere.values()):
            raise CommandError("We hold nothing for that address.")
        self.stdout.write(json.dumps({**(held or {"email": email}), **elsewhere}, indent=2))
