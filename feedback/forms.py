"""The "Was this helpful?" form: a yes or no, and an optional short note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.spam_guard import Problem

from .models import NOTE_MAX

CHOICES = [("yes", _("Yes")), ("no", _("No"))]


class HelpfulForm(forms.Form):
    helpful = forms.ChoiceField(
        label=_("Was this answer helpful?"),
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose Yes or No."),
            "invalid_choice": _("Please choose Yes or No."),
        },
    )
    note = forms.CharField(
        label=_("Anything we could make clearer? (optional)"),
        required=False,
        max_length=NOTE_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
        error_messages={
            "max_length": _(
                "Please keep your note to %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )

    def error_summary(self) -> list[Problem]:
        """Every problem in plain words, linked to its field (includes/form_problems.html)."""
        first_choice = f"{self['helpful'].auto_id}_0"
        ids = {"helpful": first_choice, "note": self["note"].auto_id}
        return [
            {"id": ids[name], "name": None, "text": str(error)}
            for name, errors in self.errors.items()
            for error in errors
        ]
