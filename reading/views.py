"""The display settings' own page: the form that display.js brings to life,
and the browser's and the device's own settings for readers without
JavaScript. The choices never reach the server (static/js/display-apply.js)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

SIZES = [
    ("100", _("Standard")),
    ("125", _("A little larger (125 %)")),
    ("150", _("Large (150 %)")),
    ("175", _("Very large (175 %)")),
    ("200", _("Largest (200 %)")),
]


def display(request: HttpRequest) -> HttpResponse:
    return render(request, "reading/display.html", {"sizes": SIZES})
