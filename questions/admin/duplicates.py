"""Likely duplicates on a moderator's question page: the most similar
published Q&As and questions still in the workflow (found by search, see
questions.similar); a
question may be declined as a duplicate of either."""

from __future__ import annotations

from django.http import HttpRequest

from .. import similar
from ..models import Question


def duplicate_suggestions(request: HttpRequest, question: Question) -> dict:
    """Context for the page; the published ones also become the choices of
    "Published Q&A it duplicates" (see QuestionAdmin.get_form)."""
    text = f"{question.title} {question.body}"
    finder = similar.finder()
    published = finder.published(text, question.pk)
    waiting = finder.waiting(question)
    # The choices in the order of the lists above them: published, then waiting.
    choices = [(hit.question_id, hit.heading) for hit in published] + [
        (other.pk, f"{other.title} (still being handled: {other.status.lower()})")
        for other in waiting
    ]
    # Read by QuestionAdmin.get_form on this request; HttpRequest declares no such field.
    request._duplicate_choices = choices  # type: ignore[attr-defined]
    return {"similar_published": published, "similar_waiting": waiting}
