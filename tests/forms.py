"""Filling the public forms as a person would, through HTTP."""

from __future__ import annotations

import re

from captcha.models import CaptchaStore
from django.test import Client

_HIDDEN = re.compile(r'name="(started|form_token|captcha_0)" value="([^"]+)"')


def form_fields(client: Client, url: str, *, solve: bool = True) -> dict[str, str]:
    """The hidden fields of the form at `url`, with the captcha solved."""
    page = client.get(url).content.decode()
    fields = dict(_HIDDEN.findall(page))
    if solve:
        fields["captcha_1"] = CaptchaStore.objects.get(hashkey=fields["captcha_0"]).response
    return fields


def question_change_form(question, **changes) -> dict[str, str]:
    """The admin's Question change form as a clinician would post it: every
    field as it is now, no inline rows, with `changes` applied."""
    return {
        "title": question.title,
        "body": question.body,
        "category": question.category_id or "",
        "answer_source": question.answer_source,
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
        **changes,
    }


def transition_form(question, action: str, **changes) -> dict[str, str]:
    """A "Next step" button pressed on the question's change page, nothing else edited."""
    return question_change_form(question, _transition=action, **changes)
