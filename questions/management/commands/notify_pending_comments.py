from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from core import scheduled
from questions import notifications
from questions.models import Comment


class Command(BaseCommand):
    help = (
        "Email the moderators a digest when comments wait for approval (run hourly from "
        "cron). Once an hour, however many servers run it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        waiting = Comment.objects.filter(status=Comment.Status.PENDING).count()
        if waiting and settings.MODERATOR_EMAILS:
            with transaction.atomic():
                if not scheduled.claim("notify_pending_comments", scheduled.hour_of()):
                    self.stdout.write(f"{waiting} comment(s) waiting; reminded this hour already.")
                    return
                notifications.moderators_comments_waiting(waiting)
        self.stdout.write(f"{waiting} comment(s) waiting.")
