"""`manage.py relink_drugs`: recompute which published Q&As name which therapy.

Normally unnecessary: links are updated when a Q&A is published or re-signed
and when a therapy's names change in the admin. Run it after importing data
or changing the matching rules.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from drugs import services


class Command(BaseCommand):
    help = "Recompute the links between published Q&As and the drug reference."

    def handle(self, *args: Any, **options: Any) -> None:
        links = services.relink_all()
        self.stdout.write(f"{links} Q&A links to the drug reference.")
