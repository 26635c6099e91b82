"""Public forms. Every error is shown on the same form with what was typed kept."""

from __future__ import annotations

import re
import secrets
import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.html import format_html, format_html_join

from core.addresses import EmailAddressField
from core.captcha import (
    CAPTCHA_LAYOUT,
    SOLVED_MINUTES,
    SUM_EXPIRED,
    OnceCaptchaField,
    solved_sum_keep,
    solved_sum_use,
)
from core.context_processors import phone_link

from .models import Category

QUESTION_MIN, QUESTION_MAX = 30, 4000
SUBJECT_MIN, SUBJECT_MAX = 5, 150
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_START_SALT = "questions.forms.started"
_TOKEN_SALT = "questions.forms.token"  # noqa: S105 - a signing salt, not a secret
# Notes signed before they named a kept solved sum (core.captcha) no longer read.
_SOLVED_SALT = "questions.forms.sum-solved-once"


# Django's stock messages ("Ensure this value has at least 30 characters (it has 19).")
# are written for developers; a tired reader gets these instead.
OUT_OF_DATE = "This form is out of date. Please send it again."
EMAIL_MESSAGES = {
    "invalid": "This does not look like an email address. Please check it "
    "(it should look like name@example.org), or leave it empty."
}


def text_messages(what: str, *, required: str) -> dict[str, str]:
    return {
        "required": required,
        "min_length": f"{what} is too short. Please write at least %(limit_value)d characters; "
        "so far there are %(show_value)d.",
        "max_length": f"{what} is too long. Please keep it to %(limit_value)d characters; "
        "it has %(show_value)d now.",
    }


def person_help(what: str) -> str:
    """For someone who can neither see nor hear the sum: who may help, and the
    clinic's phone or email when the site has them (promised only then)."""
    text = format_html(
        "If you can neither see nor hear the sum, ask someone you trust to read you "
        "<strong>only the sum</strong>; they do not need to see {}.",
        what,
    )
    ways = []
    if settings.CLINIC_PHONE:
        tel = phone_link(settings.CLINIC_PHONE)
        ways.append(format_html('call <a href="{}">{}</a>', tel, settings.CLINIC_PHONE))
    if settings.CLINIC_EMAIL:
        ways.append(format_html('email <a href="mailto:{0}">{0}</a>', settings.CLINIC_EMAIL))
    if not ways:
        return text
    return format_html(
        "{} Or a person at the clinic will help you send it: {}.",
        text,
        format_html_join(" or ", "{}", ((way,) for way in ways)),
    )


def count_links(text: str) -> int:
    return len(_LINK.findall(text))


class SpamGuardMixin(forms.Form):
    """Captcha, honeypot, minimum fill time, link cap and a form token: the
    defences the public forms share."""

    # Hidden from people by CSS; robots that fill every field fill this one.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE})
    form_token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE})
    # A signed note that this form's sum was solved: when another field has a
    # mistake, the patient is not asked for a second sum (the first one is used up).
    sum_solved = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha = OnceCaptchaField(
        label="Please solve this sum, so we know you are a person",
        help_text="Type the answer as a number, for example 12.",
        error_messages={
            "required": "Please type the answer to the sum.",
            "incomplete": "Please type the answer to the sum.",
        },
    )

    # Short names of fields in the summary of problems, where a label is too long
    # or an error message alone would not say which field it is about.
    summary_names: dict[str, str] = {}
    # Whose words the person reading out the sum need not see.
    private_words = "your text"

    def __init__(self, *args, **kwargs):
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
        self.data = self.data.copy()
        self.data[name] = value

    def _mark_sum_solved(self) -> None:
        self.fields["captcha"].already_solved = True
        self.fields["captcha"].required = False

    @property
    def sum_is_solved(self) -> bool:
        return self.fields["captcha"].already_solved

    def clean(self) -> dict:
        data = super().clean()
        self._solved_for = None
        if self.sum_is_solved and not solved_sum_use(key=self._solved_key):
            # The note was used already (replayed) or its sum was solved too long ago.
            self.fields["captcha"].already_solved = False
            self.fields["captcha"].required = True
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
            raise ValidationError("Please leave this field empty.")
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
            raise ValidationError("That was very fast. Please check your text, then send it again.")
        return started

    def clean_form_token(self) -> str:
        try:
            return signing.loads(self.cleaned_data["form_token"], salt=_TOKEN_SALT)
        except signing.BadSignature:
            raise ValidationError(OUT_OF_DATE) from None

    def limit_links(self, text: str) -> str:
        if count_links(text) > settings.ASK_MAX_LINKS:
            raise ValidationError(
                f"Please include at most {settings.ASK_MAX_LINKS} web links. "
                "You can describe the rest in words."
            )
        return text

    def error_summary(self) -> list[dict[str, str]]:
        """Every problem once, in words a reader knows: a visible field's under its
        label, with a link to it; then a hidden field's (the form's start time or
        token) as a sentence alone, never under its internal name."""
        problems = [
            {"id": field.id_for_label, "name": self.summary_names.get(field.name), "text": error}
            for field in self.visible_fields()
            for error in field.errors
        ]
        # Both hidden fields say "out of date" when a page is old: say it once.
        sentences = [error for field in self.hidden_fields() for error in field.errors]
        sentences += self.non_field_errors()
        problems += [{"id": "", "name": None, "text": text} for text in dict.fromkeys(sentences)]
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


class AskForm(SpamGuardMixin, forms.Form):
    # The order of the page, which the summary of problems follows.
    field_order = [
        "subject",
        "question",
        "category",
        "name",
        "email",
        "notify",
        "ack_not_advice",
        "ack_publish",
        "captcha",
    ]
    summary_names = {
        "name": "Your first name",
        "ack_not_advice": "Understanding this is not medical advice",
        "ack_publish": "Agreeing to publication",
    }
    private_words = "your question"
    subject = forms.CharField(
        label="Subject",
        min_length=SUBJECT_MIN,
        max_length=SUBJECT_MAX,
        error_messages=text_messages("The subject", required="Please write a short subject."),
        help_text="A few words about your question, for example “Breastfeeding after Ocrevus”.",
    )
    question = forms.CharField(
        label="Your question",
        min_length=QUESTION_MIN,
        max_length=QUESTION_MAX,
        error_messages=text_messages("Your question", required="Please write your question."),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=f"Between {QUESTION_MIN} and {QUESTION_MAX:,} characters. Tell us what you "
        "want to know and what the expert needs to understand your situation.",
    )
    category = forms.ModelChoiceField(
        label="Topic (optional)",
        queryset=Category.objects.all(),
        required=False,
        empty_label="I am not sure",
        error_messages={
            "invalid_choice": "Please choose a topic from the list, or “I am not sure”."
        },
    )
    name = forms.CharField(
        label="Your first name (optional)",
        max_length=100,
        error_messages={"max_length": "Please keep this to %(limit_value)d characters."},
        required=False,
        help_text="Only our staff see it. It is never published.",
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    email = EmailAddressField(
        label="Your email (optional)",
        required=False,
        error_messages=EMAIL_MESSAGES,
        help_text="Only to write to you about this question. Never published or shared.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify = forms.BooleanField(
        label="Email me when my answer is published",
        required=False,
    )
    ack_not_advice = forms.BooleanField(
        label="I understand that the answer is general information, not medical advice for me, "
        "and that this is not an emergency service.",
        error_messages={"required": "Please confirm that you understand this."},
    )
    ack_publish = forms.BooleanField(
        label="I agree that a version of my question, with anything that could identify me "
        "taken out, may be published with the answer.",
        error_messages={"required": "Please agree to this, or we cannot answer here."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "Your question",
                HTML(
                    '<p class="fieldset-note">We publish this part, after our moderator '
                    "takes out names, places and anything else that could identify you.</p>"
                ),
                "subject",
                "question",
                HTML('{% include "includes/urgent_near.html" %}'),
                HTML('{% include "search/includes/check_button.html" %}'),
                "category",
            ),
            Fieldset(
                "About you (private)",
                HTML(
                    '<p class="fieldset-note">Both are optional. Only our staff see them; '
                    "they are never published.</p>"
                ),
                "name",
                "email",
                "notify",
            ),
            Fieldset("Before you send", "ack_not_advice", "ack_publish", CAPTCHA_LAYOUT),
            Div("website", css_class="hp-field", aria_hidden="true"),
            "started",
            "form_token",
            "sum_solved",
            Submit("send", "Send my question", css_class="btn-lg"),
        )

    def clean_question(self) -> str:
        return self.limit_links(self.cleaned_data["question"])

    def clean(self) -> dict:
        data = super().clean()
        # A mistyped email has its own message already.
        if data.get("notify") and not data.get("email") and not self.has_error("email"):
            self.add_error("email", "To be emailed when the answer is published, give your email.")
        return data


COMMENT_MIN, COMMENT_MAX = 2, 3000


class CommentForm(SpamGuardMixin, forms.Form):
    field_order = ["comment", "name", "email", "notify_reply"]
    summary_names = {"name": "Your name"}
    private_words = "your comment"
    comment = forms.CharField(
        label="Your comment",
        min_length=COMMENT_MIN,
        max_length=COMMENT_MAX,
        error_messages=text_messages("Your comment", required="Please write your comment."),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=f"Plain text, up to {COMMENT_MAX:,} characters. Web addresses become links. "
        "Please do not share details that could identify you or others.",
    )
    name = forms.CharField(
        label="Your name (optional)",
        max_length=80,
        error_messages={"max_length": "Please keep this to %(limit_value)d characters."},
        required=False,
        help_text="Only our moderators see it. Comments are shown as “A reader”.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = EmailAddressField(
        label="Your email (optional)",
        required=False,
        error_messages=EMAIL_MESSAGES,
        help_text="Never shown or shared. Only used if a moderator needs to ask you about "
        "your comment, or to tell you of a reply if you tick the box below.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify_reply = forms.BooleanField(
        label="Email me once when a clinician replies to my comment",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notify_reply"].help_text = (
            "Clinicians reply to some comments, not all. If one replies to yours, we send "
            "you one email with a link to the reply, then erase your email address. If no "
            f"one has replied {settings.COMMENTER_EMAIL_RETENTION_DAYS} days after your "
            "comment is checked, we erase it anyway."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "comment",
            "name",
            "email",
            "notify_reply",
            CAPTCHA_LAYOUT,
            Div("website", css_class="hp-field", aria_hidden="true"),
            "started",
            "form_token",
            "sum_solved",
            Submit("send", "Post comment", css_class="btn-lg"),
        )

    def clean_comment(self) -> str:
        return self.limit_links(self.cleaned_data["comment"])

    def clean(self) -> dict:
        data = super().clean()
        # A mistyped email has its own message already.
        if data.get("notify_reply") and not data.get("email") and not self.has_error("email"):
            self.add_error("email", "To be emailed when a clinician replies, give your email.")
        return data
