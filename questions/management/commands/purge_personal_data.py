from django.conf import settings
from django.core.management.base import BaseCommand

from questions import services
from subscriptions.services import purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Erase patients' contact details and original wording some days after their question "
        "was answered or declined, commenters' emails after moderation, and email "
        "subscriptions nobody confirmed within a week. Safe to run daily."
    )

    def handle(self, *args, **options) -> None:
        patients, commenters = services.purge_personal_data(
            patient_days=settings.PATIENT_DATA_RETENTION_DAYS,
            commenter_days=settings.COMMENTER_EMAIL_RETENTION_DAYS,
        )
        subscribers = purge_unconfirmed()
        self.stdout.write(
            f"Erased the details of {patients} patient(s), {commenters} commenter email(s) "
            f"and {subscribers} unconfirmed subscription(s)."
        )
