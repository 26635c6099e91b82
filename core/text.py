"""The two ways text becomes HTML on this site, each in one place.

* Patients' and commenters' text is plain text: escaped, line breaks kept,
  bare http(s) URLs made into links that pass no ranking and no referrer.
* Clinicians' answers are Markdown, rendered and sanitized once when saved
  against the allowlist below.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import bleach
import markdown
from bleach.linkifier import Linker
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ANSWER_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "em", "strong", "a", "h2", "h3", "h4", "blockquote", "code"}
)
ANSWER_ATTRIBUTES = {"a": ["href", "title"]}
ANSWER_PROTOCOLS = frozenset({"http", "https", "mailto"})

_LINK_REL = "nofollow ugc noopener noreferrer"


def _links_to(*schemes: str) -> Callable[[dict, bool], dict | None]:
    """A linkify callback keeping links to these schemes only, with a safe rel."""

    def callback(attrs: dict, new: bool = False) -> dict | None:
        href = attrs.get((None, "href"), "")
        if not href.lower().startswith(schemes):
            return None  # drop the link, keep its text
        attrs[(None, "rel")] = _LINK_REL
        return attrs

    return callback


# Strangers' text links the web only: no prefilled mailto: links on public pages.
_plain_linker = Linker(
    callbacks=[_links_to("http://", "https://")], skip_tags={"a"}, parse_email=False
)


def plain_text_to_html(text: str) -> SafeString:
    """Escape typed text, keep its line breaks and make its web addresses links."""
    escaped = escape(text.replace("\r\n", "\n").strip())
    linked = _plain_linker.linkify(escaped)
    paragraphs = [p for p in linked.split("\n\n") if p.strip()]
    html = "".join(f"<p>{p.strip().replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return mark_safe(html)  # noqa: S308 - escaped above, links built by bleach


_answer_cleaner = bleach.sanitizer.Cleaner(
    tags=ANSWER_TAGS,
    attributes=ANSWER_ATTRIBUTES,
    protocols=ANSWER_PROTOCOLS,
    strip=True,
    filters=[
        partial(
            bleach.linkifier.LinkifyFilter,
            callbacks=[_links_to("http://", "https://", "mailto:")],
            parse_email=False,
        )
    ],
)


def render_answer(source: str) -> str:
    """Markdown from a clinician to sanitized HTML, stored beside the source.

    Markdown passes raw HTML through, so the result always goes through the
    allowlist; headings start at h2 because the page title is the h1.
    """
    html = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return _answer_cleaner.clean(html).strip()
