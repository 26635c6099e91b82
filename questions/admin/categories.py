"""Categories: what the public browses by."""

from __future__ import annotations

from django.contrib import admin

from core.cache import content_changed

from ..models import (
    Category,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        content_changed()  # names and descriptions show on public pages

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        content_changed()
