"""Rebuild the search index from the published Q&As and drug entries, e.g.
after a bulk load that bypassed the services (generate_large_dataset)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from search import index


class Command(BaseCommand):
    help = "Rebuild the search entries (and, unless --no-related, every related-Q&A list)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-related",
            action="store_true",
            help="Leave the related Q&As as they are (at 50,000 Q&As a few minutes on "
            "PostgreSQL, hours on SQLite).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            elapsed = time.monotonic() - started
            self.stdout.write(f"Related Q&As: {done:,} of {total:,} ({elapsed:.0f} s)")

        # The planner's statistics are refreshed inside, before the related
        # Q&As are ranked (see index._analyze).
        count = index.rebuild(related=not options["no_related"], progress=progress)
        self.stdout.write(f"Search index: {count:,} entries in {time.monotonic() - started:.1f} s.")
