"""The clinicians' and moderators' side: triage, answer, sign off, publish.

Every status change goes through questions.services, the same functions the
rest of the code uses; the admin only collects the input and shows the result.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from core.cache import content_changed
from core.text import plain_text_to_html

from . import deidentify, services
from .models import (
    TRANSITION_LABELS,
    Answer,
    Category,
    Comment,
    ExpertProfile,
    OutgoingEmail,
    Question,
    Transition,
)

S = Question.Status
WAITING = [S.NEW, S.ASSIGNED, S.AWAITING_SIGNOFF, S.SIGNED_OFF]

ACTION_LABELS = {action: TRANSITION_LABELS[action][0] for action in services.RULES}
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


CHOOSE = [("", "Choose…")]


class QuestionAdminForm(forms.ModelForm):
    """The draft, plus the inputs of the "Next step" buttons: a button saves the
    draft and makes its move in one step, so nothing typed waits on a Save."""

    transition_expert = forms.ModelChoiceField(
        queryset=ExpertProfile.objects.all(),
        required=False,
        label="Expert to answer",
        empty_label="Choose…",
    )
    transition_reason = forms.ChoiceField(
        choices=CHOOSE + Question.RejectReason.choices,
        required=False,
        label="Reason for declining",
    )
    transition_duplicate_of = forms.ModelChoiceField(
        queryset=Question.objects.published().order_by("title"),
        required=False,
        label="Published Q&A it duplicates (when declining as a duplicate)",
        empty_label="Choose…",
    )
    transition_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (kept in the history; required to request changes or withdraw)",
    )

    # Set per request by QuestionAdmin.get_form.
    transition_action = ""
    transition_failure = ""

    class Meta:
        model = Question
        fields = ["title", "body", "category", "answer_source", "comments_closed"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"}),
            "answer_source": forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"}),
        }

    def clean(self) -> dict:
        data = super().clean()
        action = self.transition_action
        if action and action not in services.RULES:
            raise ValidationError("That is not a step this page offers.")
        if action == "assign" and not data.get("transition_expert"):
            self.add_error("transition_expert", "Choose the expert who will answer.")
        if action == "reject":
            reason = data.get("transition_reason")
            if not reason:
                self.add_error("transition_reason", "Choose why the question is declined.")
            elif reason == Question.RejectReason.DUPLICATE and not data.get(
                "transition_duplicate_of"
            ):
                self.add_error(
                    "transition_duplicate_of",
                    "Choose the published Q&A that this question duplicates.",
                )
        if action in NOTE_REQUIRED and not (data.get("transition_note") or "").strip():
            self.add_error("transition_note", "Please say why.")
        if self.transition_failure:
            raise ValidationError(self.transition_failure)
        return data


class _TransitionFailed(Exception):
    """A service refused the move after the draft was saved: roll both back."""


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    change_form_template = "admin/questions/question/change_form.html"
    list_display = [
        "title",
        "urgency",
        "status",
        "category",
        "expert",
        "days_waiting",
        "submitted_at",
    ]
    list_filter = [WaitingFilter, "status", "urgent", "category", AssignedToMeFilter]
    list_select_related = ["category", "expert"]
    search_fields = ["title", "body"]
    # Red-flag questions first, then oldest first.
    ordering = ["-urgent", "submitted_at"]
    readonly_fields = [
        "urgency",
        "original_wording",
        "expert",
        "declined_as",
        "status",
        "public_link",
        "published_at",
        "signature_state",
    ]
    fieldsets = [
        (
            "The patient's own words (private, staff only)",
            {"fields": ["urgency", "original_wording"], "classes": ["original-wording"]},
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
                    "declined_as",
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

    @admin.display(description="Urgency", ordering="-urgent")
    def urgency(self, obj: Question) -> str:
        if not obj.urgent:
            return ""
        return format_html('<strong class="badge-urgent">{}</strong>', "Urgent: red-flag words")

    @admin.display(description="Declined as")
    def declined_as(self, obj: Question) -> str:
        if obj.status != S.REJECTED:
            return "—"
        if obj.duplicate_of_id and obj.duplicate_of.is_public:
            return format_html(
                '{}: <a href="{}">{}</a>',
                obj.get_reject_reason_display(),
                obj.duplicate_of.get_absolute_url(),
                obj.duplicate_of.title,
            )
        return obj.get_reject_reason_display()

    @admin.display(description="What the patient wrote")
    def original_wording(self, obj: Question) -> str:
        submission = getattr(obj, "submission", None)
        if submission is None:
            return "—"
        if submission.erased_at:
            return f"Erased on {submission.erased_at:%Y-%m-%d} under the retention policy."
        contact = ", ".join(filter(None, [submission.name, submission.email])) or "no contact given"
        words = deidentify.vocabulary()

        def marked(text: str, paragraphs: bool = False) -> str:
            found = deidentify.find(text, name=submission.name, email=submission.email, words=words)
            return deidentify.highlight(text, found, paragraphs=paragraphs)

        return format_html(
            '<div class="patient-original"><p><strong>{}</strong></p>{}'
            '<p class="help deid-legend">Highlighted: what may identify the patient (their '
            "name, emails, phone numbers, web addresses, street addresses, exact dates, ages, "
            "and capitalised words that are not in the medical vocabulary, such as names of "
            "people and places). Leave these out of the public version: it cannot be sent for "
            "sign-off while it contains the patient's own name or email.</p>"
            '<p class="help">From: {}{}</p></div>',
            marked(submission.original_subject),
            marked(submission.original_text, paragraphs=True),
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
                "<int:question_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="questions_question_preview",
            ),
        ]
        return urls + super().get_urls()

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        action = request.POST.get("_transition", "") if request.method == "POST" else ""
        return type(
            form.__name__,
            (form,),
            {
                "transition_action": action if change else "",
                "transition_failure": getattr(request, "_transition_failure", ""),
            },
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if question is not None:
            actions = services.allowed_actions(question=question, user=request.user)
            extra_context["transition_actions"] = [(a, ACTION_LABELS[a]) for a in actions]
            extra_context["waits_for_colleague"] = (
                question.status == S.AWAITING_SIGNOFF
                and services.needs_another_signer(question=question, user=request.user)
            )
            extra_context["preview_url"] = reverse(
                "admin:questions_question_preview", args=[question.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        action = request.POST.get("_transition") if request.method == "POST" else None
        if not action or object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        if "_back" in request.POST:
            # "Go back" from the decline confirmation: the page again, as typed.
            request._transition_failure = "Not declined. Nothing is saved yet."
            return super().changeform_view(request, object_id, form_url, extra_context)
        if action == "reject" and "_confirmed" not in request.POST:
            confirmation = self._decline_confirmation(request, object_id)
            if confirmation is not None:
                return confirmation
        try:
            # Django runs the save in one transaction; save_model makes the move
            # inside it, so a refused move rolls the save back too.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _TransitionFailed as failed:
            # The same page again, everything typed still in it, the reason on top.
            request._transition_failure = str(failed)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _decline_confirmation(self, request: HttpRequest, object_id: str) -> HttpResponse | None:
        """A page to confirm the decline, or None to let the form show its errors."""
        question = self.get_object(request, unquote(object_id))
        if question is None or not self.has_change_permission(request, question):
            return None
        fields = flatten_fieldsets(self.get_fieldsets(request, question))
        form_class = self.get_form(request, question, change=True, fields=fields)
        form = form_class(request.POST, request.FILES, instance=question)
        if not form.is_valid():
            return None
        reason = form.cleaned_data["transition_reason"]
        kept = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in {"csrfmiddlewaretoken", "_transition"}
            for value in values
        ]
        return TemplateResponse(
            request,
            "admin/questions/question/decline_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Decline this question?",
                "question": question,
                "reason": reason,
                "reason_label": Question.RejectReason(reason).label,
                "duplicate_of": form.cleaned_data["transition_duplicate_of"],
                "note": form.cleaned_data["transition_note"].strip(),
                "tells_patient": reason != Question.RejectReason.SPAM
                and bool(getattr(question, "submission", None) and question.submission.email),
                "kept": kept,
            },
        )

    def save_model(self, request, obj: Question, form, change: bool) -> None:
        if change:
            # Only what the form edits: a status or expert set by someone else's
            # move since this page was loaded must not be written back.
            model_fields = {field.name for field in Question._meta.concrete_fields}
            obj.save(update_fields=[name for name in form.fields if name in model_fields])
        else:
            obj.save()
        action = form.transition_action
        if not (change and action):
            return
        data = form.cleaned_data
        try:
            _run(
                action,
                obj.pk,
                request.user,
                data["transition_note"].strip(),
                {
                    "expert": data["transition_expert"],
                    "reason": data["transition_reason"],
                    "duplicate_of": data["transition_duplicate_of"],
                },
            )
        except (services.TransitionNotAllowed, PermissionDenied) as exc:
            raise _TransitionFailed(str(exc)) from exc

    def response_change(self, request: HttpRequest, obj: Question) -> HttpResponse:
        action = request.POST.get("_transition")
        if action in ACTION_LABELS:
            self.message_user(request, f"Done: {ACTION_LABELS[action].lower()}.", messages.SUCCESS)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

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
            question_id=question_id,
            actor=actor,
            reason=data["reason"],
            note=note,
            duplicate_of=data.get("duplicate_of"),
        )
    elif action == "reopen":
        services.question_reopen(question_id=question_id, actor=actor, note=note)
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
        fields: list[str] = []  # decisions are the Approve / Reject buttons


# The decisions a button can make, and what the message says after it.
COMMENT_DECISIONS = {
    Comment.Status.APPROVED: ("Approve", "approved"),
    Comment.Status.REJECTED: ("Reject", "rejected"),
    Comment.Status.SPAM: ("Mark as spam", "marked as spam"),
}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: pending comments, newest first, with their Q&A."""

    form = CommentAdminForm
    change_form_template = "admin/questions/comment/change_form.html"
    list_display = [
        "excerpt",
        "qa",
        "status",
        "decide",
        "created_at",
        "moderated_by",
        "moderated_at",
    ]
    list_filter = ["status"]
    list_select_related = ["question", "moderated_by"]
    search_fields = ["body"]
    ordering = ["-created_at"]
    readonly_fields = [
        "qa",
        "body_as_text",
        "author",
        "created_at",
        "status",
        "moderated_by",
        "moderated_at",
    ]
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

    def get_urls(self):
        return [
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
        services.comment_moderate(comment_ids=[comment.pk], actor=request.user, status=decision)
        self.message_user(
            request, f"Comment {comment.pk} {COMMENT_DECISIONS[decision][1]}.", messages.SUCCESS
        )
        return HttpResponseRedirect(
            reverse("admin:questions_comment_changelist") + "?status__exact=pending"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "comment_decisions": [
                (status, label) for status, (label, _) in COMMENT_DECISIONS.items()
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)

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
