"""How every move of a question is made, whichever it is, and which moves a
person may start now.

A move runs inside its service's transaction. It checks the actor's permission,
locks the row and checks the status against the lifecycle table's allowed-from
statuses, moves the row with a conditional UPDATE (`WHERE status = <the status
we read>`) to the destination the table gives, and writes one audit row.

The conditional update is what makes a move happen exactly once when two
requests race: on PostgreSQL the second UPDATE waits for the first to commit,
re-reads the row and matches nothing; on SQLite the connection takes the write
lock when the transaction begins (`transaction_mode = IMMEDIATE`), so the
second one reads the new status and is refused by the guard.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import audit

from ..lifecycle import TRANSITIONS
from ..models import Question, Transition
from . import signing


class TransitionNotAllowed(Exception):
    """The question is not in a state this action can start from."""


def allowed_actions(*, question: Question, user: User) -> list[str]:
    """The moves this user may start on this question now (the admin's buttons)."""
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


def check_permission(actor: User, action: str) -> None:
    """Refuse an inactive actor, or one without the step's permission."""
    if not actor.is_active or not actor.has_perm(TRANSITIONS[action].permission):
        raise PermissionDenied(f"You are not allowed to {_verb(action)} questions.")


def lock_question(question_id: int, action: str) -> Question:
    """The question, its row locked until the transaction ends, if the step may
    start from its status."""
    question = Question.objects.select_for_update().get(pk=question_id)
    if question.status not in TRANSITIONS[action].moves:
        status = question.get_status_display().lower()
        raise TransitionNotAllowed(f"Cannot {_verb(action)} a question that is “{status}”.")
    return question


def make_move(
    question: Question,
    *,
    actor: User | None,
    action: str,
    note: str = "",
    **fields: Any,
) -> Question:
    """Move the question to the step's destination from its status, with
    `fields`, only if nobody moved it first; then write the history row and,
    once committed, the audit log line. `actor` is None for the patient."""
    from_status = question.status
    to_status = TRANSITIONS[action].moves[from_status]
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
            actor_id=actor.pk if actor is not None else None,
            action=action,
            from_status=from_status,
            to_status=to_status,
        )
    )
    question.refresh_from_db()
    return question


def _verb(action: str) -> str:
    return action.replace("_", " ")
