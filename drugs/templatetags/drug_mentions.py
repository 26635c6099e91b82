"""The therapies a Q&A names, on its page (`{% drugs_mentioned question %}`):
the drug reference keeps the links, so the Q&A app never imports it."""

from __future__ import annotations

from django import template

from questions.models import Question

from ..selectors import drugs_mentioned_in

register = template.Library()


@register.inclusion_tag("drugs/includes/mentioned.html")
def drugs_mentioned(question: Question) -> dict[str, object]:
    return {"mentioned_drugs": drugs_mentioned_in(question)}
