"""Attack tests at the HTTP level: the hostile corpus sent through the three
places strangers' and clinicians' text comes in (the question form, the
reply form and the answer editor), published through the real workflow, and
every page that shows it parsed the way a browser parses it.

The corpus goes through the forms once for the whole module (it is the slow
part) inside a transaction that is rolled back at the end, so nothing leaks
into other tests.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

import pytest
from bleach._vendor import html5lib  # the WHATWG parsing algorithm, as browsers run it
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from core.text import plain_text_to_html
from questions.models import Comment, PatientSubmission, Question
from tests.attack_helpers import (
    classes,
    content_problems,
    find,
    marked_text_problems,
    page_wide_problems,
    pages,
    parse,
    qa_page_problems,
    report,
    skeleton,
    squeeze,
    text_of,
    user_parts,
)
from tests.conftest import RENDERING_ONLY, client_for, role
from tests.factories import CategoryFactory, ExpertProfileFactory, UserFactory
from tests.hostile_inputs import (
    ANSWER_LINK_ATTRIBUTES,
    ANSWER_SCHEMES,
    ANSWER_TAGS,
    HOSTILE,
    NULL_BYTE,
    PLAIN_LINK_ATTRIBUTES,
    PLAIN_SCHEMES,
    PLAIN_TAGS,
    STORABLE,
    answer_in_admin,
    ask,
    question_text_for,
    reply,
    send_corpus,
    subject_for,
)

pytestmark = [pytest.mark.django_db, RENDERING_ONLY]

BENIGN = "Is it normal to feel more tired in the afternoon since my diagnosis?"
_SCRIPT_SIGNS = re.compile(r"__pwned|alert\(|confirm\(|prompt\(|lert\(|atob\(|base64,")


@dataclass
class Site:
    published: list[Question]  # published[0] is the harmless baseline, then STORABLE in order
    host: Question  # the Q&A that carries every payload as an approved comment
    moderator: object
    expert: object


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    limits = override_settings(
        ASK_MIN_SECONDS=0,
        ASK_RATE_LIMIT="100000/h",
        ASK_WRONG_SUM_RATE_LIMIT="100000/h",
        COMMENT_RATE_LIMIT="100000/h",
        ASK_MAX_LINKS=1000,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), limits, transaction.atomic():
        moderator = UserFactory(username="attack.moderator", is_staff=True)
        moderator.groups.add(role("Moderators"))
        expert = ExpertProfileFactory(user__username="attack.expert").user
        expert.groups.add(role("Experts"))
        [host] = send_corpus(
            ["Where readers comment: " + BENIGN], moderator=moderator, expert=expert
        )
        host.category = CategoryFactory(name="Living with MS", slug="living-with-ms")
        host.save(update_fields=["category"])
        published = send_corpus(
            [BENIGN, *STORABLE], moderator=moderator, expert=expert, comment_on=host
        )
        yield Site(published, Question.objects.get(pk=host.pk), moderator, expert)
        transaction.set_rollback(True)


# --- the corpus -------------------------------------------------------------


def test_the_corpus_holds_at_least_300_distinct_strings_that_each_try_to_run_script():
    assert len(HOSTILE) >= 300
    assert all(isinstance(payload, str) for payload in HOSTILE)
    assert len(set(HOSTILE)) == len(HOSTILE)
    assert [p for p in HOSTILE if not _SCRIPT_SIGNS.search(p)] == []
    assert len(STORABLE) >= 300


# --- what the forms stored ---------------------------------------------------


def test_the_forms_stored_every_payload_exactly_as_typed(site):
    hostile = site.published[1:]
    assert [q.title for q in hostile] == [subject_for(p).strip() for p in STORABLE]
    assert [q.body for q in hostile] == [
        question_text_for(p, n).strip() for n, p in enumerate(STORABLE, start=2)
    ]
    names = dict(
        PatientSubmission.objects.filter(question__in=hostile).values_list("question_id", "name")
    )
    assert [names[q.pk] for q in hostile] == [p[:100].strip() for p in STORABLE]
    comments = list(site.host.comments.order_by("pk").values_list("body", "author_name", "status"))
    assert comments == [
        (p.strip(), p[:80].strip(), Comment.Status.APPROVED) for p in [BENIGN, *STORABLE]
    ]
    assert all(q.status == Question.Status.PUBLISHED for q in site.published)


# --- public pages --------------------------------------------------------------


def test_every_qa_page_shows_the_hostile_question_and_answer_as_inert_content(site, visitor):
    baseline_question, *hostile = site.published
    baseline = skeleton(parse(visitor.get(baseline_question.get_absolute_url()).content))
    problems = []
    for question in hostile:
        url = question.get_absolute_url()
        response = visitor.get(url)
        assert response.status_code == 200, url
        doc = parse(response.content)
        problems += qa_page_problems(doc, question, url)
        if skeleton(doc) != baseline:
            problems.append(f"{url}: the page's own markup changed")
    assert problems == [], report(problems)


def test_the_answer_html_of_every_payload_keeps_to_the_allowlist(site):
    problems = []
    for question, payload in zip(site.published[1:], STORABLE, strict=True):
        fragment = html5lib.parseFragment(
            question.published_answer.body_html, namespaceHTMLElements=False
        )
        problems += content_problems(
            fragment, repr(payload), ANSWER_TAGS, ANSWER_LINK_ATTRIBUTES, ANSWER_SCHEMES
        )
    assert problems == [], report(problems)


def test_hostile_comments_show_as_text_with_nothing_but_paragraphs_and_safe_links(site, visitor):
    url = site.host.get_absolute_url()
    doc = parse(visitor.get(url).content)
    comments = find(doc, "article", "comment")
    assert f"{len(STORABLE) + 1} Comments" in [text_of(h) for h in doc.iter("h2")]
    problems = page_wide_problems(doc, url)
    for comment, payload in zip(comments, [BENIGN, *STORABLE], strict=True):
        parts = user_parts(comment)
        shown = "".join(text_of(part) for part in parts)
        if squeeze(shown) != squeeze(payload):
            problems.append(f"{payload!r} is shown as {shown!r}")
        for part in parts:
            problems += content_problems(
                part, repr(payload), PLAIN_TAGS, PLAIN_LINK_ATTRIBUTES, PLAIN_SCHEMES
            )
    assert problems == [], report(problems)


def test_list_pages_show_hostile_titles_and_excerpts_as_text(site, visitor):
    titles = {q.published_answer.question_title for q in [site.host, *site.published]}
    urls = ["/", f"/category/{site.host.category.slug}/", "/archive/"]
    per_page = settings.QUESTIONS_PER_PAGE
    urls += [f"/questions/?page={n}" for n in pages(Question.objects.published(), per_page)]
    months = Counter(
        f"{timezone.localtime(at):%Y/%m}"
        for at in Question.objects.published().values_list("published_at", flat=True)
    )
    for month, count in months.items():
        urls += [f"/archive/{month}/?page={n}" for n in range(1, -(-count // per_page) + 1)]
    problems, seen = [], set()
    for url in urls:
        response = visitor.get(url)
        assert response.status_code == 200, url
        doc = parse(response.content)
        problems += page_wide_problems(doc, url)
        for link in [a for h in find(doc, "*", "qa-summary-title") for a in h.iter("a")]:
            seen.add(text_of(link))
            if list(link) or text_of(link) not in titles:
                problems.append(f"{url}: title link {text_of(link)!r} {[e.tag for e in link]}")
        for excerpt in find(doc, "p", "qa-excerpt"):
            if list(excerpt):
                problems.append(f"{url}: excerpt has markup {[e.tag for e in excerpt]}")
    assert problems == [], report(problems)
    assert seen == titles


def test_the_search_page_shows_every_payload_typed_as_a_query_as_text(site, visitor):
    problems = []
    for payload in STORABLE:
        response = visitor.get("/search/", {"q": payload})
        assert response.status_code == 200, payload
        doc = parse(response.content)
        problems += page_wide_problems(doc, f"search {payload!r}")
        [box] = [e for e in doc.iter("input") if e.get("id") == "search-q"]
        shown = box.get("value", "")
        if squeeze(shown) != squeeze(payload)[: len(squeeze(shown))] or not shown:
            problems.append(f"search {payload!r}: the box holds {shown!r}")
        for count in find(doc, "p", "search-count"):
            if list(count):
                problems.append(f"search {payload!r}: markup in {text_of(count)!r}")
        for excerpt in find(doc, "p", "qa-excerpt"):
            if list(excerpt):
                problems.append(f"search {payload!r}: markup in an excerpt")
    assert problems == [], report(problems)


ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_carry_hostile_titles_as_text_and_only_allowlisted_html(site, visitor):
    titles = {q.published_answer.question_title for q in [site.host, *site.published]}
    allowed = ANSWER_TAGS | PLAIN_TAGS | {"h2"}
    problems = []
    for url in ["/feeds/latest/", f"/feeds/category/{site.host.category.slug}/"]:
        response = visitor.get(url)
        assert response.status_code == 200, url
        feed = ET.fromstring(response.content)
        entries = feed.findall(f"{ATOM}entry")
        assert entries, url
        for entry in entries:
            title = entry.find(f"{ATOM}title").text
            if title not in titles:
                problems.append(f"{url}: entry title {title!r}")
            summary = entry.find(f"{ATOM}summary")
            fragment = html5lib.parseFragment(summary.text or "", namespaceHTMLElements=False)
            problems += content_problems(
                fragment, f"{url} {title!r}", allowed, ANSWER_LINK_ATTRIBUTES, ANSWER_SCHEMES
            )
    assert problems == [], report(problems)


def test_the_sitemap_lists_only_our_own_addresses(site, visitor):
    sitemap = ET.fromstring(visitor.get("/sitemap.xml").content)
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) > len(site.published)
    ours = re.escape(settings.SITE_URL) + r"/[a-z0-9/\-_]*"
    assert all(re.fullmatch(ours, loc) for loc in locations), [
        loc for loc in locations if not re.fullmatch(ours, loc)
    ]


def test_reply_pages_show_hostile_titles_as_text(site, visitor):
    # Every seventh Q&A: the reply page renders the title with the same
    # template code for all of them, and each page carries a form (slow).
    problems = []
    for question in site.published[1::7]:
        for url in [
            f"/questions/{question.slug}/reply/",
            f"/questions/{question.slug}/reply/sent/",
        ]:
            response = visitor.get(url)
            assert response.status_code == 200, url
            doc = parse(response.content)
            problems += page_wide_problems(doc, url)
            title = question.published_answer.question_title
            if not any(title in text_of(a) for a in doc.iter("a")):
                problems.append(f"{url}: no link reads {title!r}")
    assert problems == [], report(problems)


def test_the_patient_status_page_shows_their_own_hostile_words_as_text(site):
    # Tokens are only in the thanks redirect, so ask again for a few payloads.
    problems = []
    patient = Client()
    for n, payload in enumerate(STORABLE[::25], start=10_000):
        response = ask(patient, payload, n)
        status_url = response["Location"].replace("/ask/thanks/", "/ask/status/")
        for url in [response["Location"], status_url]:
            doc = parse(patient.get(url).content)
            problems += page_wide_problems(doc, url)
        words = [s for s in find(doc, "section", "your-words")][0]
        [heading] = words.iter("h3")
        if text_of(heading) != subject_for(payload).strip():
            problems.append(f"{payload!r}: subject shown as {text_of(heading)!r}")
        for paragraph in [p for p in words if p.tag == "p"][1:]:
            problems += content_problems(
                paragraph, repr(payload), PLAIN_TAGS, PLAIN_LINK_ATTRIBUTES, PLAIN_SCHEMES
            )
    assert problems == [], report(problems)


# --- staff pages -------------------------------------------------------------


def test_the_admin_shows_hostile_text_inert_to_staff(site):
    moderator, expert = client_for(site.moderator), client_for(site.expert)
    urls = [(moderator, "/admin/"), (expert, "/admin/")]
    urls += [
        (moderator, f"/admin/questions/question/?queue=all&p={n}")
        for n in pages(Question.objects.all(), 100)
    ]
    urls += [
        (moderator, f"/admin/questions/comment/?status__exact=approved&p={n}")
        for n in pages(Comment.objects.all(), 100)
    ]
    urls += [
        (expert, f"/admin/questions/answer/?p={n}") for n in pages(Question.objects.all(), 100)
    ]
    urls += [(expert, "/admin/questions/transition/")]
    # Change and preview pages render one question each: every twentieth one.
    for question in site.published[1::20]:
        urls += [
            (moderator, f"/admin/questions/question/{question.pk}/change/"),
            (expert, f"/admin/questions/question/{question.pk}/preview/"),
            (expert, f"/admin/questions/answer/{question.published_answer.pk}/change/"),
        ]
    for comment_pk in site.host.comments.order_by("pk").values_list("pk", flat=True)[::20]:
        urls.append((moderator, f"/admin/questions/comment/{comment_pk}/change/"))
    problems = []
    for client, url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        doc = parse(response.content)
        problems += page_wide_problems(doc, url, admin=True)
        for original in find(doc, "div", "patient-original"):
            for part in list(original)[1:-1]:
                if "deid-legend" not in classes(part):
                    problems += marked_text_problems(part, url)
        if url.endswith("/preview/"):
            [body] = find(doc, "div", "answer-body")
            for part in user_parts(body):
                problems += content_problems(
                    part, url, ANSWER_TAGS, ANSWER_LINK_ATTRIBUTES, ANSWER_SCHEMES
                )
    assert problems == [], report(problems)


# --- text the forms refuse ---------------------------------------------------


def test_text_with_a_null_byte_is_refused_by_every_form_and_nothing_is_stored(site):
    assert NULL_BYTE
    patient, reader, staff = Client(), Client(), client_for(site.expert)
    question = site.published[0]
    questions, comments = Question.objects.count(), Comment.objects.count()
    for n, payload in enumerate(sorted(NULL_BYTE)):
        response = ask(patient, payload, n)
        assert response.status_code == 200 and b"Null characters are not allowed." in (
            response.content
        ), payload
        response = reply(reader, site.host.slug, payload)
        assert response.status_code == 200 and b"Null characters are not allowed." in (
            response.content
        ), payload
        response = answer_in_admin(staff, question, payload)
        assert response.status_code == 200 and b"Null characters are not allowed." in (
            response.content
        ), payload
    assert (Question.objects.count(), Comment.objects.count()) == (questions, comments)
    question.refresh_from_db()
    assert "\x00" not in question.answer_source


def test_plain_text_makes_links_of_web_addresses_only():
    html = plain_text_to_html("write to mailto:someone@example.org or see https://example.org/")
    fragment = html5lib.parseFragment(html, namespaceHTMLElements=False)
    assert (
        content_problems(fragment, "plain", PLAIN_TAGS, PLAIN_LINK_ATTRIBUTES, PLAIN_SCHEMES) == []
    )
