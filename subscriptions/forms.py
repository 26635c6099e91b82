"""The subscribe form (with the public forms' spam guards) and the manage form."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.addresses import EmailAddressField
from core.captcha import CAPTCHA_LAYOUT
from core.spam_guard import Problem, SpamGuardMixin
from questions.forms import CategoriesChoiceField
from questions.models import Category

from .models import Subscription


class ChoicesMixin(forms.Form):
    categories = CategoriesChoiceField(
        label=_("Topics (optional)"),
        queryset=Category.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none to hear of every new answer, or tick the topics you want."),
        error_messages={"invalid_choice": _("Please tick topics from the list only.")},
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how often we may email you.")},
    )


class SubscribeForm(SpamGuardMixin, ChoicesMixin, forms.Form):
    field_order = ["email", "categories", "frequency", "captcha"]
    summary_names = {"categories": _("Topics"), "frequency": _("How often")}
    private_words = _("your email address")
    email = EmailAddressField(
        label=_("Your email"),
        max_length=254,  # the column's length
        # "invalid" and "max_length" are the field's own messages.
        error_messages={"required": _("Please write your email address.")},
        help_text=_("Only to send you the emails you choose here. Never shown or shared."),
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
            Submit("send", gettext("Subscribe"), css_class="btn-lg"),
        )


class ManageForm(ChoicesMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(gettext("What we email you"), "categories", "frequency"),
            Submit("save", gettext("Save my choices"), css_class="btn-lg"),
        )

    def error_summary(self) -> list[Problem]:
        return [
            {"id": field.id_for_label, "name": None, "text": str(error)}
            for field in self.visible_fields()
            for error in field.errors
        ]
