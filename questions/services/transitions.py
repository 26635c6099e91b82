"""Every change of a question's status, one function per transition.

Each transition runs in one transaction, checks the actor's permission and the
allowed-from table, moves the row with a conditional UPDATE (`WHERE status = <the
status we read>`) and writes one audit row. The conditional update makes a transition
happen exactly once when two requests race: on PostgreSQL the second UPDATE waits for
the first to commit, re-reads the row and matches nothing; on SQLite the connection
takes the write lock when the transaction begins (`transaction_mode = IMMEDIATE`), so
the second one reads the new status and is refused by the guard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import audit
from core.cache import content_changed
from search.index import question_changed

from .. import deidentify, notifications, selectors
from ..models import (
    Answer,
    Category,
    ExpertProfile,
    PatientSubmission,
    Question,
    Transition,
)
from ..models.reviews import reviewed_fields
from . import signing
from .identifiers import identifiers_unconfirmed
from .submissions import question_submit

S = Question.Status


class TransitionNotAllowed(Exception):
    """The question is not in a state this action can start from."""


def allowed_actions(*, question: Question, user: AbstractBaseUser) -> list[str]:
    """The transitions this user may start on this question now (for buttons)."""
    return [
        action
        for action, step in TRANSITIONS.items()
        if question.status in step.from_statuses
        and user.has_perm(step.permission)
        and not (
            action == "sign_off" and not signing.may_sign(question=question, user=user).allowed
        )
        and not (
            action == "submit_for_signoff"
            and not signing.may_send(question=question, user=user).allowed
        )
    ]


def needs_another_signer(*, question: Question, user: AbstractBaseUser) -> bool:
    """Whether this user sent the version waiting for sign-off, so a colleague signs it."""
    return (
        settings.REQUIRE_SECOND_SIGNER
        and question.status in signing.SIGNABLE
        and question.answered_by_id == user.pk
        and signing.version_is_sent(question)
    )


def _check_permission(actor: AbstractBaseUser, action: str) -> None:
    if not actor.is_active or not actor.has_perm(TRANSITIONS[action].permission):
        raise PermissionDenied(f"You are not allowed to {_verb(action)} questions.")


def _verb(action: str) -> str:
    return action.replace("_", " ")


def _lock(question_id: int, action: str) -> Question:
    question = Question.objects.select_for_update().get(pk=question_id)
    if question.status not in TRANSITIONS[action].from_statuses:
        raise TransitionNotAllowed(
            f"Cannot {_verb(action)} a question that is “{question.get_status_display().lower()}”."
        )
    return question


def _move(
    question: Question,
    *,
    actor: AbstractBaseUser,
    action: str,
    to_status: str,
    note: str = "",
    **fields,
) -> Question:
    """Write the new status (and fields) only if nobody moved it first, then audit."""
    from_status = question.status
    moved = Question.objects.filter(pk=question.pk, status=from_status).update(
        status=to_status, **fields
    )
    if moved != 1:
        raise TransitionNotAllowed("Someone else changed this question first; reload and retry.")
    Transition.objects.create(
        question=question,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        action=action,
        note=note,
    )
    transaction.on_commit(
        lambda: audit.status_changed(
            question_id=question.pk,
            actor_id=actor.pk if actor is not None else None,  # None: the patient
            action=action,
            from_status=from_status,
            to_status=to_status,
        )
    )
    question.refresh_from_db()
    return question


def _refuse_identifying(question: Question, *, moving: str) -> None:
    """Nothing that names the patient, and no word marked as possibly
    identifying that a moderator has not confirmed, moves on."""
    submission = PatientSubmission.objects.filter(question=question).first()
    if submission is not None and deidentify.names_the_patient(
        f"{question.title}\n{question.body}\n{question.answer_source}",
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
    actor: AbstractBaseUser,
    expert: ExpertProfile,
    category: Category | None = None,
    note: str = "",
) -> Question:
    _check_permission(actor, "assign")
    question = _lock(question_id, "assign")
    # The clinician sees the public version only: it must identify nobody first.
    _refuse_identifying(question, moving="assigned")
    fields = {"expert": expert}
    if category is not None:
        fields["category"] = category
    question = _move(
        question, actor=actor, action="assign", to_status=S.ASSIGNED, note=note, **fields
    )
    notifications.expert_assigned(question)
    return question


@transaction.atomic
def question_reject(
    *,
    question_id: int,
    actor: AbstractBaseUser,
    reason: str,
    note: str = "",
    duplicate_of: Question | None = None,
) -> Question:
    _check_permission(actor, "reject")
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
    question = _lock(question_id, "reject")
    question = _move(
        question,
        actor=actor,
        action="reject",
        to_status=S.REJECTED,
        note=note,
        reject_reason=reason,
        reject_note=note,
        duplicate_of=duplicate_of,
    )
    if reason != Question.RejectReason.SPAM:
        notifications.patient_declined(question)
    return question


@transaction.atomic
def question_reopen(*, question_id: int, actor: AbstractBaseUser, note: str = "") -> Question:
    """Undo a decline: the question goes back to the triage queue."""
    _check_permission(actor, "reopen")
    question = _lock(question_id, "reopen")
    return _move(
        question,
        actor=actor,
        action="reopen",
        to_status=S.NEW,
        note=note,
        reject_reason="",
        reject_note="",
        duplicate_of=None,
    )


@transaction.atomic
def question_submit_for_signoff(
    *, question_id: int, actor: AbstractBaseUser, note: str = ""
) -> Question:
    """A clinician sends the version as it is now, taking responsibility for all
    of it (signing.py). From "assigned" it waits for sign-off; a published or
    withdrawn Q&A keeps its status while its changes wait."""
    _check_permission(actor, "submit_for_signoff")
    if not signing.is_clinician(actor):
        raise PermissionDenied(signing.ONLY_A_CLINICIAN_SENDS)
    question = _lock(question_id, "submit_for_signoff")
    verdict = signing.may_send(question=question, user=actor)
    if not verdict.allowed:
        raise TransitionNotAllowed(verdict.reason)
    if not (question.title.strip() and question.body.strip() and question.answer_html.strip()):
        raise TransitionNotAllowed("Write the public question and the answer before sign-off.")
    _refuse_identifying(question, moving="sent for sign-off")
    to_status = S.AWAITING_SIGNOFF if question.status == S.ASSIGNED else question.status
    question = _move(
        question,
        actor=actor,
        action="submit_for_signoff",
        to_status=to_status,
        note=note,
        answered_by=actor,
        submitted_sha256=question.draft_sha256(),
    )
    notifications.signers_answer_waiting(
        question, sender=actor, signers=signing.possible_signers(question)
    )
    return question


def question_text_changed(*, question: Question, actor: AbstractBaseUser | None) -> None:
    """Rule 3 of signing.py: a change after sending unsends the version. An
    answer waiting for sign-off goes back to "assigned", recorded in the
    history, so that nobody signs what its sender did not read."""
    current = Question.objects.select_for_update().get(pk=question.pk)
    if not current.submitted_sha256 or signing.version_is_sent(current):
        return
    if current.status == S.AWAITING_SIGNOFF:
        _move(
            current,
            actor=actor,
            action="changed_after_sending",
            to_status=S.ASSIGNED,
            note="The text changed after it was sent for sign-off; it must be sent again.",
            submitted_sha256="",
        )
        question.status = S.ASSIGNED
    else:  # a published or withdrawn Q&A's sent changes: unsent, status kept
        Question.objects.filter(pk=current.pk).update(submitted_sha256="")
    question.submitted_sha256 = ""


@transaction.atomic
def question_request_changes(*, question_id: int, actor: AbstractBaseUser, note: str) -> Question:
    _check_permission(actor, "request_changes")
    question = _lock(question_id, "request_changes")
    return _move(
        question,
        actor=actor,
        action="request_changes",
        to_status=S.ASSIGNED,
        note=note,
        submitted_sha256="",
    )


@transaction.atomic
def question_sign_off(*, question_id: int, actor: AbstractBaseUser, note: str = "") -> Answer:
    """Attest the current public question and answer text.

    From "awaiting sign-off" or "withdrawn" this leads to "signed off". On a
    published Q&A it is a re-sign: the new version goes live at once and the
    page shows "Updated <date>".
    """
    _check_permission(actor, "sign_off")
    if not signing.is_clinician(actor):
        raise PermissionDenied("Only a clinician with an expert profile can sign off an answer.")
    question = _lock(question_id, "sign_off")
    verdict = signing.may_sign(question=question, user=actor)
    if not verdict.allowed:
        raise TransitionNotAllowed(verdict.reason)
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
    )
    if question.status == S.PUBLISHED:
        content_changed()
        question = _move(
            question,
            actor=actor,
            action="re_sign",
            to_status=S.PUBLISHED,
            note=note,
            published_answer=answer,
            submitted_sha256="",
            **reviewed_fields(signer=profile, when=answer.signed_at),
        )
        question_changed(question)  # therapy links, search entry, related Q&As
    else:
        _move(
            question,
            actor=actor,
            action="sign_off",
            to_status=S.SIGNED_OFF,
            note=note,
            submitted_sha256="",
        )
    return answer


@transaction.atomic
def question_publish(*, question_id: int, actor: AbstractBaseUser, note: str = "") -> Question:
    _check_permission(actor, "publish")
    question = _lock(question_id, "publish")
    answer = question.answers.latest()
    first_time = question.published_at is None
    question = _move(
        question,
        actor=actor,
        action="publish",
        to_status=S.PUBLISHED,
        note=note,
        published_answer=answer,
        published_at=question.published_at or timezone.now(),
        slug=question.slug or selectors.free_slug(answer.question_title, question_id=question.pk),
        **reviewed_fields(signer=answer.signer, when=answer.signed_at),
    )
    content_changed()
    question_changed(question)
    if first_time:
        notifications.patient_answer_published(question)
    return question


@transaction.atomic
def question_withdraw(*, question_id: int, actor: AbstractBaseUser, note: str) -> Question:
    if not note.strip():
        raise TransitionNotAllowed("Say why the Q&A is withdrawn.")
    _check_permission(actor, "withdraw")
    question = _lock(question_id, "withdraw")
    content_changed()
    question = _move(
        question,
        actor=actor,
        action="withdraw",
        to_status=S.WITHDRAWN,
        note=note,
        submitted_sha256="",
    )
    question_changed(question)  # out of search and of other pages' related Q&As
    return question


@dataclass(frozen=True)
class Step:
    """One kind of move in a question's life, written once: the admin's buttons,
    the history's wording and the guards in this module all read it."""

    label: str  # on the button
    done_label: str  # in the history (Transition.action's choices)
    service: Callable[..., object] | None = None
    # A button is offered from these statuses to users with this permission;
    # none for moves that are no button of their own (the patient's submission).
    from_statuses: frozenset[str] = frozenset()
    permission: str = ""
    # What the service takes from the button's form besides the note.
    inputs: tuple[str, ...] = ()
    note_required: bool = False


_TRIAGE, _EDIT = "questions.triage_question", "questions.change_question"
_SIGN, _PUBLISH = "questions.sign_off_answer", "questions.publish_question"

TRANSITIONS: dict[str, Step] = {
    "submit": Step("Submit", "Sent by the patient", question_submit),
    "assign": Step(
        "Assign to an expert",
        "Assigned to an expert",
        question_assign,
        frozenset({S.NEW, S.ASSIGNED}),
        _TRIAGE,
        inputs=("expert",),
    ),
    "reject": Step(
        "Decline",
        "Declined",
        question_reject,
        frozenset({S.NEW, S.ASSIGNED}),
        _TRIAGE,
        inputs=("reason", "duplicate_of"),
    ),
    "reopen": Step("Reopen", "Reopened", question_reopen, frozenset({S.REJECTED}), _TRIAGE),
    "submit_for_signoff": Step(
        "Send for sign-off",
        "Sent for sign-off",
        question_submit_for_signoff,
        frozenset({S.ASSIGNED, S.PUBLISHED, S.WITHDRAWN}),
        _EDIT,
    ),
    "changed_after_sending": Step("", "Changed after it was sent: back to the answering clinician"),
    "request_changes": Step(
        "Request changes",
        "Changes requested",
        question_request_changes,
        frozenset({S.AWAITING_SIGNOFF}),
        _SIGN,
        note_required=True,
    ),
    "sign_off": Step(
        "Sign off",
        "Signed off",
        question_sign_off,
        frozenset({S.AWAITING_SIGNOFF, S.PUBLISHED, S.WITHDRAWN}),
        _SIGN,
    ),
    # Signing a published Q&A again: the sign_off button, recorded under its own name.
    "re_sign": Step("Sign off", "Signed again (published version updated)", question_sign_off),
    "publish": Step("Publish", "Published", question_publish, frozenset({S.SIGNED_OFF}), _PUBLISH),
    "withdraw": Step(
        "Withdraw",
        "Withdrawn",
        question_withdraw,
        frozenset({S.PUBLISHED}),
        _PUBLISH,
        note_required=True,
    ),
}
