"""Replying to a comment in a real browser: the reply page, its mistakes and the
public page with the reply pass axe; a hostile reply stays text."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from questions.models import CommentReply
from tests.chromium import assert_accessible, log_in
from tests.conftest import role
from tests.factories import (
    CommentFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
    UserFactory,
)


@pytest.fixture
def comment(transactional_db):
    expert = ExpertProfileFactory(user__username="dr.browser", display_name="Avery Test, MD")
    expert.user.groups.add(role("Experts"))
    qa = PublishedQuestionFactory(title="Does heat make MS symptoms worse?")
    return CommentFactory(question=qa, body="Which cooling vest should I buy?")


def test_a_clinician_replies_and_every_page_on_the_way_passes_axe(page, comment):
    log_in(page, "dr.browser")
    page.goto("/admin/questions/comment/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Reply to comment {comment.pk}").click()
    expect(page.get_by_text("Which cooling vest should I buy?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish reply").click()
    expect(page.get_by_text("Please write your reply.")).to_be_visible()
    assert_accessible(page)
    hostile = "<script>window.__pwned = 1</script> A vest with cold packs, often."
    page.get_by_label("Your reply").fill(hostile)
    page.get_by_role("button", name="Publish reply").click()
    expect(page.get_by_text("Your reply is published under the comment.")).to_be_visible()
    assert_accessible(page)
    assert CommentReply.objects.get().body == hostile

    page.goto(comment.question.get_absolute_url())
    reply = page.locator(".comment-reply")
    expect(reply).to_contain_text("Reply from Avery Test, MD")
    expect(reply).to_contain_text(hostile)
    expect(reply).to_contain_text("General information, not medical advice for you.")
    assert page.evaluate("window.__pwned") is None
    assert_accessible(page)


def test_a_moderator_replies_as_the_clinic_team_from_the_comments_page(page, comment):
    moderator = UserFactory(username="mod.browser", is_staff=True)
    moderator.groups.add(role("Moderators"))
    log_in(page, "mod.browser")
    page.goto(f"/admin/questions/comment/{comment.pk}/change/")
    assert_accessible(page)
    page.get_by_role("link", name="Reply to this comment").click()
    expect(page.get_by_text("“Reply from the clinic team”")).to_be_visible()
    page.get_by_label("Your reply").fill("Thank you for asking.")
    page.get_by_role("button", name="Publish reply").click()
    expect(page.get_by_text("Reply from the clinic team")).to_be_visible()
    assert_accessible(page)
