"""The staff's working copy of a question: edited freely, public only once signed."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser

from ..models import Question

TEXT_FIELDS = ("title", "body", "answer_source")


def question_save_draft(
    *, question: Question, actor: AbstractBaseUser, fields: Iterable[str] | None = None
) -> Question:
    """Store the draft (the public title and question, the answer, the category,
    whether comments are closed). With `fields`, only those columns are written:
    a status or expert that someone else's move set since the page was loaded
    must not be written back."""
    if fields is None:
        question.save()
        return question
    model_fields = {field.name for field in Question._meta.concrete_fields}
    columns = [name for name in fields if name in model_fields]
    if question.pk is not None and _text_changed(question):
        question.edited_by = actor  # the four-eyes rule: they cannot also sign it
        columns.append("edited_by")
    question.save(update_fields=columns)
    return question


def _text_changed(question: Question) -> bool:
    """Whether the public text or the answer differs from what is stored."""
    stored = Question.objects.filter(pk=question.pk).values("title", "body", "answer_source")
    row = stored.first() or {}
    return any(getattr(question, name) != row.get(name) for name in TEXT_FIELDS)


def question_sources_changed(*, question: Question, actor: AbstractBaseUser) -> None:
    """The answer's sources were edited (they are signed with it): like an
    edit of its text, whoever made it cannot also sign it."""
    Question.objects.filter(pk=question.pk).update(edited_by=actor)
    question.edited_by = actor
