from django.conf import settings
from django.core.management.base import BaseCommand

from questions import services


class Command(BaseCommand):
    help = (
        "Erase patients' contact details and original wording some days after their question "
        "was answered or declined, and commenters' emails after moderation. Safe to run daily."
    )

    def handle(self, *args, **options) -> None:
        patients, commenters = services.purge_personal_data(
            patient_days=settings.PATIENT_DATA_RETENTION_DAYS,
            commenter_days=settings.COMMENTER_EMAIL_RETENTION_DAYS,
        )
        self.stdout.write(
            f"Erased the details of {patients} patient(s) and {commenters} commenter email(s)."
        )
