"""Linking glossary terms only adds links: over any well-formed mix of the
site's HTML (paragraphs, links, headings, comments, scripts, entities,
attributes that quote ">"), the text and every tag come out as they went in,
each term is linked once at most, and never inside a link, a heading or a
script. (Misnested tags, which bleach and the templates never write, are
out of scope.)"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.linking import LinkedTerm, link_terms

TERMS = (
    LinkedTerm(
        "relapse", "relapse", "Relapse", ("relapse", "flare"), "New symptoms.", "/g/relapse/"
    ),
    LinkedTerm("mri", "MRI", "MRI", ("MRI",), "A scan.", "/g/mri/"),
    LinkedTerm("lesion", "lesion", "Lesion", ("lesion",), "A damaged area.", "/g/lesion/"),
)

TEXT = st.sampled_from(
    [
        "relapse",
        "Relapses",
        "flare",
        "MRI",
        "mri",
        "lesion",
        "lesions",
        "pseudo-relapse",
        "a",
        "the scan",
        " ",
        "\n",
        ", ",
        "&amp;",
        "&#x27;",
        "&quot;",
        "&lt;b&gt;",
        "é",
        "¿",
        "<br>",
        "<br/>",
        "<!-- relapse -->",
        "<script>relapse < MRI</script>",
    ]
)
# Elements as the site writes them (bleach's output and our templates are well
# formed): each opened, filled, then closed.
ELEMENTS = [
    ("<p>", "</p>"),
    ("<li>", "</li>"),
    ("<strong>", "</strong>"),
    ('<a href="/x?a=1&amp;b=>2">', "</a>"),
    ("<h2>", "</h2>"),
    ('<span class="glossary-note">', "</span>"),
    ("<em title='MRI > lesion'>", "</em>"),
]
HTML = st.recursive(
    TEXT,
    lambda inner: st.tuples(st.sampled_from(ELEMENTS), st.lists(inner, max_size=4)).map(
        lambda made: made[0][0] + "".join(made[1]) + made[0][1]
    ),
    max_leaves=30,
)
HTML = st.lists(HTML, max_size=6).map("".join)

# Our markup around a linked word (glossary.linking.term_markup): the words, then
# the button and the explanation, which end with three closing spans.
LINKED = re.compile(
    r'<span class="glossary-term"><a class="glossary-link" href="[^"]*">([^<]*)</a>.*?'
    r"</span></span></span>",
    re.DOTALL,
)


def without_links(html: str) -> str:
    return LINKED.sub(lambda m: m.group(1), html)


class _Links(HTMLParser):
    """The glossary links a browser would see: elements, not text that looks like one."""

    def __init__(self) -> None:
        super().__init__()
        self.found = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += tag == "a" and ("class", "glossary-link") in attrs


def links_seen_by_a_parser(html: str) -> int:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.found


@settings(max_examples=300, deadline=None)
@given(HTML)
def test_linking_keeps_every_tag_and_word_and_links_each_term_once(html):
    seen: set[str] = set()
    linked = link_terms(html, TERMS, seen)

    assert unescape(without_links(linked)) == unescape(html)
    words = [
        unescape(w) for w in re.findall(r'class="glossary-link" href="[^"]*">([^<]*)<', linked)
    ]
    assert len(words) == len(seen) <= len(TERMS)
    # Each link is an element of its own, never put inside another tag's attribute.
    assert links_seen_by_a_parser(linked) == len(words)
    # Nothing is linked inside a link, a heading, a script, a comment or our own markup.
    for skipped in re.findall(
        r"<a href.*?</a>|<h2>.*?</h2>|<script>.*?</script>|<!--.*?-->|<span class=\"glossary-note\">.*?</span>",
        linked,
        re.DOTALL,
    ):
        assert "glossary-link" not in skipped


@settings(max_examples=100, deadline=None)
@given(HTML, HTML)
def test_a_term_linked_in_one_part_of_a_page_is_not_linked_again_in_another(first, second):
    seen: set[str] = set()
    linked = link_terms(first, TERMS, seen) + link_terms(second, TERMS, seen)
    hrefs = re.findall(r'class="glossary-link" href="([^"]*)"', linked)
    assert len(hrefs) == len(set(hrefs))
