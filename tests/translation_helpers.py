"""Signed translations for tests, made as a sign-off stores them."""

from __future__ import annotations

from questions.models import AnswerTranslation, Question, signed_content_hash
from tests.factories import ExpertProfileFactory

SPANISH_TITLE = "¿Puedo vacunarme contra la gripe durante el tratamiento?"
SPANISH_BODY = "<p>Sí. La vacuna de la gripe es segura durante el tratamiento.</p>"


def translate(question: Question, *, title: str = SPANISH_TITLE, **fields) -> AnswerTranslation:
    """A signed Spanish translation of the Q&A's published answer: translated
    by one staff member, signed by a clinician who is someone else."""
    answer = question.published_answer
    signer = ExpertProfileFactory(display_name="Lucía Romero, MD")
    values = {
        "question_title": title,
        "question_text": "Empiezo ocrelizumab el mes que viene.",
        "summary": "Sí, y conviene hacerlo antes de empezar.",
        "body_html": SPANISH_BODY,
        **fields,
    }
    return AnswerTranslation.objects.create(
        question=question,
        language="es",
        follows=answer,
        follows_sha256=answer.sha256,
        translated_by=ExpertProfileFactory().user,
        signer=signer,
        signed_by=signer.user,
        signature_block="Lucía Romero, MD\nNeuróloga",
        sha256=signed_content_hash(
            values["question_title"],
            values["question_text"],
            values["body_html"],
            summary=values["summary"],
        ),
        **values,
    )


def translate_entry(model, entry, texts: dict[str, str]):
    """A reference entry's (drug page's, glossary term's) signed Spanish
    translation, made through the services: sent by a translator, signed by a
    clinician who reads Spanish and is someone else. `texts` overrides a
    placeholder Spanish text for each English one."""
    from questions.services.reference_translations import (
        reference_translation_save,
        reference_translation_send,
        reference_translation_sign,
    )
    from tests.conftest import role

    translator = ExpertProfileFactory(languages="en es").user
    signer = ExpertProfileFactory(display_name="Lucía Romero, MD", languages="en es").user
    for user in (translator, signer):
        user.groups.add(role("Experts"))
    wanted = {key: f"Texto en español ({n})" for n, key in enumerate(model.english_texts(entry))}
    made = reference_translation_save(
        model=model, entry_id=entry.pk, language="es", actor=translator, texts={**wanted, **texts}
    )
    reference_translation_send(model=model, translation_id=made.pk, actor=translator)
    return reference_translation_sign(model=model, translation_id=made.pk, actor=signer)
