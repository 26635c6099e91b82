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
        and not (action == "sign_off" and needs_another_signer(question=question, user=user))
    ]


def needs_another_signer(*, question: Question, user: AbstractBaseUser) -> bool:
    """The four-eyes rule: whoever sent the answer for sign-off or last changed
    its text may not be its only signer (selectors.awaiting_signature_of, in SQL)."""
    return settings.REQUIRE_SECOND_SIGNER and user.pk in {
        question.answered_by_id,
        question.edited_by_id,
    }


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
            actor_id=actor.pk,
            action=action,
            from_status=from_status,
            to_status=to_status,
        )
    )
    question.refresh_from_db()
    return question


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
            raise TransitionNotAllowed("Choose the published Q&A that this question duplicates.")
        if not Question.objects.published().filter(pk=duplicate_of.pk).exists():
            raise TransitionNotAllowed("A duplicate must point to a published Q&A.")
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
    _check_permission(actor, "submit_for_signoff")
    question = _lock(question_id, "submit_for_signoff")
    if not (question.title.strip() and question.body.strip() and question.answer_html.strip()):
        raise TransitionNotAllowed("Write the public question and the answer before sign-off.")
    submission = PatientSubmission.objects.filter(question=question).first()
    if submission is not None:
        found = deidentify.names_the_patient(
            f"{question.title}\n{question.body}", name=submission.name, email=submission.email
        )
        if found:
            raise TransitionNotAllowed(
                f"The public title or question still contains the patient's {found}. "
                "Remove it before sending for sign-off."
            )
    question = _move(
        question,
        actor=actor,
        action="submit_for_signoff",
        to_status=S.AWAITING_SIGNOFF,
        note=note,
        answered_by=actor,
        submitted_sha256=question.draft_sha256(),
    )
    notifications.signers_answer_waiting(question, author=actor)
    return question


@transaction.atomic
def question_request_changes(*, question_id: int, actor: AbstractBaseUser, note: str) -> Question:
    _check_permission(actor, "request_changes")
    question = _lock(question_id, "request_changes")
    return _move(question, actor=actor, action="request_changes", to_status=S.ASSIGNED, note=note)


@transaction.atomic
def question_sign_off(*, question_id: int, actor: AbstractBaseUser, note: str = "") -> Answer:
    """Attest the current public question and answer text.

    From "awaiting sign-off" or "withdrawn" this leads to "signed off". On a
    published Q&A it is a re-sign: the new version goes live at once and the
    page shows "Updated <date>".
    """
    _check_permission(actor, "sign_off")
    profile = ExpertProfile.objects.filter(user=actor).first()
    if profile is None:
        raise PermissionDenied("Only a clinician with an expert profile can sign off an answer.")
    question = _lock(question_id, "sign_off")
    if not (question.title.strip() and question.body.strip() and question.answer_html.strip()):
        raise TransitionNotAllowed("There is no answer to sign yet.")
    sha = question.draft_sha256()
    if question.status == S.PUBLISHED and question.published_answer.sha256 == sha:
        raise TransitionNotAllowed("Nothing has changed since the last sign-off.")
    if question.status == S.AWAITING_SIGNOFF and question.submitted_sha256 not in {"", sha}:
        # Whoever edits the text after it was sent becomes its author: signing
        # their own edit would make them its only signer. ("" : sent before the
        # hash was kept.)
        raise TransitionNotAllowed(
            "The text was changed after it was sent for sign-off, so it cannot be signed as "
            "it is. Press “Request changes” with a note, then whoever made the change sends "
            "it for sign-off again and a colleague signs it."
        )
    if needs_another_signer(question=question, user=actor):
        raise TransitionNotAllowed(
            "A second clinician must sign this answer: whoever sent it for sign-off or last changed it cannot be its only signer."
        )
    answer = Answer.objects.create(
        question=question,
        question_title=question.title,
        question_text=question.body,
        body_html=question.answer_html,
        signer=profile,
        signed_by=actor,
        signed_at=timezone.now(),
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
            **reviewed_fields(signer=profile, when=answer.signed_at),
        )
        question_changed(question)  # therapy links, search entry, related Q&As
    else:
        _move(question, actor=actor, action="sign_off", to_status=S.SIGNED_OFF, note=note)
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
    question = _move(question, actor=actor, action="withdraw", to_status=S.WITHDRAWN, note=note)
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
        frozenset({S.ASSIGNED}),
        _EDIT,
    ),
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
