"""Filling the public forms as a person would, through HTTP."""

from __future__ import annotations

from django.test import Client

from tests.factories import form_values, solved_sum

# What the question form posts, by name: the fields a person fills in, the
# robots' honeypot, the hidden spam guards, the sum and "show a different sum".
ASK_FIELDS = [
    "subject",
    "question",
    "category",
    "name",
    "email",
    "notify",
    "ack_not_advice",
    "ack_publish",
    "website",
    "started",
    "form_token",
    "captcha_0",
    "captcha_1",
    "new_captcha",
]


def form_fields(client: Client, url: str, *, solve: bool = True) -> dict[str, str]:
    """The hidden fields of the form at `url` (the form a browser would send
    back, read by the same parser as ask_form_data), with the captcha solved."""
    shown = form_values(client.get(url).content.decode(), action=url)
    fields = {name: shown[name] for name in ("started", "form_token", "captcha_0") if name in shown}
    if solve:
        fields["captcha_1"] = solved_sum(fields["captcha_0"])
    return fields


def change_url(question) -> str:
    """The admin's change page of the question."""
    return f"/admin/questions/question/{question.pk}/change/"


def question_change_form(question, **changes) -> dict[str, str]:
    """The admin's Question change form as a clinician would post it: every
    field as it is now, no inline rows, with `changes` applied."""
    return {
        "title": question.title,
        "body": question.body,
        "category": question.category_id or "",
        "summary": question.summary,
        "answer_source": question.answer_source,
        "review_assignee": question.review_assignee_id or "",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
        "reviews-TOTAL_FORMS": "0",
        "reviews-INITIAL_FORMS": "0",
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
        **changes,
    }


def transition_form(question, action: str, **changes) -> dict[str, str]:
    """A "Next step" button pressed on the question's change page, nothing else edited."""
    return question_change_form(question, _transition=action, **changes)
