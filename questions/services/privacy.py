"""Privacy housekeeping: erasing what a patient or a commenter told us."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Comment, PatientSubmission, Question, Transition

S = Question.Status

_DONE = [S.PUBLISHED, S.REJECTED, S.WITHDRAWN]


def submission_erase(*, submission: PatientSubmission, wording: bool) -> None:
    """Erase a patient's contact details, and their original wording if asked.
    The public, de-identified question and answer do not change."""
    submission.name = ""
    submission.email = ""
    submission.notify = False
    submission.client_hash = ""
    fields = ["name", "email", "notify", "client_hash"]
    if wording:
        submission.original_subject = ""
        submission.original_text = ""
        submission.erased_at = timezone.now()
        fields += ["original_subject", "original_text", "erased_at"]
    submission.save(update_fields=fields)


def purge_personal_data(*, patient_days: int, commenter_days: int) -> tuple[int, int]:
    """Erase what we no longer need; returns (patients, commenters) erased."""
    now = timezone.now()
    patient_cutoff = now - datetime.timedelta(days=patient_days)
    # Answered or declined before the cut-off: the moment of that transition.
    finished = Transition.objects.filter(
        to_status__in=[S.PUBLISHED, S.REJECTED], created_at__lt=patient_cutoff
    ).values("question_id")
    patients = PatientSubmission.objects.filter(
        erased_at__isnull=True, question__status__in=_DONE, question_id__in=finished
    ).update(
        name="",
        email="",
        notify=False,
        client_hash="",
        original_subject="",
        original_text="",
        erased_at=now,
    )
    commenters = (
        Comment.objects.exclude(status=Comment.Status.PENDING)
        .filter(moderated_at__lt=now - datetime.timedelta(days=commenter_days))
        .exclude(author_email="", author_name="", client_hash="", notify_reply=False)
        .update(author_email="", author_name="", client_hash="", notify_reply=False)
    )
    return patients, commenters
