"""Load the MS vocabulary (search/data/ms_vocabulary.toml, and its Spanish
ms_vocabulary_es.toml) into the synonym
groups staff edit in the admin. Safe to run on every deployment: only groups
not there yet are added, a group staff edited is left as they left it, and
one they deleted is not added again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from search import synonyms


class Command(BaseCommand):
    help = "Add the MS vocabulary's synonym groups that are not there yet; edits are kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            action="append",
            help="A vocabulary file (default: those shipped with search, one per language).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["file"] or synonyms.VOCABULARIES:
            if not path.exists():
                raise CommandError(f"No vocabulary file at {path}.")
            loaded = synonyms.vocabulary_load(path=path)
            declined = (
                f", {loaded.declined} deleted by staff and left out" if loaded.declined else ""
            )
            self.stdout.write(
                f"MS vocabulary ({path.name}): {loaded.added} synonym "
                f"group{'s' if loaded.added != 1 else ''} added, "
                f"{loaded.kept} already there{declined}."
            )
