"""Reading the attack tests' pages the way a browser parses them, and listing what is unsafe."""

from __future__ import annotations

import json
import re

from bleach._vendor import html5lib  # the WHATWG parsing algorithm, as browsers run it

from questions.models import Question
from tests.hostile_inputs import (
    ANSWER_CLASSES,
    ANSWER_LINK_ATTRIBUTES,
    ANSWER_SCHEMES,
    ANSWER_TAGS,
    LINK_REL,
    PLAIN_LINK_ATTRIBUTES,
    PLAIN_SCHEMES,
    PLAIN_TAGS,
    url_scheme_ok,
)

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite"}
_ANY_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:")


def parse(html: bytes | str):
    return html5lib.parse(html, namespaceHTMLElements=False)


def local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def classes(element) -> set[str]:
    return set(element.get("class", "").split())


def text_of(element) -> str:
    return "".join(element.itertext())


def elements(root):
    return [e for e in root.iter() if isinstance(e.tag, str)]


def page_wide_problems(doc, where: str, *, admin: bool = False) -> list[str]:
    """What no page may carry anywhere: event handlers, script other than data
    blocks or our static files, links or sources with a script scheme, and
    (outside the admin, whose own templates draw icons in SVG) embedded
    documents, SVG or MathML."""
    problems = []
    scripts = ("/static/", "/admin/jsi18n/") if admin else ("/static/",)
    never = {"iframe", "frame", "frameset", "object", "embed", "base"}
    if not admin:
        never |= {"svg", "math"}
    for element in elements(doc):
        tag = local(element.tag)
        for name, value in element.attrib.items():
            name = local(name)
            if name.startswith("on"):
                problems.append(f"{where}: <{tag} {name}={value!r}>")
            cleaned = re.sub(r"[\x00-\x20\x7f-\x9f]+", "", value).lower()
            if (
                name in _URL_ATTRIBUTES
                and _ANY_SCHEME.match(cleaned)
                and not cleaned.startswith(("http:", "https:", "mailto:"))
            ):
                problems.append(f"{where}: <{tag} {name}={value!r}>")
        if tag == "script":
            kind = element.get("type", "")
            if kind in ("application/ld+json", "application/json"):
                try:
                    json.loads(element.text or "")
                except ValueError:
                    problems.append(f"{where}: a data block that is not JSON: {element.text!r}")
            elif not element.get("src", "").startswith(scripts):
                problems.append(f"{where}: <script {element.attrib}>{element.text}")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            problems.append(f"{where}: <meta http-equiv=refresh>")
        if tag in never:
            problems.append(f"{where}: <{tag}>")
    return problems


def content_problems(root, where: str, tags, link_attributes, schemes) -> list[str]:
    """Everything inside a piece of user content is on the allowlist."""
    problems = []
    for element in elements(root):
        if element.tag == "DOCUMENT_FRAGMENT":
            continue
        tag = local(element.tag)
        if element.tag != tag or tag not in tags:
            problems.append(f"{where}: <{element.tag}>")
        if tag in ANSWER_CLASSES and tag in tags and element.get("class") != ANSWER_CLASSES[tag]:
            problems.append(f"{where}: <{tag}> without its class")
        for name, value in element.attrib.items():
            if tag in ANSWER_CLASSES and name == "class" and value == ANSWER_CLASSES[tag]:
                continue
            if tag != "a" or name not in link_attributes:
                problems.append(f"{where}: <{tag} {name}={value!r}>")
        if tag == "a":
            if not url_scheme_ok(element.get("href", ""), schemes):
                problems.append(f"{where}: <a href={element.get('href')!r}>")
            if element.get("rel") != LINK_REL:
                problems.append(f"{where}: <a rel={element.get('rel')!r}>")
    return problems


# The patient's words on the triage page: paragraphs, with what may identify
# them marked, and nothing else (not even links).
MARKED_TEXT = {"p": {}, "br": {}, "mark": {"class": "deid deid-"}, "span": {"class": "deid-kind"}}


def marked_text_problems(root, where: str) -> list[str]:
    problems = []
    for element in elements(root):
        if element.tag == "DOCUMENT_FRAGMENT":
            continue
        tag = local(element.tag)
        if element.tag != tag or tag not in MARKED_TEXT:
            problems.append(f"{where}: <{element.tag}>")
            continue
        for name, value in element.attrib.items():
            prefix = MARKED_TEXT[tag].get(name)
            if prefix is None or not re.fullmatch(re.escape(prefix) + r"[a-z-]*", value):
                problems.append(f"{where}: <{tag} {name}={value!r}>")
    return problems


def user_parts(element) -> list:
    """The children of a container that hold user text (not our own labels)."""
    if "qa-question" in classes(element):
        return [c for c in element if c.get("id") != "question-label"]
    if "comment" in classes(element) and element.tag == "article":
        return [c for c in element if "comment-meta" not in classes(c)]
    if "answer-body" in classes(element):
        return list(element)
    return []


def skeleton(doc) -> list[tuple[str, tuple[str, ...]]]:
    """The page's own elements (tag and attribute names) in document order,
    with user content left out: identical for every Q&A page."""
    out = []

    def walk(element):
        if not isinstance(element.tag, str):
            return
        out.append((element.tag, tuple(sorted(element.attrib))))
        skip = {id(part) for part in user_parts(element)}
        for child in element:
            if id(child) not in skip:
                walk(child)

    walk(doc)
    return out


def find(doc, tag: str, css_class: str) -> list:
    return [e for e in doc.iter(tag) if css_class in classes(e)]


def squeeze(text: str) -> str:
    """Text with whitespace and invisible characters dropped, for comparing what
    was typed with what a page shows."""
    return "".join(ch for ch in text if ch.isprintable() and not ch.isspace())


def qa_page_problems(doc, question: Question, where: str) -> list[str]:
    answer = question.published_answer
    problems = page_wide_problems(doc, where)
    [title] = [e for e in doc.iter("h1") if e.get("id") == "qa-title"]
    if text_of(title) != answer.question_title:
        problems.append(f"{where}: the h1 reads {text_of(title)!r}")
    if not text_of(next(doc.iter("title"))).startswith(answer.question_title):
        problems.append(f"{where}: the <title> reads {text_of(next(doc.iter('title')))!r}")
    [question_section] = find(doc, "section", "qa-question")
    shown = "".join(text_of(part) for part in user_parts(question_section))
    if squeeze(shown) != squeeze(answer.question_text):
        problems.append(f"{where}: the question reads {shown!r}")
    for part in user_parts(question_section):
        problems += content_problems(
            part, f"{where} question", PLAIN_TAGS, PLAIN_LINK_ATTRIBUTES, PLAIN_SCHEMES
        )
    [answer_body] = find(doc, "div", "answer-body")
    for part in user_parts(answer_body):
        problems += content_problems(
            part, f"{where} answer", ANSWER_TAGS, ANSWER_LINK_ATTRIBUTES, ANSWER_SCHEMES
        )
    for block in doc.iter("script"):
        if block.get("type") == "application/ld+json":
            data = json.loads(block.text)
            if data["mainEntity"]["name"] != answer.question_title:
                problems.append(f"{where}: JSON-LD name {data['mainEntity']['name']!r}")
            if data["mainEntity"]["text"] != answer.question_text:
                problems.append(f"{where}: JSON-LD text {data['mainEntity']['text']!r}")
    return problems


def pages(queryset, per_page: int) -> range:
    return range(1, -(-queryset.count() // per_page) + 1)


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])
