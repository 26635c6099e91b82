"""`manage.py load_demo_drugs`: the demo entries of the drug reference.

The content lives in one TOML file per entry under `drugs/demo/` (read by
`drugs.demo_files`). Idempotent and keyed by slug: an entry that already
exists is left exactly as it is (a clinician's edits survive a second run).
Afterwards every Q&A link is recomputed, so Q&As loaded before or after this
command link to the therapies they name.

The reviewers are the demo clinicians that `load_demo` creates; run that first.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.demo_files import DemoFileError
from core.events import announce
from drugs import demo_files, services
from drugs.models import Drug, DrugTranslation, SideEffect
from drugs.signals import drug_changed
from questions import demo_reference
from questions.models import ExpertProfile


class Command(BaseCommand):
    help = (
        "Load the demo entries of the drug reference and recompute the Q&A links. "
        "Safe to run again: existing entries are kept and nothing is duplicated."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entries = demo_files.read_drugs(demo_files.DEMO_DIR)
        except DemoFileError as exc:
            raise CommandError(f"Demo drug content cannot be loaded: {exc}") from None
        reviewers = self._reviewers({entry["reviewer"] for entry in entries})
        created = kept = 0
        with transaction.atomic():
            for entry in entries:
                fields = {
                    key: value
                    for key, value in entry.items()
                    if key not in {"reviewer", "side_effects"}
                }
                fields["reviewed_by"] = reviewers[entry["reviewer"]]
                fields["is_published"] = True
                drug, was_created = Drug.objects.get_or_create(
                    slug=fields.pop("slug"), defaults=fields
                )
                if was_created:
                    for effect in entry["side_effects"]:
                        effect.drug = drug
                    SideEffect.objects.bulk_create(entry["side_effects"])
                created += was_created
                kept += not was_created
            links = services.relink_all()
            for drug_id in Drug.objects.values_list("pk", flat=True):
                announce(drug_changed, drug_id=drug_id)  # search indexes the sections
        self.stdout.write(f"Drug reference: {created} created, {kept} kept; {links} Q&A links.")
        self._translations()

    def _translations(self) -> None:
        """The entries translated for the demo, signed as staff sign them."""
        try:
            with transaction.atomic():
                for language, folder, people in demo_reference.languages(demo_files.DEMO_DIR):
                    signed, kept = demo_reference.sign_all(
                        model=DrugTranslation,
                        language=language,
                        texts_by_slug=demo_files.read_translations(folder),
                        people=people,
                    )
                    self.stdout.write(
                        f"Drug reference in {language}: {signed} translations signed, {kept} kept."
                    )
        except DemoFileError as exc:
            raise CommandError(f"Demo drug translations cannot be loaded: {exc}") from None

    @staticmethod
    def _reviewers(wanted: set[str]) -> dict[str, ExpertProfile]:
        found = {
            profile.user.username: profile
            for profile in ExpertProfile.objects.select_related("user").filter(
                user__username__in=wanted
            )
        }
        missing = wanted - found.keys()
        if missing:
            raise CommandError(
                f"No expert profile for {', '.join(sorted(missing))}; "
                'run "manage.py load_demo" first.'
            )
        return found
