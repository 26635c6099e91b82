from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from core.http import signed_in_user

from . import synonyms
from .models import Synonym, split_terms


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["terms", "note"]
        widgets = {"terms": forms.TextInput(attrs={"size": 80})}

    def clean_terms(self) -> str:
        terms = self.cleaned_data["terms"]
        if len(set(split_terms(terms))) < 2:
            raise forms.ValidationError(
                "Write at least two words or phrases, separated by commas, "
                "for example “Tysabri, natalizumab”."
            )
        return terms


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Words that mean the same to readers: a search for one finds all."""

    form = SynonymForm
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]

    def save_model(
        self, request: HttpRequest, obj: Synonym, form: SynonymForm, change: bool
    ) -> None:
        synonyms.synonym_save(synonym=obj, actor=signed_in_user(request))

    def delete_model(self, request: HttpRequest, obj: Synonym) -> None:
        synonyms.synonym_delete(
            synonyms=Synonym.objects.filter(pk=obj.pk), actor=signed_in_user(request)
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Synonym]) -> None:
        synonyms.synonym_delete(synonyms=queryset, actor=signed_in_user(request))
