"""The first use of each glossary term on a page links to the term's page,
with its explanation available in place.

Decision: a link to the term's page plus a `<button popovertarget>` that opens
the explanation in a `<span popover>`: declarative (no script, so the strict
CSP and no-JavaScript readers are fine), phrasing content (valid inside <p> and
<li>, where <details> is not), opened by Enter or Space, closed by Esc, by its
Close button or by a tap outside; where a browser has no popover, CSS hides the
button and the link still leads to the explanation.

The HTML given is the site's own (sanitised answers, escaped plain text): it is
parsed, only its text changes, and nothing in a link, a heading, a button, code
or an explanation already placed is linked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape

from django.utils.translation import gettext, pgettext

# Text inside these is never linked: a link in a link or a button is invalid
# HTML, and a heading is a landmark a reader navigates by.
_SKIP = {
    "a",
    "button",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "code",
    "pre",
    "script",
    "style",
    "textarea",
    "select",
    "option",
    "label",
    "summary",
    "title",
    "time",
}
_RAW = {"script", "style"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Any element whose class starts with this was placed by us: never linked again.
_OURS = "glossary-"


@dataclass(frozen=True)
class LinkedTerm:
    """What a page needs of a published term: plain values, cached between pages."""

    slug: str
    name: str
    heading: str
    names: tuple[str, ...]  # the name and its other names
    in_short: str
    url: str


def _is_abbreviation(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _key(text: str) -> str:
    return " ".join(text.split()).replace("’", "'").casefold()


@dataclass(frozen=True)
class Matcher:
    pattern: re.Pattern[str] | None
    by_key: dict[str, LinkedTerm]

    def term_for(self, found: str) -> LinkedTerm | None:
        key = _key(found)
        for candidate in (key, key.removesuffix("s"), key.removesuffix("es")):
            if candidate in self.by_key:
                return self.by_key[candidate]
        return None


def _name_pattern(name: str) -> str:
    # Spaces match any whitespace; a straight apostrophe matches a curly one.
    body = r"\s+".join(re.escape(word).replace("'", "['’]") for word in name.split())
    plural = "(?:e?s)?" if name[-1:].isalpha() else ""
    body = f"{body}{plural}"
    return f"(?-i:{body})" if _is_abbreviation(name) else body


@lru_cache(maxsize=8)
def matcher(terms: tuple[LinkedTerm, ...]) -> Matcher:
    """One pattern for every name of every term, longest first, whole words
    (a hyphen joins words: "relapse" is not found in "pseudo-relapse"); a
    plural with -s or -es matches too. Kept per set of terms: compiled once."""
    by_key: dict[str, LinkedTerm] = {}
    for term in terms:
        for name in term.names:
            by_key.setdefault(_key(name), term)
    names = sorted({n for t in terms for n in t.names}, key=lambda n: (-len(n), n))
    if not names:
        return Matcher(None, by_key)
    # Grouped by first letter, each group behind a lookahead for that letter:
    # Python's re tries every alternative at every word start, and with some
    # 150 names that scan was most of a drug page's build (5.4 ms for one
    # page's text, 1.3 ms grouped). Names that begin with anything but an
    # ASCII letter or digit ("éxito", "’s") stay ungrouped, after the groups.
    # The order within a group is kept and no two groups begin with the same
    # letter, so the longest name is still the one linked.
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for name in names:
        first = name[0]
        if first.isascii() and first.isalnum():
            groups.setdefault(first.lower(), []).append(_name_pattern(name))
        else:
            rest.append(_name_pattern(name))
    alternatives = [
        f"(?=[{letter}])(?:{'|'.join(bodies)})" for letter, bodies in groups.items()
    ] + rest
    pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])", re.IGNORECASE)
    return Matcher(pattern, by_key)


def term_markup(term: LinkedTerm, found: str) -> str:
    """A used term: its words link to its page; the button beside them opens
    the explanation in place. Phrasing content only, so it fits in any <p>."""
    target = f"glossary-explain-{term.slug}"
    heading = escape(term.heading)
    # The interface's words in the page's language (the term is the page's too).
    means = escape(gettext("What “%(name)s” means") % {"name": term.name})
    more = escape(gettext("More about %(name)s") % {"name": term.name}, quote=False)
    close = escape(pgettext("a glossary explanation shown in place", "Close"), quote=False)
    return (
        f'<span class="glossary-term">'
        f'<a class="glossary-link" href="{escape(term.url)}">{escape(found, quote=False)}</a>'
        f'<button type="button" class="glossary-toggle" popovertarget="{target}" '
        f'aria-label="{means}">?</button>'
        f'<span class="glossary-popover" id="{target}" popover>'
        f'<strong class="glossary-popover-name">{heading}</strong> '
        f'<span class="glossary-popover-text">{escape(term.in_short, quote=False)}</span> '
        f'<span class="glossary-popover-actions">'
        f'<a href="{escape(term.url)}">{more}</a> '
        f'<button type="button" popovertarget="{target}" popovertargetaction="hide">{close}</button>'
        f"</span></span></span>"
    )


# One token of the site's own HTML: a comment, a declaration or processing
# instruction, or a tag (its attributes may quote ">"); the text is between.
# Hand-written because html.parser (pure Python too) unescapes and re-escapes
# every piece of text and calls a method per token: a drug page's linking took
# 3.1 ms with it, 2.2 ms with this, which reads the same tags and leaves text
# with no term in it as it came.
_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>"
    r"|<(?P<end>/?)(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW_END = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in _RAW}


class _Linker:
    def __init__(self, match: Matcher, seen: set[str]) -> None:
        self.match = match
        self.seen = seen
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped inside)

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def feed(self, html: str) -> None:
        position = 0
        while True:
            token = _TOKEN.search(html, position)
            if token is None:
                self.text(html[position:])
                return
            self.text(html[position : token.start()])
            self.out.append(token.group())
            position = token.end()
            tag = (token.group("tag") or "").lower()
            if not tag:
                continue  # a comment or a declaration
            if token.group("end"):
                self.end(tag)
            elif tag in _RAW:
                # A script or style: its text is not HTML, up to its end tag.
                closing = _RAW_END[tag].search(html, position)
                stop = closing.start() if closing else len(html)
                self.out.append(html[position:stop])
                position = stop
            elif tag not in _VOID and not token.group("attrs").rstrip().endswith("/"):
                self.start(tag, token.group("attrs"))

    def start(self, tag: str, attributes: str) -> None:
        attrs = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
            for m in _ATTRIBUTE.finditer(attributes)
        }
        ours = any(c.startswith(_OURS) for c in attrs.get("class", "").split())
        self.stack.append((tag, self.skipping or tag in _SKIP or ours or "popover" in attrs))

    def end(self, tag: str) -> None:
        # Close up to the matching element (HTML lets some end tags be left out).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def text(self, html: str) -> None:
        if not html:
            return
        if self.skipping or self.match.pattern is None:
            self.out.append(html)
            return
        data = unescape(html)
        found = [
            (m, term)
            for m in self.match.pattern.finditer(data)
            if (term := self.match.term_for(m.group())) is not None
        ]
        if not found:
            self.out.append(html)  # as it came: nothing to link in it
            return
        position = 0
        for m, term in found:
            if term.slug in self.seen:
                continue
            self.seen.add(term.slug)
            self.out.append(escape(data[position : m.start()], quote=False))
            self.out.append(term_markup(term, m.group()))
            position = m.end()
        self.out.append(escape(data[position:], quote=False))


def link_terms(html: str, terms: Iterable[LinkedTerm], seen: set[str]) -> str:
    """`html` with the first use of each term not in `seen` linked; `seen`
    gains the terms linked, so a later call for the same page links none of
    them again."""
    linker = _Linker(matcher(tuple(terms)), seen)
    linker.feed(html)
    return "".join(linker.out)
