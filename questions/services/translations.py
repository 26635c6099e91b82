"""A translation of a published Q&A is signed, as an answer is."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import audit
from core.cache import content_changed
from core.text import render_answer

from ..models import (
    AnswerTranslation,
    Question,
    normalise_text,
    other_languages,
    signed_content_hash,
)
from ..models.qa import validate_in_short
from .steps import TransitionNotAllowed


@transaction.atomic
def translation_sign(
    *,
    question_id: int,
    language: str,
    title: str,
    question_text: str,
    summary: str,
    answer_source: str,
    translator: User,
    signer: User,
) -> AnswerTranslation:
    """A clinician who reads `language` signs a translation of the Q&A's signed
    English version, made by someone else (four eyes): it becomes the Q&A's
    current translation in that language, shown at once; an earlier one is
    kept, no longer shown. The answer is Markdown, sanitized as answers are."""
    if language not in dict(other_languages()):
        raise TransitionNotAllowed(
            f"Translations are made into {', '.join(dict(other_languages()))}."
        )
    profile = getattr(signer, "expert_profile", None)
    if not (signer.is_active and signer.has_perm("questions.sign_off_answer")) or profile is None:
        raise PermissionDenied("Only a clinician with an expert profile signs a translation.")
    if signer.pk == translator.pk:
        raise PermissionDenied("A translation is signed by a clinician other than its translator.")
    question = Question.objects.select_for_update().get(pk=question_id)
    english = question.published_answer
    if not question.is_public or english is None:
        raise TransitionNotAllowed("Only a published Q&A is translated.")
    title, question_text = normalise_text(title), normalise_text(question_text)
    summary = normalise_text(summary)
    validate_in_short(summary)
    body_html = render_answer(answer_source)
    AnswerTranslation.objects.filter(question=question, language=language, is_current=True).update(
        is_current=False
    )
    translation = AnswerTranslation.objects.create(
        question=question,
        language=language,
        follows=english,
        follows_sha256=english.sha256,
        question_title=title,
        question_text=question_text,
        summary=summary,
        body_html=body_html,
        # The sources are the documents the English cites, as signed with it.
        references=english.references,
        translated_by=translator,
        signer=profile,
        signed_by=signer,
        signature_block=profile.signature_block(),
        sha256=signed_content_hash(
            title, question_text, body_html, english.references, summary=summary
        ),
    )
    content_changed()
    transaction.on_commit(
        lambda: audit.translation_signed(
            question_id=question.pk,
            translation_id=translation.pk,
            language=language,
            actor_id=signer.pk,
        )
    )
    return translation
