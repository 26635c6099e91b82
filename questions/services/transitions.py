"""Every change of a question's status, one service per move of the lifecycle
table (questions.lifecycle): triage, answering and sign-off, publication.

Each service runs in one transaction and makes its move through
questions.services.steps, which guards it, gives its destination and writes
its history row; what a service adds is its own rule (a note that must be
given, a version that must be sent, a text that must identify nobody) and what
follows the move (an email, a signed copy, the announcement to other apps).
The review cycle's two moves live in questions.services.reviews.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation

from core.cache import content_changed
from core.events import announce

from .. import deidentify, notifications, selectors
from ..lifecycle import TRANSITIONS
from ..models import (
    Answer,
    AnswerTranslation,
    Category,
    ExpertProfile,
    PatientSubmission,
    Question,
)
from ..models.reviews import reviewed_fields
from ..signals import qa_published, qa_resigned, qa_withdrawn
from . import signing
from .identifiers import identifiers_unconfirmed
from .steps import TransitionNotAllowed, check_permission, lock_question, make_move

S = Question.Status


def _refuse_identifying(question: Question, *, moving: str) -> None:
    """Refuse to move a question whose public text names the patient, or has a
    word marked as possibly identifying that no moderator has confirmed: from
    here on clinicians read it, and after sign-off the public does."""
    submission = PatientSubmission.objects.filter(question=question).first()
    if submission is not None and deidentify.names_the_patient(
        f"{question.title}\n{question.body}\n{question.summary}\n{question.answer_source}",
        name=submission.name,
        email=submission.email,
    ):
        raise TransitionNotAllowed(
            "The public title, question or answer still contains the patient's name or "
            f"email. A moderator removes it before it is {moving}."
        )
    unconfirmed = identifiers_unconfirmed(question)
    if unconfirmed:
        words = ", ".join(dict.fromkeys(f"“{text}”" for _kind, text in unconfirmed.marked))
        raise TransitionNotAllowed(
            f"The public title or question has words that may identify the patient: {words}. "
            "Remove them, or a moderator ticks “Identifiers removed” to confirm that none "
            f"of them identifies the patient; then it can be {moving}."
        )


@transaction.atomic
def question_assign(
    *,
    question_id: int,
    actor: User,
    expert: ExpertProfile,
    category: Category | None = None,
    note: str = "",
) -> Question:
    """Give a new question to an expert to answer (or hand it to another one),
    optionally filing it under a category on the way."""
    check_permission(actor, "assign")
    question = lock_question(question_id, "assign")
    # The clinician sees the public version only: it must identify nobody first.
    _refuse_identifying(question, moving="assigned")
    fields: dict[str, object] = {"expert": expert}
    if category is not None:
        fields["category"] = category
    question = make_move(question, actor=actor, action="assign", note=note, **fields)
    notifications.expert_assigned(question)
    return question


@transaction.atomic
def question_reject(
    *,
    question_id: int,
    actor: User,
    reason: str,
    note: str = "",
    duplicate_of: Question | None = None,
) -> Question:
    """Decline a question, for a reason the patient is told unless it is spam.

    A duplicate names the question it repeats: a published Q&A, or another
    question still being answered.
    """
    check_permission(actor, "reject")
    if reason not in Question.RejectReason.values:
        raise TransitionNotAllowed("Choose why the question is declined.")
    if reason == Question.RejectReason.DUPLICATE:
        if duplicate_of is None:
            raise TransitionNotAllowed(
                "Choose the question or published Q&A that this question duplicates."
            )
        alive = [S.PUBLISHED, S.NEW, S.ASSIGNED, S.AWAITING_SIGNOFF, S.SIGNED_OFF]
        if (
            duplicate_of.pk == question_id
            or not Question.objects.filter(pk=duplicate_of.pk, status__in=alive).exists()
        ):
            raise TransitionNotAllowed(
                "A duplicate must point to a published Q&A or to another question still "
                "being answered."
            )
    else:
        duplicate_of = None
    question = lock_question(question_id, "reject")
    question = make_move(
        question,
        actor=actor,
        action="reject",
        note=note,
        reject_reason=reason,
        reject_note=note,
        duplicate_of=duplicate_of,
    )
    if reason != Question.RejectReason.SPAM:
        with translation.override(question.language):  # the patient's, with their links
            notifications.patient_declined(question)
    return question


@transaction.atomic
def question_reopen(*, question_id: int, actor: User, note: str = "") -> Question:
    """Undo a decline: the question goes back to the triage queue."""
    check_permission(actor, "reopen")
    question = lock_question(question_id, "reopen")
    return make_move(
        question,
        actor=actor,
        action="reopen",
        note=note,
        reject_reason="",
        reject_note="",
        duplicate_of=None,
    )


@transaction.atomic
def question_submit_for_signoff(*, question_id: int, actor: User, note: str = "") -> Question:
    """A clinician sends the version as it is now, taking responsibility for all
    of it (signing.py). From "assigned" it waits for sign-off; a published or
    withdrawn Q&A keeps its status while its changes wait."""
    check_permission(actor, "submit_for_signoff")
    if not signing.is_clinician(actor):
        raise PermissionDenied(signing.ONLY_A_CLINICIAN_SENDS)
    question = lock_question(question_id, "submit_for_signoff")
    verdict = signing.may_send(question=question, user=actor)
    if not verdict.allowed:
        raise TransitionNotAllowed(verdict.reason)
    if not (question.title.strip() and question.body.strip() and question.answer_html.strip()):
        raise TransitionNotAllowed("Write the public question and the answer before sign-off.")
    _refuse_identifying(question, moving="sent for sign-off")
    question = make_move(
        question,
        actor=actor,
        action="submit_for_signoff",
        note=note,
        answered_by=actor,
        submitted_sha256=question.draft_sha256(),
    )
    notifications.signers_answer_waiting(
        question, sender=actor, signers=signing.possible_signers(question)
    )
    return question


def question_text_changed(*, question: Question, actor: User | None) -> None:
    """Rule 3 of signing.py: a change after sending unsends the version. An
    answer waiting for sign-off goes back to "assigned", recorded in the
    history, so that nobody signs what its sender did not read."""
    current = Question.objects.select_for_update().get(pk=question.pk)
    if not current.submitted_sha256 or signing.version_is_sent(current):
        return
    if current.status in TRANSITIONS["changed_after_sending"].moves:
        moved = make_move(
            current,
            actor=actor,
            action="changed_after_sending",
            note="The text changed after it was sent for sign-off; it must be sent again.",
            submitted_sha256="",
        )
        question.status = moved.status
    else:  # a published or withdrawn Q&A's sent changes: unsent, status kept
        Question.objects.filter(pk=current.pk).update(submitted_sha256="")
    question.submitted_sha256 = ""


@transaction.atomic
def question_request_changes(*, question_id: int, actor: User, note: str) -> Question:
    """A signer sends the answer back to "assigned" with a note saying what to
    change; the version is unsent, so it must be sent again once changed."""
    check_permission(actor, "request_changes")
    question = lock_question(question_id, "request_changes")
    return make_move(
        question,
        actor=actor,
        action="request_changes",
        note=note,
        submitted_sha256="",
    )


@transaction.atomic
def question_sign_off(
    *, question_id: int, actor: User, note: str = "", change_kind: str = ""
) -> Answer:
    """Attest the current public question and answer text.

    From "awaiting sign-off" or "withdrawn" this leads to "signed off". On a
    published Q&A it is a re-sign: the new version goes live at once and the
    page shows "Updated <date>".

    When the Q&A has a translation, the signer says what kind of change this
    is (`change_kind`): a clinical one takes the translations off the public
    pages until they are translated and signed again; an editorial one leaves
    them up, saying they follow an earlier English version.
    """
    check_permission(actor, "sign_off")
    if not signing.is_clinician(actor):
        raise PermissionDenied("Only a clinician with an expert profile can sign off an answer.")
    question = lock_question(question_id, "sign_off")
    verdict = signing.may_sign(question=question, user=actor)
    if not verdict.allowed:
        raise TransitionNotAllowed(verdict.reason)
    translated = AnswerTranslation.objects.filter(question=question, is_current=True)
    if change_kind and change_kind not in Answer.ChangeKind.values:
        raise TransitionNotAllowed("Choose whether the change is clinical or editorial.")
    if not translated.exists():
        change_kind = ""  # nothing to keep or withdraw
    elif not change_kind:
        raise TransitionNotAllowed(
            "This Q&A has a translation. Say whether the change is clinical (a dose, a risk "
            "or advice: the translation comes off the page until it is signed again) or "
            "editorial (wording only: the translation stays, saying the English was updated)."
        )
    elif change_kind == Answer.ChangeKind.CLINICAL:
        translated.update(is_current=False)
    profile = ExpertProfile.objects.get(user=actor)
    sha = question.draft_sha256()
    answer = Answer.objects.create(
        question=question,
        question_title=question.title,
        question_text=question.body,
        body_html=question.answer_html,
        signer=profile,
        signed_by=actor,
        signed_at=timezone.now(),
        sent_by_id=question.answered_by_id,
        signature_block=profile.signature_block(),
        sha256=sha,
        references=question.draft_references(),
        summary=question.summary,
        change_kind=change_kind,
        written_in=question.answer_written_in,
        original_source=(
            question.original_answer if question.answer_written_in != settings.LANGUAGE_CODE else ""
        ),
    )
    if change_kind:
        note = " ".join(part for part in (note, f"{Answer.ChangeKind(change_kind).label}.") if part)
    if question.status == S.PUBLISHED:
        content_changed()
        question = make_move(
            question,
            actor=actor,
            action="re_sign",
            note=note,
            published_answer=answer,
            submitted_sha256="",
            **reviewed_fields(signer=profile, when=answer.signed_at),
        )
        announce(qa_resigned, question_id=question.pk)
    else:
        make_move(
            question,
            actor=actor,
            action="sign_off",
            note=note,
            submitted_sha256="",
        )
    return answer


@transaction.atomic
def question_publish(*, question_id: int, actor: User, note: str = "") -> Question:
    """Put the latest signed answer live. A first publication gives the Q&A its
    address and tells the patient; publishing again after a withdrawal keeps
    both the address and the first publication date."""
    check_permission(actor, "publish")
    question = lock_question(question_id, "publish")
    answer = question.answers.latest()
    first_time = question.published_at is None
    question = make_move(
        question,
        actor=actor,
        action="publish",
        note=note,
        published_answer=answer,
        published_at=question.published_at or timezone.now(),
        slug=question.slug or selectors.free_slug(answer.question_title, question_id=question.pk),
        **reviewed_fields(signer=answer.signer, when=answer.signed_at),
    )
    content_changed()
    announce(qa_published, question_id=question.pk)
    if first_time:
        with translation.override(question.language):  # the patient's, with their links
            notifications.patient_answer_published(question)
    return question


@transaction.atomic
def question_withdraw(*, question_id: int, actor: User, note: str) -> Question:
    """Take a published Q&A off the site, saying why in the note. Its changes
    can still be sent and signed; it comes back through sign-off and publish."""
    if not note.strip():
        raise TransitionNotAllowed("Say why the Q&A is withdrawn.")
    check_permission(actor, "withdraw")
    question = lock_question(question_id, "withdraw")
    content_changed()
    question = make_move(
        question,
        actor=actor,
        action="withdraw",
        note=note,
        submitted_sha256="",
    )
    announce(qa_withdrawn, question_id=question.pk)
    return question
