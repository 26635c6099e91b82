"""The related Q&As on a Q&A page: search stores them, the page shows them
(`{% related_questions question %}`), so the Q&A app never imports search."""

from __future__ import annotations

from django import template

from questions.models import Question

from ..selectors import related_questions as stored_related

register = template.Library()


@register.inclusion_tag("search/includes/related.html")
def related_questions(question: Question) -> dict[str, object]:
    return {"related": stored_related(question)}
