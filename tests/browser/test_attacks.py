"""Attack tests in Chromium: every hostile input rendered on the real pages.

The sanitizer must hold on its own, so the main walk runs with the page's
Content-Security-Policy bypassed (the policy is a second wall, tested by the
`page` fixture in the last test). On every page: no script runs (the global
the payloads set stays undefined and no dialog opens, after every element got
the events a handler could listen to, was focused, and the real mouse went
over the content of a tenth of the Q&A pages and the whole comment page), and
no element or attribute outside the allowlist appears, in the content or
anywhere else on the page.

The payloads are stored with the services the forms call (the HTTP-level
tests/test_attacks.py sends all of them through the real forms and proves
they are stored exactly so); the last test has Chromium type a few into the
real forms itself.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from questions import services
from questions.models import Question
from tests.chromium import solve_the_sum
from tests.conftest import role
from tests.factories import ExpertProfileFactory, UserFactory
from tests.hostile_inputs import (
    ANSWER_LINK_ATTRIBUTES,
    ANSWER_SCHEMES,
    ANSWER_TAGS,
    LINK_REL,
    PLAIN_LINK_ATTRIBUTES,
    PLAIN_SCHEMES,
    PLAIN_TAGS,
    STORABLE,
    colleague_of,
    publish_directly,
)

BENIGN = "Is it normal to feel more tired in the afternoon since my diagnosis?"

# Runs in the page. Returns what is wrong, the page's own markup (user content
# left out) and where the content is, after poking every element.
INSPECT = """
(cfg) => {
  const problems = [];
  const say = (text) => problems.push(location.pathname + location.search + ': ' + text);
  const clean = (url) => url.replace(/[\\u0000-\\u0020\\u007f-\\u009f]+/g, '').toLowerCase();
  const userParts = (el) => {
    if (el.classList.contains('qa-question'))
      return [...el.children].filter((c) => c.id !== 'question-label');
    if (el.localName === 'article' && el.classList.contains('comment'))
      return [...el.children].filter((c) => !c.classList.contains('comment-meta'));
    if (el.localName === 'div' && el.classList.contains('answer-body')) return [...el.children];
    return [];
  };
  const inspect = (root, where, rule) => {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const tag = el.localName;
      if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml' || !rule.tags.includes(tag))
        say(`${where}: <${tag}>`);
      for (const a of el.attributes)
        if (tag !== 'a' || !rule.attributes.includes(a.name))
          say(`${where}: <${tag} ${a.name}="${a.value}">`);
      if (tag === 'a') {
        const href = el.getAttribute('href') || '';
        if (!rule.schemes.some((s) => clean(href).startsWith(s))) say(`${where}: <a href="${href}">`);
        if (el.getAttribute('rel') !== cfg.rel) say(`${where}: <a rel="${el.getAttribute('rel')}">`);
      }
    }
  };
  for (const box of document.querySelectorAll('.answer-body'))
    for (const part of userParts(box)) inspect(part, 'answer', cfg.answer);
  for (const box of document.querySelectorAll('.qa-question, article.comment'))
    for (const part of userParts(box)) inspect(part, box.className, cfg.plain);
  const texts = '.qa-excerpt, .qa-summary-title a, .search-count, h1, title';
  for (const box of document.querySelectorAll(texts))
    if (box.children.length) say(`markup inside ${box.localName}.${box.className}`);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes)
      if (a.name.startsWith('on')) say(`<${el.localName} ${a.name}="${a.value}">`);
    const tag = el.localName;
    if (tag === 'script' && el.getAttribute('type') !== 'application/ld+json'
        && !(el.getAttribute('src') || '').startsWith('/static/')) say(`<script> ${el.outerHTML}`);
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'svg', 'math'].includes(tag))
      say(`<${tag}>`);
    if (tag === 'meta' && (el.getAttribute('http-equiv') || '').toLowerCase() === 'refresh') say('<meta refresh>');
    for (const name of ['href', 'src', 'action', 'formaction', 'data', 'poster', 'cite']) {
      const url = el.getAttribute(name);
      if (url !== null && /^[a-z][a-z0-9+.\\-]*:/.test(clean(url))
          && !/^(https?|mailto):/.test(clean(url))) say(`<${tag} ${name}="${url}">`);
    }
  }
  const skeleton = [];
  const walk = (el) => {
    skeleton.push(el.localName + '(' + [...el.attributes].map((a) => a.name).sort() + ')');
    const skip = new Set(userParts(el));
    for (const child of el.children) if (!skip.has(child)) walk(child);
  };
  walk(document.documentElement);
  const events = [
    'mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'pointerover',
    'pointerenter', 'pointerdown', 'focus', 'focusin', 'blur', 'toggle', 'animationstart',
    'animationend', 'transitionend', 'load', 'error', 'input', 'change', 'wheel', 'keydown',
    'copy', 'beforetoggle', 'scroll', 'resize',
  ];
  for (const el of document.querySelectorAll('main *')) {
    for (const type of events) el.dispatchEvent(new Event(type));
    if (typeof el.focus === 'function') el.focus();
  }
  // Where the user content is on screen, for real mouse moves.
  window.scrollTo(0, 0);
  const targets = [...document.querySelectorAll('.qa-question, .answer-body, .qa-summary')];
  targets[0]?.scrollIntoView();
  const points = targets.slice(0, 2).map((el) => {
    const r = el.getBoundingClientRect();
    return [r.x + Math.min(r.width / 2, 200), r.y + Math.min(r.height / 2, 40)];
  }).filter(([x, y]) => y > 0 && y < innerHeight);
  return {
    problems,
    skeleton: skeleton.join(' '),
    title: document.getElementById('qa-title')?.textContent,
    points,
    height: document.documentElement.scrollHeight,
  };
}
"""
RULES = {
    "rel": LINK_REL,
    "answer": {
        "tags": sorted(ANSWER_TAGS),
        "attributes": sorted(ANSWER_LINK_ATTRIBUTES),
        "schemes": list(ANSWER_SCHEMES),
    },
    # Plain text links mailto: addresses today (see tests/test_attacks.py).
    "plain": {
        "tags": sorted(PLAIN_TAGS),
        "attributes": sorted(PLAIN_LINK_ATTRIBUTES),
        "schemes": [*PLAIN_SCHEMES, "mailto:"],
    },
}


class Visitor:
    """One tab reused for every page: each visit inspects the page, fires every
    event at every element, moves the mouse, and collects what went wrong."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def visit(self, url: str, *, hover: bool = True, sweep: bool = False) -> dict:
        """Open `url` and look at it; with `hover`, also move the real mouse onto
        the content (a real pointer is slow, and the dispatched events already
        reach every handler); with `sweep`, down the whole page."""
        page = self.page
        response = page.goto(url)
        assert response.status == 200, url
        found = page.evaluate(INSPECT, RULES)
        self.problems += found["problems"]
        for x, y in found["points"] if hover else []:
            page.mouse.move(x, y)
        if sweep:  # a screen at a time
            page.evaluate("window.scrollTo(0, 0)")
            viewport = page.viewport_size["height"]
            for _ in range(-(-found["height"] // viewport)):
                page.mouse.move(300, 1)
                page.mouse.move(300, viewport - 1, steps=2)
                page.mouse.wheel(0, viewport)
        if page.evaluate("typeof window.__pwned") != "undefined":
            self.problems.append(f"{url}: window.__pwned was set")
        return found


@pytest.fixture
def staff(transactional_db):
    moderator = UserFactory(username="attack.moderator", is_staff=True)
    moderator.groups.add(role("Moderators"))
    expert = ExpertProfileFactory(user__username="attack.expert").user
    expert.groups.add(role("Experts"))
    return moderator, expert


# The longest test of the suite (over three minutes). Like every test here it
# checks rendering (RENDERING_ONLY): what is stored is proved by
# tests/test_attacks.py.
def test_no_hostile_input_runs_script_or_adds_markup_on_any_page(browser, live_server, staff):
    moderator, expert = staff
    [host] = publish_directly(
        ["Where readers comment: " + BENIGN], moderator=moderator, expert=expert
    )
    baseline, *hostile = publish_directly(
        [BENIGN, *STORABLE], moderator=moderator, expert=expert, comment_on=host
    )
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(15_000)
    visitor = Visitor(context.new_page())

    skeleton = visitor.visit(baseline.get_absolute_url())["skeleton"]
    for n, question in enumerate(hostile):
        url = question.get_absolute_url()
        found = visitor.visit(url, hover=n % 10 == 0)
        if found["skeleton"] != skeleton:
            visitor.problems.append(f"{url}: the page's own markup changed")
        if found["title"] != question.published_answer.question_title:
            visitor.problems.append(f"{url}: the h1 reads {found['title']!r}")

    visitor.visit(host.get_absolute_url(), sweep=True)
    expect(visitor.page.locator("article.comment")).to_have_count(len(STORABLE) + 1)
    pages = -(-Question.objects.published().count() // settings.QUESTIONS_PER_PAGE)
    searches = [urlencode({"q": q}) for q in ["hostile", "javascript", *STORABLE[::20]]]
    for url in [
        "/",
        *[f"/questions/?page={n}" for n in range(1, pages + 1)],
        *[f"/search/?{query}" for query in searches],
    ]:
        visitor.visit(url, hover=url == "/")
    context.close()

    assert visitor.problems == [], f"{len(visitor.problems)} problem(s):\n" + "\n".join(
        visitor.problems[:60]
    )
    assert visitor.dialogs == []


# Payloads typed by Chromium itself into the three real forms, with the
# site's Content-Security-Policy in force (the `page` fixture fails on any
# violation): newlines and tabs as a browser sends them, markup, a link.
TYPED = [
    "java\tscript:alert(1) <svg><p><style><img src=x onerror=window.__pwned=2>\n\n"
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=3>">\r\n'
    '[x](javascript:alert(4)) <a href="jav&#x09;ascript:alert(5)">y</a></p><b>z',
]


def test_hostile_text_typed_into_the_real_forms_is_inert_under_the_site_policy(
    page, live_server, staff, settings
):
    settings.ASK_MIN_SECONDS = 0
    settings.ASK_MAX_LINKS = 1000
    moderator, expert = staff
    [host] = publish_directly(["A harmless Q&A to comment on"], moderator=moderator, expert=expert)
    session = Client()
    session.force_login(expert)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    visitor = Visitor(page)
    for n, text in enumerate(TYPED):
        page.goto("/ask/")
        page.get_by_label("Subject").fill(text.splitlines()[0][:150])
        page.get_by_label("Your question").fill(f"My question number {n}, about MS:\n\n{text}")
        page.get_by_label("I understand that the answer is general information").check()
        page.get_by_label("I agree that a version of my question").check()
        solve_the_sum(page)
        page.get_by_role("button", name="Send my question").click()
        expect(
            page.get_by_role("heading", name="Thank you. Your question was sent.")
        ).to_be_visible()
        question = Question.objects.order_by("-pk").first()
        services.question_assign(
            question_id=question.pk, actor=moderator, expert=expert.expert_profile
        )
        page.goto(f"/admin/questions/question/{question.pk}/change/")
        page.get_by_label("Answer (draft)").fill(f"Answer {n}.\n\n{text}")
        page.get_by_role("button", name="Save and continue editing").click()
        expect(page.get_by_text("was changed successfully")).to_be_visible()
        services.question_submit_for_signoff(question_id=question.pk, actor=expert)
        services.question_sign_off(question_id=question.pk, actor=colleague_of(expert))
        question = services.question_publish(question_id=question.pk, actor=expert)

        page.goto(f"/questions/{host.slug}/reply/")
        page.get_by_label("Your comment").fill(text)
        solve_the_sum(page)
        page.get_by_role("button", name="Post comment").click()
        expect(
            page.get_by_text("Your comment will be posted after it is approved.")
        ).to_be_visible()

    services.comment_moderate(
        comment_ids=list(host.comments.values_list("pk", flat=True)),
        actor=moderator,
        status="approved",
    )
    page.context.clear_cookies()  # read as the public does
    for question in Question.objects.published().exclude(pk=host.pk):
        visitor.visit(question.get_absolute_url())
        expect(page.locator(".answer-body")).to_contain_text("Answer")
    visitor.visit(host.get_absolute_url())
    expect(page.locator("article.comment")).to_have_count(len(TYPED))
    assert visitor.problems == [], "\n".join(visitor.problems)
    assert visitor.dialogs == []
