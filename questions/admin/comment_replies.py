"""Replying to an approved comment from the admin: a page of its own beside the
comment, so the comment's change page keeps its moderation buttons. Every reply
goes through services.comment_reply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.debug import sensitive_variables

from core.http import signed_in_user
from core.text import plain_text_to_html

from .. import services
from ..models import Comment, ExpertProfile
from ..services.comments import REPLY_MAX


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=REPLY_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        error_messages={
            "required": "Please write your reply.",
            "max_length": "Your reply is too long. Please keep it to %(limit_value)d "
            "characters; it has %(show_value)d now.",
        },
        help_text="Plain text, shown under the comment as you type it; web addresses become "
        "links. Write for everyone who reads the page: general information, not advice for "
        "one person.",
    )


class RepliedFilter(admin.SimpleListFilter):
    """Approved comments that still wait for a clinician, or that have a reply."""

    title = "reply"
    parameter_name = "replied"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("no", "No reply yet"), ("yes", "Has a reply")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # reply_count is annotated by CommentAdmin.get_queryset.
        if self.value() == "no":
            return queryset.filter(reply_count=0)
        if self.value() == "yes":
            return queryset.filter(reply_count__gt=0)
        return queryset


class CommentReplyMixin(admin.ModelAdmin):
    """The reply page and what the comment pages show of replies (for a comment's admin)."""

    def has_reply_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("questions.reply_to_comment")

    def get_reply_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:comment_id>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="questions_comment_reply",
            )
        ]

    @staticmethod
    def signature_for(request: HttpRequest) -> str:
        profile = ExpertProfile.objects.filter(user=signed_in_user(request)).first()
        return profile.display_name if profile else "the clinic team"

    # A crash report of anything below this view shows no local variables: the
    # service holds the commenter's address while it queues their email.
    @sensitive_variables()
    def reply_view(self, request: HttpRequest, comment_id: int) -> HttpResponse:
        actor = signed_in_user(request)
        if not services.can_reply(actor):
            raise PermissionDenied
        # Clinicians see approved comments only (see get_queryset).
        comment = (
            self.get_queryset(request).select_related("question").filter(pk=comment_id).first()
        )
        if comment is None:
            raise Http404("No such comment.")
        change_url = reverse("admin:questions_comment_change", args=[comment.pk])
        form = ReplyForm(request.POST if request.method == "POST" else None)
        problem = ""
        if comment.status != Comment.Status.APPROVED:
            problem = "Only an approved comment can have a reply. Approve it first."
        elif request.method == "POST" and form.is_valid():
            try:
                reply = services.comment_reply(
                    comment_id=comment.pk, actor=actor, body=form.cleaned_data["body"]
                )
            except (services.ReplyNotAllowed, ValueError) as exc:
                problem = str(exc)  # the page again, the reply as typed
            else:
                self.log_change(request, comment, f"Replied (reply #{reply.pk}).")
                self.message_user(
                    request,
                    "Your reply is published under the comment.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "admin/questions/comment/reply.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Reply to a comment",
                "comment": comment,
                "change_url": change_url,
                "form": form,
                "problem": problem,
                "signature": self.signature_for(request),
                "replies": list(comment.replies.select_related("expert")),
            },
        )

    @admin.display(description="Replies")
    def replies_shown(self, obj: Comment) -> str:
        replies = list(obj.replies.all())
        if not replies:
            return "No reply yet."
        return format_html_join(
            "",
            "<div class='admin-reply'><p><strong>Reply from {}</strong> ({})</p>{}</div>",
            (
                (
                    reply.signed_as or "the clinic team",
                    f"{timezone.localtime(reply.created_at):%Y-%m-%d %H:%M}",
                    plain_text_to_html(reply.body),
                )
                for reply in replies
            ),
        )

    @admin.display(description="Replies")
    def reply_count(self, obj: Comment) -> str:
        count = getattr(obj, "reply_count", 0)
        if obj.status != Comment.Status.APPROVED:
            return str(count) if count else "–"
        url = reverse("admin:questions_comment_reply", args=[obj.pk])
        return format_html(
            '{} <a href="{}" aria-label="Reply to comment {}">Reply</a>',
            count,
            url,
            obj.pk,
        )
