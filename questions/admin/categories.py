"""Categories: what the public browses by."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from core.http import signed_in_user

from .. import services
from ..models import Category, CategoryName


class CategoryNameInline(admin.StackedInline):
    """The category's name in each other language, for the sidebar of its pages
    (stacked: each field keeps its own label)."""

    model = CategoryName
    extra = 0
    fields = ["language", "name", "description"]
    verbose_name = "name in another language"
    verbose_name_plural = "names in other languages"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    inlines = [CategoryNameInline]
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(
        self, request: HttpRequest, obj: Category, form: forms.ModelForm, change: bool
    ) -> None:
        services.category_save(category=obj, actor=signed_in_user(request))

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: list, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        services.category_names_saved()  # after the names too: the sidebar shows them

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        services.category_delete(category=obj, actor=signed_in_user(request))
