"""The subscribe form (with the public forms' spam guards) and the manage form."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms

from core.addresses import EmailAddressField
from core.captcha import CAPTCHA_LAYOUT
from core.spam_guard import EMAIL_MESSAGES, Problem, SpamGuardMixin
from questions.models import Category

from .models import Subscription


class ChoicesMixin(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label="Topics (optional)",
        queryset=Category.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick none to hear of every new answer, or tick the topics you want.",
        error_messages={"invalid_choice": "Please tick topics from the list only."},
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose how often we may email you."},
    )


class SubscribeForm(SpamGuardMixin, ChoicesMixin, forms.Form):
    field_order = ["email", "categories", "frequency", "captcha"]
    summary_names = {"categories": "Topics", "frequency": "How often"}
    private_words = "your email address"
    email = EmailAddressField(
        label="Your email",
        max_length=254,  # the column's length
        error_messages={
            "max_length": "An email address has at most %(limit_value)d characters; "
            "this one has %(show_value)d. Please check it.",
            "required": "Please write your email address.",
            "invalid": EMAIL_MESSAGES["invalid"].removesuffix(", or leave it empty.") + ".",
        },
        help_text="Only to send you the emails you choose here. Never shown or shared.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "email",
            "categories",
            "frequency",
            CAPTCHA_LAYOUT,
            Div("website", css_class="hp-field", aria_hidden="true"),
            "started",
            "form_token",
            "sum_solved",
            Submit("send", "Subscribe", css_class="btn-lg"),
        )


class ManageForm(ChoicesMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("What we email you", "categories", "frequency"),
            Submit("save", "Save my choices", css_class="btn-lg"),
        )

    def error_summary(self) -> list[Problem]:
        return [
            {"id": field.id_for_label, "name": None, "text": str(error)}
            for field in self.visible_fields()
            for error in field.errors
        ]
