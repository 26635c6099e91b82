"""Records: signed versions, the history of moves, outgoing email. Shown, never edited."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import ngettext

from .. import notifications, selectors
from ..models import Answer, OutgoingEmail, Question, Reference, Review, Transition


class RecordInline(admin.TabularInline):
    """Rows that are a record: shown, never added, changed or deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return list(self.fields)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TransitionInline(RecordInline):
    model = Transition
    fields = ["created_at", "actor", "action", "from_status", "to_status", "note"]
    verbose_name_plural = "History"


class AnswerInline(RecordInline):
    model = Answer
    fields = ["signed_at", "signer", "sha256"]
    verbose_name_plural = "Signed versions"


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

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
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

    def get_queryset(self, request):
        # A question's name is its title: none of the ones clinicians may not open.
        visible = selectors.questions_visible_to(request.user)
        return (
            super()
            .get_queryset(request)
            .filter(question__in=Question.objects.filter(visible).values("pk"))
        )


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Read-only fields, but kept apart from ReadOnlyAdmin: administrators can
    still delete a message from the outbox here."""

    list_display = ["subject", "created_at", "sent_at", "attempts", "last_error", "failed_at"]
    list_filter = ["sent_at", "failed_at"]
    fields = [
        "subject",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "next_attempt_at",
        "failed_at",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Send the selected emails again", permissions=["change"])
    def send_again(self, request, queryset) -> None:
        count = notifications.outbox_send_again(messages=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be tried again on the next run of send_outbox.",
                "%(count)d emails will be tried again on the next run of send_outbox.",
                count,
            )
            % {"count": count},
        )
