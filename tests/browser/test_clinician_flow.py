"""A clinician logs into the admin and answers an assigned question; a colleague
signs it off and publishes it; the Q&A then appears on its archive month,
category, feed and sitemap."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from questions import services
from questions.models import Question
from tests.chromium import assert_accessible, log_in
from tests.conftest import role
from tests.factories import (
    PASSWORD,
    CategoryFactory,
    ExpertProfileFactory,
    QuestionFactory,
    UserFactory,
)


@pytest.fixture
def assigned(transactional_db):
    profile = ExpertProfileFactory(user__username="dr.test", display_name="Avery Test, MD")
    profile.user.groups.add(role("Experts"))
    colleague = ExpertProfileFactory(user__username="dr.second", display_name="Blake Second, MD")
    colleague.user.groups.add(role("Experts"))
    moderator = UserFactory(username="mod.test", is_staff=True)
    moderator.groups.add(role("Moderators"))
    category = CategoryFactory(name="Infusion therapies", slug="infusion-therapies")
    question = QuestionFactory(
        title="How long does an Ocrevus infusion take?",
        body="My first infusion is next month. How long will I be there?",
        answer_source="",
        category=category,
    )
    services.question_assign(question_id=question.pk, actor=moderator, expert=profile)
    return question


def test_clinician_answers_and_a_colleague_signs_and_publishes_in_the_admin(
    page, live_server, assigned
):
    log_in(page, "dr.test")
    page.get_by_text("1 assigned to you").click()
    page.get_by_role("link", name="How long does an Ocrevus infusion take?").click()

    page.get_by_label("Answer (draft)").fill(
        "The first two half-doses take about **two and a half hours** each.\n\n"
        "Plan to stay one more hour for observation."
    )
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_text("Done: send for sign-off.")).to_be_visible()
    # The author is offered no Sign off: the page says who must sign instead.
    expect(page.get_by_role("button", name="Sign off")).to_have_count(0)
    expect(
        page.get_by_text("You sent this version for sign-off, so a colleague signs it")
    ).to_be_visible()

    log_in(page, "dr.second")
    page.goto(f"/admin/questions/question/{assigned.pk}/change/")
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("Done: sign off.")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Done: publish.")).to_be_visible()

    assigned.refresh_from_db()
    detail = assigned.get_absolute_url()
    page.goto(detail)
    expect(page.locator("h1")).to_have_text("How long does an Ocrevus infusion take?")
    expect(page.locator(".signature-name")).to_have_text("Blake Second, MD")
    expect(page.locator(".answer-body strong")).to_have_text("two and a half hours")

    month = timezone.localtime(assigned.published_at)
    for url in [f"/archive/{month:%Y/%m}/", "/category/infusion-therapies/"]:
        page.goto(url)
        expect(
            page.get_by_role("link", name="How long does an Ocrevus infusion take?")
        ).to_be_visible()
    feed = page.request.get(f"{live_server.url}/feeds/latest/").text()
    assert "How long does an Ocrevus infusion take?" in feed
    sitemap = page.request.get(f"{live_server.url}/sitemap.xml").text()
    assert detail in sitemap


def test_an_answer_typed_as_the_session_ended_is_put_back_after_signing_in_again(
    page, live_server, assigned
):
    log_in(page, "dr.test")
    page.goto(f"/admin/questions/question/{assigned.pk}/change/")
    # The public title's box is as wide as the question's (a long title was cut off).
    title, body = page.locator("#id_title").bounding_box(), page.locator("#id_body").bounding_box()
    assert title["width"] >= 0.95 * body["width"]
    typed = "Plan for most of the day.\n\nThe first infusion takes about four hours."
    page.get_by_label("Answer (draft)").fill(typed)
    # Two hours without a request: the session has ended when the clinician saves.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.get_by_text("Your session ended before your changes were saved.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Username").fill("dr.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_label("Answer (draft)")).to_have_value(typed)
    back = page.get_by_text("What you typed before your session ended is back in the form.")
    expect(back).to_be_visible()
    assert_accessible(page)
    assigned.refresh_from_db()
    assert assigned.answer_source == ""  # back in the form, not saved behind their back
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assigned.refresh_from_db()
    assert assigned.answer_source == typed
    page.reload()
    expect(back).to_have_count(0)


def _session_ends_as_they_save(page, url: str, label: str, typed: str) -> None:
    page.goto(url)
    page.get_by_label(label).fill(typed)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("Your session ended before your changes were saved.")).to_be_visible()


def _sign_in_here(page, username: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_kept_typing_never_overwrites_a_newer_save_and_shows_it_beside_instead(
    page, live_server, assigned
):
    log_in(page, "dr.test")
    url = f"/admin/questions/question/{assigned.pk}/change/"
    mine = "Mine: plan for most of the day."
    _session_ends_as_they_save(page, url, "Answer (draft)", mine)
    # Meanwhile a colleague saves the answer.
    Question.objects.filter(pk=assigned.pk).update(answer_source="A colleague's newer text.")
    _sign_in_here(page, "dr.test")

    expect(page.get_by_label("Answer (draft)")).to_have_value("A colleague's newer text.")
    kept = page.get_by_label("What you typed here before your session ended (not saved):")
    expect(kept).to_have_value(mine)
    expect(page.get_by_text("Someone saved this page after your session ended")).to_be_visible()
    assert_accessible(page)


def test_kept_typing_is_never_put_back_for_someone_else_signing_in_in_that_tab(
    page, live_server, assigned
):
    log_in(page, "dr.test")
    url = f"/admin/questions/question/{assigned.pk}/change/"
    _session_ends_as_they_save(page, url, "Answer (draft)", "Typed by Avery Test.")
    _sign_in_here(page, "dr.second")
    page.wait_for_url(f"**{url}")
    expect(page.get_by_label("Answer (draft)")).to_have_value("")
    assert page.evaluate("sessionStorage.length") == 0
    expect(page.get_by_text("is back in the form")).to_have_count(0)


def test_a_patients_own_words_are_never_kept_in_the_browser(page, live_server, assigned):
    new = QuestionFactory(
        title="Nearly all my own words", body="I am Imelda Quorn and I live on Elm Road."
    )
    log_in(page, "mod.test")
    url = f"/admin/questions/question/{new.pk}/change/"
    _session_ends_as_they_save(page, url, "Body", "I live near a road; can I take Ocrevus?")
    kept = page.evaluate("JSON.stringify(Object.assign({}, sessionStorage))")
    assert "Imelda" not in kept and "Elm Road" not in kept and "near a road" not in kept
