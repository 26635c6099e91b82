"""Categories: what the public browses by."""

from __future__ import annotations

from django.contrib import admin

from .. import services
from ..models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change) -> None:
        services.category_save(category=obj, actor=request.user)

    def delete_model(self, request, obj) -> None:
        services.category_delete(category=obj, actor=request.user)
