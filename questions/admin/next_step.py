"""The question page's "Next step" buttons: each saves the draft and makes its
move in one transaction, through the same services the rest of the code uses.

A move the service refuses rolls the save back too, and the page comes again
with everything typed still in it and the reason on top; a decline asks for a
confirmation first, since it tells the patient.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from core.http import signed_in_user

from .. import services
from ..lifecycle import TRIAGE_PERMISSION
from ..models import AnswerTranslation, Question, Reference
from ..services import signing
from ..services.drafts import text_differs_from_stored
from .duplicates import duplicate_suggestions
from .workflow_form import BUTTON_SERVICES, BUTTONS, StepRefused

UNSENT_BY_EDIT = (
    "Not signed: you changed the text, and a signature covers only the version that was "
    "sent, unchanged. Nothing is saved yet and your edits are still on the page. To keep "
    "them, press “Send for sign-off”: you then answer for this version and a colleague "
    "signs it. To sign the version as it was sent, reload the page without your edits."
)

UNSENT_BY_SAVE = (
    "Your edits are saved, and they change the version that was sent for sign-off: "
    "it can no longer be signed as it was sent. A clinician presses “Send for sign-off” "
    "on the question's page to send this version (answering for it); a colleague then "
    "signs it."
)


def asks_change_kind(question: Question) -> bool:
    """Whether signing this Q&A's changes must say how they touch its translation."""
    return AnswerTranslation.objects.filter(question=question, is_current=True).exists()


def _offering_to_send(
    request: HttpRequest, extra_context: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The refused sign-off's page with its edits, and the "Send for sign-off"
    its reason names: the stored version waits for sign-off, so the buttons
    read from it do not offer to send; pressing it saves the edits (which
    unsends the stored version) and sends them, in one transaction."""
    actions = (extra_context or {}).get("transition_actions")
    user = signed_in_user(request)
    send = "submit_for_signoff"
    if actions is None or any(action == send for action, _ in actions):
        return extra_context
    if not (user.has_perm(BUTTONS[send].permission) and signing.is_clinician(user)):
        return extra_context
    return {**(extra_context or {}), "transition_actions": [*actions, (send, BUTTONS[send].label)]}


def _refused(request: HttpRequest, reason: str) -> None:
    """The page comes back with `reason` on top: the form built for it reads it (get_form)."""
    request._transition_failure = reason  # type: ignore[attr-defined]  # our note on this request


class NextStepMixin(admin.ModelAdmin):
    """For QuestionAdmin, whose form is QuestionAdminForm: the buttons a user
    may press now, and what pressing one does."""

    # IdentityMixin's, before this one in QuestionAdmin's bases.
    confirm_identifiers: Callable[[HttpRequest, Any, Question], None]

    def get_form(
        self, request: HttpRequest, obj: Question | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        action = request.POST.get("_transition", "") if request.method == "POST" else ""
        return type(
            form.__name__,
            (form,),
            {
                "transition_action": action if change else "",
                "transition_failure": getattr(request, "_transition_failure", ""),
                "duplicate_choices": getattr(request, "_duplicate_choices", []),
                # Read only when signing: the page's own display asks change_view.
                "asks_change_kind": action == "sign_off"
                and obj is not None
                and asks_change_kind(obj),
            },
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        question = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if question is not None:
            actions = services.allowed_actions(question=question, user=signed_in_user(request))
            extra_context["transition_actions"] = [(a, BUTTONS[a].label) for a in actions]
            extra_context["who_may_sign"] = signing.explain(question, signed_in_user(request))
            extra_context["asks_change_kind"] = asks_change_kind(question)
            if "reject" in actions:
                extra_context.update(duplicate_suggestions(request, question))
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        action = request.POST.get("_transition") if request.method == "POST" else None
        if not action or object_id is None:
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except StepRefused as failed:  # a confirmation refused (IdentityMixin)
                _refused(request, str(failed))
                return super().changeform_view(request, object_id, form_url, extra_context)
        if "_back" in request.POST:
            # "Go back" from the decline confirmation: the page again, as typed.
            _refused(request, "Not declined. Nothing is saved yet.")
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
            _refused(request, str(failed))
            if str(failed) == UNSENT_BY_EDIT:
                extra_context = _offering_to_send(request, extra_context)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _decline_confirmation(self, request: HttpRequest, object_id: str) -> HttpResponse | None:
        """A page to confirm the decline, or None to let the form show its errors."""
        question = self.get_object(request, unquote(object_id))
        if question is None or not self.has_change_permission(request, question):
            return None
        if not request.user.has_perm(TRIAGE_PERMISSION):
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

    def save_model(self, request: HttpRequest, obj: Question, form: Any, change: bool) -> None:
        action = form.transition_action if change else ""
        if action == "sign_off" and text_differs_from_stored(obj):
            raise StepRefused(UNSENT_BY_EDIT)
        if change and not action:
            # Whether the stored version waits for sign-off: said if this save unsends it.
            request._sent_before = signing.version_is_sent(  # type: ignore[attr-defined]  # our note
                Question.objects.get(pk=obj.pk)
            )
        if action == "request_changes":
            # First the move, with its note: the edits then belong to the
            # version that goes back, instead of unsending it on their own.
            self._make_step(request, form, obj)
        # Only what the form edits (see question_save_draft).
        services.question_save_draft(
            question=obj,
            actor=signed_in_user(request),
            fields=list(form.fields) if change else None,
        )
        if change:
            self.confirm_identifiers(request, form, obj)  # for the text as now saved

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
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
            services.question_sources_changed(question=form.instance, actor=signed_in_user(request))
        if action and action != "request_changes":
            self._make_step(request, form, form.instance)
        if not action and getattr(request, "_sent_before", False):
            # Said by response_change, reached only when nothing refused the save.
            request._unsent_by_save = not signing.version_is_sent(  # type: ignore[attr-defined]
                Question.objects.get(pk=form.instance.pk)
            )

    def _make_step(self, request: HttpRequest, form: Any, obj: Question) -> None:
        action = form.transition_action
        data = form.cleaned_data
        inputs = {
            "expert": data["transition_expert"],
            "reason": data["transition_reason"],
            "duplicate_of": data["transition_duplicate_of"],
            "change_kind": data["transition_change_kind"],
        }
        step = BUTTONS[action]
        try:
            BUTTON_SERVICES[action](
                question_id=obj.pk,
                actor=signed_in_user(request),
                note=data["transition_note"].strip(),
                **{name: inputs[name] for name in step.inputs},
            )
        except (services.TransitionNotAllowed, PermissionDenied) as exc:
            raise StepRefused(str(exc)) from exc

    def response_change(self, request: HttpRequest, obj: Question) -> HttpResponse:
        if getattr(request, "_unsent_by_save", False):
            # Django's "changed successfully" alone hid that it went back a step.
            self.message_user(request, UNSENT_BY_SAVE, messages.WARNING)
        action = request.POST.get("_transition")
        if action in BUTTONS:
            self.message_user(request, f"Done: {BUTTONS[action].label.lower()}.", messages.SUCCESS)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)
