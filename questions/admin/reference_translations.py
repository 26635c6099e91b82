"""The admin of a reference entry's translation (a drug page, a glossary term),
shared by the drug reference and the glossary, which register it for their
own translation model (they may import this app; it may not import them).

Adding one asks only which entry and which language; its page then has a box
per English text, with the English under each, and the buttons of the
translation steps (send, request changes, sign), made through
questions.services.reference_translations. As on a Q&A's translation, a
button saves what is typed and moves in one transaction; a refused move rolls
the save back and the page comes again with the text as typed and the reason
on top. A signed translation is read-only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from core.http import signed_in_user

from ..lifecycle import SIGN_PERMISSION, TRANSITIONS, TRANSLATE_PERMISSION
from ..models import (
    ExpertProfile,
    ReferenceTranslation,
    normalise_text,
    other_languages,
    staff_language_name,
    texts_sha256,
)
from ..services import reference_translations as services
from ..services import signing
from ..services.steps import TransitionNotAllowed
from .workflow_form import (
    TRANSLATION_JUDGING,
    TRANSLATION_STEPS,
    StepRefused,
    TranslationStepsMixin,
    as_id,
)

STEPS, JUDGING = TRANSLATION_STEPS, TRANSLATION_JUDGING
TEXT_PREFIX = "text__"
# Texts up to this long get one line; longer ones a box.
_ONE_LINE = 200


class ReferenceTranslationForm(forms.ModelForm):
    step_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (kept in the audit log; required to request changes)",
    )

    # Set per request by ReferenceTranslationAdmin.get_form.
    step = ""
    step_failure = ""
    english: dict[str, str] = {}  # noqa: RUF012 - replaced per request, never mutated
    labels: dict[str, str] = {}  # noqa: RUF012 - likewise

    class Meta:
        fields = ["entry", "language"]

    seen_sha256 = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = self.instance.texts if self.instance.pk else {}
        # The text as this page shows it: what a clinician who signs here read.
        self.fields["seen_sha256"].initial = texts_sha256(stored) if stored else ""
        for key, english in self.english.items():
            self.fields[TEXT_PREFIX + key] = forms.CharField(
                label=self.labels.get(key, key),
                required=False,
                initial=stored.get(key, ""),
                widget=(
                    forms.TextInput(
                        attrs={"class": "vLargeTextField", "lang": self.instance.language}
                    )
                    if len(english) <= _ONE_LINE and "\n" not in english
                    else forms.Textarea(
                        attrs={
                            "rows": 5,
                            "class": "vLargeTextField",
                            "lang": self.instance.language,
                        }
                    )
                ),
                # The admin shows help text as HTML: the English is escaped here.
                help_text=format_html(
                    '<div class="english-source-text" lang="en"><strong>English:</strong>{}</div>',
                    mark_safe(linebreaks(english, autoescape=True)),  # noqa: S308 - escaped
                ),
            )

    def texts(self) -> dict[str, str]:
        return {
            key: self.cleaned_data.get(TEXT_PREFIX + key, "")
            for key in self.english
            if TEXT_PREFIX + key in self.cleaned_data
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


class ReferenceTranslationAdmin(TranslationStepsMixin, admin.ModelAdmin):
    """Registered by each app for its model, with `entry_queryset` (the
    published entries that may be translated) and `text_label` (a key's
    label) given by the app."""

    form = ReferenceTranslationForm
    change_form_template = "admin/reference_translation_change_form.html"
    list_display = ["entry", "language", "state", "is_current", "signed_at"]
    list_filter = ["language", "state", "is_current"]
    list_select_related = ["entry"]

    change_list_template = "admin/reference_translation_change_list.html"

    def entry_queryset(self) -> Any:
        raise NotImplementedError

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "queues": self.queues()}
        return super().changelist_view(request, extra_context)

    def queues(self) -> list[dict[str, Any]]:
        """Per language: the published entries never translated (or taken off
        after a clinical change), those whose translation follows older English,
        and those whose translation is due for review, with no translation under
        way. The reference is short (tens of entries): two queries a language,
        the English compared here."""
        entries = list(self.entry_queryset())
        queues = []
        for code, _ in other_languages():
            rows = self.model.objects.filter(language=code, entry__in=entries)
            current = {t.entry_id: t for t in rows.filter(is_current=True)}
            under_way = set(rows.filter(state__in=services.OPEN).values_list("entry_id", flat=True))
            never, outdated, due = [], [], []
            for entry in entries:
                if entry.pk in under_way:
                    continue
                signed = current.get(entry.pk)
                if signed is None:
                    never.append(entry)
                elif not services.follows_current_english(signed, entry):
                    outdated.append(entry)
                elif signed.review_overdue:
                    due.append(entry)
            queues.append(
                {
                    "code": code,
                    "name": staff_language_name(code),
                    "never": never,
                    "outdated": outdated,
                    "due": due,
                }
            )
        return queues

    def text_label(self, key: str) -> str:
        return key

    def has_module_permission(self, request: HttpRequest) -> bool:
        # Translators see their work in the admin's index without the app's other rights.
        return self.has_view_permission(request) or super().has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(TRANSLATE_PERMISSION)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_signed:
            return False  # a signed translation is never changed
        user = request.user
        return user.has_perm(TRANSLATE_PERMISSION) or user.has_perm(SIGN_PERMISSION)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        user = request.user
        return user.has_perm(TRANSLATE_PERMISSION) or user.has_perm(SIGN_PERMISSION)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an abandoned one is written over; signed ones are the record

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["entry", "language"] if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        form = self.get_form(request, obj)
        if obj is None:
            return ["entry", "language"]
        return ["entry", "language", *(n for n in form.base_fields if n.startswith(TEXT_PREFIX))]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        english = self.model.english_texts(obj.entry) if obj is not None else {}
        kwargs["fields"] = ["entry", "language"] if obj is None else []
        form = super().get_form(request, obj, change, **kwargs)
        step = request.POST.get("_step", "") if request.method == "POST" and change else ""
        attrs = {
            "step": step,
            "step_failure": getattr(request, "_step_failure", ""),
            "english": english,
            "labels": {key: self.text_label(key) for key in english},
        }
        built: Any = type(form.__name__, (form,), attrs)
        if obj is None and "entry" in built.base_fields:
            entry = built.base_fields["entry"]
            assert isinstance(entry, forms.ModelChoiceField)
            entry.queryset = self.entry_queryset()
        if obj is not None:
            # The texts' fields are made per instance; the admin lists them by name.
            probe = built(instance=obj)
            built.base_fields.update(
                {
                    name: field
                    for name, field in probe.fields.items()
                    if name.startswith(TEXT_PREFIX)
                }
            )
        return built

    def page_context(self, request: HttpRequest, object_id: str | None) -> dict[str, Any]:
        pk = as_id(object_id)
        if pk is None:
            return {}
        obj = self.model.objects.select_related("sent_by").filter(pk=pk).first()
        if obj is None or obj.is_signed:
            return {}
        user = signed_in_user(request)
        steps = []
        if user.has_perm(TRANSLATE_PERMISSION):
            steps.append("translation_send")
        profile = ExpertProfile.objects.filter(user=user).first()
        sent = obj.state == ReferenceTranslation.State.SENT
        if sent and profile is not None and profile.signs_in(obj.language):
            steps.append("translation_request_changes")
        entry = obj.entry
        if not services.signer_refusal(obj, user) and not services.state_refusal(obj, entry):
            steps.append("translation_sign")
        return {
            "steps": [(step, TRANSITIONS[step].label) for step in steps],
            "translation_state": explain(obj, entry),
        }

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actor = signed_in_user(request)
        step = form.step
        texts = form.texts()
        try:
            if step in JUDGING:
                if {k: normalise_text(v) for k, v in texts.items() if v} != obj.texts:
                    raise StepRefused(
                        "Nothing was saved: you changed the text, and the clinician who reads a "
                        "translation judges exactly the version that was sent. Your edits are "
                        "still on the page. To keep them, press “Send the translation for "
                        "sign-off” (a colleague then signs it)."
                    )
                saved = obj
            else:
                saved = services.reference_translation_save(
                    model=self.model,
                    entry_id=obj.entry_id,
                    language=obj.language,
                    actor=actor,
                    texts=texts,
                )
                obj.pk = saved.pk
            if step == "translation_sign":
                services.reference_translation_sign(
                    model=self.model,
                    translation_id=saved.pk,
                    actor=actor,
                    note=form.cleaned_data["step_note"],
                    seen_sha256=form.cleaned_data.get("seen_sha256", ""),
                )
            elif step:
                getattr(services, f"reference_{step}")(
                    model=self.model,
                    translation_id=saved.pk,
                    actor=actor,
                    note=form.cleaned_data["step_note"],
                )
        except (TransitionNotAllowed, PermissionDenied) as refused:
            raise StepRefused(str(refused)) from refused

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        step = request.POST.get("_step", "")
        if step in STEPS:
            self.message_user(
                request, f"Done: {TRANSITIONS[step].label.lower()}.", messages.SUCCESS
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: str | None = None
    ) -> HttpResponse:
        # On to the texts, which the add page cannot show before the entry is chosen.
        opts = self.opts
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )


def explain(obj: Any, entry: Any) -> str:
    """Where the translation stands, and who may sign it, in a sentence or two."""
    language = staff_language_name(obj.language)
    if obj.state == ReferenceTranslation.State.DRAFT:
        said = "Not sent for sign-off yet."
        if obj.changes_requested:
            said = f"Changes were requested: “{obj.changes_requested}”"
        return f"{said} A translator sends it for sign-off, answering for all of it."
    refusal = services.state_refusal(obj, entry)
    if refusal:
        return refusal
    signers = signing.translation_signers(obj.language, sender_id=obj.sent_by_id)
    sender = obj.sent_by.get_full_name() or obj.sent_by.get_username()
    said = f"Sent for sign-off by {sender}."
    if not signers:
        return (
            f"{said} No other clinician signs in {language} yet: ask the site administrator to "
            "add the language to a colleague's expert profile."
        )
    return f"{said} It may be signed by a clinician who signs in {language}: {', '.join(signers)}."


CHANGE_KINDS = [
    ("", "Choose one"),
    (
        "clinical",
        "Clinical: a dose, a risk or advice changed. Its translations come off the "
        "public pages until they are translated and signed again.",
    ),
    (
        "editorial",
        "Editorial: wording only. Its translations stay, marked as following the earlier English.",
    ),
]


class ChangeKindForm(forms.ModelForm):
    """An English reference entry's form that, when the entry has a signed
    translation and its translated texts change, asks what kind of change it is."""

    translation_model: Any  # a ReferenceTranslation subclass, set by the app's form
    translated_fields: tuple[str, ...] = ()

    change_kind = forms.ChoiceField(
        choices=CHANGE_KINDS,
        required=False,
        label="What kind of change is this, for the translations?",
        help_text="Asked only when the entry has a signed translation and its text changes.",
    )

    def translated_text_changed(self) -> bool:
        return bool(
            self.instance.pk
            and set(self.changed_data) & set(self.translated_fields)
            and self.translation_model.objects.filter(entry=self.instance, is_current=True).exists()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.translated_text_changed() and not data.get("change_kind"):
            self.add_error(
                "change_kind",
                "This entry has a signed translation: say whether the change is clinical or "
                "editorial. Your edits are kept below.",
            )
        return data

    def remember_english(self) -> None:
        """Note the English texts as they are before the save (call first)."""
        entry = self.instance
        self._english_before = (
            services.english_sha256(self.translation_model, type(entry).objects.get(pk=entry.pk))
            if entry.pk is not None
            else ""
        )

    def after_save(self) -> str:
        """Once the entry and its inline rows are saved: when any text a
        translation translates changed (the side effects too, which the form
        cannot ask about before they are saved), an editorial change keeps the
        translations, marked, and any other takes them off. Returns what to tell
        the clinician, if anything."""
        entry = type(self.instance).objects.get(pk=self.instance.pk)
        before = getattr(self, "_english_before", "")
        if not before or services.english_sha256(self.translation_model, entry) == before:
            return ""
        if not self.translation_model.objects.filter(entry=entry, is_current=True).exists():
            return ""
        kind = self.cleaned_data.get("change_kind") or "clinical"
        services.english_changed(
            model=self.translation_model, entry=entry, clinical=kind == "clinical"
        )
        if self.cleaned_data.get("change_kind"):
            return ""
        return (
            "The side effects changed and nobody said what kind of change it was, so it was "
            "taken as clinical: the translations are off the public pages until they are "
            "translated and signed again."
        )
