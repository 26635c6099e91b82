from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MS_TYPES, Drug

_SELECT = {"class": "form-select"}


class DrugFilterForm(forms.Form):
    """The list page's filters, sent by GET. Every field is optional; a value
    that is not one of the choices is ignored, never an error page."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Drug.Status.choices],
        widget=forms.Select(attrs=_SELECT),
    )
    ms_type = forms.ChoiceField(
        label=_("Type of MS"),
        required=False,
        choices=[("", _("Any type of MS"))]
        + [(key, full) for key, (_field, _short, full) in MS_TYPES.items()],
        widget=forms.Select(attrs=_SELECT),
    )
    route = forms.ChoiceField(
        label=_("How it is given"),
        required=False,
        choices=[("", _("Any way")), *Drug.Route.choices],
        widget=forms.Select(attrs=_SELECT),
    )

    def chosen(self) -> dict[str, str]:
        """The valid, non-empty filters; call after `is_valid()`."""
        return {name: value for name, value in self.cleaned_data.items() if value}
