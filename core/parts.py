"""Parts of a public page kept under what they are made of.

Any change of public content empties the whole page cache (core.cache): exact,
but every page is then built again, and most of what most pages show did not
change. A drug's reference text and a Q&A's signed question and answer change
only when signed again; rendering them (the template, the plain text made into
HTML, the glossary's links) was a third of a drug page's build.

A part is kept under a digest of everything it shows: the rows it is made of,
the values it reads from elsewhere, the page's language and day, the site's
own code and settings, and whatever the apps register with `also_made_of` (the glossary's
terms). It needs no invalidation and is never stale: a new version of what it
is made of is a new key, and the old entry expires unused. The price is the
rule that goes with it: a part shows nothing that is not in what it is made of.

Parts are kept only while a page is built for everyone (`public_page`, for an
anonymous visitor); a staff preview renders them afresh.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils import timezone, translation

from .cache import PAGE_TIMEOUT, building_for_everyone, cache_call

PART_PREFIX = "part:"

# What every part is also made of, registered by the apps that provide it.
_also: list[Callable[[], Any]] = []


def also_made_of(ingredient: Callable[[], Any]) -> None:
    """Make every part depend on `ingredient()` too (called at each use: it
    must be cheap). For what many parts read without naming it: the glossary's
    terms, which any text may link to."""
    _also.append(ingredient)


# Files whose change changes how a part renders: the site's code, templates,
# compiled catalogues and static files (a part may name one by its hashed
# name); not the tests, documents or collected copies.
_SOURCES = ("*.py", "*.html", "*.txt", "*.mo", "*.css", "*.js", "*.svg")
_SKIPPED = {"tests", "docs", "scripts", "staticfiles", "node_modules", "media", "mscenter.egg-info"}


@functools.cache
def code_digest() -> str:
    """A digest of the site's own source and settings, read once per process:
    an upgrade, or a changed setting (SITE_URL, a review period), gives every
    part a new key, on every app server that runs the same code and settings."""
    digest = hashlib.blake2b(digest_size=16)
    root = Path(settings.BASE_DIR)
    for path in sorted(_source_files(root)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    for name in sorted(dir(settings)):
        if not name.isupper() or name.startswith("_"):
            continue
        value = getattr(settings, name)
        # A set's order, and an object's address, differ from process to process.
        text = repr(sorted(map(repr, value)) if isinstance(value, (set, frozenset)) else value)
        if " at 0x" not in text:
            digest.update(f"{name}={text}".encode())
    return digest.hexdigest()


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    # A test's override_settings: the parts rendered before it are of other settings.
    code_digest.cache_clear()


def _source_files(root: Path) -> Iterable[Path]:
    for entry in root.iterdir():
        if entry.name.startswith(".") or entry.name in _SKIPPED:
            continue
        if entry.is_dir():
            for pattern in _SOURCES:
                yield from entry.rglob(pattern)
        elif any(entry.match(pattern) for pattern in _SOURCES):
            yield entry


def ingredient(value: Any) -> Any:
    """A value as a part's key sees it: a model instance by the values of its
    columns that were read (a deferred one is not read here), a list by its
    items; anything else as it is (its repr must say all it shows)."""
    if isinstance(value, models.Model):
        deferred = value.get_deferred_fields()
        columns = tuple(
            getattr(value, field.attname)
            for field in value._meta.concrete_fields
            if field.attname not in deferred
        )
        return (value._meta.label, columns)
    if isinstance(value, (list, tuple)):
        return tuple(ingredient(item) for item in value)
    return value


def part_key(name: str, made_of: Iterable[Any]) -> str:
    whole = (
        code_digest(),
        name,
        translation.get_language(),
        timezone.localdate().isoformat(),
        tuple(also() for also in _also),
        tuple(ingredient(value) for value in made_of),
    )
    return PART_PREFIX + name + ":" + hashlib.blake2b(repr(whole).encode()).hexdigest()


def part(name: str, made_of: Iterable[Any], render: Callable[[], str]) -> str:
    """`render()`, or what it gave before for the same `made_of` (see above)."""
    if not building_for_everyone():
        return render()
    key = part_key(name, made_of)
    html = cache_call("get", key)
    if html is None:
        html = render()
        cache_call("set", key, html, PAGE_TIMEOUT)
    return html
