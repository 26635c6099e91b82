"""Who asked, and what in the public text may still say it: the parts of the
question's page that only moderators need (the patient's own words) and the
marks that every editor sees in the text a clinician will sign."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.html import format_html

from core.http import signed_in_user

from .. import deidentify, selectors, services
from ..models import Question
from ..services.identifiers import identifiers_in_public_text, identifiers_unconfirmed
from .workflow_form import StepRefused

if TYPE_CHECKING:  # names of the stubs only
    from django.contrib.admin.options import _FieldOpts
    from django_stubs_ext import StrOrPromise

LEGEND = (
    "Highlighted: what may identify the patient (their name, emails, phone numbers, web "
    "addresses, street addresses, exact dates, years, ages, places such as towns, hospitals "
    "and clinics, people named after a title, and capitalised words that are not in the "
    "medical vocabulary)."
)
MODERATOR_ONLY = {"original_wording", "identifiers_removed", "identifiers_fingerprint"}


class IdentityMixin(admin.ModelAdmin):
    """For QuestionAdmin: moderators (and administrators) see who asked and
    confirm "identifiers removed"; clinicians see the public version only."""

    def get_fieldsets(
        self, request: HttpRequest, obj: Question | None = None
    ) -> list[tuple[StrOrPromise | None, _FieldOpts]]:
        fieldsets = super().get_fieldsets(request, obj)
        hidden = set() if selectors.sees_who_asked(request.user) else set(MODERATOR_ONLY)
        if obj is None or not identifiers_unconfirmed(obj):
            hidden |= {"identifiers_removed", "identifiers_fingerprint"}  # nothing to confirm
        kept: list[tuple[StrOrPromise | None, _FieldOpts]] = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field not in hidden]
            if "original_wording" in hidden:
                fields = [
                    "identifier_marks_without_contact" if field == "identifier_marks" else field
                    for field in fields
                ]
            if fields == ["urgency"]:  # a clinician's: the urgency goes with the public text
                continue
            if "title" in fields and "urgency" not in fields and "original_wording" in hidden:
                fields = ["urgency", *fields]
            kept.append((name, {**options, "fields": fields}))
        return kept

    @admin.display(description="What the patient wrote")
    def original_wording(self, obj: Question) -> str:
        submission = getattr(obj, "submission", None)
        if submission is None:
            return "—"
        if submission.erased_at:
            return f"Erased on {submission.erased_at:%Y-%m-%d}."
        contact = ", ".join(filter(None, [submission.name, submission.email])) or "no contact given"
        words = deidentify.vocabulary()

        def marked(text: str, *, paragraphs: bool = False, headline: bool = False) -> str:
            found = deidentify.find(
                text, name=submission.name, email=submission.email, words=words, headline=headline
            )
            return deidentify.highlight(text, found, paragraphs=paragraphs)

        return format_html(
            '<div class="patient-original"><p><strong>{}</strong></p>{}'
            '<p class="help deid-legend">{} Leave these out of the public version.</p>'
            '<p class="help">From: {}{}</p></div>',
            marked(submission.original_subject, headline=True),
            marked(submission.original_text, paragraphs=True),
            LEGEND,
            contact,
            " (wants an email when published)" if submission.notify else "",
        )

    @admin.display(description="May still identify the patient")
    def identifier_marks(self, obj: Question) -> str:
        return self._marks(obj, identifiers_in_public_text(obj))

    @admin.display(description="May still identify the patient")
    def identifier_marks_without_contact(self, obj: Question) -> str:
        """For clinicians: the same marks, but none found by comparing with the
        patient's name or email (a mark labelled "name" would confirm a guess)."""
        found = deidentify.public_text_findings(obj.title, obj.body, words=deidentify.vocabulary())
        return self._marks(obj, found)

    @staticmethod
    def _marks(obj: Question, found: deidentify.PublicTextFindings) -> str:
        confirmed = not identifiers_unconfirmed(obj)
        if not found:
            return "Nothing marked in the public title and question."
        if confirmed:
            by = obj.identifiers_confirmed_by
            state = format_html(
                "A moderator{} confirmed that none of these marked words identifies the patient.",
                f" ({by.get_username()})" if by else "",
            )
        else:
            state = format_html(
                "<strong>{}</strong> {}",
                "Not confirmed:",
                "it cannot be sent for sign-off until the marked words are removed or a "
                "moderator ticks “Identifiers removed” below.",
            )
        return format_html(
            '<div class="public-marks"><p><strong>{}</strong></p>{}'
            '<p class="help deid-legend">{}</p><p class="help">{}</p></div>',
            found.title_html(),
            found.body_html(),
            LEGEND,
            state,
        )

    def confirm_identifiers(
        self, request: HttpRequest, form: forms.ModelForm, obj: Question
    ) -> None:
        """The tick, for the marks the moderator saw when the page was loaded."""
        if not form.cleaned_data.get("identifiers_removed"):
            return
        try:
            services.question_confirm_identifiers_removed(
                question=obj,
                actor=signed_in_user(request),
                fingerprint=form.cleaned_data.get("identifiers_fingerprint", ""),
            )
        except (services.TransitionNotAllowed, PermissionDenied) as exc:
            raise StepRefused(str(exc)) from exc
