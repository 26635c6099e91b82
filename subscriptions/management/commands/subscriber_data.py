import json

from django.core.management.base import BaseCommand, CommandError

from subscriptions.services import subscriber_erase, subscriber_export


class Command(BaseCommand):
    help = (
        "Answer a person who asks what we hold about their email address, or asks us to "
        "erase it: prints it as JSON, or erases it with --erase (subscription and "
        "do-not-email entry)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--erase", action="store_true")

    def handle(self, *args, email: str, erase: bool, **options) -> None:
        if erase:
            if not subscriber_erase(email=email):
                raise CommandError("We hold nothing for that address.")
            self.stdout.write("Erased.")
            return
        held = subscriber_export(email=email)
        if held is None:
            raise CommandError("We hold nothing for that address.")
        self.stdout.write(json.dumps(held, indent=2))
