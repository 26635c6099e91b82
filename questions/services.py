"""Every change of a question's status, one function per transition.

Each transition runs in one transaction, checks the actor's permission and the
allowed-from table, moves the row with a conditional UPDATE (`WHERE status =
<the status we read>`) and writes one audit row. The conditional update is
what makes a transition happen exactly once when two requests race: on
PostgreSQL the second UPDATE waits for the first to commit, re-reads the row
and matches nothing; on SQLite the connection takes the write lock when the
transaction begins (`transaction_mode = IMMEDIATE`), so the second one reads
the new status and is refused by the guard.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify

from core import audit
from core.cache import content_changed
from drugs.services import link_question

from . import deidentify, notifications
from .models import (
    Answer,
    Category,
    Comment,
    ExpertProfile,
    PatientSubmission,
    Question,
    Transition,
)
from .urgency import mentions_red_flags

S = Question.Status


class TransitionNotAllowed(Exception):
    """The question is not in a state this action can start from."""


@dataclass(frozen=True)
class Rule:
    from_statuses: frozenset[str]
    permission: str


RULES: dict[str, Rule] = {
    "assign": Rule(frozenset({S.NEW, S.ASSIGNED}), "questions.triage_question"),
    "reject": Rule(frozenset({S.NEW, S.ASSIGNED}), "questions.triage_question"),
    "reopen": Rule(frozenset({S.REJECTED}), "questions.triage_question"),
    "submit_for_signoff": Rule(frozenset({S.ASSIGNED}), "questions.change_question"),
    "request_changes": Rule(frozenset({S.AWAITING_SIGNOFF}), "questions.sign_off_answer"),
    "sign_off": Rule(
        frozenset({S.AWAITING_SIGNOFF, S.PUBLISHED, S.WITHDRAWN}), "questions.sign_off_answer"
    ),
    "publish": Rule(frozenset({S.SIGNED_OFF}), "questions.publish_question"),
    "withdraw": Rule(frozenset({S.PUBLISHED}), "questions.publish_question"),
}


def allowed_actions(*, question: Question, user: AbstractBaseUser) -> list[str]:
    """The transitions this user may start on this question now (for buttons)."""
    return [
        action
        for action, rule in RULES.items()
        if question.status in rule.from_statuses
        and user.has_perm(rule.permission)
        and not (action == "sign_off" and needs_another_signer(question=question, user=user))
    ]


def needs_another_signer(*, question: Question, user: AbstractBaseUser) -> bool:
    """The four-eyes rule: the author of an answer may not be its only signer."""
    return settings.REQUIRE_SECOND_SIGNER and question.answered_by_id == user.pk


def _check_permission(actor: AbstractBaseUser, action: str) -> None:
    if not actor.is_active or not actor.has_perm(RULES[action].permission):
        raise PermissionDenied(f"You are not allowed to {_verb(action)} questions.")


def _verb(action: str) -> str:
    return action.replace("_", " ")


def _lock(question_id: int, action: str) -> Question:
    question = Question.objects.select_for_update().get(pk=question_id)
    if question.status not in RULES[action].from_statuses:
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
    if needs_another_signer(question=question, user=actor):
        raise TransitionNotAllowed(
            "A second clinician must sign this answer: its author cannot be its only signer."
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
        )
        link_question(question)  # the signed text may name other therapies now
    else:
        _move(question, actor=actor, action="sign_off", to_status=S.SIGNED_OFF, note=note)
    return answer


def status_token_for(form_token: str) -> str:
    """The patient's private status token, derived from the form they sent, so
    that a double post of one form finds the question the first post stored."""
    return salted_hmac("questions.status-token", form_token, algorithm="sha256").hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_client(address: str) -> str:
    """A keyed hash of the client address: enough to count, not to identify."""
    return salted_hmac("questions.client", address, algorithm="sha256").hexdigest()


def submission_for_form(form_token: str) -> PatientSubmission | None:
    return (
        PatientSubmission.objects.select_related("question")
        .filter(status_token_hash=hash_token(status_token_for(form_token)))
        .first()
    )


@transaction.atomic
def question_submit(
    *,
    subject: str,
    text: str,
    category: Category | None,
    name: str,
    email: str,
    notify: bool,
    client_address: str,
    form_token: str,
) -> tuple[Question, str]:
    """Store a patient's question (before any mail is sent) and return it with
    the private status token. Raises IntegrityError if this form was stored."""
    token = status_token_for(form_token)
    question = Question.objects.create(
        title=subject, body=text, category=category, urgent=mentions_red_flags(subject, text)
    )
    PatientSubmission.objects.create(
        question=question,
        name=name,
        email=email,
        notify=notify and bool(email),
        original_subject=subject,
        original_text=text,
        client_hash=hash_client(client_address) if client_address else "",
        status_token_hash=hash_token(token),
    )
    Transition.objects.create(
        question=question, actor=None, from_status="", to_status=S.NEW, action="submit"
    )
    status_url = settings.SITE_URL + reverse("questions:ask_status", kwargs={"token": token})
    notifications.patient_acknowledged(question, status_url=status_url)
    notifications.moderators_new_question(question)
    return question, token


def _unique_slug(title: str, question_id: int) -> str:
    base = slugify(title)[:100].strip("-") or "question"
    taken = set(
        Question.objects.filter(slug__startswith=base)
        .exclude(pk=question_id)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


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
        slug=question.slug or _unique_slug(answer.question_title, question.pk),
    )
    content_changed()
    link_question(question)
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
    return _move(question, actor=actor, action="withdraw", to_status=S.WITHDRAWN, note=note)


# --- comments ------------------------------------------------------------


class CommentsClosed(Exception):
    """The Q&A takes no more comments."""


@transaction.atomic
def comment_submit(
    *, question: Question, name: str, email: str, body: str, client_address: str, form_token: str
) -> Comment:
    """Store a reader's comment, pending approval. Raises IntegrityError if this
    very form was stored already (a double post), CommentsClosed if closed."""
    if not question.accepts_comments:
        raise CommentsClosed("Comments on this Q&A are closed.")
    return Comment.objects.create(
        question=question,
        author_name=name,
        author_email=email,
        body=body,
        client_hash=hash_client(client_address) if client_address else "",
        submission_key=hash_token(f"comment:{form_token}"),
    )


def comment_key_exists(form_token: str) -> bool:
    return Comment.objects.filter(submission_key=hash_token(f"comment:{form_token}")).exists()


def comment_moderate(*, comment_ids: list[int], actor: AbstractBaseUser, status: str) -> int:
    """Approve, reject or mark as spam; records who and when. Returns how many changed."""
    if not actor.is_active or not actor.has_perm("questions.moderate_comment"):
        raise PermissionDenied("You are not allowed to moderate comments.")
    if status not in {Comment.Status.APPROVED, Comment.Status.REJECTED, Comment.Status.SPAM}:
        raise ValueError(f"Not a moderation decision: {status!r}")
    with transaction.atomic():
        changed = (
            Comment.objects.filter(pk__in=comment_ids)
            .exclude(status=status)
            .update(status=status, moderated_by=actor, moderated_at=timezone.now())
        )
        if changed:
            content_changed()
    return changed


# --- privacy housekeeping --------------------------------------------------

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
        .exclude(author_email="", author_name="", client_hash="")
        .update(author_email="", author_name="", client_hash="")
    )
    return patients, commenters
