"""The comment moderation queue; every decision goes through services.comment_moderate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from core.http import signed_in_user
from core.text import plain_text_to_html

from .. import services
from ..models import Comment
from .comment_replies import CommentReplyMixin, RepliedFilter


class CommentAdminForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields: list[str] = []  # decisions are the Approve / Reject buttons


COMMENT_COLUMNS = (
    "excerpt",
    "qa",
    "status",
    "decide",
    "reply_count",
    "created_at",
    "moderated_by",
    "moderated_at",
)

# The decisions a button can make, and what the message says after it.
COMMENT_DECISIONS: dict[str, tuple[str, str]] = {
    Comment.Status.APPROVED: ("Approve", "approved"),
    Comment.Status.REJECTED: ("Reject", "rejected"),
    Comment.Status.SPAM: ("Mark as spam", "marked as spam"),
}


@admin.register(Comment)
class CommentAdmin(CommentReplyMixin, admin.ModelAdmin):
    """The moderation queue: pending comments, newest first, with their Q&A.
    Clinicians see the approved comments only, to reply to them."""

    form = CommentAdminForm
    change_form_template = "admin/questions/comment/change_form.html"
    list_display = COMMENT_COLUMNS
    list_filter = ["status", RepliedFilter]
    list_select_related = ["question", "moderated_by"]
    search_fields = ["body"]
    ordering = ["-created_at"]
    # Decisions are the buttons; nothing here is typed.
    fields = readonly_fields = (
        "qa",
        "body_as_text",
        "author",
        "created_at",
        "status",
        "moderated_by",
        "moderated_at",
        "replies_shown",
    )
    actions = ["approve", "reject", "mark_spam"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_moderate_permission(request) or self.has_reply_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Comment | None = None) -> bool:
        return self.has_moderate_permission(request) or self.has_reply_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Comment | None = None) -> bool:
        return request.user.has_perm("questions.moderate_comment")

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("questions.moderate_comment")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        comments = super().get_queryset(request).annotate(reply_count=Count("replies"))
        if not self.has_moderate_permission(request):
            comments = comments.filter(status=Comment.Status.APPROVED)
        return comments

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        if self.has_moderate_permission(request):
            return COMMENT_COLUMNS
        return tuple(name for name in COMMENT_COLUMNS if name != "decide")

    def get_fields(self, request: HttpRequest, obj: Comment | None = None) -> tuple[str, ...]:
        if self.has_moderate_permission(request):
            return self.readonly_fields
        # Who wrote it is for moderators; a clinician replies to the words.
        return tuple(name for name in self.readonly_fields if name != "author")

    def get_readonly_fields(
        self, request: HttpRequest, obj: Comment | None = None
    ) -> tuple[str, ...]:
        return self.get_fields(request, obj)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Open on the queue: pending ones first; for clinicians, the ones to reply to.
        if not request.GET and request.method == "GET":
            status = "pending" if self.has_moderate_permission(request) else "approved"
            return HttpResponseRedirect(f"{request.path}?status__exact={status}")
        return super().changelist_view(request, extra_context)

    @admin.display(description="Comment")
    def excerpt(self, obj: Comment) -> str:
        return obj.body if len(obj.body) <= 120 else obj.body[:117] + "…"

    @admin.display(description="Comment")
    def body_as_text(self, obj: Comment) -> str:
        return plain_text_to_html(obj.body)

    @admin.display(description="Q&A")
    def qa(self, obj: Comment) -> str:
        return format_html('<a href="{}">{}</a>', obj.question.get_absolute_url(), obj.question)

    @admin.display(description="From (private)")
    def author(self, obj: Comment) -> str:
        found = ", ".join(filter(None, [obj.author_name, obj.author_email])) or "not given"
        if obj.notify_reply:
            found += " (asked for one email when a clinician replies)"
        return found

    @admin.display(description="Decide")
    def decide(self, obj: Comment) -> str:
        # The changelist is one big form: each button posts it to its own URL.
        url = reverse("admin:questions_comment_moderate", args=[obj.pk])
        buttons = [
            format_html(
                '<button type="submit" class="button" formaction="{}" name="decision" '
                'value="{}" aria-label="{} comment {}">{}</button>',
                url,
                status,
                label,
                obj.pk,
                label,
            )
            for status, (label, _) in COMMENT_DECISIONS.items()
            if status != obj.status and status != Comment.Status.SPAM
        ]
        return format_html(
            '<span class="comment-decision">{}</span>',
            format_html_join("", "{}", ((button,) for button in buttons)),
        )

    def get_urls(self) -> list[URLPattern]:
        return [
            *self.get_reply_urls(),
            path(
                "<int:comment_id>/moderate/",
                self.admin_site.admin_view(require_POST(self.moderate_view)),
                name="questions_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request: HttpRequest, comment_id: int) -> HttpResponse:
        comment = get_object_or_404(Comment, pk=comment_id)
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        decision = request.POST.get("decision", "")
        if decision not in COMMENT_DECISIONS:
            self.message_user(request, "Choose Approve or Reject.", messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:questions_comment_change", args=[comment.pk])
            )
        services.comment_moderate(
            comment_ids=[comment.pk], actor=signed_in_user(request), status=decision
        )
        self.message_user(
            request, f"Comment {comment.pk} {COMMENT_DECISIONS[decision][1]}.", messages.SUCCESS
        )
        return HttpResponseRedirect(
            reverse("admin:questions_comment_changelist") + "?status__exact=pending"
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "comment_decisions": [
                (status, label) for status, (label, _) in COMMENT_DECISIONS.items()
            ],
            "can_reply": services.can_reply(signed_in_user(request)),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _moderate(
        self, request: HttpRequest, queryset: QuerySet[Comment], status: str, label: str
    ) -> None:
        changed = services.comment_moderate(
            comment_ids=list(queryset.values_list("pk", flat=True)),
            actor=signed_in_user(request),
            status=status,
        )
        self.message_user(request, f"{changed} comment(s) {label}.", messages.SUCCESS)

    @admin.action(description="Approve the selected comments", permissions=["moderate"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, Comment.Status.APPROVED, "approved")

    @admin.action(description="Reject the selected comments", permissions=["moderate"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, Comment.Status.REJECTED, "rejected")

    @admin.action(description="Mark the selected comments as spam", permissions=["moderate"])
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, Comment.Status.SPAM, "marked as spam")
