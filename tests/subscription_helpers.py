"""Steps of a reader who subscribes, through the real forms and emails."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from tests.conftest import send_outbox
from tests.forms import form_fields

SITE = "https://ms.example.org"


def ask_to_subscribe(
    client: Client, email: str, *, categories: tuple[int, ...] = (), frequency: str = "daily"
):
    data = {
        **form_fields(client, "/subscribe/"),
        "email": email,
        "categories": [str(pk) for pk in categories],
        "frequency": frequency,
    }
    return client.post("/subscribe/", data)


def mails_to(email: str) -> list[mail.EmailMessage]:
    return [m for m in send_outbox() if m.to == [email]]


def link_in(message: mail.EmailMessage, kind: str) -> str:
    """The path of the first /subscribe/<kind>/ link in the email's text part."""
    [url] = re.findall(rf"{re.escape(SITE)}(/subscribe/{kind}/[^/\s]+/)", message.body)[:1]
    return url


def subscribe_and_confirm(client: Client, email: str, **choices) -> str:
    """Subscribe, follow the emailed link, press the button; returns the manage path."""
    response = ask_to_subscribe(client, email, **choices)
    assert response.status_code == 302, response.content.decode()[:2000]
    [confirmation] = [m for m in mails_to(email) if "confirm" in m.subject]
    response = client.post(link_in(confirmation, "confirm"))
    assert response.status_code == 302
    return response["Location"].split("?")[0]
