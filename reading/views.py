"""The display settings' own page: the form that display.js brings to life,
and the browser's and the device's own settings for readers without
JavaScript. The choices never reach the server (static/js/display-apply.js)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

SIZES = [
    ("100", "Standard"),
    ("125", "Larger (125 %)"),
    ("150", "Large (150 %)"),
    ("175", "Very large (175 %)"),
    ("200", "Largest (200 %)"),
]


def display(request: HttpRequest) -> HttpResponse:
    return render(request, "reading/display.html", {"sizes": SIZES})
