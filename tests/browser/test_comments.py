"""Comments in a real browser: post, approve, appear; hostile text stays text."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from questions.models import Comment
from tests.chromium import assert_accessible, log_in, solve_the_sum
from tests.conftest import role
from tests.factories import CommentFactory, PublishedQuestionFactory, UserFactory

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '<a href="javascript:window.__pwned=3">click</a>',
    "javascript:window.__pwned=4",
    "&lt;script&gt;window.__pwned=5&lt;/script&gt;",
    "&#60;img src=x onerror=window.__pwned=6&#62;",
    "<svg><script>window.__pwned=7</script></svg>",
    '"><iframe src="javascript:window.top.__pwned=8"></iframe>',
    "<b onmouseover=window.__pwned=9>hover</b",
    "<<script>script>window.__pwned=10<</script>/script>",
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=11">',
    'https://example.org/"onmouseover="window.__pwned=12',
    "<!--<img src=x onerror=window.__pwned=13>-->",
    "\u003cscript\u003ewindow.__pwned=14\u003c/script\u003e",
]


@pytest.fixture
def qa(transactional_db, settings):
    settings.ASK_MIN_SECONDS = 0
    return PublishedQuestionFactory(title="What happens on an infusion day?")


@pytest.fixture
def moderator_login(transactional_db):
    user = UserFactory(username="mod.browser", is_staff=True)
    user.groups.add(role("Moderators"))
    return user


def test_reader_posts_moderator_approves_and_it_appears(page, qa, moderator_login):
    page.goto(qa.get_absolute_url())
    expect(page.get_by_role("heading", name="0 Comments")).to_be_visible()
    page.get_by_role("link", name="Leave a reply").click()
    page.get_by_label("Your comment").fill("The nurses were lovely.\nBring a book!")
    solve_the_sum(page)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment will be posted after it is approved.")).to_be_visible()

    log_in(page, "mod.browser")
    page.get_by_text("1 comment waiting for approval").click()
    page.locator("input[name=_selected_action]").first.check()
    page.get_by_label("Action:").select_option("approve")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 comment(s) approved.")).to_be_visible()

    page.goto(qa.get_absolute_url())
    expect(page.get_by_role("heading", name="1 Comment", exact=True)).to_be_visible()
    expect(page.locator(".comment")).to_contain_text("Bring a book!")


def test_hostile_comments_render_as_text_with_no_script_and_no_injected_markup(page, qa):
    for body in HOSTILE:
        CommentFactory(question=qa, body=body)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(qa.get_absolute_url())
    comments = page.locator(".comment")
    expect(comments).to_have_count(len(HOSTILE))
    for element in page.locator(".comment").all():
        element.hover()
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    # Inside comments only paragraphs, line breaks, headings, time and our safe links exist.
    tags = page.evaluate(
        "Array.from(document.querySelectorAll('.comment *')).map(e => e.tagName.toLowerCase())"
    )
    assert set(tags) <= {"p", "br", "h3", "time", "a"}, set(tags)
    hrefs = page.evaluate(
        "Array.from(document.querySelectorAll('.comment a')).map(a => [a.getAttribute('href'), a.rel])"
    )
    for href, rel in hrefs:
        assert href.startswith("https://"), href
        assert rel == "nofollow ugc noopener noreferrer"
    handlers = page.evaluate(
        "Array.from(document.querySelectorAll('.comment *')).flatMap(e => Array.from(e.attributes).map(a => a.name)).filter(n => n.startsWith('on'))"
    )
    assert handlers == []
    for body in HOSTILE[:3]:
        expect(page.locator(".comment", has_text=body).first).to_be_visible()


def test_qa_with_comments_and_the_reply_form_with_errors_are_accessible(page, qa):
    CommentFactory.create_batch(2, question=qa)
    page.goto(qa.get_absolute_url())
    assert_accessible(page)
    page.goto(f"/questions/{qa.slug}/reply/")
    assert_accessible(page)
    page.get_by_label("Your comment").fill("x")
    page.get_by_label("Your email (optional)").fill("not an email")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Nothing you typed is lost.")).to_be_visible()
    assert_accessible(page)
    assert Comment.objects.count() == 2  # the two made above; nothing new


def test_enter_in_the_answer_box_posts_the_comment(page, qa):
    page.goto(f"/questions/{qa.slug}/reply/")
    page.get_by_label("Your comment").fill("The nurses were lovely.")
    solve_the_sum(page)
    page.get_by_label("Answer to the sum").press("Enter")
    expect(page.get_by_text("Your comment will be posted after it is approved.")).to_be_visible()
    assert Comment.objects.get().body == "The nurses were lovely."
