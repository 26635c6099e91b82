import json

from django.core.management.base import BaseCommand, CommandError

from feedback.services import feedback_erase_mentions, feedback_notes_mentioning
from subscriptions.services import subscriber_erase, subscriber_export


class Command(BaseCommand):
    help = (
        "Answer a person who asks what we hold about their email address, or asks us to "
        "erase it: prints it as JSON (subscription, questions, comments, emails and "
        "feedback notes naming the address), or erases all of it with --erase. The "
        "de-identified public version of a question stays."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--erase", action="store_true")

    def handle(self, *args, email: str, erase: bool, **options) -> None:
        if erase:
            notes = feedback_erase_mentions(strings=[email])
            if not subscriber_erase(email=email) and not notes:
                raise CommandError("We hold nothing for that address.")
            self.stdout.write("Erased.")
            return
        held = subscriber_export(email=email)
        notes = feedback_notes_mentioning(strings=[email])
        if held is None and not notes:
            raise CommandError("We hold nothing for that address.")
        self.stdout.write(
            json.dumps({**(held or {"email": email}), "feedback_notes": notes}, indent=2)
        )
