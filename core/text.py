"""The two ways text becomes HTML on this site, each in one place.

* Patients' and commenters' text is plain text: escaped, line breaks kept,
  bare http(s) URLs made into links that pass no ranking and no referrer.
* Clinicians' answers are Markdown, rendered and sanitized once when saved
  against the allowlist below.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from functools import partial

import bleach
import markdown
from bleach.html5lib_shim import Filter
from bleach.linkifier import Linker
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ANSWER_TAGS = frozenset(
    {
        "p",
        "br",
        "ul",
        "ol",
        "li",
        "em",
        "strong",
        "a",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "div",
    }
)
# The urgent-advice box is the one styled block an answer may hold: a <div> with
# exactly its class, and nothing else keeps a class.
URGENT_CLASS = "urgent-advice"
# The word that starts the box, in each language an answer is written in.
URGENT_LEADS = ("Urgent:", "Urgente:")


def _answer_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        return name in {"href", "title"}
    return tag == "div" and name == "class" and value == URGENT_CLASS


class _OnlyTheUrgentBox(Filter):
    """Drops every <div> but the urgent box, keeping what is inside: bleach's
    allowlist keeps or drops a tag whatever its attributes, and a bare <div> is
    no formatting a clinician needs. (An html5lib filter, bleach's public hook.)"""

    def __iter__(self) -> Iterator[dict]:
        kept: list[bool] = []
        for token in super().__iter__():
            if token.get("name") == "div" and token["type"] == "StartTag":
                box = dict(token["data"]).get((None, "class")) == URGENT_CLASS
                kept.append(box)
                if not box:
                    continue
            elif (
                token.get("name") == "div"
                and token["type"] == "EndTag"
                and not (kept.pop() if kept else False)
            ):
                continue
            yield token


ANSWER_ATTRIBUTES = _answer_attribute
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
    # bleach parses and serialises the whole text to find addresses (0.2 ms for
    # a sentence; a drug page has twenty such fields): only text its own address
    # pattern finds anything in goes through it; other text it leaves as it is.
    linked = _plain_linker.linkify(escaped) if _plain_linker.url_re.search(escaped) else escaped
    paragraphs = [p for p in linked.split("\n\n") if p.strip()]
    html = "".join(f"<p>{p.strip().replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return mark_safe(html)  # noqa: S308 - escaped above, links built by bleach


_answer_cleaner = bleach.sanitizer.Cleaner(
    tags=ANSWER_TAGS,
    attributes=ANSWER_ATTRIBUTES,
    protocols=ANSWER_PROTOCOLS,
    strip=True,
    filters=[
        _OnlyTheUrgentBox,
        partial(
            bleach.linkifier.LinkifyFilter,
            callbacks=[_links_to("http://", "https://", "mailto:")],
            parse_email=False,
        ),
    ],
)


class _UrgentAdvice(Treeprocessor):
    """A paragraph that starts "Urgent:" ("Urgente:" in Spanish), and the list
    right after it, go in the urgent-advice box (styled like NHS.uk's red
    "Urgent advice" box): a clinician writes the box in plain Markdown, without HTML."""

    def run(self, root: etree.Element) -> None:
        children = list(root)
        for position, child in enumerate(children):
            if child.tag != "p" or not (child.text or "").startswith(URGENT_LEADS):
                continue
            box = etree.Element("div", {"class": URGENT_CLASS})
            root.insert(list(root).index(child), box)
            root.remove(child)
            box.append(child)
            following = children[position + 1] if position + 1 < len(children) else None
            if following is not None and following.tag in {"ul", "ol"}:
                root.remove(following)
                box.append(following)


class _UrgentAdviceExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_UrgentAdvice(md), "urgent_advice", 5)


def render_answer(source: str) -> str:
    """Markdown from a clinician to sanitized HTML, stored beside the source.

    Markdown passes raw HTML through, so the result always goes through the
    allowlist; headings start at h2 because the page title is the h1.
    """
    html = markdown.markdown(
        source, extensions=["sane_lists", _UrgentAdviceExtension()], output_format="html"
    )
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return _answer_cleaner.clean(html).strip()
