"""The clinicians' and moderators' side: triage, answer, sign off, publish.

Every status change goes through questions.services, the same functions the
rest of the code uses; the admin only collects the input and shows the result.
This module is the question list and what the question's page shows; its
"Next step" buttons are in next_step, its preview in preview, and who asked
in identity.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from core import readability
from core.http import signed_in_user

from .. import selectors, services
from ..lifecycle import PUBLISH_PERMISSION
from ..models import Question
from .identity import IdentityMixin
from .next_step import NextStepMixin
from .preview import PreviewMixin
from .queue import WAITING, AssignedToMeFilter, ReviewFilter, SignOffFilter, WaitingFilter
from .records import (
    AnswerInline,
    ReferenceInline,
    ReviewInline,
    TransitionInline,
    TranslationInline,
)
from .workflow_form import QuestionAdminForm

S = Question.Status


@admin.register(Question)
class QuestionAdmin(IdentityMixin, NextStepMixin, PreviewMixin, admin.ModelAdmin):
    form = QuestionAdminForm
    change_form_template = "admin/questions/question/change_form.html"
    list_display = [
        "title",
        "urgency",
        "status",
        "language",
        "category",
        "expert",
        "days_waiting",
        "next_review",
    ]
    list_filter = [
        WaitingFilter,
        "status",
        "urgent",
        "language",
        "category",
        AssignedToMeFilter,
        SignOffFilter,
        ReviewFilter,
    ]
    list_select_related = ["category", "expert"]
    search_fields = ["title", "body"]
    # Red-flag questions first, then oldest first.
    ordering = ["-urgent", "submitted_at"]
    readonly_fields = [
        "urgency",
        "language",
        "original_wording",
        "identifier_marks",
        "identifier_marks_without_contact",
        "expert",
        "declined_as",
        "status",
        "public_link",
        "published_at",
        "signature_state",
        "review_state",
        "reading_grade",
    ]
    fieldsets = [
        (
            "The patient's own words (private, staff only)",
            {"fields": ["urgency", "original_wording"], "classes": ["original-wording"]},
        ),
        (
            "Public version: de-identified, published only after sign-off",
            {
                "fields": [
                    "language",
                    "title",
                    "body",
                    "identifier_marks",
                    "identifiers_removed",
                    "identifiers_fingerprint",
                    "category",
                    "expert",
                ]
            },
        ),
        ("Answer", {"fields": ["summary", "answer_source", "reading_grade"]}),
        (
            "Written first in another language?",
            {
                "fields": ["answer_written_in", "original_answer"],
                "classes": ["collapse"],
                "description": "Only when the clinician wrote the answer in Spanish (or another "
                "language) first: the answer above is then its English translation.",
            },
        ),
        (
            "Status",
            {
                "fields": [
                    "status",
                    "declined_as",
                    "signature_state",
                    "public_link",
                    "published_at",
                    "comments_closed",
                    "review_state",
                    "review_assignee",
                ]
            },
        ),
    ]
    inlines = [ReferenceInline, AnswerInline, TranslationInline, ReviewInline, TransitionInline]
    actions = ["publish_selected"]

    def view_on_site(self, obj: Question) -> str | None:
        # Only a published Q&A has a public page: a never-published one has no
        # slug yet, and a link to a withdrawn one would advertise its address.
        return obj.get_absolute_url() if obj.status == S.PUBLISHED and obj.slug else None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # questions come from patients through /ask/

    def has_delete_permission(self, request: HttpRequest, obj: Question | None = None) -> bool:
        return request.user.is_superuser

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        # With a select_related here, the change list skips list_select_related: name them all.
        return (
            super()
            .get_queryset(request)
            .filter(selectors.questions_visible_to(request.user))
            .select_related("submission", "published_answer", "category", "expert")
        )

    @admin.display(description="Days waiting", ordering="submitted_at")
    def days_waiting(self, obj: Question) -> str:
        if obj.status not in WAITING:
            return "—"
        return str((timezone.now() - obj.submitted_at).days)

    @admin.display(description="Next review", ordering="review_due")
    def next_review(self, obj: Question) -> str:
        if obj.status != S.PUBLISHED or obj.review_due is None:
            return "—"
        due = f"{obj.review_due:%Y-%m-%d}"
        return format_html("<strong>Overdue</strong> since {}", due) if obj.review_overdue else due

    @admin.display(description="Review")
    def review_state(self, obj: Question) -> str:
        if obj.reviewed_at is None:
            return "Not reviewed yet: the first sign-off of the published text counts as one."
        when = timezone.localtime(obj.reviewed_at)
        text = (
            f"Last reviewed by {obj.reviewed_by_name} on {when:%Y-%m-%d}; "
            f"next review due {obj.review_due:%Y-%m-%d}."
        )
        if obj.review_overdue:
            return format_html("{} <strong>The review is overdue.</strong>", text)
        return text

    @admin.display(description="Reading level")
    def reading_grade(self, obj: Question) -> str:
        return render_to_string(
            "includes/reading_grade.html",
            {"reading": readability.reading(obj.answer_html), "guidance": readability.GUIDANCE},
        )

    @admin.display(description="Urgency", ordering="-urgent")
    def urgency(self, obj: Question) -> str:
        if not obj.urgent:
            return ""
        return format_html('<strong class="badge-urgent">{}</strong>', "Urgent: red-flag words")

    @admin.display(description="Declined as")
    def declined_as(self, obj: Question) -> str:
        if obj.status != S.REJECTED:
            return "—"
        original = obj.duplicate_of
        if original is not None and original.is_public:
            return format_html(
                '{}: <a href="{}">{}</a>',
                obj.get_reject_reason_display(),
                original.get_absolute_url(),
                original.title,
            )
        return obj.get_reject_reason_display()

    @admin.display(description="Public page")
    def public_link(self, obj: Question) -> str:
        if obj.status == S.PUBLISHED:
            return format_html(
                '<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url()
            )
        return "Not public"

    @admin.display(description="Sign-off")
    def signature_state(self, obj: Question) -> str:
        latest = obj.answers.order_by("-signed_at").first()
        if latest is None:
            return "Not signed yet."
        when = timezone.localtime(latest.signed_at)
        text = f"Last signed by {latest.signer} on {when:%Y-%m-%d %H:%M}."
        if latest.sha256 != obj.draft_sha256():
            return format_html(
                '{} <strong class="unsigned-changes">The draft has changes that are not signed: '
                "the public keeps the signed version until a clinician signs again.</strong>",
                text,
            )
        return text

    @admin.action(description="Publish the selected signed-off questions", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        done = 0
        for question_id in queryset.values_list("pk", flat=True):
            try:
                services.question_publish(question_id=question_id, actor=signed_in_user(request))
                done += 1
            except (services.TransitionNotAllowed, PermissionDenied) as exc:
                self.message_user(request, f"#{question_id}: {exc}", messages.ERROR)
        if done:
            self.message_user(request, f"Published {done} question(s).", messages.SUCCESS)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)
