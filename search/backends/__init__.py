"""Which database runs the searches: the one the site runs on.

PostgreSQL's full-text search (`postgres`) or SQLite's FTS5 (`sqlite`), behind
one interface (`engine`) and returning the same results, so that the rest of
search never asks which database it is on.
"""

from __future__ import annotations

from django.db import connection

from .engine import Engine
from .postgres import PostgresBackend
from .sqlite import SqliteBackend


def backend(language: str | None = None) -> Engine:
    """The engine searching `language` (the page's unless given)."""
    engine = PostgresBackend if connection.vendor == "postgresql" else SqliteBackend
    return engine(language)
