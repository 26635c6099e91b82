"""A reference entry's translation (a drug page, a glossary term), made and
signed as a Q&A's is, by the same steps of the one lifecycle table
(translation_send, translation_request_changes, translation_sign) and the same
rules: the translator who sends a translation answers for all of it and never
signs it; a clinician who reads the language signs exactly what was sent, of
the English as it is now; a change after sending makes it unsent; each move is
audited.

Generic over the model (a ReferenceTranslation subclass with `english_texts`
and an `entry` foreign key, typed Any: the abstract model has no `entry`), so that the drug reference and the glossary, which this
app may not import, share one implementation.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import audit
from core.cache import content_changed
from core.events import announce

from ..models import (
    ExpertProfile,
    ReferenceTranslation,
    normalise_text,
    other_languages,
    texts_sha256,
)
from ..signals import reference_translated
from .steps import TransitionNotAllowed, check_permission
from .translations import signer_refusal  # the same rule for every translation

OPEN = (ReferenceTranslation.State.DRAFT, ReferenceTranslation.State.SENT)


def _entry_model(model: Any) -> Any:
    return model._meta.get_field("entry").related_model


def _lock(model: Any, translation_id: int) -> tuple[Any, Any]:
    """The entry, then its translation, both locked, in that order on every path."""
    entry_id = model.objects.values_list("entry_id", flat=True).get(pk=translation_id)
    entry = _entry_model(model).objects.select_for_update().get(pk=entry_id)
    return entry, model.objects.select_for_update().get(pk=translation_id)


def english_sha256(model: Any, entry: Any) -> str:
    # What the translation follows: its texts, and any fact beside them that a
    # translation must be checked against when it changes (a side effect's frequency).
    return texts_sha256(getattr(model, "english_signature", model.english_texts)(entry))


def follows_current_english(translation: Any, entry: Any) -> bool:
    """False once the English entry's texts changed since the translation was sent."""
    return bool(translation.follows_sha256) and translation.follows_sha256 == english_sha256(
        type(translation), entry
    )


def state_refusal(translation: Any, entry: Any) -> str:
    """Why the translation cannot be signed now by anyone; empty when it can."""
    if translation.state != ReferenceTranslation.State.SENT:
        return "This translation has not been sent for sign-off, or it changed after it was sent."
    if not follows_current_english(translation, entry):
        return (
            "The English changed after this translation was sent. Bring the translation up "
            "to date with the current English and send it again."
        )
    return ""


def _audit(translation: Any, action: str, actor: User) -> None:
    label = translation._meta.label_lower
    values = (translation.entry_id, translation.pk, translation.language, actor.pk)
    transaction.on_commit(lambda: audit.reference_translation_moved(label, action, *values))


@transaction.atomic
def reference_translation_save(
    *,
    model: Any,
    entry_id: int,
    language: str,
    actor: User,
    texts: dict[str, str],
) -> Any:
    """Save the translator's texts: a new translation of the entry, or changes
    to the one under way. Only the entry's own texts are kept; a change to a
    sent translation makes it unsent."""
    if language not in dict(other_languages()):
        raise TransitionNotAllowed(
            f"Translations are made into {', '.join(dict(other_languages()))}."
        )
    check_permission(actor, "translation_send")
    entry = _entry_model(model).objects.select_for_update().get(pk=entry_id)
    wanted = model.english_texts(entry)
    cleaned = {key: normalise_text(texts.get(key, "")) for key in wanted}
    translation = (
        model.objects.select_for_update()
        .filter(entry=entry, language=language, state__in=OPEN)
        .first()
    ) or model(entry=entry, language=language)
    kept = {key: text for key, text in cleaned.items() if text}
    if translation.pk is None and not kept:
        # Translating again (after a change of the English, or for a review) starts
        # from the last signed text: only what changed is rewritten.
        last = (
            model.objects.filter(entry=entry, language=language, state=model.State.SIGNED)
            .order_by("-signed_at")
            .first()
        )
        if last is not None:
            kept = {key: text for key, text in last.texts.items() if key in wanted}
    if (
        translation.pk is not None
        and translation.state == model.State.SENT
        and kept != translation.texts
    ):
        translation.state, translation.sent_by = model.State.DRAFT, None
        _audit(translation, "translation_changed_after_sending", actor)
    translation.texts = kept
    translation.last_edited_by = actor
    translation.save()
    return translation


@transaction.atomic
def reference_translation_send(
    *, model: Any, translation_id: int, actor: User, note: str = ""
) -> Any:
    """The translator sends it for sign-off, answering for all of it, as a
    translation of the English as it is now."""
    check_permission(actor, "translation_send")
    entry, translation = _lock(model, translation_id)
    if translation.state not in OPEN:
        raise TransitionNotAllowed("This translation is signed already.")
    english = model.english_texts(entry)
    missing = [key for key in english if not translation.texts.get(key, "").strip()]
    if missing:
        raise TransitionNotAllowed(
            f"Translate every part before sending it: {len(missing)} still empty."
        )
    if (
        translation.state == model.State.SENT
        and translation.sent_by_id == actor.pk
        and follows_current_english(translation, entry)
    ):
        raise TransitionNotAllowed("You have already sent this translation for sign-off.")
    translation.state = model.State.SENT
    translation.sent_by = actor
    translation.follows_sha256 = english_sha256(model, entry)
    translation.changes_requested = ""
    translation.save()
    _audit(translation, "translation_send", actor)
    return translation


@transaction.atomic
def reference_translation_request_changes(
    *, model: Any, translation_id: int, actor: User, note: str
) -> Any:
    """A clinician who reads the language sends it back, saying why."""
    check_permission(actor, "translation_request_changes")
    if not note.strip():
        raise TransitionNotAllowed("Say in the note what should change (it is kept).")
    _, translation = _lock(model, translation_id)
    profile = ExpertProfile.objects.filter(user=actor).first()
    if profile is None or not profile.signs_in(translation.language):
        raise PermissionDenied(
            "Changes to a translation are requested by a clinician who reads its language."
        )
    if translation.state != model.State.SENT:
        raise TransitionNotAllowed("This translation is not waiting for sign-off.")
    translation.state, translation.sent_by = model.State.DRAFT, None
    translation.changes_requested = note.strip()
    translation.save()
    _audit(translation, "translation_request_changes", actor)
    return translation


@transaction.atomic
def reference_translation_sign(
    *, model: Any, translation_id: int, actor: User, note: str = "", seen_sha256: str = ""
) -> Any:
    """A clinician who reads the language, and did not send it, signs it: it is
    shown at once in place of the one before (kept, no longer shown).
    `seen_sha256`: the hash of the text as the signer's page showed it; signing
    is refused if the text is no longer that one."""
    entry, translation = _lock(model, translation_id)
    refusal = signer_refusal(translation, actor)  # the permission first, said plainly
    if refusal:
        raise PermissionDenied(refusal)
    check_permission(actor, "translation_sign")
    refusal = state_refusal(translation, entry)
    if refusal:
        raise TransitionNotAllowed(refusal)
    if seen_sha256 and texts_sha256(translation.texts) != seen_sha256:
        # Sent again, changed, between the signer's reading and this sign-off.
        raise TransitionNotAllowed(
            "The translation changed while you were reading it. Reload the page and read "
            "it again before you sign."
        )
    profile = ExpertProfile.objects.get(user=actor)
    model.objects.filter(entry=entry, language=translation.language, is_current=True).update(
        is_current=False
    )
    translation.state = model.State.SIGNED
    translation.signer, translation.signed_by = profile, actor
    translation.signed_at = timezone.now()
    translation.signature_block = profile.signature_block()
    translation.sha256 = texts_sha256(translation.texts)
    translation.is_current = True
    translation.changes_requested = ""
    translation.save()  # stored unsigned until now, so the guard on signed rows lets it through
    content_changed()
    _audit(translation, "translation_sign", actor)
    announce(reference_translated, label=model._meta.label_lower, entry_id=entry.pk)
    return translation


def english_changed(*, model: Any, entry: Any, clinical: bool) -> int:
    """The English entry was saved with new text. A clinical change takes its
    translations off the public pages until they are translated and signed
    again; an editorial one keeps them, marked as following older English.
    Returns how many were taken off. Runs in the saving transaction."""
    if not clinical:
        content_changed()
        return 0
    withdrawn = model.objects.filter(entry=entry, is_current=True).update(is_current=False)
    content_changed()
    announce(reference_translated, label=model._meta.label_lower, entry_id=entry.pk)
    return withdrawn
