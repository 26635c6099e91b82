"""Every page type in Spanish shows no English interface words, and in English
no Spanish ones: each page is fetched in both languages, and a piece of text
(or a label, a placeholder, an alternative text) found on both is a string that
was not translated, unless it is a name (of a person, a therapy, the site) or
it sits in an element marked as in the other language."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from drugs.models import Drug
from glossary.models import TermTranslation
from questions.models import (
    ExpertProfile,
    PatientSubmission,
    Question,
)
from questions.services import question_submit

pytestmark = pytest.mark.django_db

SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "content"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Segments(HTMLParser):
    """The text a reader sees or hears, in pieces, outside elements marked as
    in another language than the page's."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page_lang = ""
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped: another language or a script)
        self.found: set[str] = set()

    @property
    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.page_lang = values.get("lang") or ""
            return
        other = bool(values.get("lang")) and values.get("lang") != self.page_lang
        # A signed answer's own words are checked by its signer, not here: the
        # same medical name ("Hepatitis B") may open a sentence in both languages.
        content = "answer-body" in (values.get("class") or "").split()
        skipped = other or content or tag in {"script", "style", "template"}
        if not (self.skipping or skipped):
            for name in SHOWN_ATTRIBUTES:
                if values.get(name) and not (tag == "meta" and values.get("name") != "description"):
                    self.add(values[name] or "")
            if tag == "input" and values.get("type") in {"submit", "button"}:
                self.add(values.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.add(data)

    def add(self, text: str) -> None:
        for piece in re.split(r"\s+·\s+", re.sub(r"\s+", " ", text)):
            piece = tidy(piece)
            if re.search(r"[a-zA-ZáéíóúñÁÉÍÓÚÑ]{3}", piece):
                self.found.add(piece)


def tidy(text: str) -> str:
    return re.sub(r"^©\s*\d{4}\s*", "", text.strip()).strip(" ·:,.;()|–—-")


def segments(html: str) -> set[str]:
    parser = Segments()
    parser.feed(html)
    return parser.found


def names() -> set[str]:
    """What reads the same in both languages: names of people, therapies and the
    site, keys of a keyboard, a status code, and what a patient typed."""
    found = {"Virtual MS Center", "RSS", "Atom", "EDSS", "PML", "MRI", "Ctrl", "Zoom", "Error 404"}
    for submission in PatientSubmission.objects.all():
        found |= {submission.original_subject, submission.original_text}
    for drug in Drug.objects.all():
        found |= {drug.heading, drug.generic_name, *drug.brand_list, *drug.biosimilar_list}
        found |= {f"{drug.heading} ({', '.join(drug.brand_list)})", ", ".join(drug.brand_list)}
        # "Biosimilar" is the same word in Spanish.
        found.add(f"Biosimilar: {', '.join(drug.biosimilar_list)}")
    # MS words that Spanish writes as English does ("anti-CD20", "NEDA", "placebo").
    for term in TermTranslation.objects.filter(is_current=True).select_related("entry"):
        if term.texts.get("name", "").casefold() == term.entry.name.casefold():
            found |= {term.entry.name, term.entry.heading, term.texts["name"]}
    for profile in ExpertProfile.objects.all():
        found |= {profile.display_name, *profile.signature_block().splitlines()}
    return {tidy(name) for name in found if name}


@pytest.fixture
def site(settings, roles) -> dict[str, str]:
    settings.ASK_MIN_SECONDS = 0
    call_command("load_demo", stdout=io.StringIO())
    # The demo's translations, signed by its Spanish-reading clinician.
    translated = Question.objects.published().filter(
        translations__language="es", translations__is_current=True
    )
    newest = translated.order_by("-published_at").first()
    untranslated = Question.objects.published().exclude(translations__language="es").first()
    month = timezone.localtime(newest.published_at)
    _, token = question_submit(
        subject="Vacuna del herpes zóster",
        text="¿Puedo ponerme la vacuna antes de la próxima infusión de Ocrevus?",
        category=None,
        name="",
        email="",
        notify=False,
        client_address="203.0.113.9",
        form_token="spanish-interface",
    )
    return {
        "home": "/",
        "list": "/questions/",
        "translated Q&A": newest.get_absolute_url(),
        "Q&A not translated yet": untranslated.get_absolute_url(),
        "Q&A being updated after a clinical change": Question.objects.get(
            title__startswith="Why do my symptoms get worse in hot"
        ).get_absolute_url(),
        "Q&A following an older English version": Question.objects.get(
            title__startswith="Is it safe to exercise"
        ).get_absolute_url(),
        "archive index": "/archive/",
        "archive month": f"/archive/{month:%Y}/{month:%m}/",
        "category": newest.category.get_absolute_url(),
        "clinician": newest.published_answer.signer.get_absolute_url(),
        "ask": "/ask/",
        "ask thanks": f"/ask/thanks/{token}/",
        "status": f"/ask/status/{token}/",
        "drugs list": "/drugs/",
        "drug": "/drugs/ocrelizumab/",
        "glossary": "/glossary/",
        "glossary term": "/glossary/b-cells/",
        "search": "/search/?q=ocrevus",
        "display settings": "/display/",
        "subscribe": "/subscribe/",
        "feeds": "/feeds/",
        "reply form": f"/questions/{newest.slug}/reply/",
        "404": "/no-such-page/",
    }


def test_no_page_shows_the_interface_of_the_other_language(site):
    client = Client()
    shared_names = names()
    problems: dict[str, list[str]] = {}
    for kind, path in site.items():
        english = client.get(path)
        spanish = client.get(f"/es{path}")
        assert english.status_code == spanish.status_code, kind
        assert '<html lang="es"' in spanish.content.decode(), kind
        both = segments(english.content.decode()) & segments(spanish.content.decode())
        if left := sorted(both - shared_names):
            problems[kind] = left
    assert problems == {}, "\n".join(f"{kind}: {found}" for kind, found in problems.items())
