from typing import Any

from captcha.models import CaptchaStore
from django.core.management.base import BaseCommand

from core import personal_data


class Command(BaseCommand):
    help = (
        "Erase patients' contact details and original wording some days after their question "
        "was answered or declined (from the outbox and the admin's log too), commenters' "
        "emails after moderation, email subscriptions nobody confirmed within a week, and "
        "readers' feedback notes after half a year. Safe to run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        erased = personal_data.purge()  # every app that keeps personal data (core.personal_data)
        # Every /ask/ page view adds a sum (and each solved sum a row): none outlives its use.
        CaptchaStore.remove_expired()
        listed = ", ".join(erased[:-1]) + (" and " if len(erased) > 1 else "") + erased[-1]
        self.stdout.write(f"Erased {listed}." if erased else "Nothing to erase.")
