"""What the public forms share (the ask, comment, subscribe and feedback forms):
the spam guards (captcha, honeypot, minimum fill time, link cap, a form token
against double posts) and messages in plain words."""

from __future__ import annotations

import re
import secrets
import time
from typing import TYPE_CHECKING, Any, TypedDict

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # a development dependency: only its type is named
    from django_stubs_ext import StrOrPromise

from .captcha import (
    SOLVED_MINUTES,
    SUM_EXPIRED,
    OnceCaptchaField,
    solved_sum_keep,
    solved_sum_use,
)
from .context_processors import phone_link

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
# The salts keep the names they had when this lived in questions/forms.py, so
# forms open in a browser during an upgrade still read.
_START_SALT = "questions.forms.started"
_TOKEN_SALT = "questions.forms.token"  # noqa: S105 - a signing salt, not a secret
# Notes signed before they named a kept solved sum (core.captcha) no longer read.
_SOLVED_SALT = "questions.forms.sum-solved-once"


# Django's stock messages ("Ensure this value has at least 30 characters (it has 19).")
# are written for developers; a tired reader gets these instead.
OUT_OF_DATE = _("This form is out of date. Please send it again.")
EMAIL_MESSAGES = {
    "invalid": _(
        "This does not look like an email address. Please check it "
        "(it should look like name@example.org), or leave it empty."
    )
}


def text_messages(what: StrOrPromise, *, required: StrOrPromise) -> dict[str, StrOrPromise]:
    """A text field's messages. Made when the page is, in its language: `what`
    ("Your question") is filled in then, the numbers later by Django."""
    return {
        "required": required,
        # Translators: {what} is the field, such as "Your question"; keep
        # %(limit_value)d and %(show_value)d, Django puts the numbers there.
        "min_length": format_lazy(
            _(
                "{what} is too short. Please write at least %(limit_value)d characters; "
                "so far there are %(show_value)d."
            ),
            what=what,
        ),
        # Translators: {what} is the field, such as "Your question"; keep
        # %(limit_value)d and %(show_value)d, Django puts the numbers there.
        "max_length": format_lazy(
            _(
                "{what} is too long. Please keep it to %(limit_value)d characters; "
                "it has %(show_value)d now."
            ),
            what=what,
        ),
    }


def person_help(what: StrOrPromise) -> str:
    """For someone who can neither see nor hear the sum: who may help, and the
    clinic's phone or email when the site has them (promised only then)."""
    text = format_html(
        # Translators: {what} is whose words need not be seen, such as "your question".
        gettext(
            "If you can neither see nor hear the sum, ask someone you trust to read you "
            "<strong>only the sum</strong>; they do not need to see {what}."
        ),
        what=what,
    )
    phone, email = settings.CLINIC_PHONE, settings.CLINIC_EMAIL
    tel = phone_link(phone) if phone else ""
    if phone and email:
        more = gettext(
            "Or a person at the clinic will help you send it: "
            'call <a href="{tel}">{phone}</a> or email <a href="mailto:{email}">{email}</a>.'
        )
    elif phone:
        more = gettext(
            'Or a person at the clinic will help you send it: call <a href="{tel}">{phone}</a>.'
        )
    elif email:
        more = gettext(
            "Or a person at the clinic will help you send it: "
            'email <a href="mailto:{email}">{email}</a>.'
        )
    else:
        return text
    return format_html("{} {}", text, format_html(more, tel=tel, phone=phone, email=email))


def count_links(text: str) -> int:
    return len(_LINK.findall(text))


class Problem(TypedDict):
    """One line of a form's summary of problems."""

    id: str  # the field's input, for the link; "" for a sentence alone
    name: StrOrPromise | None
    text: str


class SpamGuardMixin(forms.Form):
    """Captcha, honeypot, minimum fill time, link cap and a form token: the
    defences the public forms share."""

    # Hidden from people by CSS; robots that fill every field fill this one.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE})
    form_token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE})
    # A signed note that this form's sum was solved: when another field has a
    # mistake, the patient is not asked for a second sum (the first one is used up).
    sum_solved = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha = OnceCaptchaField(
        label=_("Please solve this sum, so we know you are a person"),
        help_text=_("Type the answer as a number, for example 12."),
        error_messages={
            "required": _("Please type the answer to the sum."),
            "incomplete": _("Please type the answer to the sum."),
        },
    )

    # Short names of fields in the summary of problems, where a label is too long
    # or an error message alone would not say which field it is about.
    summary_names: dict[str, StrOrPromise] = {}
    # Whose words the person reading out the sum need not see.
    private_words: StrOrPromise = "your text"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = signing.dumps(time.time(), salt=_START_SALT)
        self.fields["form_token"].initial = signing.dumps(
            secrets.token_urlsafe(18), salt=_TOKEN_SALT
        )
        self.fields["captcha"].widget.person_help = person_help(self.private_words)
        if self.is_bound and self._sum_solved_before():
            self._mark_sum_solved()

    def _sum_solved_before(self) -> bool:
        """The post carries a "sum solved" note signed for this very form. Whether
        the solved sum it names is still there to use is for clean(), once."""
        form_token = self.posted_form_token()
        try:
            solved_for, self._solved_key = signing.loads(
                self.data.get("sum_solved", ""), salt=_SOLVED_SALT, max_age=SOLVED_MINUTES * 60
            )
        except (signing.BadSignature, TypeError, ValueError):
            return False
        return form_token is not None and solved_for == form_token

    def _set_posted(self, name: str, value: str) -> None:
        posted = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        posted[name] = value
        self.data = posted

    @property
    def _sum_field(self) -> OnceCaptchaField:
        field = self.fields["captcha"]
        assert isinstance(field, OnceCaptchaField)  # declared on this class, never replaced
        return field

    def _mark_sum_solved(self) -> None:
        self._sum_field.already_solved = True
        self._sum_field.required = False

    @property
    def sum_is_solved(self) -> bool:
        return self._sum_field.already_solved

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        self._solved_for = None
        if self.sum_is_solved and not solved_sum_use(key=self._solved_key):
            # The note was used already (replayed) or its sum was solved too long ago.
            self._sum_field.already_solved = False
            self._sum_field.required = True
            self._set_posted("sum_solved", "")
            self.add_error("captcha", ValidationError(SUM_EXPIRED, code="expired"))
        elif "captcha" in data and data.get("form_token"):
            self._mark_sum_solved()
            self._solved_for = data["form_token"]
        return data

    def full_clean(self) -> None:
        super().full_clean()
        if getattr(self, "_solved_for", None):
            # Solved, now or by the note just used up. Should the form come back (a
            # mistake to put right, a rate limit to wait out), a new note stands
            # for the sum: good for one more post of this form within
            # SOLVED_MINUTES, so nobody solves a second sum and no note serves
            # twice. A form that is taken redirects, and its note is never shown.
            note = [self._solved_for, solved_sum_keep()]
            self._set_posted("sum_solved", signing.dumps(note, salt=_SOLVED_SALT))

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(gettext("Please leave this field empty."))
        return ""

    def clean_started(self) -> float:
        try:
            started = float(
                signing.loads(
                    self.cleaned_data["started"],
                    salt=_START_SALT,
                    # A page as old as its sum is out of date: a start time kept by a
                    # robot does not serve for ever.
                    max_age=settings.CAPTCHA_TIMEOUT * 60,
                )
            )
        except signing.SignatureExpired:
            # The page comes back with a fresh start time, already past the minimum:
            # whoever had it open this long is not a robot filling it in a second.
            fresh = signing.dumps(time.time() - settings.ASK_MIN_SECONDS, salt=_START_SALT)
            self._set_posted("started", fresh)
            raise ValidationError(OUT_OF_DATE) from None
        except (signing.BadSignature, TypeError, ValueError):
            raise ValidationError(OUT_OF_DATE) from None
        if time.time() - started < settings.ASK_MIN_SECONDS:
            raise ValidationError(
                gettext("That was very fast. Please check your text, then send it again.")
            )
        return started

    def clean_form_token(self) -> str:
        try:
            return signing.loads(self.cleaned_data["form_token"], salt=_TOKEN_SALT)
        except signing.BadSignature:
            raise ValidationError(OUT_OF_DATE) from None

    def limit_links(self, text: str) -> str:
        if count_links(text) > settings.ASK_MAX_LINKS:
            raise ValidationError(
                ngettext(
                    "Please include at most %(count)d web link. You can describe the rest in words.",
                    "Please include at most %(count)d web links. You can describe the rest in words.",
                    settings.ASK_MAX_LINKS,
                )
                % {"count": settings.ASK_MAX_LINKS}
            )
        return text

    def error_summary(self) -> list[Problem]:
        """Every problem once, in words a reader knows: a visible field's under its
        label, with a link to it; then a hidden field's (the form's start time or
        token) as a sentence alone, never under its internal name."""
        problems: list[Problem] = [
            {
                "id": field.id_for_label,
                "name": self.summary_names.get(field.name),
                "text": str(error),
            }
            for field in self.visible_fields()
            for error in field.errors
        ]
        # Both hidden fields say "out of date" when a page is old: say it once.
        sentences = [error for field in self.hidden_fields() for error in field.errors]
        sentences += self.non_field_errors()
        problems += [
            {"id": "", "name": None, "text": str(text)} for text in dict.fromkeys(sentences)
        ]
        return problems

    def refuse_oversized(self) -> bool:
        """Mark every text posted longer than its field allows, before anything
        reads the text (the emergency words, similar answers, the sum): a
        megabyte pasted by mistake, or sent by a robot, then costs no more than
        a short text. The form comes back with the text as typed and the field's
        own "too long" message; the sum is not checked, so not used up."""
        too_long = []
        for name, field in self.fields.items():
            limit = getattr(field, "max_length", None)
            value = self.data.get(name)
            if limit and isinstance(value, str) and len(value) > limit:
                # Counted as the field counts it: spaces around the text are trimmed.
                length = len(value.strip()) if getattr(field, "strip", False) else len(value)
                if length > limit:
                    too_long.append((name, field, limit, length))
        if not too_long:
            return False
        self._errors = ErrorDict()
        self.cleaned_data = {}
        for name, field, limit, length in too_long:
            self.add_error(
                name,
                ValidationError(
                    field.error_messages["max_length"],
                    code="max_length",
                    params={"limit_value": limit, "show_value": length},
                ),
            )
        return True

    def posted_form_token(self) -> str | None:
        """The token of a posted form, valid or not yet validated; None if forged."""
        try:
            return signing.loads(self.data.get("form_token", ""), salt=_TOKEN_SALT)
        except signing.BadSignature:
            return None
