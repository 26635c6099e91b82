"""Clinicians (group Experts) keep the drug reference in the admin.

Saves and deletes go through drugs.services: an entry whose names changed
has its Q&A links recomputed (as the `relink_drugs` command does), and every
save or delete tells the page cache that public content changed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from core.http import signed_in_user
from questions.admin.reference_translations import ChangeKindForm, ReferenceTranslationAdmin
from questions.models import ExpertProfile
from questions.selectors import review_horizon

from . import services
from .models import (
    SIDE_EFFECT_KEY,
    TRANSLATED_FIELDS,
    Drug,
    DrugReview,
    DrugTranslation,
    SideEffect,
)


class DrugForm(ChangeKindForm):
    translation_model = DrugTranslation
    translated_fields = TRANSLATED_FIELDS

    class Meta:
        model = Drug
        fields = "__all__"


class DrugReviewFilter(admin.SimpleListFilter):
    """The review queue of the drug reference."""

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


class SideEffectInline(admin.StackedInline):
    # Stacked, not a table: each field keeps its own label (axe: every input labelled).
    model = SideEffect
    extra = 1
    fields = ["frequency", "effect", "position"]
    verbose_name = "side effect with how often it happens"
    verbose_name_plural = "side effects with how often they happen"


@admin.register(Drug)
class DrugAdmin(admin.ModelAdmin):
    form = DrugForm
    inlines = [SideEffectInline]
    list_display = [
        "heading_display",
        "brand_names",
        "group",
        "status",
        "route",
        "is_published",
        "reviewed_by",
        "reviewed_on",
        "review_due",
    ]
    list_filter = [
        DrugReviewFilter,
        "is_published",
        "group",
        "status",
        "route",
        "for_cis",
        "for_rrms",
        "for_active_spms",
        "for_ppms",
        "reviewed_by",
    ]
    search_fields = ["generic_name", "display_name", "brand_names", "biosimilars", "other_names"]
    list_select_related = ["reviewed_by"]
    prepopulated_fields = {"slug": ["generic_name"]}
    actions = ["relink_selected"]
    change_form_template = "admin/drugs/drug/change_form.html"
    fieldsets = [
        (
            "Names",
            {
                "fields": [
                    "generic_name",
                    "display_name",
                    "brand_names",
                    "biosimilars",
                    "other_names",
                    "slug",
                ]
            },
        ),
        (
            "Comparison table",
            {
                "fields": [
                    "group",
                    "status",
                    "route",
                    ("for_cis", "for_rrms", "for_active_spms", "for_ppms"),
                    "mechanism_short",
                    "schedule_short",
                    "risks_short",
                ],
                "description": "What the row of the drug list shows. The MS types are the "
                "ones it is used for; the short phrases fit in a table cell.",
            },
        ),
        (
            "Key facts",
            {
                "fields": ["purpose_short", "given_short"],
                "description": "The box at the top of the page: what it is for, how often "
                "(the schedule above), how it is given and the main risks (the key risks "
                "above).",
            },
        ),
        (
            "What it is",
            {
                "fields": [
                    "summary",
                    "drug_class",
                    "target_mechanism",
                    "approval_year",
                    "approval_note",
                ]
            },
        ),
        ("Who it is for", {"fields": ["used_for"]}),
        (
            "How it is given",
            {
                "fields": [
                    "dose_schedule",
                    "infusion_time",
                    "premedication_observation",
                    "cumulative_dose_limits",
                    "late_or_missed",
                ]
            },
        ),
        ("Before you start", {"fields": ["screening", "restricted_program"]}),
        ("Other medicines and vaccines", {"fields": ["interactions", "vaccines"]}),
        (
            "Side effects and risks",
            {
                "fields": ["boxed_warnings", "serious_risks", "common_side_effects"],
                "description": "Each side effect with how often it happens goes in the "
                "table below this form; the page lists them by frequency.",
            },
        ),
        ("Pregnancy and breastfeeding", {"fields": ["pregnancy_breastfeeding"]}),
        ("Monitoring", {"fields": ["monitoring"]}),
        ("References", {"fields": ["key_trials", "references"]}),
        (
            "Review and publication",
            {
                "fields": ["reviewed_by", "reviewed_on", "is_published"],
                "description": "Publish only after a clinician has checked every section.",
            },
        ),
        ("Translations", {"fields": ["change_kind"]}),
    ]

    @admin.display(description="therapy", ordering="generic_name")
    def heading_display(self, obj: Drug) -> str:
        return obj.heading

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_changeform_initial_data(request)
        profile = ExpertProfile.objects.filter(user=signed_in_user(request)).first()
        if profile is not None:
            initial.setdefault("reviewed_by", profile.pk)
        initial.setdefault("reviewed_on", timezone.localdate())
        return initial

    def save_model(
        self, request: HttpRequest, obj: Drug, form: forms.ModelForm, change: bool
    ) -> None:
        assert isinstance(form, ChangeKindForm)  # the admin's form
        form.remember_english()
        linked = services.drug_save(
            drug=obj,
            actor=signed_in_user(request),
            changed_fields=form.changed_data if change else None,
        )
        if linked is not None:
            self.message_user(
                request,
                f"{len(linked)} published Q&A{'s' if len(linked) != 1 else ''} "
                f"name {obj.heading} and link to it.",
                messages.INFO,
            )

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        assert isinstance(form, ChangeKindForm)  # the admin's form
        # After the side effects are saved: they are translated texts too.
        if said := form.after_save():
            self.message_user(request, said, messages.WARNING)

    def delete_model(self, request: HttpRequest, obj: Drug) -> None:
        services.drug_delete(drugs=Drug.objects.filter(pk=obj.pk), actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Drug]) -> None:
        services.drug_delete(drugs=queryset, actor=signed_in_user(request))

    @admin.action(
        description="Recompute the Q&As that link to the selected therapies",
        permissions=["change"],
    )
    def relink_selected(self, request: HttpRequest, queryset: QuerySet[Drug]) -> None:
        for drug in queryset:
            services.relink_drug(drug)
        self.message_user(request, f"Recomputed the links of {queryset.count()} therapies.")

    def get_urls(self) -> list[URLPattern]:
        review = path(
            "<path:object_id>/review/",
            self.admin_site.admin_view(self.review_view),
            name="drugs_drug_review",
        )
        return [review, *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = extra_context or {}
        if hasattr(request.user, "expert_profile") and self.has_change_permission(request):
            extra_context["review_url"] = reverse("admin:drugs_drug_review", args=[object_id])
        return super().change_view(request, object_id, form_url, extra_context)

    def review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Still accurate: a clinician signs the review of the unchanged entry."""
        drug = get_object_or_404(Drug.objects.select_related("reviewed_by"), pk=unquote(object_id))
        if not self.has_change_permission(request, drug):
            raise PermissionDenied
        note = request.POST.get("note", "").strip() if request.method == "POST" else ""
        if request.method == "POST":
            try:
                services.drug_reattest(drug_id=drug.pk, actor=signed_in_user(request), note=note)
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(
                    request, f"Reviewed: {drug.heading} is still accurate.", messages.SUCCESS
                )
                return HttpResponseRedirect(reverse("admin:drugs_drug_change", args=[drug.pk]))
        return TemplateResponse(
            request,
            "admin/drugs/drug/review.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"Review {drug.heading}",
                "drug": drug,
                "note": note,
                "months": settings.DRUG_REVIEW_MONTHS,
            },
        )


@admin.register(DrugReview)
class DrugReviewAdmin(admin.ModelAdmin):
    """The record of drug reviews: read only."""

    list_display = ["drug", "reviewer", "reviewed_at", "note"]
    list_select_related = ["drug", "reviewer"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: DrugReview | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: DrugReview | None = None) -> bool:
        return False


@admin.register(DrugTranslation)
class DrugTranslationAdmin(ReferenceTranslationAdmin):
    """A drug page's translations: made by translators, signed by a clinician
    who reads the language (questions.admin.reference_translations)."""

    def entry_queryset(self) -> QuerySet[Drug]:
        return Drug.objects.published().prefetch_related("side_effects")

    def text_label(self, key: str) -> str:
        if key.startswith(SIDE_EFFECT_KEY):
            return "Side effect"
        field = Drug._meta.get_field(key)
        return str(getattr(field, "verbose_name", key)).capitalize()
