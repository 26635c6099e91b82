"""The staff pages in a real browser: the Next step buttons save what is typed,
comments are decided with one button, and axe finds nothing on any page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from questions import services
from questions.models import Question
from tests.chromium import assert_accessible, log_in
from tests.conftest import role
from tests.factories import (
    CommentFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
    QuestionFactory,
    UserFactory,
)


@pytest.fixture
def staff(transactional_db):
    expert = ExpertProfileFactory(user__username="dr.browser", display_name="Avery Test, MD")
    expert.user.groups.add(role("Experts"))
    moderator = UserFactory(username="mod.browser", is_staff=True)
    moderator.groups.add(role("Moderators"))
    question = QuestionFactory(
        title="How long does an Ocrevus infusion take?",
        body="My first infusion is next month. How long will I be there?",
        answer_source="",
    )
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert)
    qa = PublishedQuestionFactory(title="What happens on an infusion day?")
    comment = CommentFactory(question=qa, status="pending", body="This helped me a lot.")
    draft = services.translation_save(
        question_id=qa.pk,
        language="es",
        actor=expert.user,
        texts={"question_title": "¿Qué pasa el día de la infusión?", "answer_source": "Mucho."},
    )
    return {"question": question, "comment": comment, "draft": draft}


def test_send_for_sign_off_saves_the_answer_typed_without_saving(page, staff):
    question = staff["question"]
    log_in(page, "dr.browser")
    page.goto(f"/admin/questions/question/{question.pk}/change/")
    page.get_by_label("Answer (draft)").fill("About **three and a half hours** the first time.")
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_text("Done: send for sign-off.")).to_be_visible()
    question.refresh_from_db()
    assert question.status == Question.Status.AWAITING_SIGNOFF
    assert question.answer_source == "About **three and a half hours** the first time."


def test_a_refused_move_keeps_the_typed_answer_in_the_box(page, staff):
    question = staff["question"]
    log_in(page, "dr.browser")
    page.goto(f"/admin/questions/question/{question.pk}/change/")
    # The question's title, not a source's (sources have a "Title" too).
    page.locator("#id_title").fill("Rosalind asks: how long is an infusion?")
    page.get_by_label("Answer (draft)").fill("A careful answer that must not be lost.")
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_text("still contains the patient's name")).to_be_visible()
    expect(page.get_by_label("Answer (draft)")).to_have_value(
        "A careful answer that must not be lost."
    )
    question.refresh_from_db()
    assert (question.status, question.answer_source) == (Question.Status.ASSIGNED, "")


def test_a_moderator_declines_after_a_confirmation_page_and_can_reopen(page, staff):
    question = staff["question"]
    log_in(page, "mod.browser")
    page.goto(f"/admin/questions/question/{question.pk}/change/")
    expect(page.get_by_label("Reason for declining")).to_have_value("")
    page.get_by_label("Reason for declining").select_option("out_of_scope")
    page.get_by_role("button", name="Decline", exact=True).click()
    expect(
        page.get_by_text("Decline this question as Out of scope for this service?")
    ).to_be_visible()
    assert_accessible(page)
    question.refresh_from_db()
    assert question.status == Question.Status.ASSIGNED
    page.get_by_role("button", name="Confirm: decline").click()
    expect(page.get_by_text("Done: decline.")).to_be_visible()
    page.get_by_role("button", name="Reopen").click()
    expect(page.get_by_text("Done: reopen.")).to_be_visible()
    question.refresh_from_db()
    assert question.status == Question.Status.NEW


def test_a_comment_is_approved_with_its_own_button_in_the_list(page, staff):
    comment = staff["comment"]
    log_in(page, "mod.browser")
    page.goto("/admin/questions/comment/")
    assert_accessible(page)
    page.get_by_role("button", name=f"Approve comment {comment.pk}").click()
    expect(page.get_by_text(f"Comment {comment.pk} approved.")).to_be_visible()
    comment.refresh_from_db()
    assert comment.status == "approved"


@pytest.mark.parametrize(
    ("username", "pages"),
    [
        ("mod.browser", ["index", "questions", "question", "comments", "comment"]),
        ("dr.browser", ["index", "questions", "question", "translations", "translation"]),
    ],
)
@pytest.mark.parametrize("width", [1280, 390])
def test_the_staff_pages_have_no_accessibility_violations(page, staff, username, pages, width):
    """On a desk and on a phone (a clinician signing between patients)."""
    page.set_viewport_size({"width": width, "height": 900})
    urls = {
        "index": "/admin/",
        "questions": "/admin/questions/question/?queue=all",
        "question": f"/admin/questions/question/{staff['question'].pk}/change/",
        "comments": "/admin/questions/comment/?status__exact=pending",
        "comment": f"/admin/questions/comment/{staff['comment'].pk}/change/",
        "translations": "/admin/questions/translationdraft/",
        "translation": f"/admin/questions/translationdraft/{staff['draft'].pk}/change/",
    }
    log_in(page, username)
    for name in pages:
        page.goto(urls[name])
        assert_accessible(page)
