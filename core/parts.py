"""Parts of a public page kept under what they are made of.

Any change of public content empties the whole page cache (core.cache): exact,
but every page is then built again, and most of what most pages show did not
change. A drug's reference text and a Q&A's signed question and answer change
only when signed again; rendering them (the template, the plain text made into
HTML, the glossary's links) was a third of a drug page's build.

A part is kept under a digest of everything it shows: the rows it is made of,
the values it reads from elsewhere, the page's language and day, the site's
own code, libraries and settings, and what the template nodes inside it say
they read (the glossary's terms, for a `{% glossary %}` block:
core.templatetags.parts). It needs no invalidation and is never stale: a new
version of what it is made of is a new key, and the old entry expires unused.
The price is the rule that goes with it: a part shows nothing that is not in
what it is made of. The rows of a list and the page's frame are kept the same
way.

Parts are kept only while a page is built for everyone (`public_page`, for a
visitor with no session); staff, and a staff preview, have them rendered afresh.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import hashlib
import os
import sys
import uuid
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.functional import Promise

from .cache import PAGE_TIMEOUT, building_for_everyone, cache_call

PART_PREFIX = "part:"

# Files whose change changes how a part renders: the site's code, templates,
# compiled catalogues and static files (a part may name one by its hashed
# name); not the tests, documents, build output or collected copies.
_SOURCES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg"}
_SKIPPED = {
    "tests",
    "docs",
    "scripts",
    "staticfiles",
    "node_modules",
    "media",
    "build",
    "dist",
    "htmlcov",
    "test-artifacts",
}
# Where the checkout is, not what it holds.
_PLACES = {"BASE_DIR", "STATIC_ROOT", "MEDIA_ROOT"}


@functools.cache
def code_digest() -> str:
    """A digest of what renders a part, worked out once per process when it
    starts (core.apps), before any change to the files on disk: the site's own
    files, the Python and libraries it runs on, and its settings. An upgrade or
    a changed setting (SITE_URL, a review period) gives every part a new key,
    the same on every app server that runs the same code and settings."""
    digest = hashlib.blake2b(digest_size=16)
    root = Path(settings.BASE_DIR)
    for path in sorted(_source_files(root)):
        try:
            content = path.read_bytes()
        except OSError:  # gone or unreadable since it was listed: not part of the site
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(content)
    digest.update(sys.version.encode())
    libraries = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(libraries).encode())
    for name in sorted(dir(settings)):
        if not name.isupper() or name.startswith("_") or name in _PLACES:
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
    _framed.clear()


def _source_files(root: Path) -> Iterable[Path]:
    """The site's regular files of the kinds above, leaving out hidden ones
    (an editor's lock file, a dangling link) at any depth."""
    for folder, folders, files in os.walk(root):
        folders[:] = [f for f in folders if not f.startswith(".") and f not in _SKIPPED]
        folders[:] = [f for f in folders if not f.endswith(".egg-info")]
        for name in files:
            path = Path(folder, name)
            if not name.startswith(".") and path.suffix in _SOURCES and path.is_file():
                yield path


def ingredient(value: Any) -> Any:
    """A value as a part's key sees it: a model instance by the values of its
    columns that were read (a deferred one is not read here), a list or tuple
    by its items, a lazy translation or bytes by their text; None, numbers,
    text, dates and dicts of them as they are. Anything else (a set, a query,
    an object shown by its address) raises TypeError: its repr would not say
    all it shows, or not the same way twice."""
    if isinstance(value, models.Model):
        deferred = value.get_deferred_fields()
        return (
            value._meta.label,
            tuple(
                ingredient(getattr(value, field.attname))
                for field in value._meta.concrete_fields
                if field.attname not in deferred
            ),
        )
    if isinstance(value, (list, tuple)):
        return tuple(ingredient(item) for item in value)
    if isinstance(value, dict):
        return tuple((key, ingredient(item)) for key, item in value.items())
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return hashlib.blake2b(bytes(value), digest_size=16).hexdigest()
    if value is None or isinstance(value, _PLAIN):
        return value
    raise TypeError(f"A kept part cannot be keyed by a {type(value).__name__}.")


_PLAIN = (
    str,
    int,
    float,
    decimal.Decimal,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    uuid.UUID,
)


def part_key(name: str, made_of: Iterable[Any], also: Iterable[Callable[[], Any]] = ()) -> str:
    whole = (
        code_digest(),
        name,
        translation.get_language(),
        timezone.localdate().isoformat(),
        tuple(read() for read in also),
        tuple(ingredient(value) for value in made_of),
    )
    return PART_PREFIX + name + ":" + hashlib.blake2b(repr(whole).encode()).hexdigest()


# Parts made of nothing but the language, the day and the code (the page's
# frame: its links in <head>, its footer) are a handful: each worker keeps
# them too, and reads them with no round trip. Bounded all the same.
_framed: dict[str, str] = {}
_FRAMED_MOST = 64


def part(
    name: str,
    made_of: Iterable[Any],
    render: Callable[[], str],
    also: Iterable[Callable[[], Any]] = (),
) -> str:
    """`render()`, or what it gave before for the same `made_of` and the same
    values of `also` (each called at each use: it must be cheap)."""
    if not building_for_everyone():
        return render()
    made_of, also = tuple(made_of), tuple(also)
    key = part_key(name, made_of, also)
    framed = not made_of and not also
    if framed and (html := _framed.get(key)) is not None:
        return html
    html = cache_call("get", key)
    if html is None:
        html = render()
        cache_call("set", key, html, PAGE_TIMEOUT)
    if framed:
        if len(_framed) >= _FRAMED_MOST:
            _framed.clear()
        _framed[key] = html
    return html
