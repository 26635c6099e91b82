"""Who may send a version for sign-off and who may sign it: the four-eyes rule,
written once and read by the services, the admin's buttons, its queues and the
emails.

The rule, recorded per version (Question.answered_by and submitted_sha256, then
Answer.sent_by on the signed copy):

1. Only a clinician sends a version for sign-off. By sending, they take
   responsibility for all of it: their own words, a colleague's edits and a
   moderator's.
2. A different clinician signs it.
3. Nothing changes between sending and signing: any change to the public title,
   the question, the answer or its sources makes the version unsent (an answer
   waiting for sign-off goes back to "assigned") and it must be sent again.

So an answer waiting for sign-off always has a signer when the clinic has two
clinicians: everyone but its sender. REQUIRE_SECOND_SIGNER=false (a clinic with
one clinician) lifts rule 2 only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet

from ..lifecycle import SIGN_PERMISSION
from ..models import ExpertProfile, Question

S = Question.Status
# Statuses in which a sent version waits for a signature (a published or
# withdrawn Q&A keeps its status while its changes wait).
SIGNABLE = frozenset({S.AWAITING_SIGNOFF, S.PUBLISHED, S.WITHDRAWN})


ONLY_A_CLINICIAN_SENDS = (
    "Only a clinician sends an answer for sign-off, taking responsibility for all of it. "
    "Save your edits; the clinician who answers sends it."
)


def clinicians() -> QuerySet:
    """Active users who may sign: the sign-off permission and an expert profile."""
    return (
        get_user_model()
        .objects.with_perm(SIGN_PERMISSION, is_active=True)
        .filter(expert_profile__isnull=False)
        .select_related("expert_profile")
        .order_by("expert_profile__display_name", "pk")
    )


def translation_signers(language: str, *, sender_id: int | None) -> list[str]:
    """The names of the clinicians who may sign a translation into `language`
    sent by `sender_id` (one query): they sign in it and did not send it."""
    return [
        user.expert_profile.display_name
        for user in clinicians().exclude(pk=sender_id)
        if user.expert_profile.signs_in(language)
    ]


def is_clinician(user: User) -> bool:
    return (
        user.is_active
        and user.has_perm(SIGN_PERMISSION)
        and ExpertProfile.objects.filter(user=user).exists()
    )


def version_is_sent(question: Question) -> bool:
    """Whether the text as it is now is exactly the version a clinician sent."""
    return bool(
        question.answered_by_id
        and question.submitted_sha256
        and question.submitted_sha256 == question.draft_sha256()
    )


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""  # why not, in words for the person who pressed the button


def may_sign(*, question: Question, user: User) -> Verdict:
    if question.status not in SIGNABLE:
        return Verdict(False, "There is no answer waiting for sign-off.")
    if not is_clinician(user):
        return Verdict(False, "Only a clinician with an expert profile can sign off an answer.")
    if question.status == S.PUBLISHED and not question.draft_differs_from_published():
        return Verdict(False, "Nothing has changed since the last sign-off.")
    if not version_is_sent(question):
        return Verdict(
            False,
            "This version has not been sent for sign-off, or it was changed after it was "
            "sent. A clinician presses “Send for sign-off” first (taking responsibility for "
            "all of it); then a colleague signs it.",
        )
    if settings.REQUIRE_SECOND_SIGNER and question.answered_by_id == user.pk:
        return Verdict(
            False,
            "You sent this version for sign-off, so a colleague signs it: an answer always "
            "has two clinicians, the one who sends it and a different one who signs it.",
        )
    return Verdict(True)


def may_send(*, question: Question, user: User) -> Verdict:
    if not is_clinician(user):
        return Verdict(False, ONLY_A_CLINICIAN_SENDS)
    if question.status == S.PUBLISHED and not question.draft_differs_from_published():
        return Verdict(False, "Nothing has changed since the last sign-off.")
    if (
        question.status in SIGNABLE
        and version_is_sent(question)
        and question.answered_by_id == user.pk
    ):
        return Verdict(False, "You have already sent this version for sign-off.")
    return Verdict(True)


def needs_another_signer(*, question: Question, user: User) -> bool:
    """Whether this user sent the version waiting for sign-off, so a colleague signs it."""
    return (
        settings.REQUIRE_SECOND_SIGNER
        and question.status in SIGNABLE
        and question.answered_by_id == user.pk
        and version_is_sent(question)
    )


def possible_signers(question: Question) -> list[ExpertProfile]:
    """The clinicians who may sign the version as it is now (none if it is not sent)."""
    if question.status not in SIGNABLE or not version_is_sent(question):
        return []
    users = clinicians()
    if settings.REQUIRE_SECOND_SIGNER:
        users = users.exclude(pk=question.answered_by_id)
    return [user.expert_profile for user in users]


def explain(question: Question, user: User) -> str:
    """One or two sentences for the question's page in the admin: who may sign
    this version and why; empty when no version waits."""
    if question.status not in SIGNABLE:
        return ""
    if question.status == S.PUBLISHED and not question.draft_differs_from_published():
        return ""
    if not version_is_sent(question):
        if question.status == S.AWAITING_SIGNOFF:
            return "The text changed after it was sent: a clinician sends it for sign-off again."
        return (
            "These changes are not signed yet. A clinician presses “Send for sign-off” "
            "(taking responsibility for all of them); a colleague then signs them."
        )
    sender = (
        ExpertProfile.objects.filter(user_id=question.answered_by_id).first()
        if question.answered_by_id is not None
        else None
    )
    sender_name = sender.display_name if sender else "a clinician who has left"
    signers = possible_signers(question)
    names = ", ".join(profile.display_name for profile in signers)
    if question.answered_by_id == user.pk and settings.REQUIRE_SECOND_SIGNER:
        said = "You sent this version for sign-off, so a colleague signs it"
    else:
        said = f"Sent for sign-off by {sender_name}, who takes responsibility for this version"
    if not signers:
        return f"{said}. No other clinician can sign it yet: ask the site administrator to add one."
    return f"{said}. It may be signed by: {names}."
