"""`manage.py load_demo_drugs`: the demo entries of the drug reference.

The content lives in `drugs.demo_content`. Idempotent and keyed by slug: an
entry that already exists is left exactly as it is (a clinician's edits
survive a second run). Afterwards every Q&A link is recomputed, so Q&As
loaded before or after this command link to the therapies they name.

The reviewers are the demo clinicians that `load_demo` creates; run that first.
"""

from __future__ import annotations

import dataclasses

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from drugs import demo_content as content
from drugs import services
from drugs.models import MS_TYPES, Drug
from questions.demo_content import AS_OF
from questions.models import ExpertProfile

_NOT_MODEL_FIELDS = {"slug", "ms_types", "reviewer", "reviewed_on"}


class Command(BaseCommand):
    help = (
        "Load the demo entries of the drug reference and recompute the Q&A links. "
        "Safe to run again: existing entries are kept and nothing is duplicated."
    )

    def handle(self, *args, **options) -> None:
        self._check_content()
        reviewers = self._reviewers()
        created = kept = 0
        with transaction.atomic():
            for spec in content.DRUGS:
                _, was_created = Drug.objects.get_or_create(
                    slug=spec.slug, defaults=self._fields(spec, reviewers)
                )
                created += was_created
                kept += not was_created
            links = services.relink_all()
        self.stdout.write(f"Drug reference: {created} created, {kept} kept; {links} Q&A links.")

    def _check_content(self) -> None:
        problems = []
        slugs = [spec.slug for spec in content.DRUGS]
        if len(slugs) != len(set(slugs)):
            problems.append("two entries share a slug")
        for spec in content.DRUGS:
            if not spec.ms_types <= MS_TYPES.keys():
                problems.append(f"{spec.slug}: unknown MS type")
            if spec.status not in Drug.Status.values or spec.group not in Drug.Group.values:
                problems.append(f"{spec.slug}: unknown status or group")
            if spec.route not in Drug.Route.values:
                problems.append(f"{spec.slug}: unknown route")
        if problems:
            raise CommandError("Demo drug content is inconsistent: " + "; ".join(problems))

    def _reviewers(self) -> dict[str, ExpertProfile]:
        wanted = {spec.reviewer for spec in content.DRUGS}
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

    @staticmethod
    def _fields(spec: content.DrugSpec, reviewers: dict[str, ExpertProfile]) -> dict:
        fields = {
            f.name: getattr(spec, f.name)
            for f in dataclasses.fields(spec)
            if f.name not in _NOT_MODEL_FIELDS
        }
        for key, (field_name, _, _) in MS_TYPES.items():
            fields[field_name] = key in spec.ms_types
        fields["reviewed_by"] = reviewers[spec.reviewer]
        fields["reviewed_on"] = spec.reviewed_on + (timezone.localdate() - AS_OF)
        fields["is_published"] = True
        return fields
