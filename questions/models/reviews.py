"""What keeps a signed answer true over time: its sources, and each review
that found it still accurate."""

from __future__ import annotations

import calendar
import datetime
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from .qa import Answer, ExpertProfile, Question


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day (31 Jan + 1 = 28 Feb).
    Hand-written: the standard library has no month arithmetic."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def reviewed_fields(*, signer: ExpertProfile, when: datetime.datetime) -> dict:
    """What a sign-off or a re-attestation of the public text sets on the question."""
    return {
        "reviewed_at": when,
        "reviewed_by": signer,
        "reviewed_by_name": signer.display_name,
        "review_due": review_due_after(when, settings.QA_REVIEW_MONTHS),
        "review_assignee": None,
    }


def review_due_after(reviewed_at: datetime.datetime | datetime.date, months: int) -> datetime.date:
    """The day a review is next due, counted in the clinic's calendar."""
    if isinstance(reviewed_at, datetime.datetime):
        reviewed_at = timezone.localdate(reviewed_at)
    return add_months(reviewed_at, months)


class ReviewedEntry(Protocol):
    reviewed_on: datetime.date | None
    review_due: datetime.date | None


def keep_review_due(entry: ReviewedEntry, save_kwargs: dict[str, Any]) -> None:
    """Before a reference entry (a drug entry, a glossary term) is saved: its
    next review, DRUG_REVIEW_MONTHS after its review date, derived on every
    path that saves it (admin, services, demo loader), and saved with it."""
    entry.review_due = (
        review_due_after(entry.reviewed_on, settings.DRUG_REVIEW_MONTHS)
        if entry.reviewed_on
        else None
    )
    fields = save_kwargs.get("update_fields")
    if fields is not None and "reviewed_on" in fields:
        save_kwargs["update_fields"] = {*fields, "review_due"}


def review_is_overdue(review_due: datetime.date | None) -> bool:
    return review_due is not None and timezone.localdate() >= review_due


class Reference(models.Model):
    """One source of an answer, in the draft. What is signed is a frozen copy
    on the Answer (`Answer.references`), so a change here needs a new sign-off."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Sources are listed by this number, smallest first."
    )
    title = models.CharField(max_length=300, help_text="As the source itself gives it.")
    publisher = models.CharField(
        max_length=200, blank=True, help_text="E.g. “US Food and Drug Administration”, a journal."
    )
    url = models.URLField(
        "web address", max_length=500, blank=True, help_text="Only an address you have opened."
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[
            RegexValidator(
                r"^10\.\d{4,9}/\S+$",
                "A DOI starts with 10. and a slash, e.g. 10.1056/NEJMoa1601277.",
            )
        ],
        help_text="Only one you have checked; leave it empty otherwise.",
    )
    pmid = models.CharField(
        "PubMed ID",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{1,9}$", "A PubMed ID is a number of up to nine digits.")],
        help_text="Only one you have checked; leave it empty otherwise.",
    )
    accessed_on = models.DateField("date accessed", null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.accessed_on and self.accessed_on > timezone.localdate():
            raise ValidationError({"accessed_on": "The date accessed cannot be in the future."})

    def frozen(self) -> dict[str, str]:
        """As it is signed and shown: plain strings, nothing that can change later."""
        return {
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "doi": self.doi,
            "pmid": self.pmid,
            "accessed": self.accessed_on.isoformat() if self.accessed_on else "",
        }


class Review(models.Model):
    """A clinician's re-attestation that a published answer is still accurate:
    signed like a sign-off, over the unchanged text, with its own hash. Never
    changed once written."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reviews")
    answer = models.ForeignKey(
        Answer, on_delete=models.PROTECT, related_name="+", help_text="The signed version attested."
    )
    signer = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    signature_block = models.TextField(help_text="The signer's signature block at the time.")
    sha256 = models.CharField(
        max_length=64, help_text="Of the text attested, computed again at the time of the review."
    )

    class Meta:
        ordering = ["-signed_at"]
        get_latest_by = "signed_at"

    def __str__(self) -> str:
        return f"Still accurate: {self.answer.question_title} ({self.signed_at:%Y-%m-%d})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A review is never changed; review again instead.")
        super().save(*args, **kwargs)
