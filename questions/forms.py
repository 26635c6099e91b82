"""Public forms. Every error is shown on the same form with what was typed kept."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.addresses import EmailAddressField
from core.captcha import (
    CAPTCHA_LAYOUT,
)
from core.spam_guard import (
    EMAIL_MESSAGES,
    SpamGuardMixin,
    text_messages,
)

from . import selectors
from .models import Category

QUESTION_MIN, QUESTION_MAX = 30, 4000
SUBJECT_MIN, SUBJECT_MAX = 5, 150


class InPageLanguage:
    """Lists categories under their names in the page's language (their own
    name where they have none in it yet)."""

    def label_from_instance(self, obj: Category) -> str:
        language = get_language()
        if language == settings.LANGUAGE_CODE:
            return obj.name
        return selectors.category_names_in(language).get(obj.pk, obj.name)


class CategoryChoiceField(InPageLanguage, forms.ModelChoiceField):
    pass


class CategoriesChoiceField(InPageLanguage, forms.ModelMultipleChoiceField):
    pass


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
        "name": _("Your first name"),
        "ack_not_advice": _("Understanding this is not medical advice"),
        "ack_publish": _("Agreeing to publication"),
    }
    private_words = _("your question")
    subject = forms.CharField(
        label=_("Subject"),
        min_length=SUBJECT_MIN,
        max_length=SUBJECT_MAX,
        error_messages=text_messages(_("The subject"), required=_("Please write a short subject.")),
        help_text=_("A few words about your question, for example “Breastfeeding after Ocrevus”."),
    )
    question = forms.CharField(
        label=_("Your question"),
        min_length=QUESTION_MIN,
        max_length=QUESTION_MAX,
        error_messages=text_messages(_("Your question"), required=_("Please write your question.")),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    category = CategoryChoiceField(
        label=_("Topic (optional)"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("I am not sure"),
        error_messages={
            "invalid_choice": _("Please choose a topic from the list, or “I am not sure”.")
        },
    )
    name = forms.CharField(
        label=_("Your first name (optional)"),
        max_length=100,
        error_messages={"max_length": _("Please keep this to %(limit_value)d characters.")},
        required=False,
        help_text=_("Only our staff see it. It is never published."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    email = EmailAddressField(
        label=_("Your email (optional)"),
        required=False,
        error_messages=EMAIL_MESSAGES,
        help_text=_("Only to write to you about this question. Never published or shared."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify = forms.BooleanField(
        label=_("Email me when my answer is published"),
        required=False,
    )
    ack_not_advice = forms.BooleanField(
        label=_(
            "I understand that the answer is general information, not medical advice for me, "
            "and that this is not an emergency service."
        ),
        error_messages={"required": _("Please confirm that you understand this.")},
    )
    ack_publish = forms.BooleanField(
        label=_(
            "I agree that a version of my question, with anything that could identify me "
            "taken out, may be published with the answer."
        ),
        error_messages={"required": _("Please agree to this, or we cannot answer here.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built for each form, in the language of its page.
        self.fields["question"].help_text = gettext(
            "Between %(min)s and %(max)s characters. Tell us what you want to know and "
            "what the expert needs to understand your situation."
        ) % {
            "min": number_format(QUESTION_MIN, force_grouping=True),
            "max": number_format(QUESTION_MAX, force_grouping=True),
        }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                gettext("Your question"),
                HTML(
                    format_html(
                        '<p class="fieldset-note">{}</p>',
                        gettext(
                            "We publish this part, after our moderator takes out names, "
                            "places and anything else that could identify you."
                        ),
                    )
                ),
                "subject",
                "question",
                HTML('{% include "includes/urgent_near.html" %}'),
                HTML('{% include "search/includes/check_button.html" %}'),
                "category",
            ),
            Fieldset(
                gettext("About you (private)"),
                HTML(
                    format_html(
                        '<p class="fieldset-note">{}</p>',
                        gettext(
                            "Both are optional. Only our staff see them; they are never published."
                        ),
                    )
                ),
                "name",
                "email",
                "notify",
            ),
            Fieldset(gettext("Before you send"), "ack_not_advice", "ack_publish", CAPTCHA_LAYOUT),
            Div("website", css_class="hp-field", aria_hidden="true"),
            "started",
            "form_token",
            "sum_solved",
            Submit("send", gettext("Send my question"), css_class="btn-lg"),
        )

    def clean_question(self) -> str:
        return self.limit_links(self.cleaned_data["question"])

    def clean(self) -> dict:
        data = super().clean()
        # A mistyped email has its own message already.
        if data.get("notify") and not data.get("email") and not self.has_error("email"):
            self.add_error(
                "email", gettext("To be emailed when the answer is published, give your email.")
            )
        return data


COMMENT_MIN, COMMENT_MAX = 2, 3000


class CommentForm(SpamGuardMixin, forms.Form):
    field_order = ["comment", "name", "email", "notify_reply"]
    summary_names = {"name": _("Your name")}
    private_words = _("your comment")
    comment = forms.CharField(
        label=_("Your comment"),
        min_length=COMMENT_MIN,
        max_length=COMMENT_MAX,
        error_messages=text_messages(_("Your comment"), required=_("Please write your comment.")),
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=80,
        error_messages={"max_length": _("Please keep this to %(limit_value)d characters.")},
        required=False,
        help_text=_("Only our moderators see it. Comments are shown as “A reader”."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = EmailAddressField(
        label=_("Your email (optional)"),
        required=False,
        error_messages=EMAIL_MESSAGES,
        help_text=_(
            "Never shown or shared. Only used if a moderator needs to ask you about "
            "your comment, or to tell you of a reply if you tick the box below."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify_reply = forms.BooleanField(
        label=_("Email me once when a clinician replies to my comment"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built for each form, in the language of its page.
        self.fields["comment"].help_text = gettext(
            "Plain text, up to %(max)s characters. Web addresses become links. "
            "Please do not share details that could identify you or others."
        ) % {"max": number_format(COMMENT_MAX, force_grouping=True)}
        self.fields["notify_reply"].help_text = gettext(
            "Clinicians reply to some comments, not all. If one replies to yours, we send "
            "you one email with a link to the reply, then erase your email address. If no "
            "one has replied %(days)s days after your comment is checked, we erase it anyway."
        ) % {"days": settings.COMMENTER_EMAIL_RETENTION_DAYS}
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
            Submit("send", gettext("Post comment"), css_class="btn-lg"),
        )

    def clean_comment(self) -> str:
        return self.limit_links(self.cleaned_data["comment"])

    def clean(self) -> dict:
        data = super().clean()
        # A mistyped email has its own message already.
        if data.get("notify_reply") and not data.get("email") and not self.has_error("email"):
            self.add_error(
                "email", gettext("To be emailed when a clinician replies, give your email.")
            )
        return data
