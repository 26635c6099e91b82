"""A published Q&A's translation, made and signed as an answer is.

A translator (staff with the translate permission) writes a draft and sends it
for sign-off, answering for all of it; a clinician who reads the language and
is not the sender signs it, and it becomes the Q&A's current translation in
that language (an AnswerTranslation). Any change after sending makes it
unsent, and a draft of an English version that has been signed again since it
was sent cannot be signed: it is sent again, following the current English.
Each move is a step of the lifecycle table (questions.lifecycle), recorded in
the question's history.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core import audit
from core.cache import content_changed
from core.events import announce
from core.text import render_answer

from ..lifecycle import TRANSITIONS
from ..models import (
    AnswerTranslation,
    ExpertProfile,
    Question,
    ReferenceTranslation,
    TranslationDraft,
    normalise_text,
    other_languages,
    signed_content_hash,
    staff_language_name,
)
from ..models.qa import validate_in_short
from ..signals import qa_translated
from .steps import TransitionNotAllowed, check_permission, lock_question, make_move

TEXT_FIELDS = ("question_title", "question_text", "summary", "answer_source")


def _history_note(draft: TranslationDraft, note: str) -> str:
    """The history is the question's: each translation row says which language it is about."""
    return " ".join(
        part for part in (f"{staff_language_name(draft.language)}.", note.strip()) if part
    )


def _lock_published(question_id: int, action: str) -> Question:
    """The question, locked, if it is published: a translation waits while its
    Q&A is withdrawn."""
    try:
        return lock_question(question_id, action)
    except TransitionNotAllowed:
        raise TransitionNotAllowed(
            "This Q&A is not published at the moment (it was withdrawn): its translation "
            "is kept and can be saved, sent or signed again once the Q&A is published."
        ) from None


def _lock(draft_id: int, action: str) -> tuple[Question, TranslationDraft]:
    """The question (locked, and published) and its draft (locked), in that
    order on every path, so that two translation moves never deadlock."""
    question_id = TranslationDraft.objects.values_list("question_id", flat=True).get(pk=draft_id)
    question = _lock_published(question_id, action)
    draft = TranslationDraft.objects.select_for_update().get(pk=draft_id)
    return question, draft


def signer_refusal(draft: TranslationDraft | ReferenceTranslation, user: User) -> str:
    """Why this person may never sign this translation (a Q&A's draft, a drug
    page's or a term's); empty when they may."""
    profile = ExpertProfile.objects.filter(user=user).first()
    language = staff_language_name(draft.language)
    if not (user.is_active and user.has_perm(TRANSITIONS["translation_sign"].permission)):
        return "Only a clinician signs a translation."
    if profile is None:
        return "Only a clinician with an expert profile signs a translation."
    if not profile.signs_in(draft.language):
        return (
            f"Your expert profile does not say you sign in {language}: a translation is signed "
            "by a clinician who reads its language. The site administrator adds the language "
            "to your profile."
        )
    if draft.sent_by_id == user.pk:
        return (
            "You sent this translation for sign-off, so a colleague who reads "
            f"{language} signs it: the translator never signs their own translation."
        )
    return ""


def state_refusal(draft: TranslationDraft) -> str:
    """Why the draft cannot be signed now by anyone; empty when it can."""
    if not draft.is_sent:
        return "This translation has not been sent for sign-off, or it changed after it was sent."
    if draft.follows_id != draft.question.published_answer_id:
        return (
            "The English was signed again after this translation was sent. Bring the "
            "translation up to date with the current English and send it again."
        )
    return ""


@transaction.atomic
def translation_save(
    *, question_id: int, language: str, actor: User, texts: dict[str, str]
) -> TranslationDraft:
    """Save the translator's text: a new draft of the Q&A's current English, or
    changes to the one under way. A change to a sent draft makes it unsent, and
    the history says so."""
    if language not in dict(other_languages()):
        raise TransitionNotAllowed(
            f"Translations are made into {', '.join(dict(other_languages()))}."
        )
    check_permission(actor, "translation_send")
    question = _lock_published(question_id, "translation_send")
    english = question.published_answer
    if english is None:
        raise TransitionNotAllowed("Only a published Q&A is translated.")
    draft = (
        TranslationDraft.objects.select_for_update()
        .filter(question=question, language=language)
        .first()
    ) or TranslationDraft(question=question, language=language, follows=english)
    was_sent = draft.pk is not None and draft.is_sent
    for field in TEXT_FIELDS:
        keep_line_ends = field == "answer_source"
        setattr(draft, field, normalise_text(texts.get(field, ""), keep_line_ends=keep_line_ends))
    draft.last_edited_by = actor
    if was_sent and not draft.is_sent:
        draft.sent_by, draft.sent_sha256 = None, ""
        make_move(
            question,
            actor=actor,
            action="translation_changed_after_sending",
            note=_history_note(draft, ""),
        )
    draft.save()
    return draft


@transaction.atomic
def translation_send(*, draft_id: int, actor: User, note: str = "") -> TranslationDraft:
    """The translator sends the draft for sign-off, answering for all of it
    (a colleague's edits included), as a translation of the current English."""
    check_permission(actor, "translation_send")
    question, draft = _lock(draft_id, "translation_send")
    missing = [
        label
        for field, label in (
            ("question_title", "the title"),
            ("question_text", "the question"),
            ("answer_source", "the answer"),
        )
        if not getattr(draft, field).strip()
    ]
    if missing:
        raise TransitionNotAllowed(f"Translate {' and '.join(missing)} before sending it.")
    english = question.published_answer
    if english is not None and english.summary and not draft.summary:
        raise TransitionNotAllowed("The English has an “In short”: translate it too.")
    try:
        validate_in_short(draft.summary)
    except ValidationError as error:
        raise TransitionNotAllowed(" ".join(error.messages)) from error
    if (
        draft.is_sent
        and draft.sent_by_id == actor.pk
        and draft.follows_id == (question.published_answer_id)
    ):
        raise TransitionNotAllowed("You have already sent this translation for sign-off.")
    assert question.published_answer is not None  # lock_question: published
    draft.follows = question.published_answer
    draft.sent_by = actor
    draft.sent_sha256 = draft.content_sha256()
    draft.changes_requested = ""
    draft.save()
    make_move(question, actor=actor, action="translation_send", note=_history_note(draft, note))
    return draft


@transaction.atomic
def translation_request_changes(*, draft_id: int, actor: User, note: str) -> TranslationDraft:
    """A clinician who reads the language sends the draft back, saying why."""
    check_permission(actor, "translation_request_changes")
    if not note.strip():
        raise TransitionNotAllowed("Say in the note what should change (it is kept).")
    question, draft = _lock(draft_id, "translation_request_changes")
    profile = ExpertProfile.objects.filter(user=actor).first()
    if profile is None or not profile.signs_in(draft.language):
        raise PermissionDenied(
            "Changes to a translation are requested by a clinician who reads its language."
        )
    if not draft.is_sent:
        raise TransitionNotAllowed("This translation is not waiting for sign-off.")
    draft.sent_by, draft.sent_sha256 = None, ""
    draft.changes_requested = note.strip()
    draft.save()
    make_move(
        question,
        actor=actor,
        action="translation_request_changes",
        note=_history_note(draft, note),
    )
    return draft


@transaction.atomic
def translation_sign(*, draft_id: int, actor: User, note: str = "") -> AnswerTranslation:
    """A clinician who reads the language, and did not send the draft, signs it:
    it becomes the Q&A's current translation in that language, shown at once;
    the one before it is kept, no longer shown. The answer is Markdown,
    sanitized as answers are; the sources are those the English cites."""
    check_permission(actor, "translation_sign")
    question, draft = _lock(draft_id, "translation_sign")
    refusal = signer_refusal(draft, actor)
    if refusal:
        raise PermissionDenied(refusal)
    refusal = state_refusal(draft)
    if refusal:
        raise TransitionNotAllowed(refusal)
    english = question.published_answer
    assert english is not None and draft.sent_by is not None  # lock_question; is_sent
    profile = ExpertProfile.objects.get(user=actor)
    body_html = render_answer(draft.answer_source)
    AnswerTranslation.objects.filter(
        question=question, language=draft.language, is_current=True
    ).update(is_current=False)
    translation = AnswerTranslation.objects.create(
        question=question,
        language=draft.language,
        follows=english,
        follows_sha256=english.sha256,
        question_title=draft.question_title,
        question_text=draft.question_text,
        summary=draft.summary,
        body_html=body_html,
        answer_source=draft.answer_source,
        references=english.references,
        translated_by=draft.sent_by,
        signer=profile,
        signed_by=actor,
        signature_block=profile.signature_block(),
        sha256=signed_content_hash(
            draft.question_title,
            draft.question_text,
            body_html,
            english.references,
            summary=draft.summary,
        ),
    )
    draft.delete()
    content_changed()
    announce(qa_translated, question_id=question.pk)
    make_move(question, actor=actor, action="translation_sign", note=_history_note(draft, note))
    language = draft.language
    transaction.on_commit(
        lambda: audit.translation_signed(
            question_id=question.pk,
            translation_id=translation.pk,
            language=language,
            actor_id=actor.pk,
        )
    )
    return translation
