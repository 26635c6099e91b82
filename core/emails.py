"""Every email the site sends, as both parts: plain text and accessible HTML.

A message is written once, as a text template (`emails/<name>.txt`). Its HTML
part comes from `emails/<name>.html` when a message wants richer markup (the
digest's list of titles), otherwise from the shared layout, which sets the
text in large type with the site's name, the disclaimer (in the emails to
patients and readers) and a `lang` attribute, and turns its web addresses into links. So a new email gains its
HTML part by being queued like any other, with nothing of its own to write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.backends.django import Template as DjangoTemplate
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.html import strip_tags

# RFC 3834: mail a program sends on its own. Vacation responders do not answer it.
AUTOMATIC = {"Auto-Submitted": "auto-generated"}
# A digest sent to many readers on a schedule: mail filters may file it apart,
# and responders stay silent.
BULK = {**AUTOMATIC, "Precedence": "bulk"}


@dataclass
class Rendered:
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def _disclaimer_text() -> str:
    html = render_to_string("includes/disclaimer_text.html")
    return "\n\n".join(" ".join(strip_tags(p).split()) for p in html.split("</p>") if p.strip())


def _html_template(text_template: str) -> str:
    name = text_template.removesuffix(".txt") + ".html"
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return "emails/layout.html"
    return name


def render(
    template: str,
    context: dict,
    *,
    subject: str,
    headers: dict[str, str] | None = None,
    disclaimer: bool = True,
) -> Rendered:
    """Both parts of one email from its text template, and its headers
    (every email the site sends is automatic: `Auto-Submitted` always).

    The medical disclaimer is written for patients and readers; an email to
    staff about their work leaves it out (`disclaimer=False`), so that it does
    not bury the one line they need."""
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # The language it is written in: the recipient's, active while it is made.
        "LANGUAGE_CODE": translation.get_language(),
        **context,
    }
    # Plain text is not HTML: "Q&A" stays "Q&A" (the HTML part escapes it).
    found = get_template(template)
    # Mail is written in Django's template language: its Template renders a Context.
    assert isinstance(found, DjangoTemplate)
    text = found.template.render(Context(context, autoescape=False)).strip()
    footer = f"{settings.SITE_NAME}: {settings.SITE_URL}/"
    if disclaimer:
        footer += f"\n\n{_disclaimer_text()}"
    html = render_to_string(
        _html_template(template),
        {**context, "text": text, "subject": subject, "disclaimer": disclaimer},
    )
    return Rendered(
        text=f"{text}\n\n-- \n{footer}\n", html=html, headers={**AUTOMATIC, **(headers or {})}
    )
