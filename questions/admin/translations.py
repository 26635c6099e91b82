"""The translation queue: published Q&As waiting for a translation, those whose
translation is out of date, and the translations under way, each with its
buttons (send, request changes, sign) made through questions.services.translations.

A button saves what is typed and makes its move in one transaction; a refused
move rolls the save back and the page comes again with the text as typed and
the reason on top, as on the question's own page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string

from core import readability
from core.http import signed_in_user
from core.text import render_answer

from .. import selectors, services
from ..lifecycle import SIGN_PERMISSION, TRANSITIONS, TRANSLATE_PERMISSION
from ..models import (
    Answer,
    AnswerTranslation,
    ExpertProfile,
    Question,
    TranslationDraft,
    normalise_text,
    other_languages,
    staff_language_name,
)
from ..services import signing
from ..services.translations import TEXT_FIELDS, signer_refusal, state_refusal
from .workflow_form import (
    TRANSLATION_JUDGING,
    TRANSLATION_STEPS,
    StepRefused,
    TranslationStepsMixin,
    as_id,
)

STEPS, JUDGING = TRANSLATION_STEPS, TRANSLATION_JUDGING


QUEUE_LENGTH = 25


class TranslationDraftForm(forms.ModelForm):
    step_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (kept in the history; required to request changes)",
    )

    # Set per request by TranslationDraftAdmin.get_form.
    step = ""
    step_failure = ""

    class Meta:
        model = TranslationDraft
        fields = ["question", "language", *TEXT_FIELDS]
        widgets = {
            "question_title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "question_text": forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "answer_source": forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "question" in self.fields:
            # Chosen from the queue (its link carries it), never typed or looked up:
            # only a published Q&A, whose public title anyone may read.
            question = self.fields["question"]
            assert isinstance(question, forms.ModelChoiceField)
            question.queryset = Question.objects.published()
            question.widget = forms.HiddenInput()
            question.error_messages = {
                "required": "Start from the translation queue: choose a Q&A there.",
                "invalid_choice": "That Q&A is not published: start from the translation queue.",
            }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.step and self.step not in STEPS:
            raise ValidationError("That is not a step this page offers.")
        if self.step and TRANSITIONS[self.step].note_required and not data.get("step_note"):
            self.add_error("step_note", "Please write in the note what should change.")
        if self.step_failure:
            raise ValidationError(self.step_failure)
        return data


@admin.register(TranslationDraft)
class TranslationDraftAdmin(TranslationStepsMixin, admin.ModelAdmin):
    form = TranslationDraftForm
    change_list_template = "admin/questions/translationdraft/change_list.html"
    list_display = ["translation_of", "language", "state", "sent_by", "updated_at"]
    list_filter = ["language"]
    list_select_related = ["question", "sent_by", "follows"]
    search_fields = ["question__title", "question_title"]

    # The note goes with the buttons, not among the fields.
    fields = ["question", "language", *TEXT_FIELDS]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and request.user.has_perm(TRANSLATE_PERMISSION)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an abandoned draft is simply written over; the history keeps each move

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*self.fields, "reading_ease"] if obj is not None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["question", "language", "reading_ease"] if obj is not None else []

    @admin.display(description="Reading ease")
    def reading_ease(self, obj: TranslationDraft) -> str:
        """INFLESZ for a Spanish answer as saved; other languages have no score yet."""
        if obj.language != "es":
            return "No reading score for this language yet."
        return render_to_string(
            "includes/reading_ease_es.html",
            {
                "reading": readability.spanish_reading(render_answer(obj.answer_source)),
                "guidance": readability.INFLESZ_GUIDANCE,
            },
        )

    @admin.display(description="Q&A", ordering="question__title")
    def translation_of(self, obj: TranslationDraft) -> str:
        return obj.question.title

    @admin.display(description="state")
    def state(self, obj: TranslationDraft) -> str:
        if obj.question.status != Question.Status.PUBLISHED:
            return "on hold: the Q&A is not published at the moment"
        if obj.is_sent:
            if obj.follows_id != obj.question.published_answer_id:
                return "sent, but the English was signed again since: to send again"
            return "waiting for sign-off"
        if obj.changes_requested:
            return "changes requested"
        return "being translated"

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """A new translation of a Q&A translated before starts from the last
        signed text: after an editorial change or for a review, only what
        changed is rewritten."""
        initial = super().get_changeform_initial_data(request)
        question, language = as_id(request.GET.get("question")), request.GET.get("language", "")
        if question is not None and language:
            last = (
                AnswerTranslation.objects.filter(question_id=question, language=language)
                .order_by("-signed_at")
                .first()
            )
            english = (
                Answer.objects.filter(question__pk=question, question__published_answer__pk=F("pk"))
                .only("written_in", "original_source")
                .first()
            )
            if last is None and english is not None and english.written_in == language:
                # Written first in this language: the translation starts from that text.
                initial["answer_source"] = english.original_source
            if last is not None:
                initial.update(
                    {
                        "question_title": last.question_title,
                        "question_text": last.question_text,
                        "summary": last.summary,
                        "answer_source": last.answer_source,
                    }
                )
        return initial

    # -- the queue above the list ----------------------------------------------

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "queues": translation_queues(),
            "title": "Translation queue",
            "review_months": settings.QA_REVIEW_MONTHS,
        }
        return super().changelist_view(request, extra_context)

    # -- the page of one draft -------------------------------------------------

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        step = request.POST.get("_step", "") if request.method == "POST" and change else ""
        return type(
            form.__name__,
            (form,),
            {"step": step, "step_failure": getattr(request, "_step_failure", "")},
        )

    def page_context(self, request: HttpRequest, object_id: str | None) -> dict[str, Any]:
        """The English being translated, the buttons this user may press, and who may sign."""
        user = signed_in_user(request)
        draft_id = as_id(object_id)
        draft = (
            TranslationDraft.objects.select_related("question__published_answer")
            .filter(pk=draft_id)
            .first()
            if draft_id is not None
            else None
        )
        question: Question | None
        if draft is not None:
            question = draft.question
        else:
            question_id = as_id(request.GET.get("question"))
            question = (
                Question.objects.published()
                .select_related("published_answer")
                .filter(pk=question_id)
                .first()
                if question_id is not None
                else None
            )
        context: dict[str, Any] = {"english": question.published_answer if question else None}
        if draft is None:
            if question is not None:
                context["starts_from"] = _starts_from(question, request.GET.get("language", ""))
            return context
        steps = []
        if user.has_perm(TRANSLATE_PERMISSION):
            steps.append("translation_send")
        profile = ExpertProfile.objects.filter(user=user).first()
        if (
            draft.is_sent
            and profile is not None
            and profile.signs_in(draft.language)
            and user.has_perm(SIGN_PERMISSION)
        ):
            steps.append("translation_request_changes")
        if not signer_refusal(draft, user) and not state_refusal(draft):
            steps.append("translation_sign")
        context["steps"] = [(step, TRANSITIONS[step].label) for step in steps]
        context["draft_state"] = explain(draft, user)
        context["english_changed"] = draft.follows_id != draft.question.published_answer_id
        return context

    def save_model(
        self, request: HttpRequest, obj: TranslationDraft, form: Any, change: bool
    ) -> None:
        actor = signed_in_user(request)
        step = form.step
        if step in JUDGING and _text_changed(obj):
            raise StepRefused(
                "Nothing was saved: you changed the text, and the clinician who reads a "
                "translation judges exactly the version that was sent. Your edits are still "
                "on the page. To keep them, press “Send the translation for sign-off” (a "
                "colleague then signs it); to ask for changes or to sign the version as it "
                "was sent, reload the page and write what should change in the note."
            )
        try:
            if step in JUDGING:  # nothing to save: the text is the one sent
                draft = obj
            else:
                draft = services.translation_save(
                    question_id=obj.question_id,
                    language=obj.language,
                    actor=actor,
                    texts={field: getattr(obj, field) for field in TEXT_FIELDS},
                )
                obj.pk = draft.pk
            if step:
                getattr(services, step)(
                    draft_id=draft.pk, actor=actor, note=form.cleaned_data["step_note"]
                )
        except (services.TransitionNotAllowed, PermissionDenied) as refused:
            raise StepRefused(str(refused)) from refused

    def response_change(self, request: HttpRequest, obj: TranslationDraft) -> HttpResponse:
        step = request.POST.get("_step", "")
        if step in STEPS:
            self.message_user(
                request, f"Done: {TRANSITIONS[step].label.lower()}.", messages.SUCCESS
            )
            if step == "translation_sign":  # the draft became a signed translation
                return HttpResponseRedirect("../../")
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)


def _starts_from(question: Question, language: str) -> dict[str, Any] | None:
    """What a new draft of a Q&A translated before starts from (see
    get_changeform_initial_data), and the English versions signed since the
    one it translated, with the kind of each change: a clinical one means the
    old text may carry an old dose or risk."""
    last = (
        AnswerTranslation.objects.select_related("follows")
        .filter(question=question, language=language)
        .order_by("-signed_at")
        .first()
    )
    if last is None:
        return None
    since = list(
        question.answers.filter(signed_at__gt=last.follows.signed_at).order_by("signed_at")
    )
    return {"translation": last, "english_since": since}


def _text_changed(draft: TranslationDraft) -> bool:
    """Whether the text on the form differs from the draft as stored, read as
    the service stores it: a browser sends CRLF line ends for the same words."""
    stored = TranslationDraft.objects.get(pk=draft.pk)
    return any(
        normalise_text(getattr(draft, field), keep_line_ends=field == "answer_source")
        != getattr(stored, field)
        for field in TEXT_FIELDS
    )


def explain(draft: TranslationDraft, user: Any) -> str:
    """Where the draft stands, and who may sign it, in a sentence or two."""
    language = staff_language_name(draft.language)
    if not draft.is_sent:
        said = "Not sent for sign-off yet."
        if draft.changes_requested:
            said = f"Changes were requested: “{draft.changes_requested}”"
        return f"{said} A translator sends it for sign-off, answering for all of it."
    refusal = state_refusal(draft)
    if refusal:
        return refusal
    # One query: the clinicians who may sign, then those who sign in the language.
    signers = signing.translation_signers(draft.language, sender_id=draft.sent_by_id)
    sender = draft.sent_by.get_full_name() or draft.sent_by.get_username() if draft.sent_by else ""
    said = f"Sent for sign-off by {sender}."
    if not signers:
        return (
            f"{said} No other clinician signs in {language} yet: ask the site administrator to "
            "add the language to a colleague's expert profile."
        )
    return f"{said} It may be signed by a clinician who signs in {language}: {', '.join(signers)}."


def translation_queues() -> list[dict[str, Any]]:
    """Per language: the published Q&As waiting for a first translation, and
    those whose translation is out of date (drafts under way are the list
    below them), and those whose translation is due for review. Three queries
    a language, at most QUEUE_LENGTH rows each."""
    queues = []
    for code, _ in other_languages():
        name = staff_language_name(code)
        waiting, outdated = selectors.translation_needed(code)
        due = selectors.translations_due_for_review(code)
        queues.append(
            {
                "code": code,
                "name": name,
                "waiting": _head(waiting),
                "outdated": _head(outdated),
                "due": _head(due),
            }
        )
    return queues


def _head(queryset: QuerySet[Question]) -> dict[str, Any]:
    rows = list(queryset.order_by("-published_at")[: QUEUE_LENGTH + 1])
    return {"rows": rows[:QUEUE_LENGTH], "more": len(rows) > QUEUE_LENGTH}
