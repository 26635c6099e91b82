"""schema.org JSON-LD for the drug and Q&A pages (a Q&A names the therapies
it mentions, so its data lives with them); written by core.structured_data."""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from core.structured_data import json_ld
from questions.models import Answer, AnswerTranslation, Question
from questions.selectors import languages_translated

from ..models import Drug
from ..selectors import drugs_mentioned_in

register = template.Library()


def _absolute(context: template.Context, path: str) -> str:
    # From SITE_URL, never the request's Host: these pages are cached for everyone.
    return settings.SITE_URL + path


def _person(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name}


def _therapy(drug: Drug, url: str) -> dict[str, Any]:
    if drug.is_procedure:
        return {"@type": "TherapeuticProcedure", "name": drug.heading, "url": url}
    return {
        "@type": "Drug",
        "name": drug.heading,
        "nonProprietaryName": drug.generic_name,
        "url": url,
    }


def _citation(ref: dict[str, str]) -> dict[str, Any]:
    """One signed source as a schema.org CreativeWork."""
    work: dict[str, Any] = {"@type": "CreativeWork", "name": ref["title"]}
    if ref.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": ref["publisher"]}
    if ref.get("url"):
        work["url"] = ref["url"]
    elif ref.get("doi"):
        work["url"] = f"https://doi.org/{ref['doi']}"
    ids = [f"doi:{ref['doi']}"] if ref.get("doi") else []
    ids += [f"pmid:{ref['pmid']}"] if ref.get("pmid") else []
    if ids:
        work["identifier"] = ids[0] if len(ids) == 1 else ids
    return work


@register.simple_tag(takes_context=True)
def drug_jsonld(context: template.Context, drug: Drug) -> SafeString:
    url = _absolute(context, drug.get_absolute_url())
    about = _therapy(drug, url)
    brands = drug.brand_list + drug.biosimilar_list
    if not drug.is_procedure:
        if brands:
            about["proprietaryName"] = brands[0] if len(brands) == 1 else brands
        if drug.drug_class:
            about["drugClass"] = {"@type": "DrugClass", "name": drug.drug_class}
        about["administrationRoute"] = drug.get_route_display()
    if drug.target_mechanism:
        about["mechanismOfAction" if not drug.is_procedure else "description"] = (
            drug.target_mechanism
        )
    if drug.boxed_warnings and not drug.is_procedure:
        about["warning"] = drug.boxed_warnings
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": drug.heading,
        "url": url,
        "description": drug.summary,
        "specialty": "https://schema.org/Neurologic",
        "about": about,
    }
    data["inLanguage"] = translation.get_language() or settings.LANGUAGE_CODE
    signed = getattr(drug, "translation", None)
    if signed is not None:
        # A signed translation: the English page it translates, its translator
        # and the clinician who signed it (who checked the Spanish).
        with translation.override(settings.LANGUAGE_CODE):
            data["translationOfWork"] = {
                "@type": "MedicalWebPage",
                "url": _absolute(context, drug.get_absolute_url()),
                "inLanguage": settings.LANGUAGE_CODE,
            }
        if signed.translator_name:
            data["translator"] = _person(signed.translator_name)
        data["reviewedBy"] = _person(signed.signer.display_name)
        data["lastReviewed"] = timezone.localtime(signed.signed_at).date().isoformat()
        return json_ld(data)
    if drug.reviewed_by is not None:
        data["reviewedBy"] = _person(drug.reviewed_by.display_name)
    if drug.reviewed_on is not None:
        data["lastReviewed"] = drug.reviewed_on.isoformat()
    return json_ld(data)


def _in_other_languages(context: template.Context, question: Question) -> list[dict[str, str]]:
    """The Q&A's current translations (as `question_page` read them)."""
    found = []
    for code in languages_translated(question):
        with translation.override(code):
            url = _absolute(context, question.get_absolute_url())
        found.append({"@type": "MedicalWebPage", "url": url, "inLanguage": code})
    return found


@register.simple_tag(takes_context=True)
def qa_jsonld(
    context: template.Context, question: Question, answer: Answer | AnswerTranslation | None
) -> SafeString:
    """The Q&A as signed, in the page's language. A translation names the
    English page it translates, its translator and the clinician who signed
    it; the English page names its current translations. Left out of a draft
    preview: nothing there is signed yet."""
    if context.get("is_draft_preview") or answer is None:
        return SafeString("")
    url = _absolute(context, question.get_absolute_url())
    signed_english = answer.follows if isinstance(answer, AnswerTranslation) else answer
    lines = signed_english.signature_lines
    signer = _person(lines[0]) if lines else None
    answer_text = html.unescape(strip_tags(answer.body_html)).strip()
    accepted: dict[str, Any] = {
        "@type": "Answer",
        "text": answer_text,
        "dateCreated": answer.signed_at.isoformat(),
        "url": url,
    }
    if signer:
        accepted["author"] = signer
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": answer.question_title,
        "url": url,
        "inLanguage": translation.get_language(),
        "lastReviewed": timezone.localdate(question.reviewed_at or answer.signed_at).isoformat(),
        "mainEntity": {
            "@type": "Question",
            "name": answer.question_title,
            "text": answer.question_text,
            "answerCount": 1,
            "acceptedAnswer": accepted,
        },
    }
    if question.published_at is not None:
        data["datePublished"] = question.published_at.isoformat()
        data["mainEntity"]["datePublished"] = question.published_at.isoformat()
    if question.reviewed_by_name or signer:
        data["reviewedBy"] = (
            _person(question.reviewed_by_name) if question.reviewed_by_name else signer
        )
    if isinstance(answer, AnswerTranslation):
        with translation.override(settings.LANGUAGE_CODE):
            english_url = _absolute(context, question.get_absolute_url())
        data["translationOfWork"] = {
            "@type": "MedicalWebPage",
            "url": english_url,
            "inLanguage": settings.LANGUAGE_CODE,
        }
        if name := answer.translator_name:
            data["translator"] = _person(name)
        # The translation's own sign-off is its review.
        data["reviewedBy"] = _person(answer.signer.display_name)
        data["lastReviewed"] = timezone.localdate(answer.signed_at).isoformat()
    elif translations := _in_other_languages(context, question):
        data["workTranslation"] = translations if len(translations) > 1 else translations[0]
    if answer.references:
        data["citation"] = [_citation(ref) for ref in answer.references]
    mentioned = drugs_mentioned_in(question)
    if mentioned:
        data["mentions"] = [
            _therapy(drug, _absolute(context, drug.get_absolute_url())) for drug in mentioned
        ]
    return json_ld(data)
