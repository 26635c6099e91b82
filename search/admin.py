from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Max, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy, ngettext

from core.http import signed_in_user

from . import misses, synonyms
from .models import SearchMiss, Synonym, split_terms


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["terms", "language", "note"]
        widgets = {"terms": forms.TextInput(attrs={"size": 80})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].required = False

    def clean_language(self) -> str:
        # Left out of a post (a link from the unanswered searches): English.
        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE

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
    list_display = ["terms", "language", "note"]
    list_filter = ["language"]
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


def synonym_form_url(queries: list[str]) -> str:
    """The synonym group's add form, its words filled in (the admin's add view
    takes initial values from the address)."""
    initial = {"terms": ", ".join(queries), "note": gettext("From searches that found nothing")}
    return f"{reverse('admin:search_synonym_add')}?{urlencode(initial)}"


class OutcomeFilter(admin.SimpleListFilter):
    """Found nothing, or showed results nobody opened; both when not chosen."""

    title = gettext_lazy("what happened")
    parameter_name = "outcome"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("nothing", gettext("Found nothing")),
            ("unopened", gettext("Results nobody opened")),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[SearchMiss]
    ) -> QuerySet[SearchMiss]:
        nothing = Q(total_count__gt=0)
        # A search seen a few times with no result opened: once says little.
        unopened = Q(total_shown__gte=misses.UNOPENED_AFTER, total_opened=0)
        chosen = {"nothing": nothing, "unopened": unopened}.get(self.value() or "")
        return queryset.filter(chosen if chosen is not None else nothing | unopened)


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """What readers searched for and found nothing, or whose results nobody
    opened, most frequent first, over the days still kept: the clinic adds a
    synonym group or notes a topic."""

    list_display = ("query", "total", "shown", "opened", "last_day", "topic_noted")
    list_display_links = None  # nothing to edit: a row is read and acted on
    list_filter = [OutcomeFilter, "topic_noted"]
    search_fields = ["query"]
    fields = ["query", "topic_noted"]
    readonly_fields = ["query"]
    actions = ["note_as_topic", "add_synonym_group"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SearchMiss]:
        # Ordered after the annotation it orders by (the admin's own orders before).
        return self.model._default_manager.annotate(
            total_count=Sum("days__count"),
            total_shown=Sum("days__shown"),
            total_opened=Sum("days__opened"),
            last_seen=Max("days__day"),
        ).order_by(*self.get_ordering(request))

    def get_ordering(self, request: HttpRequest) -> tuple[str, ...]:
        return ("-total_count", "-total_shown", "-last_seen", "query")

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        if self.has_add_synonym_permission(request):
            return (*self.list_display, "synonym_link")
        return tuple(self.list_display)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        title = gettext(
            "Searches that found nothing or whose results nobody opened, "
            "in the last %(days)d days, most frequent first"
        ) % {"days": misses.KEPT_DAYS}
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only a search adds one

    def has_add_synonym_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("search.add_synonym")

    # The two columns read the annotations of get_queryset.
    @admin.display(description=gettext_lazy("Found nothing"), ordering="total_count")
    def total(self, miss: SearchMiss) -> int:
        return getattr(miss, "total_count", None) or 0

    @admin.display(description=gettext_lazy("Showed results"), ordering="total_shown")
    def shown(self, miss: SearchMiss) -> int:
        return getattr(miss, "total_shown", None) or 0

    @admin.display(description=gettext_lazy("A result opened"), ordering="total_opened")
    def opened(self, miss: SearchMiss) -> int:
        return getattr(miss, "total_opened", None) or 0

    @admin.display(description=gettext_lazy("Last searched on"), ordering="last_seen")
    def last_day(self, miss: SearchMiss) -> datetime.date | None:
        return getattr(miss, "last_seen", None)

    @admin.display(description=gettext_lazy("Synonyms"))
    def synonym_link(self, miss: SearchMiss) -> str:
        # The words in the link's name tell one row's link from the next.
        return format_html(
            '<a href="{}" aria-label="{}">{}</a>',
            synonym_form_url([miss.query]),
            gettext("Add a synonym group for “%(query)s”") % {"query": miss.query},
            gettext("Add a synonym group"),
        )

    @admin.action(description=gettext_lazy("Note as a topic for a new Q&A"), permissions=["change"])
    def note_as_topic(self, request: HttpRequest, queryset: QuerySet[SearchMiss]) -> None:
        noted = misses.search_misses_note_topic(misses=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d search noted as a topic for a new Q&A.",
                "%(count)d searches noted as topics for new Q&As.",
                noted,
            )
            % {"count": noted},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Add a synonym group with these searches"),
        permissions=["add_synonym"],
    )
    def add_synonym_group(
        self, request: HttpRequest, queryset: QuerySet[SearchMiss]
    ) -> HttpResponseRedirect:
        queries = list(queryset.order_by("query").values_list("query", flat=True))
        return HttpResponseRedirect(synonym_form_url(queries))
