"""The staff's working copy of a question: edited freely, public only once signed."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser

from ..models import Question


def question_save_draft(
    *, question: Question, actor: AbstractBaseUser, fields: Iterable[str] | None = None
) -> Question:
    """Store the draft (the public title and question, the answer, the category,
    whether comments are closed). With `fields`, only those columns are written:
    a status or expert that someone else's move set since the page was loaded
    must not be written back."""
    if fields is None:
        question.save()
    else:
        model_fields = {field.name for field in Question._meta.concrete_fields}
        question.save(update_fields=[name for name in fields if name in model_fields])
    return question
