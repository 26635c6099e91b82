"""Records: signed versions and the history of moves. Shown, never edited."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .. import selectors
from ..models import Answer, AnswerTranslation, Question, Reference, Review, Transition


class RecordInline(admin.TabularInline):
    """Rows that are a record: shown, never added, changed or deleted here."""

    extra = 0
    can_delete = False
    template = "admin/questions/record_inline.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Question | None = None) -> list[str]:
        # Every field shown, and a record's fields are a flat list of names.
        return [name for name in self.fields or () if isinstance(name, str)]

    def has_add_permission(self, request: HttpRequest, obj: Question | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Question | None = None) -> bool:
        return False


class TransitionInline(RecordInline):
    model = Transition
    fields = ["created_at", "actor", "action", "from_status", "to_status", "note"]
    verbose_name_plural = "History"


class AnswerInline(RecordInline):
    model = Answer
    fields = ["signed_at", "signer", "sha256"]
    verbose_name_plural = "Signed versions"


class TranslationInline(RecordInline):
    model = AnswerTranslation
    fields = ["language", "signed_at", "signer", "translated_by", "is_current", "sha256"]
    verbose_name_plural = "Signed translations"


class ReviewInline(RecordInline):
    model = Review
    fields = ["signed_at", "signer", "sha256"]
    verbose_name_plural = "Reviews: found still accurate (re-attested)"


class ReferenceInline(admin.StackedInline):
    """The answer's sources, in the draft: signed with it, so a change here
    needs a new sign-off like any edit of the answer."""

    model = Reference
    extra = 1
    fields = ["position", "title", "publisher", "url", "doi", "pmid", "accessed_on"]
    verbose_name = "source"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    verbose_name_plural = "Sources of the answer (signed with it; shown under the answer)"


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record's own pages: listed and readable, never added, changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    """Signed versions are a record: readable, never editable."""

    list_display = ["question_title", "signer", "signed_at"]
    list_select_related = ["signer"]


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "question", "action", "from_status", "to_status", "actor"]
    list_filter = ["action", "to_status"]
    list_select_related = ["question", "actor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Transition]:
        # A question's name is its title: none of the ones clinicians may not open.
        visible = selectors.questions_visible_to(request.user)
        return (
            super()
            .get_queryset(request)
            .filter(question__in=Question.objects.filter(visible).values("pk"))
        )
