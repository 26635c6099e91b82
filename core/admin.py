"""The outbox in the admin: administrators see what was sent or set aside and
may send it again; the addresses are personal data and are not listed."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import ngettext

from . import outbox
from .models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Read-only fields, but kept apart from ReadOnlyAdmin: administrators can
    still delete a message from the outbox here."""

    list_display = ["subject", "created_at", "sent_at", "attempts", "last_error", "failed_at"]
    list_filter = ["sent_at", "failed_at"]
    fields = readonly_fields = (
        "subject",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "next_attempt_at",
        "failed_at",
    )
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Send the selected emails again", permissions=["change"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutgoingEmail]) -> None:
        count = outbox.outbox_send_again(messages=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be tried again on the next run of send_outbox.",
                "%(count)d emails will be tried again on the next run of send_outbox.",
                count,
            )
            % {"count": count},
        )
