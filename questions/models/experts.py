"""Clinicians: the signature block they sign with, and their public page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify


class ExpertProfile(models.Model):
    """A clinician's signature block. Copied into every answer they sign, so
    later edits here never change an answer already signed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile"
    )
    display_name = models.CharField(max_length=120, help_text='As signed, e.g. "Jane Roe, MD".')
    credentials = models.CharField(
        max_length=200,
        blank=True,
        help_text="Degrees and board certifications, e.g. “MD, PhD, FAAN”.",
    )
    titles = models.TextField(
        blank=True, help_text="One title per line, e.g. “Professor of Neurology”."
    )
    institution = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, help_text="A short public biography (plain text).")
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="Part of the public address of the clinician's page; made from the name "
        "when left empty. Never change it once used.",
    )
    # The photo lives in the database, re-encoded on upload (questions.services.experts):
    # no uploaded file is ever stored or served as sent, and there is no media folder to serve.
    photo = models.BinaryField(blank=True, editable=False)
    photo_updated_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the photo was last set."
    )
    # Codes of settings.LANGUAGES, separated by spaces: a short list that needs
    # no table of its own and reads the same on SQLite and PostgreSQL.
    languages = models.CharField(
        "languages they sign in",
        max_length=100,
        default="en",
        help_text="The languages this clinician reads well enough to sign a translation in.",
    )

    class Meta:
        ordering = ["display_name"]
        constraints = [
            # Every profile has a page address: an empty one cannot be linked to,
            # and every page that shows the signature would fail. save() and
            # clean() fill it; this holds for bulk writes and raw SQL too.
            models.CheckConstraint(
                condition=~models.Q(slug=""),
                name="expert_slug_not_empty",
                violation_error_message="Every clinician's page needs an address.",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every path that creates a profile (admin, demo loader, shell) gets a page address.
        self._fill_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("experts:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # Before the constraints are checked (the admin form leaves it empty to mean
        # "make it from the name").
        self._fill_slug()

    def _fill_slug(self) -> None:
        if not self.slug:
            self.slug = free_expert_slug(self.display_name, profile_id=self.pk)

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    def signs_in(self, language: str) -> bool:
        return language in self.language_codes

    @property
    def has_photo(self) -> bool:
        return self.photo_updated_at is not None

    def photo_url(self) -> str:
        # The time of upload in the address: a new photo is a new address for every cache.
        version = f"{self.photo_updated_at:%Y%m%d%H%M%S}" if self.photo_updated_at else "0"
        return reverse("experts:photo", kwargs={"slug": self.slug, "version": version})

    def signature_block(self) -> str:
        lines = [self.display_name]
        if self.credentials:
            lines.append(self.credentials)
        lines += [line.strip() for line in self.titles.splitlines() if line.strip()]
        if self.institution:
            lines.append(self.institution)
        return "\n".join(lines)


def free_expert_slug(display_name: str, *, profile_id: int | None) -> str:
    """A slug for the name that no other profile uses ("jane-roe-md", "jane-roe-md-2")."""
    base = slugify(display_name)[:100].strip("-") or "clinician"
    others = ExpertProfile.objects.filter(slug__startswith=base)
    if profile_id is not None:  # a profile keeps its own slug
        others = others.exclude(pk=profile_id)
    taken = set(others.values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
