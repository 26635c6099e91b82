"""The clinicians' and moderators' side: triage, answer, sign off, publish.

Every status change goes through questions.services, the same functions the
rest of the code uses; the admin only collects the input and shows the result.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from . import services
from .cache import content_changed
from .models import (
    Answer,
    Category,
    Comment,
    ExpertProfile,
    OutgoingEmail,
    Question,
    Transition,
)
from .text import plain_text_to_html

S = Question.Status
WAITING = [S.NEW, S.ASSIGNED, S.AWAITING_SIGNOFF, S.SIGNED_OFF]

ACTION_LABELS = {
    "assign": "Assign to an expert",
    "reject": "Decline",
    "submit_for_signoff": "Send for sign-off",
    "request_changes": "Request changes",
    "sign_off": "Sign off",
    "publish": "Publish",
    "withdraw": "Withdraw",
}
# What a user must say for each action (other fields come from the form below).
NOTE_REQUIRED = {"request_changes", "withdraw"}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        content_changed()  # names and descriptions show on public pages

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        content_changed()


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    """A clinician edits their own signature block; administrators edit all."""

    list_display = ["display_name", "institution", "user"]
    search_fields = ["display_name", "institution"]
    list_select_related = ["user"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExpertProfile]:
        qs = super().get_queryset(request)
        if request.user.is_superuser or request.user.has_perm("questions.add_expertprofile"):
            return qs
        if request.user.has_perm("questions.triage_question"):
            return qs  # moderators see every profile (read-only) to assign questions
        return qs.filter(user=request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return (
            request.user.has_perm("questions.add_expertprofile") or obj.user_id == request.user.pk
        )

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        if request.user.is_superuser or request.user.has_perm("questions.add_expertprofile"):
            return []
        return ["user"]


class AssignedToMeFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "Assigned to me")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(expert__user=request.user)
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    """The queue: by default only questions that still need someone."""

    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting for us"), ("all", "All questions")]

    def choices(self, changelist):
        value = self.value() or "waiting"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if (self.value() or "waiting") == "waiting":
            return queryset.filter(status__in=WAITING)
        return queryset


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


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["title", "body", "category", "expert", "answer_source", "comments_closed"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"}),
            "answer_source": forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"}),
        }


class TransitionForm(forms.Form):
    prefix = "transition"

    action = forms.ChoiceField(choices=list(ACTION_LABELS.items()))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    expert = forms.ModelChoiceField(queryset=ExpertProfile.objects.all(), required=False)
    reason = forms.ChoiceField(choices=Question.RejectReason.choices, required=False)

    def clean(self) -> dict:
        data = super().clean()
        action = data.get("action")
        if action == "assign" and not data.get("expert"):
            self.add_error("expert", "Choose the expert who will answer.")
        if action == "reject" and not data.get("reason"):
            self.add_error("reason", "Choose why the question is declined.")
        if action in NOTE_REQUIRED and not (data.get("note") or "").strip():
            self.add_error("note", "Please say why.")
        return data


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    change_form_template = "admin/questions/question/change_form.html"
    list_display = ["title", "status", "category", "expert", "days_waiting", "submitted_at"]
    list_filter = [WaitingFilter, "status", "category", AssignedToMeFilter]
    list_select_related = ["category", "expert"]
    search_fields = ["title", "body"]
    ordering = ["submitted_at"]
    readonly_fields = [
        "original_wording",
        "status",
        "public_link",
        "published_at",
        "signature_state",
    ]
    fieldsets = [
        (
            "The patient's own words (private, staff only)",
            {"fields": ["original_wording"], "classes": ["original-wording"]},
        ),
        (
            "Public version: de-identified, published only after sign-off",
            {"fields": ["title", "body", "category", "expert"]},
        ),
        ("Answer", {"fields": ["answer_source"]}),
        (
            "Status",
            {
                "fields": [
                    "status",
                    "signature_state",
                    "public_link",
                    "published_at",
                    "comments_closed",
                ]
            },
        ),
    ]
    inlines = [AnswerInline, TransitionInline]
    actions = ["publish_selected"]

    def view_on_site(self, obj: Question) -> str | None:
        # Only a published Q&A has a public page: a never-published one has no
        # slug yet, and a link to a withdrawn one would advertise its address.
        return obj.get_absolute_url() if obj.status == S.PUBLISHED and obj.slug else None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # questions come from patients through /ask/

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return super().get_queryset(request).select_related("submission", "published_answer")

    @admin.display(description="Days waiting")
    def days_waiting(self, obj: Question) -> str:
        if obj.status not in WAITING:
            return "—"
        return str((timezone.now() - obj.submitted_at).days)

    @admin.display(description="What the patient wrote")
    def original_wording(self, obj: Question) -> str:
        submission = getattr(obj, "submission", None)
        if submission is None:
            return "—"
        if submission.erased_at:
            return f"Erased on {submission.erased_at:%Y-%m-%d} under the retention policy."
        contact = ", ".join(filter(None, [submission.name, submission.email])) or "no contact given"
        return format_html(
            '<div class="patient-original"><p><strong>{}</strong></p>{}<p class="help">From: {}{}</p></div>',
            submission.original_subject,
            plain_text_to_html(submission.original_text),
            contact,
            " (wants an email when published)" if submission.notify else "",
        )

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
        text = f"Last signed by {latest.signer} on {timezone.localtime(latest.signed_at):%Y-%m-%d %H:%M}."
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
                services.question_publish(question_id=question_id, actor=request.user)
                done += 1
            except (services.TransitionNotAllowed, PermissionDenied) as exc:
                self.message_user(request, f"#{question_id}: {exc}", messages.ERROR)
        if done:
            self.message_user(request, f"Published {done} question(s).", messages.SUCCESS)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("questions.publish_question")

    def get_urls(self):
        urls = [
            path(
                "<int:question_id>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="questions_question_transition",
            ),
            path(
                "<int:question_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="questions_question_preview",
            ),
        ]
        return urls + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if question is not None:
            actions = services.allowed_actions(question=question, user=request.user)
            extra_context["transition_actions"] = [(a, ACTION_LABELS[a]) for a in actions]
            extra_context["transition_form"] = TransitionForm(
                initial={"expert": question.expert_id}
            )
            extra_context["preview_url"] = reverse(
                "admin:questions_question_preview", args=[question.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request: HttpRequest, question_id: int) -> HttpResponse:
        if request.method != "POST":
            raise Http404
        question = get_object_or_404(Question, pk=question_id)
        if not self.has_view_or_change_permission(request, question):
            raise PermissionDenied
        back = reverse("admin:questions_question_change", args=[question_id])
        form = TransitionForm(
            {**request.POST.dict(), "transition-action": request.POST.get("action")}
        )
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(back)
        action, note = form.cleaned_data["action"], form.cleaned_data["note"].strip()
        try:
            _run(action, question_id, request.user, note, form.cleaned_data)
        except (services.TransitionNotAllowed, PermissionDenied) as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, f"Done: {ACTION_LABELS[action].lower()}.", messages.SUCCESS)
        return HttpResponseRedirect(back)

    def preview_view(self, request: HttpRequest, question_id: int) -> HttpResponse:
        """The page exactly as the public would see it if the draft were signed now."""
        question = get_object_or_404(
            Question.objects.select_related("category", "expert"), pk=question_id
        )
        if not self.has_view_or_change_permission(request, question):
            raise PermissionDenied
        signer = question.expert or ExpertProfile.objects.filter(user=request.user).first()
        draft = Answer(
            question=question,
            question_title=question.title,
            question_text=question.body,
            body_html=question.answer_html,
            signed_at=timezone.now(),
            signature_block=signer.signature_block() if signer else "(not yet signed)",
        )
        if question.published_at is None:
            question.published_at = draft.signed_at
        return TemplateResponse(
            request,
            "questions/question_detail.html",
            {"question": question, "answer": draft, "comments": [], "is_draft_preview": True},
        )


def _run(action: str, question_id: int, actor, note: str, data: dict) -> None:
    if action == "assign":
        services.question_assign(
            question_id=question_id, actor=actor, expert=data["expert"], note=note
        )
    elif action == "reject":
        services.question_reject(
            question_id=question_id, actor=actor, reason=data["reason"], note=note
        )
    elif action == "submit_for_signoff":
        services.question_submit_for_signoff(question_id=question_id, actor=actor, note=note)
    elif action == "request_changes":
        services.question_request_changes(question_id=question_id, actor=actor, note=note)
    elif action == "sign_off":
        services.question_sign_off(question_id=question_id, actor=actor, note=note)
    elif action == "publish":
        services.question_publish(question_id=question_id, actor=actor, note=note)
    elif action == "withdraw":
        services.question_withdraw(question_id=question_id, actor=actor, note=note)


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Signed versions are a record: readable, never editable."""

    list_display = ["question_title", "signer", "signed_at"]
    list_select_related = ["signer"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "question", "action", "from_status", "to_status", "actor"]
    list_filter = ["action", "to_status"]
    list_select_related = ["question", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CommentAdminForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["status"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: pending comments, newest first, with their Q&A."""

    form = CommentAdminForm
    list_display = ["excerpt", "qa", "status", "created_at", "moderated_by", "moderated_at"]
    list_filter = ["status"]
    list_select_related = ["question", "moderated_by"]
    search_fields = ["body"]
    ordering = ["-created_at"]
    readonly_fields = ["qa", "body_as_text", "author", "created_at", "moderated_by", "moderated_at"]
    fields = [
        "qa",
        "body_as_text",
        "author",
        "created_at",
        "status",
        "moderated_by",
        "moderated_at",
    ]
    actions = ["approve", "reject", "mark_spam"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("questions.moderate_comment")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("questions.moderate_comment")

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("questions.moderate_comment")

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("questions.moderate_comment")

    def changelist_view(self, request, extra_context=None):
        # Open on the queue: pending ones first.
        if not request.GET and request.method == "GET":
            return HttpResponseRedirect(f"{request.path}?status__exact=pending")
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
        return ", ".join(filter(None, [obj.author_name, obj.author_email])) or "not given"

    def save_model(self, request, obj: Comment, form, change) -> None:
        # The status field goes through the same service as the bulk actions,
        # so who moderated and when is always recorded.
        if change and "status" in form.changed_data and obj.status != Comment.Status.PENDING:
            services.comment_moderate(comment_ids=[obj.pk], actor=request.user, status=obj.status)
        elif change and "status" in form.changed_data:
            Comment.objects.filter(pk=obj.pk).update(status=obj.status)
            content_changed()

    def _moderate(self, request, queryset, status: str, label: str) -> None:
        changed = services.comment_moderate(
            comment_ids=list(queryset.values_list("pk", flat=True)),
            actor=request.user,
            status=status,
        )
        self.message_user(request, f"{changed} comment(s) {label}.", messages.SUCCESS)

    @admin.action(description="Approve the selected comments", permissions=["moderate"])
    def approve(self, request, queryset) -> None:
        self._moderate(request, queryset, Comment.Status.APPROVED, "approved")

    @admin.action(description="Reject the selected comments", permissions=["moderate"])
    def reject(self, request, queryset) -> None:
        self._moderate(request, queryset, Comment.Status.REJECTED, "rejected")

    @admin.action(description="Mark the selected comments as spam", permissions=["moderate"])
    def mark_spam(self, request, queryset) -> None:
        self._moderate(request, queryset, Comment.Status.SPAM, "marked as spam")


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["sent_at"]
    fields = ["subject", "created_at", "sent_at", "attempts", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False
