"""Likely duplicates on a moderator's question page: the most similar
published Q&As (the search index) and questions still in the workflow; a
question may be declined as a duplicate of either."""

from __future__ import annotations

from django.http import HttpRequest

from search.selectors import similar_published, similar_waiting

from ..models import Question


def duplicate_suggestions(request: HttpRequest, question: Question) -> dict:
    """Context for the page; the published ones also become the choices of
    "Published Q&A it duplicates" (see QuestionAdmin.get_form)."""
    text = f"{question.title} {question.body}"
    published = similar_published(text, exclude=question.pk)
    waiting = similar_waiting(question)
    # The choices in the order of the lists above them: published, then waiting.
    request._duplicate_choices = [(hit.question_id, hit.heading) for hit in published] + [
        (other.pk, f"{other.title} (still being handled: {other.status.lower()})")
        for other in waiting
    ]
    return {"similar_published": published, "similar_waiting": waiting}
