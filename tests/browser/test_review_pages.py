"""The pages of the review cycle in a real browser: the editor with its
reading grade and sources, the preview, and the review queue pass axe."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from questions.models import Question, Reference
from tests.chromium import assert_accessible, log_in
from tests.conftest import role
from tests.factories import ExpertProfileFactory, PublishedQuestionFactory, QuestionFactory

HARD = (
    "Immunomodulatory monoclonal antibody therapies administered intravenously necessitate "
    "comprehensive pretreatment laboratory evaluation, including hepatitis serologies and "
    "quantitative immunoglobulin determinations, before the first infusion is scheduled."
)


@pytest.fixture
def clinician(transactional_db):
    expert = ExpertProfileFactory(user__username="dr.browser", display_name="Avery Test, MD")
    expert.user.groups.add(role("Experts"))
    question = QuestionFactory(title="What tests come before an infusion?", answer_source=HARD)
    Question.objects.filter(pk=question.pk).update(status="assigned", expert=expert)
    Reference.objects.create(
        question=question,
        position=1,
        title="OCREVUS (ocrelizumab) US prescribing information",
        publisher="US Food and Drug Administration",
    )
    due = PublishedQuestionFactory(title="Is this answer due for review?")
    Question.objects.filter(pk=due.pk).update(
        review_due=timezone.localdate() - datetime.timedelta(days=3)
    )
    return question


def test_the_editor_the_preview_and_the_review_queue_pass_axe(page, clinician):
    # The first reading grade in a process loads the pronunciation dictionary (seconds).
    page.set_default_timeout(60_000)
    log_in(page, "dr.browser")
    assert_accessible(page)  # the dashboard, with its review counts
    expect(page.get_by_text(re.compile("published answers? due for review"))).to_be_visible()
    page.goto(f"/admin/questions/question/{clinician.pk}/change/")
    expect(page.get_by_text("Above the aim: Grade 8 or lower reads well")).to_be_visible()
    expect(page.locator("#id_references-0-title")).to_have_value(
        "OCREVUS (ocrelizumab) US prescribing information"
    )
    assert_accessible(page)
    page.goto(f"/admin/questions/question/{clinician.pk}/preview/")
    expect(page.get_by_text("Reading grade")).to_be_visible()
    expect(page.locator(".qa-references")).to_contain_text("US Food and Drug Administration")
    assert_accessible(page)
    page.goto("/admin/questions/question/?review=due")
    expect(page.get_by_role("link", name="Is this answer due for review?")).to_be_visible()
    assert_accessible(page)
