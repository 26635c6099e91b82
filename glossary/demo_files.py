"""Read the glossary's demo terms: glossary/demo/terms.toml, one [[term]] table
per term, in the file's order. The review day is given in days before the day
the demo is loaded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NoReturn

from django.utils import timezone

from core.demo_files import DemoFileError, display, read_toml, take

DEMO_DIR = Path(__file__).resolve().parent / "demo"
DEMO_FILE = DEMO_DIR / "terms.toml"

_REQUIRED = {"slug", "name", "explanation", "source", "reviewer", "reviewed_days_ago"}
_OPTIONAL = {"other_names"}


def read_terms(path: Path = DEMO_FILE) -> list[dict]:
    """Each term as Term field values, plus `reviewer` (a username)."""
    data = read_toml(path)
    take(path, data, {"term"}, set())
    terms: list[dict] = []
    seen: dict[tuple[str, str], str] = {}
    for number, table in enumerate(data["term"], start=1):
        where = f"term {number}"

        def fail(problem: str, where: str = where) -> NoReturn:
            raise DemoFileError(f"{display(path)}: {problem} in [{where}]")

        take(path, table, _REQUIRED, _OPTIONAL, where=where)
        for key in ("slug", "name"):
            value = table[key].lower()
            if (key, value) in seen:
                fail(f"same {key} as [{seen[key, value]}]")
            seen[key, value] = where
        terms.append(
            {
                "slug": table["slug"],
                "name": table["name"],
                "other_names": ", ".join(table.get("other_names", [])),
                "explanation": table["explanation"].strip(),
                "source_note": table["source"],
                "reviewer": table["reviewer"],
                "reviewed_on": timezone.localdate() - dt.timedelta(days=table["reviewed_days_ago"]),
            }
        )
    return terms


def read_translations(folder: Path) -> dict[str, dict[str, str]]:
    """The translated terms of one language folder (translations/<language>/,
    every .toml but signing.toml), as texts keyed by the term's fields."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == "signing.toml":
            continue
        for number, row in enumerate(read_toml(path).get("term", []), 1):
            where = f"term {number}"
            data = take(path, row, {"slug", "name", "explanation"}, {"other_names"}, where)
            slug = data.pop("slug")
            if slug in found:
                raise DemoFileError(f"{display(path)}: {where}: {slug!r} is translated twice")
            data["other_names"] = ", ".join(data.get("other_names", []))
            found[slug] = {key: value.strip() for key, value in data.items() if value}
    return found
