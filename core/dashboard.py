""" "Waiting for you" on the admin's front page, in one box: each app adds the
rows of its own work in its AppConfig.ready() (as apps register their admin
classes), so the box lists them all while core imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.contrib.auth.models import User


class Row(NamedTuple):
    place: int  # rows of all apps are listed by this: 10 urgent triage ... 90 failed mail
    label: str  # after the count: "3 comments waiting for approval"
    how_many: int
    url: str  # the admin list of exactly those


Source = Callable[[User], list[Row]]

_sources: list[Source] = []


def register(source: Source) -> None:
    """Add an app's rows. Registering twice is a no-op."""
    if source not in _sources:
        _sources.append(source)


def rows_for(user: User) -> list[Row]:
    """Every app's rows for this user, by place."""
    return sorted((row for source in _sources for row in source(user)), key=lambda row: row.place)
