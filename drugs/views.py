from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, pgettext

from core.i18n import in_default_language, not_translated, same_page_in
from questions.services.reference_translations import follows_current_english

from .forms import DrugFilterForm
from .selectors import (
    MENTIONS_SHOWN,
    drug_groups,
    drug_page,
    questions_mentioning,
    translation_of,
)

if TYPE_CHECKING:  # a development dependency: only its type is named
    from django_stubs_ext import StrOrPromise


def filters_in_effect(request: HttpRequest) -> dict[str, str]:
    """What the list page shows depends on only these: the page cache's key,
    so that made-up filter values do not each make a cache entry."""
    form = DrugFilterForm(request.GET)
    form.is_valid()
    return {**form.chosen(), "ignored": ",".join(sorted(form.errors))}


def quoted_names(labels: Iterable[StrOrPromise | None]) -> str:
    """The filters whose value was not recognised, for one sentence:
    “Status”, or “Status” and “How it is given”."""
    and_ = pgettext("between the names of filters", "and")
    return f" {and_} ".join(gettext("“%(name)s”") % {"name": label} for label in labels)


def drug_list(request: HttpRequest) -> HttpResponse:
    """The comparison tables, narrowed by the GET filters. A value that is not
    a choice is dropped (and the page says so) rather than failing. In another
    language, the entries signed in it, and how many are in English only."""
    form = DrugFilterForm(request.GET)
    form.is_valid()
    chosen = form.chosen()
    ignored = [form.fields[name].label for name in form.errors]
    groups, english_only = drug_groups(**chosen)
    if not groups and english_only and not chosen:  # none translated yet
        return not_translated(request, "drugs", gettext_lazy("Drug reference"))
    return render(
        request,
        "drugs/drug_list.html",
        {
            # Unbound, so the selects show only valid choices and no error state.
            "form": DrugFilterForm(initial=chosen),
            "groups": groups,
            "match_count": sum(len(group.drugs) for group in groups),
            "filtered": bool(chosen),
            "ignored": ignored,
            "ignored_names": quoted_names(ignored),
            "english_only": english_only,
            # The filters in effect only: the page is cached under them alone.
            "english_url": same_page_in(request, settings.LANGUAGE_CODE)
            + (f"?{urlencode(chosen)}" if chosen else ""),
        },
    )


def drug_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One therapy. Not published means 404 for the public; staff who edit
    the reference see a preview with a notice that it is not public."""
    drug = get_object_or_404(drug_page(request.user), slug=slug)
    signed = None
    side_effects = list(drug.side_effects.all())
    if not in_default_language():
        signed = translation_of(drug, translation.get_language())
        if signed is None:
            return not_translated(request, "drug", drug.heading)
        english = drug
        drug = signed.shown(english)
        side_effects = drug.translated_side_effects  # type: ignore[attr-defined]
    questions = questions_mentioning(drug)
    return render(
        request,
        "drugs/drug_detail.html",
        {
            "drug": drug,
            "side_effects": side_effects,
            "signed_translation": signed,
            # Signed before the English changed (editorially: a clinical change
            # takes it off): the page says so and links the current English.
            "translation_outdated": signed is not None
            and not follows_current_english(signed, english),
            "english_url": same_page_in(request, settings.LANGUAGE_CODE),
            "questions": questions[:MENTIONS_SHOWN],
            "more_questions": len(questions) > MENTIONS_SHOWN,
        },
    )
