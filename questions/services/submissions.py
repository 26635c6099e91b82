"""A patient's question arrives."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from .. import notifications
from ..models import Category, PatientSubmission, Question, Transition
from ..tokens import hash_client, hash_token, status_token_for
from ..urgency import mentions_red_flags

S = Question.Status


@transaction.atomic
def question_submit(
    *,
    subject: str,
    text: str,
    category: Category | None,
    name: str,
    email: str,
    notify: bool,
    client_address: str,
    form_token: str,
    language: str | None = None,
) -> tuple[Question, str]:
    """Store a patient's question (before any mail is sent) and return it with
    the private status token. Raises IntegrityError if this form was stored.
    `language`: the one they asked in (default: the page's)."""
    token = status_token_for(form_token)
    question = Question.objects.create(
        title=subject,
        body=text,
        category=category,
        urgent=mentions_red_flags(subject, text),
        language=language or translation.get_language(),
    )
    PatientSubmission.objects.create(
        question=question,
        name=name,
        email=email,
        notify=notify and bool(email),
        original_subject=subject,
        original_text=text,
        client_hash=hash_client(client_address) if client_address else "",
        status_token_hash=hash_token(token),
    )
    Transition.objects.create(
        question=question, actor=None, from_status="", to_status=S.NEW, action="submit"
    )
    with translation.override(question.language):  # the patient's, with their links
        status_url = settings.SITE_URL + reverse("questions:ask_status", kwargs={"token": token})
        notifications.patient_acknowledged(question, status_url=status_url)
    with translation.override(settings.LANGUAGE_CODE):  # staff read the default language
        notifications.moderators_new_question(question)
    return question, token
