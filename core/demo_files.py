"""Reading demo content from files, shared by the Q&A and drug demos: every
mistake is reported with the name of the file it is in."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.conf import settings


class DemoFileError(ValueError):
    """A demo file that cannot be loaded; the message starts with the file's name."""


def display(path: Path) -> str:
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DemoFileError(f"{display(path)}: {exc}") from None


def take(path: Path, table: dict, required: set[str], optional: set[str], where: str = "") -> dict:
    """The table's values, refusing a missing or an unknown key (a typo would be lost)."""
    place = f" in [{where}]" if where else ""
    if missing := sorted(required - table.keys()):
        raise DemoFileError(f"{display(path)}: missing {', '.join(missing)}{place}")
    if unknown := sorted(table.keys() - required - optional):
        raise DemoFileError(f"{display(path)}: unknown key {', '.join(unknown)}{place}")
    return table
