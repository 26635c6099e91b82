"""Readers subscribe to new answers by email: one from the home page, one from a
category page. Each confirms from the email, a Q&A is published, the digest
arrives with its headers; one leaves in one click from their mail program (a
POST, as a mail provider sends it), the other with the button on the page."""

from __future__ import annotations

import re
import urllib.request
from email.header import decode_header, make_header
from email.message import Message
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.chromium import solve_the_sum
from tests.journeys.conftest import Person
from tests.journeys.steps import text_of

TITLE = "Can a cooling vest help me stay active in the summer?"
PUBLISH = f"""
from django.contrib.auth.models import User
from questions import services
from questions.models import Category, Question
question, _ = services.question_submit(
    subject="Cooling vest", text="Does a cooling vest help with heat and MS symptoms?",
    category=None, name="", email="", notify=False, client_address="192.0.2.60",
    form_token="journey-subscriber",
)
question.title = {TITLE!r}
question.body = "A reader asks whether a cooling vest helps them stay active when it is hot."
question.answer_source = "Many people with MS feel better in heat with a cooling vest. Try one on a short walk first."
question.category = Category.objects.get(slug="symptoms")
question.save()
moderator, author, signer = (User.objects.get(username=n) for n in ("moderator", "dr.alvarez", "dr.okafor"))
services.question_assign(question_id=question.pk, actor=moderator, expert=author.expert_profile)
services.question_submit_for_signoff(question_id=question.pk, actor=author)
services.question_sign_off(question_id=question.pk, actor=signer)
services.question_publish(question_id=question.pk, actor=signer)
"""


def part_types(message: Message) -> list[str]:
    return [p.get_content_type() for p in message.walk()]


def subscribe_and_confirm(reader: Person, site, email: str, *, start: str) -> str:
    """From a page's "Get new answers by email" link to a confirmed subscription;
    returns the path of the page to manage it."""
    page = reader.page
    reader.goto(start)
    page.get_by_role("link", name="Get new answers by email").click()
    reader.looks()
    page.get_by_label("Your email").fill(email)
    page.get_by_label("Daily: one email on each day with new answers").check()
    solve_the_sum(reader.page, reader.site.sum_answer)
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(re.compile(r"/subscribe/sent/$"))
    reader.looks()
    expect(page.get_by_role("heading", name="Please check your email")).to_be_visible()

    [confirmation] = [m for m in site.send_mail() if m["To"] == email]
    assert confirmation["Subject"] == "Please confirm your subscription"
    assert confirmation["Auto-Submitted"] == "auto-generated"
    assert part_types(confirmation) == ["multipart/alternative", "text/plain", "text/html"]
    [link] = re.findall(r"\S+/subscribe/confirm/\S+/", text_of(confirmation))
    assert link.startswith(site.url)
    reader.goto(urlsplit(link).path)
    page.get_by_role("button", name="Yes, email me new answers").click()
    page.wait_for_url(re.compile(r"/subscribe/manage/[0-9a-f]{64}/\?confirmed=1$"))
    reader.looks()
    expect(page.get_by_text("Thank you: your subscription is confirmed.")).to_be_visible()
    expect(page.get_by_text(email)).to_have_count(0)
    return urlsplit(page.url).path


def subscribers(site, email: str) -> int:
    [(count,)] = site.query(
        "SELECT COUNT(*) FROM subscriptions_subscription WHERE email = %s", (email,)
    )
    return count


def test_readers_subscribe_confirm_get_a_digest_and_leave_in_one_click_or_by_the_button(
    person, site
):
    first = person(width=390)
    first.goto("/")
    first.page.get_by_role("link", name="Follow new answers by email or feed").click()
    first.looks()
    expect(first.page.get_by_role("heading", name="Follow new answers", level=1)).to_be_visible()
    subscribe_and_confirm(first, site, "first.reader@reader.test", start="/")

    second = person()
    second_manage = subscribe_and_confirm(
        second, site, "second.reader@reader.test", start="/category/symptoms/"
    )
    expect(second.page.get_by_label("Symptoms")).to_be_checked()

    assert site.send_mail() == [], "nothing but the confirmations before a digest"
    site.manage("shell", "-c", PUBLISH)
    assert site.manage("send_digests", "--frequency", "daily") == "2 daily digest(s) queued.\n"
    # Beside the clinicians' own emails about the new Q&A:
    arrived = {m["To"]: m for m in site.send_mail() if m["To"].endswith("@reader.test")}
    assert sorted(arrived) == ["first.reader@reader.test", "second.reader@reader.test"]
    digest = arrived["first.reader@reader.test"]
    assert digest["Subject"] == "1 new answer from Virtual MS Center"
    assert part_types(digest) == ["multipart/alternative", "text/plain", "text/html"]
    assert digest["Auto-Submitted"] == "auto-generated"
    assert digest["Precedence"] == "bulk"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = re.sub(r"\s+", "", digest["List-Unsubscribe"])  # a long header is folded
    unsubscribe = re.fullmatch(r"<(\S+/subscribe/unsubscribe/[0-9a-f]{64}/)>", header)
    assert unsubscribe and unsubscribe[1].startswith(site.url + "/")
    text = text_of(digest)
    assert f"- {TITLE} (Symptoms)" in text
    [qa_link] = re.findall(r"\S+/questions/\S+/", text)
    first.goto(urlsplit(qa_link).path)
    expect(first.page.get_by_role("heading", name=TITLE)).to_be_visible()

    # The command again, as a second cron run would: nothing is sent twice.
    assert site.manage("send_digests", "--frequency", "daily") == "0 daily digest(s) queued.\n"
    assert site.send_mail() == []

    # The first reader's mail program unsubscribes in one click: a POST, no cookie, no token.
    for _ in range(2):  # a provider may retry: the same answer
        request = urllib.request.Request(
            unsubscribe[1],
            data=b"List-Unsubscribe=One-Click",
            method="POST",
            headers={"X-Forwarded-Proto": "https"},
        )
        with urllib.request.urlopen(request) as response:  # noqa: S310 - our own test server
            assert response.status == 200
    assert subscribers(site, "first.reader@reader.test") == 0

    # The second ends it from the page: the link in the email opens a page with a button.
    second.goto(second_manage)
    second.page.get_by_role("button", name="End my subscription").click()
    second.looks()
    expect(second.page.get_by_role("heading", name="Your subscription has ended")).to_be_visible()
    assert subscribers(site, "second.reader@reader.test") == 0


ES_TITLE = "Can a cool shower help me stay active in the summer?"
SPANISH_TITLE = "¿Me ayuda una ducha fresca a seguir activa en verano?"
PUBLISH_ES = PUBLISH.replace(TITLE, ES_TITLE).replace("journey-subscriber", "journey-subscriber-es")
TRANSLATE = f"""
from django.contrib.auth.models import User
from questions import services
from questions.models import Question
question = Question.objects.get(title={ES_TITLE!r})
translator, signer = (User.objects.get(username=n) for n in ("dr.okafor", "dr.alvarez"))
draft = services.translation_save(
    question_id=question.pk, language="es", actor=translator,
    texts={{
        "question_title": {SPANISH_TITLE!r},
        "question_text": "Una lectora pregunta si una ducha fresca ayuda con el calor.",
        "answer_source": "Muchas personas con EM se sienten mejor tras una ducha fresca.",
    }},
)
services.translation_send(draft_id=draft.pk, actor=translator)
services.translation_sign(draft_id=draft.pk, actor=signer)
"""


def test_a_spanish_reader_gets_the_digest_in_spanish_with_only_signed_spanish_answers(person, site):
    """A Q&A published in English reaches a Spanish subscriber only once its
    translation is signed, under its Spanish title and address."""
    email = "lectora@reader.test"
    reader = person(width=390)
    page = reader.page
    reader.goto("/es/subscribe/")
    page.get_by_label("Su correo electrónico").fill(email)
    page.get_by_label("Diario: un correo cada día que haya respuestas nuevas").check()
    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("Resultado de la suma").fill(site.sum_answer(key))
    page.get_by_role("button", name="Suscribirse").click()
    page.wait_for_url(re.compile(r"/es/subscribe/sent/$"))
    reader.looks()
    [confirmation] = [m for m in site.send_mail() if m["To"] == email]
    assert decoded_subject(confirmation) == "Por favor, confirme su suscripción"
    [link] = re.findall(r"\S+/es/subscribe/confirm/\S+/", text_of(confirmation))
    reader.goto(urlsplit(link).path)
    page.get_by_role("button", name="Sí, envíenme las respuestas nuevas").click()
    page.wait_for_url(re.compile(r"/es/subscribe/manage/[0-9a-f]{64}/\?confirmed=1$"))
    reader.looks()
    manage = urlsplit(page.url).path

    # New in English only: nothing for a Spanish reader yet.
    site.manage("shell", "-c", PUBLISH_ES)
    site.manage("send_digests", "--frequency", "daily")
    assert [m for m in site.send_mail() if m["To"] == email] == []

    site.manage("shell", "-c", TRANSLATE)
    site.manage("send_digests", "--frequency", "daily")
    [digest] = [m for m in site.send_mail() if m["To"] == email]
    assert decoded_subject(digest) == "1 respuesta nueva de Virtual MS Center"
    text = text_of(digest)
    assert SPANISH_TITLE in text and ES_TITLE not in text
    [qa_link] = re.findall(r"\S+/es/questions/\S+/", text)
    reader.goto(urlsplit(qa_link).path)
    expect(page.get_by_role("heading", name=SPANISH_TITLE)).to_be_visible()

    reader.goto(manage)
    page.get_by_role("button").filter(has_text=re.compile("suscripción")).last.click()
    reader.looks()
    assert subscribers(site, email) == 0


def decoded_subject(message: Message) -> str:
    """The subject as the mail program shows it (a non-ASCII one arrives encoded)."""
    return str(make_header(decode_header(message["Subject"])))
