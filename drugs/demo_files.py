"""Read the demo entries of the drug reference: one TOML file per entry in
drugs/demo/, read in the order of their names.

Hand-written because `tomllib` does all the parsing; what is left is checking
the keys against the model, with the file's name in every message. Long texts
are wrapped with TOML's own line-ending backslash, so they need no unwrapping.
The review day is given in days before the day the demo is loaded. Side
effects are a table of lists keyed by frequency (`very_common = ["headache"]`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NoReturn

from django.utils import timezone

from core.demo_files import DemoFileError, display, read_toml, take
from drugs.models import MS_TYPES, SIDE_EFFECT_KEY, TRANSLATED_FIELDS, Drug, SideEffect

DEMO_DIR = Path(__file__).resolve().parent / "demo"

_REQUIRED = {"slug", "generic_name", "group", "status", "route", "ms_types", "reviewer"}
_REQUIRED |= {"mechanism_short", "schedule_short", "risks_short", "summary", "reviewed_days_ago"}
# Set by the loader, never by a file.
_NOT_IN_FILES = {"id", "reviewed_by", "reviewed_on", "is_published", "updated_at", "created_at"}


_FREQUENCIES = {member.name.lower(): member for member in SideEffect.Frequency}


def read_drugs(directory: Path) -> list[dict]:
    """Each entry as Drug field values, plus `reviewer` (a username) and
    `side_effects` (unsaved SideEffect rows without their drug)."""
    entries: list[dict] = []
    slugs: dict[str, Path] = {}
    fields = {f.name for f in Drug._meta.concrete_fields} - _NOT_IN_FILES
    fields -= {field_name for field_name, _, _ in MS_TYPES.values()}
    for path in sorted(directory.glob("*.toml")):
        data = read_toml(path)

        def fail(problem: str, path: Path = path) -> NoReturn:
            raise DemoFileError(f"{display(path)}: {problem}")

        take(path, data, _REQUIRED, fields | {"side_effects"})
        if data["slug"] in slugs:
            fail(f"same slug as {display(slugs[data['slug']])}")
        slugs[data["slug"]] = path
        if not set(data["ms_types"]) <= MS_TYPES.keys():
            fail(f"ms_types must be among {', '.join(MS_TYPES)}")
        for key, choices in [("group", Drug.Group), ("status", Drug.Status), ("route", Drug.Route)]:
            if data[key] not in choices.values:
                fail(f"{key} is {data[key]!r}, not one of {', '.join(choices.values)}")
        ms_types = set(data.pop("ms_types"))
        for key, (field_name, _, _) in MS_TYPES.items():
            data[field_name] = key in ms_types
        bands = take(path, data.pop("side_effects", {}), set(), set(_FREQUENCIES), "side_effects")
        data["side_effects"] = [
            SideEffect(frequency=_FREQUENCIES[band], effect=effect, position=position)
            for band, effects in bands.items()
            for position, effect in enumerate(effects)
        ]
        days = data.pop("reviewed_days_ago")
        data["reviewed_on"] = timezone.localdate() - dt.timedelta(days=days)
        entries.append(data)
    return entries


def read_translations(folder: Path) -> dict[str, dict[str, str]]:
    """The translated entries of one language folder (translations/<language>/),
    as texts keyed as DrugTranslation.english_texts keys them: each side effect
    by its entry's side effect in the same band and place."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == "signing.toml":
            continue
        data = take(path, read_toml(path), {"slug"}, {*TRANSLATED_FIELDS, "side_effects"})
        slug = data.pop("slug")
        drug = Drug.objects.filter(slug=slug).prefetch_related("side_effects").first()
        if drug is None:
            raise DemoFileError(f"{display(path)}: no drug entry with the slug {slug!r}")
        bands = take(path, data.pop("side_effects", {}), set(), set(_FREQUENCIES), "side_effects")
        texts = {key: value for key, value in data.items() if value}
        for band, translated in bands.items():
            english = [e for e in drug.side_effects.all() if e.frequency == _FREQUENCIES[band]]
            if len(english) != len(translated):
                raise DemoFileError(
                    f"{display(path)}: side_effects.{band} has {len(translated)} items, "
                    f"the English {len(english)}"
                )
            for effect, text in zip(english, translated, strict=True):
                texts[f"{SIDE_EFFECT_KEY}{effect.pk}"] = text
        found[slug] = texts
    return found
