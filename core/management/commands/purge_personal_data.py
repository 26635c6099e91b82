from captcha.models import CaptchaStore
from django.conf import settings
from django.core.management.base import BaseCommand

from feedback.services import feedback_purge_notes
from questions import services
from subscriptions.services import purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Erase patients' contact details and original wording some days after their question "
        "was answered or declined (from the outbox and the admin's log too), commenters' "
        "emails after moderation, email subscriptions nobody confirmed within a week, and "
        "readers' feedback notes after half a year. Safe to run daily."
    )

    def handle(self, *args, **options) -> None:
        patients, commenters = services.purge_personal_data(
            patient_days=settings.PATIENT_DATA_RETENTION_DAYS,
            commenter_days=settings.COMMENTER_EMAIL_RETENTION_DAYS,
        )
        subscribers = purge_unconfirmed()
        notes = feedback_purge_notes()
        # Every /ask/ page view adds a sum (and each solved sum a row): none outlives its use.
        CaptchaStore.remove_expired()
        self.stdout.write(
            f"Erased the details of {patients} patient(s), {commenters} commenter email(s), "
            f"{subscribers} unconfirmed subscription(s) and {notes} feedback note(s)."
        )
