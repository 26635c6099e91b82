"""Categories: what the public browses by."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from core.http import signed_in_user

from .. import services
from ..models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(
        self, request: HttpRequest, obj: Category, form: forms.ModelForm, change: bool
    ) -> None:
        services.category_save(category=obj, actor=signed_in_user(request))

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        services.category_delete(category=obj, actor=signed_in_user(request))
