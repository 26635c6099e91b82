"""Rebuild the search index from the published Q&As and drug entries, e.g.
after a bulk load that bypassed the services (generate_large_dataset)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import connection

from search import index


class Command(BaseCommand):
    help = "Rebuild the search entries (and, unless --no-related, every related-Q&A list)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-related",
            action="store_true",
            help="Leave the related Q&As as they are (a long step at 50,000 Q&As).",
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        count = index.rebuild(related=not options["no_related"])
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner: with those of the empty index
            # it takes a word in half the answers for a rare one, and reads
            # every match instead of walking the newest.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_searchentry, search_term")
        self.stdout.write(f"Search index: {count:,} entries in {time.monotonic() - started:.1f} s.")
