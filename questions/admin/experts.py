"""Clinicians' profiles and signature blocks."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .. import services
from ..models import ExpertProfile


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    """A clinician edits their own signature block; administrators edit all."""

    list_display = ["display_name", "institution", "user", "slug"]
    search_fields = ["display_name", "institution"]
    list_select_related = ["user"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExpertProfile]:
        qs = super().get_queryset(request)
        if request.user.is_superuser or request.user.has_perm("questions.add_expertprofile"):
            return qs
        if request.user.has_perm("questions.triage_question"):
            return qs  # moderators see every profile (read-only) to assign questions
        return qs.filter(user=request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return (
            request.user.has_perm("questions.add_expertprofile") or obj.user_id == request.user.pk
        )

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        if request.user.is_superuser or request.user.has_perm("questions.add_expertprofile"):
            return []
        return ["user", "slug"]  # the page's address: the administrator's to change

    def save_model(self, request: HttpRequest, obj: ExpertProfile, form, change: bool) -> None:
        services.expert_profile_save(profile=obj, actor=request.user)
