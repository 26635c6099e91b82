"""`manage.py load_demo_glossary`: the demo terms of the glossary, published
and reviewed by the demo clinicians (`load_demo` creates them; run it first).

Idempotent and keyed by slug: a term that already exists is left exactly as it
is (a clinician's edits survive a second run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.cache import content_changed
from core.demo_files import DemoFileError
from core.events import announce
from glossary import demo_files
from glossary.models import Term, TermTranslation
from glossary.signals import term_changed
from questions import demo_reference
from questions.models import ExpertProfile


class Command(BaseCommand):
    help = (
        "Load the glossary's demo terms. "
        "Safe to run again: existing terms are kept and nothing is duplicated."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entries = demo_files.read_terms()
        except DemoFileError as exc:
            raise CommandError(f"Demo glossary cannot be loaded: {exc}") from None
        wanted = {entry["reviewer"] for entry in entries}
        reviewers = {
            profile.user.username: profile
            for profile in ExpertProfile.objects.select_related("user").filter(
                user__username__in=wanted
            )
        }
        if missing := wanted - reviewers.keys():
            raise CommandError(
                f"No expert profile for {', '.join(sorted(missing))}; "
                'run "manage.py load_demo" first.'
            )
        created = kept = 0
        with transaction.atomic():
            for entry in entries:
                fields = {key: value for key, value in entry.items() if key != "reviewer"}
                fields["reviewed_by"] = reviewers[entry["reviewer"]]
                fields["is_published"] = True
                term, was_created = Term.objects.get_or_create(
                    slug=fields.pop("slug"), defaults=fields
                )
                created += was_created
                kept += not was_created
                if was_created:
                    announce(term_changed, term_id=term.pk)
            content_changed()
        self.stdout.write(f"Glossary: {created} terms created, {kept} kept.")
        try:
            with transaction.atomic():
                for language, folder, people in demo_reference.languages(demo_files.DEMO_DIR):
                    signed, kept = demo_reference.sign_all(
                        model=TermTranslation,
                        language=language,
                        texts_by_slug=demo_files.read_translations(folder),
                        people=people,
                    )
                    self.stdout.write(
                        f"Glossary in {language}: {signed} translations signed, {kept} kept."
                    )
        except DemoFileError as exc:
            raise CommandError(f"Demo glossary translations cannot be loaded: {exc}") from None
