"""The staff's working copy of a question: edited freely, public only once signed."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from ..models import Question, normalise_text
from .transitions import question_text_changed

TEXT_FIELDS = ("title", "body", "answer_source")


@transaction.atomic
def question_save_draft(
    *, question: Question, actor: AbstractBaseUser, fields: Iterable[str] | None = None
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
    changed = question.pk is not None and text_differs_from_stored(question)
    if changed:
        question.edited_by = actor
        columns.append("edited_by")
    question.save(update_fields=columns)
    if changed:
        question_text_changed(question=question, actor=actor)
    return question


def text_differs_from_stored(question: Question) -> bool:
    """Whether the public text or the answer differs from what is stored, line
    ends and trailing spaces aside (a browser sends CRLF; the text is stored LF)."""
    row = Question.objects.filter(pk=question.pk).values(*TEXT_FIELDS).first() or dict.fromkeys(
        TEXT_FIELDS, ""
    )
    return any(
        normalise_text(getattr(question, name)).strip() != normalise_text(row[name]).strip()
        for name in TEXT_FIELDS
    )


@transaction.atomic
def question_sources_changed(*, question: Question, actor: AbstractBaseUser) -> None:
    """The answer's sources were edited (they are signed with it): like an edit
    of its text, it unsends a version waiting for sign-off."""
    Question.objects.filter(pk=question.pk).update(edited_by=actor)
    question.edited_by = actor
    question_text_changed(question=question, actor=actor)
