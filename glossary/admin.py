"""Clinicians (group Experts) keep the glossary in the admin, as they keep the
drug reference. Saves and deletes go through glossary.services, which tell
the page cache that public content changed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape

from core.http import signed_in_user
from core.readability import reading
from questions.admin.reference_translations import ChangeKindForm, ReferenceTranslationAdmin
from questions.models import ExpertProfile
from questions.selectors import review_horizon

from . import services
from .models import TRANSLATED_FIELDS, Term, TermReview, TermTranslation


class TermReviewFilter(admin.SimpleListFilter):
    """The review queue of the glossary."""

    title = "review"
    parameter_name = "review"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("due", "Overdue or due within 30 days"), ("overdue", "Overdue")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "due":
            return queryset.filter(review_due__lte=review_horizon()).order_by("review_due")
        if self.value() == "overdue":
            return queryset.filter(review_due__lte=timezone.localdate()).order_by("review_due")
        return queryset


class TermForm(ChangeKindForm):
    translation_model = TermTranslation
    translated_fields = TRANSLATED_FIELDS

    class Meta:
        model = Term
        fields = "__all__"


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    form = TermForm
    list_display = [
        "name",
        "other_names",
        "reading_grade",
        "is_published",
        "reviewed_by",
        "reviewed_on",
        "review_due",
    ]
    list_filter = [TermReviewFilter, "is_published", "reviewed_by"]
    search_fields = ["name", "other_names", "explanation"]
    list_select_related = ["reviewed_by"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["reviewed_still_accurate"]
    fieldsets = [
        ("The word", {"fields": ["name", "other_names", "slug"]}),
        (
            "Explanation",
            {
                "fields": ["explanation", "source_note"],
                "description": "Grade 6 or lower: short words, short sentences. The first "
                "paragraph is what readers see in place, beside the word in an answer.",
            },
        ),
        (
            "Review and publication",
            {
                "fields": ["reviewed_by", "reviewed_on", "is_published"],
                "description": "Publish only after a clinician has checked the explanation. "
                "It falls due for review on the drug reference's cycle.",
            },
        ),
        ("Translations", {"fields": ["change_kind"]}),
    ]

    @admin.display(description="reading grade")
    def reading_grade(self, obj: Term) -> str:
        """Flesch–Kincaid, as clinicians see it for answers: guidance, never a block."""
        found = reading("".join(f"<p>{escape(p)}</p>" for p in obj.paragraphs))
        return "" if found is None else f"{found.grade:g}"

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_changeform_initial_data(request)
        profile = ExpertProfile.objects.filter(user=signed_in_user(request)).first()
        if profile is not None:
            initial.setdefault("reviewed_by", profile.pk)
        initial.setdefault("reviewed_on", timezone.localdate())
        return initial

    def save_model(
        self, request: HttpRequest, obj: Term, form: forms.ModelForm, change: bool
    ) -> None:
        assert isinstance(form, ChangeKindForm)  # the admin's form
        form.remember_english()
        services.term_save(term=obj, actor=signed_in_user(request))
        form.after_save()

    def delete_model(self, request: HttpRequest, obj: Term) -> None:
        services.term_delete(terms=Term.objects.filter(pk=obj.pk), actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Term]) -> None:
        services.term_delete(terms=queryset, actor=signed_in_user(request))

    @admin.action(
        description="Reviewed: the selected explanations are still accurate", permissions=["change"]
    )
    def reviewed_still_accurate(self, request: HttpRequest, queryset: QuerySet[Term]) -> None:
        actor = signed_in_user(request)
        try:
            for term in queryset:
                services.term_reattest(term_id=term.pk, actor=actor)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"Reviewed {queryset.count()} term(s): still accurate.")


@admin.register(TermReview)
class TermReviewAdmin(admin.ModelAdmin):
    """The record of glossary reviews: read only."""

    list_display = ["term", "reviewer", "reviewed_at", "note"]
    list_select_related = ["term", "reviewer"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TermReview | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: TermReview | None = None) -> bool:
        return False


@admin.register(TermTranslation)
class TermTranslationAdmin(ReferenceTranslationAdmin):
    """A glossary term's translations: made by translators, signed by a
    clinician who reads the language (questions.admin.reference_translations)."""

    def entry_queryset(self) -> QuerySet[Term]:
        return Term.objects.published()

    def text_label(self, key: str) -> str:
        return str(getattr(Term._meta.get_field(key), "verbose_name", key)).capitalize()
