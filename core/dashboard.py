""" "Waiting for you" on the admin's front page, in one box: each app adds the
rows of its own work in its AppConfig.ready() (as apps register their admin
classes), so the box lists them all while core imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.contrib.auth.models import User


class Row(NamedTuple):
    label: str  # after the count: "3 comments waiting for approval"
    number: int  # not `count`: a tuple's own count() method keeps its name
    url: str  # the admin list of exactly those


Source = Callable[[User], list[Row]]

_sources: list[tuple[int, Source]] = []


def register(source: Source, *, order: int) -> None:
    """Add an app's rows; lower `order` comes first. Registering twice is a no-op."""
    if all(existing is not source for _, existing in _sources):
        _sources.append((order, source))
        _sources.sort(key=lambda pair: pair[0])


def rows_for(user: User) -> list[Row]:
    """The box's rows for a signed-in staff member (it is on the admin's index only)."""
    return [row for _, source in _sources for row in source(user)]
