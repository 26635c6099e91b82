"""Clinicians' profiles and signature blocks."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from core.http import signed_in_user
from core.images import PhotoRefused, portrait_jpeg

from .. import services
from ..models import ExpertProfile


class ExpertProfileForm(forms.ModelForm):
    new_photo = forms.FileField(
        label="Photo",
        required=False,
        help_text="Optional. A JPEG, PNG or WebP image under 5 MB; it is shown on your public "
        "page, at most 480 pixels wide.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label="Remove the photo", required=False)
    # Stored as codes separated by spaces (ExpertProfile.languages); ticked here.
    languages = forms.MultipleChoiceField(
        label="Languages they sign in",
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each language this clinician reads well enough to sign a translation "
        "in. Only the site administrator changes this.",
        error_messages={"required": "Tick at least one language."},
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "user",
            "display_name",
            "credentials",
            "titles",
            "institution",
            "bio",
            "slug",
            "languages",
        ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if "languages" in self.fields:
            self.initial["languages"] = self.instance.language_codes

    def clean_languages(self) -> str:
        return " ".join(self.cleaned_data["languages"])

    def clean_new_photo(self) -> bytes | None:
        upload = self.cleaned_data.get("new_photo")
        if not upload:
            return None
        data = upload.read()
        try:
            portrait_jpeg(data)  # refused here, with the rest of the form kept
        except PhotoRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return data


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    """A clinician edits their own signature block; administrators edit all."""

    form = ExpertProfileForm
    list_display = ["display_name", "institution", "user", "languages"]
    search_fields = ["display_name", "institution"]
    list_select_related = ["user"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExpertProfile]:
        qs = super().get_queryset(request).defer("photo")
        if request.user.is_superuser or request.user.has_perm("questions.add_expertprofile"):
            return qs
        if request.user.has_perm("questions.triage_question"):
            return qs  # moderators see every profile (read-only) to assign questions
        return qs.filter(user=request.user)

    def has_change_permission(self, request: HttpRequest, obj: ExpertProfile | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return (
            request.user.has_perm("questions.add_expertprofile") or obj.user_id == request.user.pk
        )

    def get_readonly_fields(
        self, request: HttpRequest, obj: ExpertProfile | None = None
    ) -> list[str]:
        if request.user.is_superuser or request.user.has_perm("questions.add_expertprofile"):
            return ["current_photo"]
        # The page's address and the languages they sign in: the administrator's.
        return ["user", "slug", "languages", "current_photo"]

    @admin.display(description="Current photo")
    def current_photo(self, obj: ExpertProfile) -> str:
        if obj is None or not obj.has_photo:
            return "No photo"
        return format_html(
            '<img class="expert-photo-admin" src="{}" alt="Current photo of {}">',
            obj.photo_url(),
            obj.display_name,
        )

    def save_model(
        self, request: HttpRequest, obj: ExpertProfile, form: ExpertProfileForm, change: bool
    ) -> None:
        services.expert_profile_save(
            profile=obj,
            actor=signed_in_user(request),
            photo=form.cleaned_data.get("new_photo"),
            remove_photo=form.cleaned_data.get("remove_photo", False),
        )
