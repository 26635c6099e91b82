"""The question page's form: the draft and the inputs of its "Next step" buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from .. import services
from ..lifecycle import TRANSITIONS, Step
from ..models import Answer, ExpertProfile, Question
from ..services.identifiers import identifiers_in_public_text

_ADDRESS = re.compile(r"(?:^|/)questions/(?P<slug>[-\w]+)/?(?:[?#].*)?$")


def published_by_address(address: str) -> Question | None:
    """The published Q&A at a public address (or a bare slug), or None."""
    match = _ADDRESS.search(address.strip())
    slug = match["slug"] if match else address.strip().strip("/")
    return Question.objects.published().filter(slug=slug).first() if slug else None


class StepRefused(Exception):
    """A service refused the move after the draft was saved: roll both back, and
    show the page again with everything typed still in it and the reason on top."""


def as_id(text: str | None) -> int | None:
    """A row id from an address, or None for anything else ("²", "1e9", a huge number)."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text)


# A translation page's buttons, and those that judge the text as sent: they
# save nothing, so edits made while pressing them are refused rather than
# silently unsending the translation.
TRANSLATION_STEPS = ("translation_send", "translation_request_changes", "translation_sign")
TRANSLATION_JUDGING = ("translation_request_changes", "translation_sign")


class TranslationStepsMixin:
    """A translation's admin page (a Q&A's, a drug page's, a term's): the page's
    own context (`page_context`: the buttons this user may press, where the
    translation stands), and a refused step shown on the same page with what
    was typed, its reason read by the form (`step_failure`)."""

    def page_context(self, request: HttpRequest, object_id: str | None) -> dict[str, Any]:
        raise NotImplementedError

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            **self.page_context(request, object_id),
            "show_save_and_add_another": False,
        }
        show = super().changeform_view  # type: ignore[misc]  # ModelAdmin's, in the subclass
        try:
            return show(request, object_id, form_url, extra_context)
        except StepRefused as refused:
            request._step_failure = str(refused)  # type: ignore[attr-defined]  # read by get_form
            return show(request, object_id, form_url, extra_context)


# The steps this page has a button for, and the service each one calls: the
# lifecycle table names it, so a misspelt name stops the admin from loading.
BUTTONS: dict[str, Step] = {
    action: step for action, step in TRANSITIONS.items() if step.permission and step.from_statuses
}
BUTTON_SERVICES: dict[str, Callable[..., object]] = {
    action: getattr(services, step.service) for action, step in BUTTONS.items()
}


CHOOSE = [("", "Choose…")]
S = Question.Status
# What a question may be declined as a duplicate of: a published Q&A, or a
# question still being answered (its patient's page links it once published).
DUPLICATE_TARGETS = [S.PUBLISHED, S.NEW, S.ASSIGNED, S.AWAITING_SIGNOFF, S.SIGNED_OFF]


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
    # A choice among the likely duplicates (questions.admin.duplicates), or
    # any published Q&A by its address: never a list of the whole archive.
    transition_duplicate_of = forms.ModelChoiceField(
        queryset=Question.objects.filter(status__in=DUPLICATE_TARGETS),
        required=False,
        label="Question it duplicates (when declining as a duplicate)",
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": (
                "That question was declined or withdrawn meanwhile. Choose another one."
            )
        },
    )
    transition_duplicate_address = forms.CharField(
        required=False,
        max_length=300,
        label="Or the address of another published Q&A",
        help_text="Copy it from the address bar of the Q&A's public page, "
        "e.g. https://…/questions/can-i-exercise-with-ms/",
    )
    # The moderator's confirmation, for the marks they saw (their fingerprint).
    identifiers_removed = forms.BooleanField(
        required=False,
        label="Identifiers removed",
        help_text="Tick when you have checked each marked word in the public title and "
        "question and none of them identifies the patient.",
    )
    identifiers_fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)
    # Asked when the Q&A has a translation (next_step.asks_change_kind).
    transition_change_kind = forms.ChoiceField(
        choices=Answer.ChangeKind.choices,
        required=False,
        widget=forms.RadioSelect,
        label="What kind of change is this? (The Q&A has a translation.)",
    )
    transition_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (kept in the history; required to request changes or withdraw)",
    )

    # Set per request by QuestionAdmin.get_form.
    transition_action = ""
    transition_failure = ""
    duplicate_choices: list[tuple[int, str]] = []
    asks_change_kind = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.status == Question.Status.NEW:
            # Still the patient's own words until a moderator rewrites them: never
            # kept in the browser (static/js/admin-keep-typing.js).
            for name in ("title", "body"):
                if name in self.fields:
                    self.fields[name].widget.attrs["data-keep-typing"] = "off"
        if "answer_written_in" in self.fields:
            self.fields["answer_written_in"].required = False
        duplicate_of = self.fields["transition_duplicate_of"]
        assert isinstance(duplicate_of, forms.ChoiceField)  # a ModelChoiceField
        duplicate_of.choices = self.duplicate_choices
        if self.instance.pk is not None and "identifiers_fingerprint" in self.fields:
            found = identifiers_in_public_text(self.instance)
            self.fields["identifiers_fingerprint"].initial = found.fingerprint

    def clean_transition_duplicate_address(self) -> str:
        address = self.cleaned_data["transition_duplicate_address"].strip()
        if address and not published_by_address(address):
            raise ValidationError(
                "No published Q&A has this address. Copy it from the address bar of its page."
            )
        return address

    class Meta:
        model = Question
        fields = [
            "title",
            "body",
            "category",
            "summary",
            "answer_source",
            "answer_written_in",
            "original_answer",
            "comments_closed",
            "review_assignee",
        ]
        widgets = {
            # As wide as the question below it: a title of 40 letters was cut off.
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "body": forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "answer_source": forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"}),
            "original_answer": forms.Textarea(attrs={"rows": 10, "class": "vLargeTextField"}),
        }

    def clean_answer_written_in(self) -> str:
        # Left out of a post (an older page, a script): English, as before.
        return self.cleaned_data.get("answer_written_in") or settings.LANGUAGE_CODE

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = self.transition_action
        if action and action not in BUTTONS:
            raise ValidationError("That is not a step this page offers.")
        if (
            action == "sign_off"
            and self.asks_change_kind
            and not data.get("transition_change_kind")
        ):
            self.add_error(
                "transition_change_kind",
                "Say whether the change is clinical or editorial: the translation depends on it.",
            )
        written_in = data.get("answer_written_in") or settings.LANGUAGE_CODE
        if written_in != settings.LANGUAGE_CODE and not (data.get("original_answer") or "").strip():
            self.add_error(
                "original_answer",
                "You said the answer was written first in another language: paste that text "
                "here, so its translation starts from it.",
            )
        if action == "assign" and not data.get("transition_expert"):
            self.add_error("transition_expert", "Choose the expert who will answer.")
        if data.get("transition_duplicate_address") and not data.get("transition_duplicate_of"):
            data["transition_duplicate_of"] = published_by_address(
                data["transition_duplicate_address"]
            )
        if action == "reject":
            reason = data.get("transition_reason")
            if not reason:
                self.add_error("transition_reason", "Choose why the question is declined.")
            elif reason == Question.RejectReason.DUPLICATE and not data.get(
                "transition_duplicate_of"
            ):
                self.add_error(
                    "transition_duplicate_of",
                    "Choose the question or published Q&A that this question duplicates.",
                )
        if (
            action
            and BUTTONS[action].note_required
            and not (data.get("transition_note") or "").strip()
        ):
            self.add_error(
                "transition_note", "Please write in the note why (it is kept in the history)."
            )
        chosen = [
            name
            for name in (
                "transition_expert",
                "transition_reason",
                "transition_duplicate_of",
                "transition_duplicate_address",
                "transition_change_kind",
            )
            if data.get(name)
        ]
        if not action and (chosen or (data.get("transition_note") or "").strip()):
            # A plain Save makes no move: saying nothing would let a moderator
            # believe the question was assigned while the choice was dropped.
            raise ValidationError(
                "You filled in the “Next step” part but pressed Save, which does not make a "
                "step. Nothing is saved yet and your choices are still below: press the "
                "step's own button (for example “Assign to an expert”), or clear the "
                "“Next step” choices to save only your edits."
            )
        if self.transition_failure:
            raise ValidationError(self.transition_failure)
        return data
