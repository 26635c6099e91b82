"""The drug reference: one reviewed entry per MS therapy, and which published
Q&As name it.

Long texts are plain text written by clinicians; pages render them with the
`plaintext` filter (escaped, line breaks kept, web addresses linked).
"""

from __future__ import annotations

import copy
import re
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from questions.models import (
    ExpertProfile,
    Question,
    ReferenceTranslation,
    keep_review_due,
    reference_constraints,
    review_is_overdue,
)

if TYPE_CHECKING:  # a development dependency: only its type is named
    from django_stubs_ext import StrOrPromise

# Filter value -> (model field, short label, full label). The order is the
# order of the disease course, used on pages and in the filter.
MS_TYPES: dict[str, tuple[str, StrOrPromise, StrOrPromise]] = {
    "cis": ("for_cis", _("CIS"), _("Clinically isolated syndrome (CIS)")),
    "rrms": ("for_rrms", _("RRMS"), _("Relapsing-remitting MS (RRMS)")),
    "active_spms": ("for_active_spms", _("Active SPMS"), _("Active secondary progressive MS")),
    "ppms": ("for_ppms", _("PPMS"), _("Primary progressive MS (PPMS)")),
}


def split_names(value: str) -> list[str]:
    """A comma-separated list of names as typed in the admin."""
    return [name.strip() for name in value.split(",") if name.strip()]


class DrugQuerySet(models.QuerySet):
    def published(self) -> DrugQuerySet:
        """The one rule for which entries the public may see."""
        return self.filter(is_published=True)


class Drug(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", _("FDA-approved for MS")
        RARELY_USED = "rarely_used", _("FDA-approved, rarely used now")
        OFF_LABEL = "off_label", _("Off-label (no MS approval)")
        RELAPSE_ONLY = "relapse_only", _("For relapses (not disease-modifying)")
        INVESTIGATIONAL = "investigational", _("Investigational (trials only)")
        PROCEDURE = "procedure", _("Not a drug (a procedure)")

    class Group(models.TextChoices):
        # The order here is the order of the sections on the list page.
        DISEASE_MODIFYING = "disease_modifying", _("Disease-modifying infusions")
        OTHER_INFUSION = "other_infusion", _("Other infusion options")
        INVESTIGATIONAL = "investigational", _("Investigational therapies")

    class Route(models.TextChoices):
        IV = "iv", _("IV infusion")
        SUBCUTANEOUS = "subcutaneous", _("Injection under the skin")
        ORAL = "oral", _("By mouth")
        PROCEDURE = "procedure", _("Procedure")

    # -- names ------------------------------------------------------------------
    generic_name = models.CharField(
        max_length=120,
        help_text="Lower case unless it is a proper name, e.g. “ocrelizumab”, “plasma exchange”. "
        "Q&As that name it link to this page.",
    )
    display_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="The page heading, only if it should differ from the generic name, "
        "e.g. “High-dose IV methylprednisolone”.",
    )
    brand_names = models.CharField(
        max_length=200,
        blank=True,
        help_text="Separated by commas, e.g. “Ocrevus, Ocrevus Zunovo”. "
        "Q&As that name any of them link to this page.",
    )
    biosimilars = models.CharField(
        max_length=200,
        blank=True,
        help_text="Brand names of biosimilars, separated by commas. Also linked from Q&As.",
    )
    other_names = models.CharField(
        max_length=200,
        blank=True,
        help_text="Other names readers use, separated by commas, e.g. “plasmapheresis”. "
        "Not shown; Q&As that use them link here. Matching is whole words, any case.",
    )
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Part of the public URL; never change it once used."
    )

    # -- the comparison table ---------------------------------------------------
    group = models.CharField(
        max_length=20,
        choices=Group.choices,
        default=Group.DISEASE_MODIFYING,
        help_text="Which table of the drug list it appears in.",
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.IV)
    for_cis = models.BooleanField("CIS", default=False)
    for_rrms = models.BooleanField("RRMS", default=False)
    for_active_spms = models.BooleanField("active SPMS", default=False)
    for_ppms = models.BooleanField("PPMS", default=False)
    mechanism_short = models.CharField(
        "how it works (short)",
        max_length=160,
        help_text="One short phrase for the comparison table.",
    )
    schedule_short = models.CharField(
        "how often (short)",
        max_length=160,
        help_text="One short phrase for the comparison table.",
    )
    risks_short = models.CharField(
        "key risks (short)",
        max_length=200,
        help_text="One short phrase for the comparison table and the page's key facts.",
    )
    purpose_short = models.CharField(
        "what it is for (short)",
        max_length=200,
        blank=True,
        help_text="For the key facts at the top of the page, in plain words, e.g. "
        "“Relapsing MS and primary progressive MS”. Empty: the MS types are listed.",
    )
    given_short = models.CharField(
        "how it is given (short)",
        max_length=200,
        blank=True,
        help_text="For the key facts, e.g. “A drip into a vein at an infusion center, "
        "about 3.5 hours”. Empty: the route is shown.",
    )

    # -- the page ---------------------------------------------------------------
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain sentences at the top of the page (and for search engines).",
    )
    drug_class = models.CharField("class", max_length=160, blank=True)
    target_mechanism = models.TextField("target and mechanism", blank=True)
    approval_year = models.PositiveSmallIntegerField(
        "year first approved for MS",
        null=True,
        blank=True,
        help_text="Empty if it has no MS approval.",
    )
    approval_note = models.TextField(
        "approval history",
        blank=True,
        help_text="Anything a reader should know about the approval, e.g. a withdrawal.",
    )
    used_for = models.TextField("who it is for", blank=True)
    dose_schedule = models.TextField("dose and schedule", blank=True)
    infusion_time = models.TextField("how long it takes", blank=True)
    premedication_observation = models.TextField(
        "premedication and observation afterwards", blank=True
    )
    cumulative_dose_limits = models.TextField("cumulative dose limits", blank=True)
    screening = models.TextField("screening before the first dose", blank=True)
    vaccines = models.TextField(blank=True)
    interactions = models.TextField(
        "other medicines",
        blank=True,
        help_text="Medicines that do not mix with it or need care, in plain words. "
        "Shown with the vaccines under “Other medicines and vaccines”.",
    )
    late_or_missed = models.TextField(
        "if a dose is late or missed",
        blank=True,
        help_text="What to do when a dose, infusion or session is late or missed.",
    )
    restricted_program = models.TextField(
        "restricted-distribution program",
        blank=True,
        help_text="E.g. a REMS program: what it means for the patient.",
    )
    boxed_warnings = models.TextField(
        blank=True,
        help_text="The label's boxed warnings, in plain words. Shown prominently at the top.",
    )
    serious_risks = models.TextField(blank=True)
    common_side_effects = models.TextField(blank=True)
    pregnancy_breastfeeding = models.TextField("pregnancy and breastfeeding", blank=True)
    monitoring = models.TextField("monitoring during treatment", blank=True)
    key_trials = models.TextField("key trials", blank=True)
    references = models.TextField(
        blank=True, help_text="One reference per line; web addresses become links."
    )

    # -- review -----------------------------------------------------------------
    reviewed_by = models.ForeignKey(
        ExpertProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_drugs",
        help_text="The clinician who checked this entry. Required to publish.",
    )
    reviewed_on = models.DateField(null=True, blank=True, help_text="Required to publish.")
    review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        editable=False,
        help_text="Set from the review date when the entry is saved.",
    )
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Visible to the public. Needs a reviewer and a review date.",
    )

    questions = models.ManyToManyField(
        Question, through="DrugMention", related_name="drugs", blank=True
    )

    objects = DrugQuerySet.as_manager()

    class Meta:
        ordering = ["generic_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False)
                | Q(reviewed_by__isnull=False, reviewed_on__isnull=False),
                name="published_drug_is_reviewed",
            ),
            models.CheckConstraint(
                condition=Q(approval_year__isnull=True)
                | Q(approval_year__gte=1950, approval_year__lte=2100),
                name="drug_approval_year_plausible",
            ),
        ]
        indexes = [
            # The list page: published entries by name (filters narrow a handful of rows).
            models.Index(fields=["is_published", "generic_name"], name="drug_public_by_name"),
            # The review queue: entries due for review by a date.
            models.Index(fields=["review_due"], name="drug_review_due"),
        ]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args: Any, **kwargs: Any) -> None:
        keep_review_due(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("drugs:detail", kwargs={"slug": self.slug})

    @property
    def review_overdue(self) -> bool:
        return review_is_overdue(self.review_due)

    @property
    def heading(self) -> str:
        return self.display_name or capfirst(self.generic_name)

    @property
    def brand_list(self) -> list[str]:
        return split_names(self.brand_names)

    @property
    def biosimilar_list(self) -> list[str]:
        return split_names(self.biosimilars)

    @property
    def ms_types(self) -> list[tuple[StrOrPromise, StrOrPromise]]:
        """(short, full) labels of the MS types it is used for, in disease order."""
        return [(short, full) for field, short, full in MS_TYPES.values() if getattr(self, field)]

    @property
    def reference_lines(self) -> list[str]:
        return [line.strip() for line in self.references.splitlines() if line.strip()]

    @property
    def approval_summary(self) -> str:
        """For the facts list: the year, or why there is none ("" to leave it out)."""
        if self.approval_year:
            return str(self.approval_year)
        if self.status in {self.Status.OFF_LABEL, self.Status.INVESTIGATIONAL}:
            return gettext("Not approved for MS")
        return ""

    @property
    def missed_heading(self) -> str:
        """The page's heading for `late_or_missed`, in the words of how it is given."""
        if self.is_procedure:
            return gettext("If a session is late or missed")
        if self.route == self.Route.IV:
            return gettext("If an infusion is late or missed")
        if self.route == self.Route.SUBCUTANEOUS:
            return gettext("If an injection is late or missed")
        return gettext("If a dose is late or missed")

    @property
    def is_procedure(self) -> bool:
        return self.route == self.Route.PROCEDURE or self.status == self.Status.PROCEDURE

    def match_names(self) -> list[str]:
        """Every name a Q&A may use for this therapy."""
        names = [self.generic_name, self.display_name, *self.brand_list, *self.biosimilar_list]
        names += split_names(self.other_names)
        return sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n.lower()))

    @cached_property
    def name_pattern(self) -> re.Pattern[str] | None:
        """Any of the names as whole words, in any case; spaces match any whitespace."""
        names = self.match_names()
        if not names:
            return None
        alternatives = "|".join(r"\s+".join(map(re.escape, name.split())) for name in names)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def is_named_in(self, text: str) -> bool:
        return self.name_pattern is not None and self.name_pattern.search(text) is not None


class SideEffect(models.Model):
    """One side effect of a therapy and how often it happens, in the frequency
    bands patient leaflets use, so the page can say "more than 1 in 10"."""

    class Frequency(models.IntegerChoices):
        # The order is the page's order: the most frequent first.
        VERY_COMMON = 1, _("More than 1 in 10 people")
        COMMON = 2, _("Up to 1 in 10 people")
        UNCOMMON = 3, _("Up to 1 in 100 people")
        RARE = 4, _("Up to 1 in 1,000 people")
        VERY_RARE = 5, _("Up to 1 in 10,000 people")
        NOT_KNOWN = 6, _("How often is not known")

    # The index below covers the foreign key.
    drug = models.ForeignKey(
        Drug, on_delete=models.CASCADE, related_name="side_effects", db_index=False
    )
    frequency = models.PositiveSmallIntegerField("how often", choices=Frequency.choices)
    effect = models.CharField(
        max_length=200, help_text="In plain words, e.g. “headache” or “cold sores”."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order within its frequency: lower comes first."
    )

    class Meta:
        ordering = ["frequency", "position", "pk"]
        indexes = [
            models.Index(fields=["drug", "frequency", "position"], name="sideeffect_by_drug"),
        ]

    def __str__(self) -> str:
        return f"{self.effect} ({self.get_frequency_display().lower()})"


def side_effects_text(drug: Drug) -> str:
    """The side effects as sentences, one per frequency band (for search)."""
    bands: dict[str, list[str]] = {}
    for effect in drug.side_effects.all():
        bands.setdefault(effect.get_frequency_display(), []).append(effect.effect)
    return "\n".join(f"{band}: {', '.join(names)}." for band, names in bands.items())


class DrugMention(models.Model):
    """A Q&A names a therapy in its signed public text. Computed by
    `drugs.services` when a Q&A is published or re-signed and when a
    therapy's names change, never while a page is shown."""

    # The two indexes below cover both foreign keys; no separate ones needed.
    drug = models.ForeignKey(
        Drug, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="drug_mentions", db_index=False
    )

    class Meta:
        constraints = [
            # Also the index for the drug page: the Q&As that mention one drug.
            models.UniqueConstraint(fields=["drug", "question"], name="unique_drug_mention"),
        ]
        indexes = [
            # The Q&A page: the therapies one Q&A mentions.
            models.Index(fields=["question", "drug"], name="drugmention_by_question"),
        ]

    def __str__(self) -> str:
        return f"Question #{self.question_id} mentions drug #{self.drug_id}"


class DrugReview(models.Model):
    """Audit row: a clinician found the whole entry still accurate on a day."""

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.drug_id}: still accurate ({self.reviewed_at:%Y-%m-%d})"


def therapy_names() -> list[str]:
    """Every name of every published therapy: generic, display, brand, biosimilar, other."""
    names: list[str] = []
    for row in Drug.objects.published().values_list(
        "generic_name", "display_name", "brand_names", "biosimilars", "other_names"
    ):
        for value in row:
            names += split_names(value)
    return names


# The entry's texts a translation gives in its language, in the page's order;
# names, brands, dates, the table's choices and the references stay as they are.
TRANSLATED_FIELDS = (
    "display_name",
    "summary",
    "purpose_short",
    "given_short",
    "mechanism_short",
    "schedule_short",
    "risks_short",
    "drug_class",
    "target_mechanism",
    "approval_note",
    "used_for",
    "dose_schedule",
    "infusion_time",
    "premedication_observation",
    "cumulative_dose_limits",
    "screening",
    "vaccines",
    "interactions",
    "late_or_missed",
    "restricted_program",
    "boxed_warnings",
    "serious_risks",
    "common_side_effects",
    "pregnancy_breastfeeding",
    "monitoring",
    "key_trials",
    "other_names",
)
SIDE_EFFECT_KEY = "side_effect:"


class DrugTranslation(ReferenceTranslation):
    """A drug page in another language, signed by a clinician who reads it."""

    entry = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="translations")

    class Meta(ReferenceTranslation.Meta):
        constraints = reference_constraints("drug_translation")

    @staticmethod
    def english_texts(drug: Drug) -> dict[str, str]:
        """What a translation of the drug page translates, keyed by field (each
        side effect by its id), empty texts left out."""
        texts = {field: getattr(drug, field) for field in TRANSLATED_FIELDS if getattr(drug, field)}
        for effect in drug.side_effects.all():
            texts[f"{SIDE_EFFECT_KEY}{effect.pk}"] = effect.effect
        return texts

    @staticmethod
    def english_signature(drug: Drug) -> dict[str, str]:
        """What a translation follows: the texts, and how often each side effect
        happens (shown beside the translated words, so a change to it is a change
        of the English too)."""
        signature = DrugTranslation.english_texts(drug)
        for effect in drug.side_effects.all():
            signature[f"frequency:{effect.pk}"] = str(effect.frequency)
        return signature

    def shown(self, drug: Drug, *, side_effects: bool = True) -> Drug:
        """The drug as its page shows it in this translation's language: a copy
        with the translated texts (the side effects too, unless not wanted: a
        list shows none), never saved."""
        page = copy.copy(drug)
        for field in TRANSLATED_FIELDS:
            setattr(page, field, self.texts.get(field, ""))
        page.translation = self  # type: ignore[attr-defined]
        if not side_effects:
            return page
        effects = []
        for effect in drug.side_effects.all():
            # One added to the English since it was signed has no translation yet:
            # left out, never shown empty (the page says the English changed).
            if text := self.texts.get(f"{SIDE_EFFECT_KEY}{effect.pk}", ""):
                translated = copy.copy(effect)
                translated.effect = text
                effects.append(translated)
        page.translated_side_effects = effects  # type: ignore[attr-defined]
        return page
