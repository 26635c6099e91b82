"""What may still identify the patient in the public text a clinician will
sign (questions.deidentify finds it), and whether a moderator confirmed it."""

from __future__ import annotations

from .. import deidentify
from ..models import PatientSubmission, Question


def identifiers_in_public_text(question: Question) -> deidentify.PublicTextFindings:
    """What may still identify the patient in the public title and question."""
    submission = PatientSubmission.objects.filter(question=question).first()
    return deidentify.public_text_findings(
        question.title,
        question.body,
        name=submission.name if submission else "",
        email=submission.email if submission else "",
        words=deidentify.vocabulary(),
    )


def identifiers_unconfirmed(question: Question) -> deidentify.PublicTextFindings | None:
    """The marks in the public text if no moderator confirmed these very marks."""
    found = identifiers_in_public_text(question)
    if found and found.fingerprint != question.identifiers_confirmed:
        return found
    return None
