"""Ids for rows a bulk insert is about to write (generate_large_dataset): Django's
bulk_create returns none on SQLite, and related rows need them first."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Model


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """Ids for rows about to be inserted, taken from the table's own sequence
    so that later inserts without an id never collide with them."""
    table = model._meta.db_table
    column = model._meta.pk.column
    assert column is not None  # a primary key is a column of its table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            # The transaction holds SQLite's write lock (settings: IMMEDIATE), so
            # nobody else can take these. AUTOINCREMENT remembers deleted ids too.
            pk, quoted = (
                connection.ops.quote_name(column),
                connection.ops.quote_name(table),
            )
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT MAX({pk}) FROM {quoted}), 0), "  # noqa: S608 - table name from the model
                "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
                [table],
            )
            last = cursor.fetchone()[0]
            return list(range(last + 1, last + 1 + count))
    raise CommandError(f"{connection.vendor} is not supported: use SQLite or PostgreSQL.")
