"""What readers said about each answer: the counts per Q&A, and the notes to read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from core.http import signed_in_user

from . import services
from .models import AnswerHelpfulness, Feedback


class NoteFilter(admin.SimpleListFilter):
    title = "note"
    parameter_name = "note"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("unread", "Note not read yet"), ("read", "Note read"), ("none", "No note")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "unread":
            return queryset.exclude(note="").filter(note_read=False)
        if self.value() == "read":
            return queryset.exclude(note="").filter(note_read=True)
        if self.value() == "none":
            return queryset.filter(note="")
        return queryset


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "question_title", "helped", "note_excerpt", "note_read"]
    list_filter = ["helpful", NoteFilter, "created_at"]
    list_select_related = ["question"]
    search_fields = ["note", "question__title"]
    readonly_fields = ["question", "helpful", "note", "created_at"]
    fields = ["question", "helpful", "note", "note_read", "created_at"]
    actions = ["mark_read"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only readers give feedback

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # One Q&A's notes, linked from the helpfulness list (too many Q&As for a filter).
        return lookup == "question__id__exact" or super().lookup_allowed(lookup, value, request)

    @admin.display(description="Q&A", ordering="question__title")
    def question_title(self, obj: Feedback) -> str:
        return obj.question.title

    @admin.display(description="Helped", boolean=True, ordering="helpful")
    def helped(self, obj: Feedback) -> bool:
        return obj.helpful

    @admin.display(description="Note")
    def note_excerpt(self, obj: Feedback) -> str:
        return Truncator(obj.note).chars(80) or "—"

    @admin.action(description="Mark the selected notes as read", permissions=["change"])
    def mark_read(self, request: HttpRequest, queryset: QuerySet[Feedback]) -> None:
        count = services.feedback_mark_read(feedback=queryset, actor=signed_in_user(request))
        self.message_user(request, f"{count} note{'s' if count != 1 else ''} marked as read.")


class ReadersSaidFilter(admin.SimpleListFilter):
    title = "readers said"
    parameter_name = "said"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [
            ("not_helped", "It did not help someone"),
            ("unread_notes", "Has notes not read yet"),
            ("no_feedback", "No feedback yet"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "not_helped":
            return queryset.filter(not_helped__gt=0)
        if self.value() == "unread_notes":
            return queryset.filter(unread_notes__gt=0)
        if self.value() == "no_feedback":
            return queryset.filter(helped=0, not_helped=0)
        return queryset


@admin.register(AnswerHelpfulness)
class AnswerHelpfulnessAdmin(admin.ModelAdmin):
    """Which published answers help readers and which need work, most "no" first."""

    list_display = ["title", "helped_count", "not_helped_count", "unread_notes_count"]
    list_display_links = None
    list_filter = [ReadersSaidFilter, "category"]
    search_fields = ["title"]
    list_select_related = ["category"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AnswerHelpfulness]:
        # One query for the whole page: the counts are annotations, not a query per row.
        return (
            AnswerHelpfulness.objects.published()
            .annotate(
                helped=Count("feedback", filter=Q(feedback__helpful=True)),
                not_helped=Count("feedback", filter=Q(feedback__helpful=False)),
                unread_notes=Count(
                    "feedback", filter=Q(feedback__note_read=False) & ~Q(feedback__note="")
                ),
            )
            .order_by("-not_helped", "-published_at")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AnswerHelpfulness | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AnswerHelpfulness | None = None
    ) -> bool:
        return False

    @admin.display(description="Helped", ordering="helped")
    def helped_count(self, obj: Any) -> int:  # an AnswerHelpfulness with its counts
        return obj.helped

    @admin.display(description="Did not help", ordering="not_helped")
    def not_helped_count(self, obj: Any) -> int:
        return obj.not_helped

    @admin.display(description="Notes not read", ordering="unread_notes")
    def unread_notes_count(self, obj: Any) -> str:
        if not obj.unread_notes:
            return "0"
        url = reverse("admin:feedback_feedback_changelist")
        return format_html(
            '<a href="{}?question__id__exact={}&amp;note=unread">{}</a>',
            url,
            obj.pk,
            obj.unread_notes,
        )
