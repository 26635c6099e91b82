"""Print the pages scripts/benchmark loads, one "name<TAB>path" a line.

One of each page type, picked from what the database holds now: the newest
Q&A, its month and its category, and the therapy most Q&As name; then each
page type in Spanish ("… (es)"), the Q&A being the newest with a Spanish
translation, measured against the same targets.
"""

from __future__ import annotations

import os
import sys

import django

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mscenter.settings")
django.setup()

from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from drugs.models import Drug, DrugTranslation  # noqa: E402
from glossary.models import Term, TermTranslation  # noqa: E402
from questions.models import Question  # noqa: E402


def pages() -> list[tuple[str, str]]:
    newest = Question.objects.for_listing().first()
    if newest is None:
        raise SystemExit("No published Q&A: load content first.")
    month = timezone.localtime(newest.published_at)
    found = [
        ("home", reverse("questions:home")),
        ("Q&A detail", newest.get_absolute_url()),
        (
            "month archive",
            reverse("questions:archive_month", kwargs={"year": month.year, "month": f"{month:%m}"}),
        ),
        ("category", newest.category.get_absolute_url()),
        ("drug list", "/drugs/"),
        ("drug detail", "/drugs/no-such-drug/"),  # 404s, so skipped, without a drug reference
        ("glossary", "/glossary/"),
        ("glossary term", "/glossary/no-such-term/"),  # likewise, without a glossary
        ("feed", reverse("feed_latest")),
        # Search: a word in most Q&As, one in few, two words, a misspelling
        # (nothing matches, so the spelling fix runs too).
        ("search common word", "/search/?q=relapse"),
        ("search rare word", "/search/?q=uhthoff"),
        ("search two words", "/search/?q=ocrevus+breastfeeding"),
        ("search misspelling", "/search/?q=ocrevis"),
        # POST only: scripts/bench/similar.lua sends what a patient types.
        ("similar questions", reverse("search:ask_similar")),
    ]
    drug = Drug.objects.published().annotate(n=Count("mentions")).order_by("-n", "slug").first()
    if drug is not None:
        found[5] = ("drug detail", drug.get_absolute_url())
    term = Term.objects.published().order_by("name").first()
    if term is not None:
        found[7] = ("glossary term", term.get_absolute_url())
    return found + in_spanish(found)


def in_spanish(english: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The same page types under /es/ (the similar-questions fragment is the
    same for both). A Spanish page lists only translated Q&As and counts the
    English-only ones, so its cost is measured on its own."""
    with translation.override("es"):
        newest = Question.objects.for_listing().first()
        own = {}
        if newest is not None:
            month = timezone.localtime(newest.published_at)
            own = {
                "Q&A detail": newest.get_absolute_url(),
                "month archive": reverse(
                    "questions:archive_month", kwargs={"year": month.year, "month": f"{month:%m}"}
                ),
                "category": newest.category.get_absolute_url(),
                # The same kinds of query, as a Spanish reader types them.
                "search common word": "/es/search/?q=brote",
                "search two words": "/es/search/?q=ocrevus+lactancia",
            }
        # A drug page and a term signed in Spanish (else the English one's /es/ page).
        drug = DrugTranslation.objects.current("es").filter(entry__is_published=True).first()
        if drug is not None:
            own["drug detail"] = drug.entry.get_absolute_url()
        term = TermTranslation.objects.current("es").filter(entry__is_published=True).first()
        if term is not None:
            own["glossary term"] = term.entry.get_absolute_url()
    return [
        (f"{name} (es)", own.get(name, f"/es{path}"))
        for name, path in english
        if name != "similar questions"
    ]


if __name__ == "__main__":
    for name, path in pages():
        print(f"{name}\t{path}")
