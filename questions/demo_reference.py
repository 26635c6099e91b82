"""The demo's translations of reference entries (drug pages, glossary terms),
made as staff make them: saved and sent by the demo's translator and signed by
a colleague who reads the language, through the services. Shared by the drug
reference's and the glossary's demo commands.

A folder per language (`<app>/demo/translations/<language>/`) holds
`signing.toml` (translator, signer: usernames) and the translations; each app
reads its own files into texts keyed as its `english_texts` keys them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from core.demo_files import DemoFileError, read_toml, take

from .models import ReferenceTranslation
from .services.reference_translations import (
    reference_translation_save,
    reference_translation_send,
    reference_translation_sign,
)


def languages(directory: Path) -> list[tuple[str, Path, dict[str, User]]]:
    """Each language folder under `directory`/translations, with its translator and signer."""
    found = []
    for folder in sorted(p for p in (directory / "translations").glob("*") if p.is_dir()):
        signing = take(
            folder / "signing.toml",
            read_toml(folder / "signing.toml"),
            {"translator", "signer"},
            set(),
        )
        users = {user.username: user for user in User.objects.filter(username__in=signing.values())}
        if missing := set(signing.values()) - users.keys():
            raise DemoFileError(
                f"No staff user {', '.join(sorted(missing))} for the translations in {folder.name}; "
                'run "manage.py load_demo" first.'
            )
        found.append((folder.name, folder, {role: users[name] for role, name in signing.items()}))
    return found


def sign_all(
    *, model: Any, language: str, texts_by_slug: dict[str, dict[str, str]], people: dict[str, User]
) -> tuple[int, int]:
    """Translate and sign each entry (by slug) that has no signed translation in
    the language yet; one that has is kept as it is. Returns (signed, kept)."""
    entries = model._meta.get_field("entry").related_model.objects.filter(slug__in=texts_by_slug)
    by_slug = {entry.slug: entry for entry in entries}
    if missing := texts_by_slug.keys() - by_slug.keys():
        raise DemoFileError(
            f"Translations of entries that do not exist: {', '.join(sorted(missing))}"
        )
    signed = kept = 0
    for slug, texts in texts_by_slug.items():
        entry = by_slug[slug]
        done = model.objects.filter(
            entry=entry, language=language, state=ReferenceTranslation.State.SIGNED
        )
        if done.exists():
            kept += 1
            continue
        translation = reference_translation_save(
            model=model,
            entry_id=entry.pk,
            language=language,
            actor=people["translator"],
            texts=texts,
        )
        reference_translation_send(
            model=model, translation_id=translation.pk, actor=people["translator"]
        )
        reference_translation_sign(
            model=model, translation_id=translation.pk, actor=people["signer"]
        )
        signed += 1
    return signed, kept
