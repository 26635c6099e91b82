"""How the access matrix test requests a URL as someone, and reads what came back."""

from __future__ import annotations

import re

from django.test import Client

from questions.models import Question
from tests.forms import transition_form

LOGIN = "login"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def fetch(client: Client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    if method == "XHR":
        return client.get(url, **XHR)
    match = re.fullmatch(r"/admin/questions/question/(\d+)/change/", url)
    if match is None:
        return client.post(url, {})
    # The whole page as staff post it, the Publish button pressed: the form is
    # valid, so only the permission and the service can refuse the move.
    return client.post(url, transition_form(Question.objects.get(pk=match[1]), "publish"))


def outcome(response, site: dict[str, str]) -> int | str:
    """The status, or for a redirect where it leads (the login page, or a path)."""
    if response.status_code not in (301, 302):
        return response.status_code
    location = response["Location"]
    if location.startswith("/admin/login/?next="):
        return LOGIN
    return location
