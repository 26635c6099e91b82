"""The review cycle of a published Q&A: a clinician checks it when it falls
due and either re-attests the unchanged text (still accurate) or sends it
through edit and re-sign (needs changes).

Both are moves of the lifecycle table (questions.lifecycle) and keep the
question published.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.cache import content_changed

from ..models import ExpertProfile, Question, Review
from ..models.reviews import reviewed_fields
from .steps import TransitionNotAllowed, check_permission, lock_question, make_move


def _clinician(actor: User, doing: str) -> ExpertProfile:
    profile = ExpertProfile.objects.filter(user=actor).first()
    if profile is None:
        raise PermissionDenied(f"Only a clinician with an expert profile can {doing}.")
    return profile


@transaction.atomic
def question_reattest(*, question_id: int, actor: User, note: str = "") -> Review:
    """Still accurate: sign the published text again, unchanged. The page
    gets a new reviewed date and keeps its "Updated" date (there is no new
    version)."""
    check_permission(actor, "re_attest")
    profile = _clinician(actor, "find an answer still accurate")
    question = lock_question(question_id, "re_attest")
    answer = question.published_answer
    if answer is None:  # the table lets only a published Q&A be re-attested
        raise TransitionNotAllowed("This Q&A has no published answer to re-attest.")
    if not answer.content_is_intact():
        raise TransitionNotAllowed(
            "The published text no longer matches its signature; it cannot be re-attested. "
            "Ask the site administrator to check it."
        )
    sha = answer.sha256
    if question.draft_sha256() != sha:
        raise TransitionNotAllowed(
            "The draft has changes that are not signed. “Still accurate” signs the published "
            "text unchanged: undo the changes, or press “Needs changes” and send them for "
            "sign-off."
        )
    now = timezone.now()
    # A second press (a double click, a resent form) by the same clinician on
    # the same day finds the review already made: nothing more is written.
    already = Review.objects.filter(
        question=question, answer=answer, signer=profile, signed_at__date=timezone.localdate(now)
    ).first()
    if already is not None:
        return already
    review = Review.objects.create(
        question=question,
        answer=answer,
        signer=profile,
        signed_by=actor,
        signed_at=now,
        signature_block=profile.signature_block(),
        sha256=sha,
    )
    content_changed()
    make_move(
        question,
        actor=actor,
        action="re_attest",
        note=note,
        **reviewed_fields(signer=profile, when=now),
    )
    return review


@transaction.atomic
def question_review_needs_changes(*, question_id: int, actor: User, note: str) -> Question:
    """Needs changes: the answer stays as it is for the public, and stays in
    the review queue, until an edited version is signed by a colleague."""
    if not note.strip():
        raise TransitionNotAllowed("Say what needs to change (it is kept in the history).")
    check_permission(actor, "review_changes")
    profile = _clinician(actor, "review an answer")
    question = lock_question(question_id, "review_changes")
    return make_move(
        question,
        actor=actor,
        action="review_changes",
        note=note,
        review_assignee=question.review_assignee or profile,
    )
