"""The staff's working copy of a question: edited freely, public only once signed."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.cache import content_changed

from .. import selectors
from ..models import Question, normalise_text
from .identifiers import identifiers_in_public_text
from .steps import TransitionNotAllowed
from .transitions import question_text_changed

TEXT_FIELDS = ("title", "body", "summary", "answer_source")
# What a published Q&A shows as soon as it is saved, without a signature.
PUBLIC_AT_ONCE = ("category_id", "comments_closed")


@transaction.atomic
def question_save_draft(
    *, question: Question, actor: User, fields: Iterable[str] | None = None
) -> Question:
    """Store the draft (the public title and question, the answer, the category,
    whether comments are closed). With `fields`, only those columns are written:
    a status or expert that someone else's move set since the page was loaded
    must not be written back. A change of the text after it was sent for
    sign-off unsends it (signing.py, rule 3)."""
    if fields is None:
        question.save()
        return question
    model_fields = {field.name for field in Question._meta.concrete_fields}
    columns = [name for name in fields if name in model_fields]
    stored = _stored(question)
    changed = question.pk is not None and text_differs_from_stored(question, stored)
    if changed:
        question.edited_by = actor
        columns.append("edited_by")
    question.save(update_fields=columns)
    if changed:
        question_text_changed(question=question, actor=actor)
    if question.status == Question.Status.PUBLISHED and any(
        getattr(question, name) != stored[name] for name in PUBLIC_AT_ONCE
    ):
        # Its category or its comments shown at once: the lists, their counts
        # and its page are built again (a missed change left a category's
        # list one Q&A short, counted by the old sidebar).
        content_changed()
    return question


def _stored(question: Question) -> dict:
    fields = (*TEXT_FIELDS, *PUBLIC_AT_ONCE)
    row = Question.objects.filter(pk=question.pk).values(*fields).first()
    return row or dict.fromkeys(TEXT_FIELDS, "") | dict.fromkeys(PUBLIC_AT_ONCE)


def text_differs_from_stored(question: Question, row: dict | None = None) -> bool:
    """Whether the public text or the answer differs from what is stored, line
    ends and trailing spaces aside (a browser sends CRLF; the text is stored LF).
    `row`: the stored values, when already read (`_stored`)."""
    row = row or _stored(question)
    return any(
        normalise_text(getattr(question, name), keep_line_ends=name == "answer_source").strip()
        != normalise_text(row[name], keep_line_ends=name == "answer_source").strip()
        for name in TEXT_FIELDS
    )


@transaction.atomic
def question_sources_changed(*, question: Question, actor: User) -> None:
    """The answer's sources were edited (they are signed with it): like an edit
    of its text, it unsends a version waiting for sign-off."""
    Question.objects.filter(pk=question.pk).update(edited_by=actor)
    question.edited_by = actor
    question_text_changed(question=question, actor=actor)


@transaction.atomic
def question_confirm_identifiers_removed(
    *, question: Question, actor: User, fingerprint: str
) -> None:
    """A moderator, who sees who asked, confirms that none of the words marked
    in the public text identifies the patient. The confirmation holds for the
    marks they saw (`fingerprint`), not for marks that appear later."""
    if not selectors.sees_who_asked(actor):
        raise PermissionDenied("Only a moderator, who sees who asked, can confirm this.")
    found = identifiers_in_public_text(Question.objects.get(pk=question.pk))
    if found.fingerprint != fingerprint:
        raise TransitionNotAllowed(
            "The marked words changed since the page was loaded (someone edited the "
            "public text). Look at the marks again, then tick the box again."
        )
    Question.objects.filter(pk=question.pk).update(
        identifiers_confirmed=fingerprint, identifiers_confirmed_by=actor
    )
    question.identifiers_confirmed = fingerprint
    question.identifiers_confirmed_by = actor
