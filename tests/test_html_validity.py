"""Every kind of public page is valid HTML by the Nu HTML Checker (vnu), the
checker the W3C runs. One vnu run over all pages: it is a JVM, slow to start."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from questions import services
from questions.models import Category, CommentReply, Question
from tests.conftest import RENDERING_ONLY
from tests.factories import ask_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles"), RENDERING_ONLY]


# The current Nu HTML Checker, as its makers publish it on npm (30 MB: kept out of
# the repository, fetched once into a cache). The integrity is npm's own record
# of the package (npm view vnu-jar@<version> dist.integrity).
VNU_VERSION = "26.9.27"
VNU_INTEGRITY = "sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA=="


def _missing(message: str) -> None:
    if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def vnu_jar() -> Path:
    """vnu.jar of VNU_VERSION: from the cache, or fetched with npm and checked."""
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    jar = cache_home / "mscenter" / f"vnu-{VNU_VERSION}" / "vnu.jar"
    if jar.is_file():
        return jar
    npm = shutil.which("npm")
    if npm is None:
        _missing("npm not found, to fetch the HTML checker: apt-get install npm")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", f"vnu-jar@{VNU_VERSION}", "--pack-destination", tmp, "--silent"],
            check=True,
            capture_output=True,
            timeout=600,
        )
        package = (Path(tmp) / f"vnu-jar-{VNU_VERSION}.tgz").read_bytes()
        digest = "sha512-" + base64.b64encode(hashlib.sha512(package).digest()).decode()
        assert digest == VNU_INTEGRITY, "the vnu-jar package is not the one pinned here"
        with tarfile.open(fileobj=io.BytesIO(package)) as archive:
            member = archive.extractfile("package/build/dist/vnu.jar")
            jar.parent.mkdir(parents=True, exist_ok=True)
            # Written aside, then renamed: a parallel run never reads half a jar.
            partial = jar.with_name(f"vnu.jar.{os.getpid()}.part")
            partial.write_bytes(member.read())
            partial.replace(jar)
    return jar


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        _missing("java not found: apt-get install default-jre-headless")
    jar = vnu_jar()
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
    workflow = published_through_the_workflow(category)
    published = timezone.localtime(workflow.published_at)
    return {
        "Q&A published through the workflow": workflow.get_absolute_url(),
        "its archive month": f"/archive/{published:%Y}/{published:%m}/",
        "home": "/",
        "list": "/questions/",
        "Q&A": newest.get_absolute_url(),
        "Q&A with a clinician's reply": CommentReply.objects.order_by("pk")
        .first()
        .comment.question.get_absolute_url(),
        # In Spanish: the translation taken down after a clinical change of the
        # English, and the one kept after an editorial change.
        "Q&A changed clinically": Question.objects.get(
            title__startswith="Why do my symptoms get worse in hot"
        ).get_absolute_url(),
        "Q&A changed editorially": Question.objects.get(
            title__startswith="Is it safe to exercise"
        ).get_absolute_url(),
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
        "display settings": "/display/",
        "glossary": "/glossary/",
        "glossary term": "/glossary/b-cells/",
        "404": "/no-such-page/",
        **subscription_pages(category.slug),
    }


def published_through_the_workflow(category: Category) -> Question:
    """A Q&A taken from the form to the page by the services, at the times they
    keep (the demo's round times would hide, say, microseconds in a page), with
    a comment and a clinician's reply under it."""
    from django.contrib.auth import get_user_model

    from questions.models import Comment

    users = get_user_model().objects
    moderator = users.filter(groups__name="Moderators").order_by("pk").first()
    author, signer = users.filter(groups__name="Experts", expert_profile__isnull=False).order_by(
        "pk"
    )[:2]
    question, _token = services.question_submit(
        subject="Hot showers and numb hands",
        text="Why do my hands go numb after a hot shower, and is that a relapse?",
        category=category,
        name="",
        email="",
        notify=False,
        client_address="203.0.113.10",
        form_token="html-validity-workflow",
    )
    services.question_assign(question_id=question.pk, actor=moderator, expert=author.expert_profile)
    question.refresh_from_db()
    question.title = "Why do my hands go numb after a hot shower?"
    question.body = "Why do my hands go numb after a hot shower, and is that a relapse?"
    question.answer_source = (
        "Heat slows nerve signals for a while. **It is not a relapse,** and it does not "
        "mean that ocrelizumab (Ocrevus) stopped working."
    )
    services.question_save_draft(
        question=question, actor=author, fields=["title", "body", "answer_source"]
    )
    services.question_submit_for_signoff(question_id=question.pk, actor=author)
    services.question_sign_off(question_id=question.pk, actor=signer)
    published = services.question_publish(question_id=question.pk, actor=signer)
    comment = services.comment_submit(
        question=published,
        name="",
        email="",
        body="Cool water helps me too.",
        client_address="203.0.113.11",
        form_token="html-validity-comment",
    )
    services.comment_moderate(
        comment_ids=[comment.pk], actor=moderator, status=Comment.Status.APPROVED
    )
    services.comment_reply(comment_id=comment.pk, actor=author, body="Glad it helps.")
    return published


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
    pages = public_pages()
    # Each page type in Spanish too (the demo translates some of its Q&As; the
    # others say that they are not translated yet).
    pages |= {f"{name} (es)": f"/es{path}" for name, path in pages.items()}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == (404 if name.startswith("404") else 200), path
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
    # The page that asks before a patient's details are erased, in both languages.
    for language in ("", " (es)"):
        for data, kind in (({"wording": "1"}, "what I wrote"), ({}, "name and email")):
            name = f"erase {kind}: asked{language}"
            files[name] = tmp_path / f"{len(files):02d}.html"
            files[name].write_bytes(
                client.post(pages[f"status{language}"] + "erase/", data).content
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
        if message["type"] == "error":
            page = by_file.get(message.get("url", "").rpartition("/")[2], message.get("url"))
            errors.setdefault(page, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
            )
    assert errors == {}, "\n".join(
        f"{page}:\n  " + "\n  ".join(found) for page, found in errors.items()
    )
