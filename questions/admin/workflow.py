"""The clinicians' and moderators' side: triage, answer, sign off, publish. Every
status change goes through questions.services; the admin collects input, shows results."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core import readability

from .. import selectors, services
from ..models import Answer, ExpertProfile, Question, Reference
from ..services import signing
from ..services.drafts import text_differs_from_stored
from .duplicates import duplicate_suggestions
from .identity import IdentityMixin
from .queue import WAITING, AssignedToMeFilter, ReviewFilter, SignOffFilter, WaitingFilter
from .records import AnswerInline, ReferenceInline, ReviewInline, TransitionInline
from .workflow_form import BUTTONS, QuestionAdminForm, StepRefused

S = Question.Status


UNSENT_BY_EDIT = (
    "Not signed: you changed the text, and a signature covers only the version that was "
    "sent, unchanged. Nothing is saved yet and your edits are still on the page. To keep "
    "them, press “Send for sign-off”: you then answer for this version and a colleague "
    "signs it. To sign the version as it was sent, reload the page without your edits."
)


@admin.register(Question)
class QuestionAdmin(IdentityMixin, admin.ModelAdmin):
    form = QuestionAdminForm
    change_form_template = "admin/questions/question/change_form.html"
    list_display = [
        "title",
        "urgency",
        "status",
        "category",
        "expert",
        "days_waiting",
        "next_review",
    ]
    list_filter = [
        WaitingFilter,
        "status",
        "urgent",
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
        ("Answer", {"fields": ["answer_source", "reading_grade"]}),
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
    inlines = [ReferenceInline, AnswerInline, ReviewInline, TransitionInline]
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
        text = f"Last reviewed by {obj.reviewed_by_name} on {when:%Y-%m-%d}; next review due {obj.review_due:%Y-%m-%d}."
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
        if obj.duplicate_of_id and obj.duplicate_of.is_public:
            return format_html(
                '{}: <a href="{}">{}</a>',
                obj.get_reject_reason_display(),
                obj.duplicate_of.get_absolute_url(),
                obj.duplicate_of.title,
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
                "duplicate_choices": getattr(request, "_duplicate_choices", []),
            },
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if question is not None:
            actions = services.allowed_actions(question=question, user=request.user)
            extra_context["transition_actions"] = [(a, BUTTONS[a].label) for a in actions]
            extra_context["who_may_sign"] = signing.explain(question, request.user)
            extra_context["preview_url"] = reverse(
                "admin:questions_question_preview", args=[question.pk]
            )
            if "reject" in actions:
                extra_context.update(duplicate_suggestions(request, question))
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        action = request.POST.get("_transition") if request.method == "POST" else None
        if not action or object_id is None:
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except StepRefused as failed:  # a confirmation refused (IdentityMixin)
                request._transition_failure = str(failed)
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
        except StepRefused as failed:
            # The same page again, everything typed still in it, the reason on top.
            request._transition_failure = str(failed)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _decline_confirmation(self, request: HttpRequest, object_id: str) -> HttpResponse | None:
        """A page to confirm the decline, or None to let the form show its errors."""
        question = self.get_object(request, unquote(object_id))
        if question is None or not self.has_change_permission(request, question):
            return None
        if not request.user.has_perm("questions.triage_question"):
            return None  # the decline itself is refused, with the reason, on the page
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
        action = form.transition_action if change else ""
        if action == "sign_off" and text_differs_from_stored(obj):
            raise StepRefused(UNSENT_BY_EDIT)
        if action == "request_changes":
            # First the move, with its note: the edits then belong to the
            # version that goes back, instead of unsending it on their own.
            self._make_step(request, form, obj)
        # Only what the form edits (see question_save_draft).
        services.question_save_draft(
            question=obj, actor=request.user, fields=list(form.fields) if change else None
        )
        if change:
            self.confirm_identifiers(request, form, obj)  # for the text as now saved

    def save_related(self, request, form, formsets, change: bool) -> None:
        # The sources are saved with the inlines, after save_model: the move
        # (a sign-off hashes them) comes after them, in the same transaction.
        sources_changed = change and any(
            fs.model is Reference and fs.has_changed() for fs in formsets
        )
        action = form.transition_action if change else ""
        if sources_changed and action == "sign_off":
            raise StepRefused(UNSENT_BY_EDIT)
        super().save_related(request, form, formsets, change)
        if sources_changed:
            services.question_sources_changed(question=form.instance, actor=request.user)
        if action and action != "request_changes":
            self._make_step(request, form, form.instance)

    def _make_step(self, request: HttpRequest, form, obj: Question) -> None:
        action = form.transition_action
        data = form.cleaned_data
        inputs = {
            "expert": data["transition_expert"],
            "reason": data["transition_reason"],
            "duplicate_of": data["transition_duplicate_of"],
        }
        step = BUTTONS[action]
        try:
            step.service(
                question_id=obj.pk,
                actor=request.user,
                note=data["transition_note"].strip(),
                **{name: inputs[name] for name in step.inputs},
            )
        except (services.TransitionNotAllowed, PermissionDenied) as exc:
            raise StepRefused(str(exc)) from exc

    def response_change(self, request: HttpRequest, obj: Question) -> HttpResponse:
        action = request.POST.get("_transition")
        if action in BUTTONS:
            self.message_user(request, f"Done: {BUTTONS[action].label.lower()}.", messages.SUCCESS)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

    def preview_view(self, request: HttpRequest, question_id: int) -> HttpResponse:
        """The page exactly as the public would see it if the draft were signed now."""
        question = get_object_or_404(
            Question.objects.select_related("category", "expert"), pk=question_id
        )
        if not self.has_view_or_change_permission(request, question):
            raise PermissionDenied
        if not self.get_queryset(request).filter(pk=question.pk).exists():
            raise Http404  # not one this person may open (a clinician: none still new)
        signer = question.expert or ExpertProfile.objects.filter(user=request.user).first()
        draft = Answer(
            question=question,
            question_title=question.title,
            question_text=question.body,
            body_html=question.answer_html,
            signed_at=timezone.now(),
            signature_block=signer.signature_block() if signer else "(not yet signed)",
            references=question.draft_references(),
        )
        if question.published_at is None:
            question.published_at = draft.signed_at
        return TemplateResponse(
            request,
            "questions/question_detail.html",
            {
                "question": question,
                "answer": draft,
                "comments": [],
                "is_draft_preview": True,
                "reading": readability.reading(draft.body_html),
                "guidance": readability.GUIDANCE,
            },
        )
