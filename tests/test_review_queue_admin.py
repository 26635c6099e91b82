"""The review queue in the admin: what is due, counted on the dashboard,
assigned to a clinician, and the two outcomes as buttons."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from drugs.models import Drug, DrugReview
from glossary.models import Term
from questions.models import Question, Review
from tests.conftest import client_for
from tests.factories import DrugFactory, ExpertProfileFactory, QuestionFactory, publish
from tests.forms import question_change_form, transition_form

pytestmark = pytest.mark.django_db


def published(title: str, *, due_in_days: int) -> Question:
    question = publish(QuestionFactory(title=title), expert=ExpertProfileFactory())
    Question.objects.filter(pk=question.pk).update(
        review_due=timezone.localdate() + datetime.timedelta(days=due_in_days)
    )
    return Question.objects.get(pk=question.pk)


@pytest.fixture
def queue():
    return {
        "overdue": published("Overdue answer", due_in_days=-40),
        "due today": published("Due today answer", due_in_days=0),
        "soon": published("Due soon answer", due_in_days=29),
        "later": published("Due later answer", due_in_days=31),
    }


def titles(html: str) -> list[str]:
    return re.findall(r'<th class="field-title"><a href="[^"]+">([^<]+)</a>', html)


def test_the_review_queue_lists_overdue_and_due_within_30_days_soonest_first(expert, queue):
    html = client_for(expert).get("/admin/questions/question/?review=due").content.decode()
    assert titles(html) == ["Overdue answer", "Due today answer", "Due soon answer"]
    html = client_for(expert).get("/admin/questions/question/?review=overdue").content.decode()
    assert titles(html) == ["Overdue answer", "Due today answer"]


def test_the_dashboard_counts_the_reviews_due(expert, queue):
    DrugFactory(generic_name="oldumab", reviewed_on=timezone.localdate().replace(year=2020))
    DrugFactory(generic_name="newumab", reviewed_on=timezone.localdate())
    html = client_for(expert).get("/admin/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "3 published answers due for review (2 overdue, the rest due within 30 days)" in text
    assert "1 drug entry due for review (overdue or within 30 days)" in text
    # Nothing of the glossary is due yet; then one explanation falls due.
    assert "0 glossary terms due for review" in text
    Term.objects.create(
        name="Lesion",
        slug="lesion",
        explanation="An area of damage.",
        reviewed_by=expert.expert_profile,
        reviewed_on=timezone.localdate().replace(year=2020),
        is_published=True,
    )
    html = client_for(expert).get("/admin/").content.decode()
    assert re.search(
        r'<a href="/admin/glossary/term/\?review=due">\s*<strong>1</strong> glossary term due',
        html,
    ), html[html.find("Waiting for you") :][:1500]
    queue = client_for(expert).get("/admin/glossary/term/?review=due").content.decode()
    assert ">Lesion</a>" in queue
    assert 'href="/admin/questions/question/?review=due"' in html


def test_a_moderator_who_names_reviewers_sees_what_is_due_too(moderator, queue):
    staff = client_for(moderator)
    html = staff.get("/admin/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "3 published answers due for review (2 overdue, the rest due within 30 days)" in text
    listed = staff.get("/admin/questions/question/?review=due").content.decode()
    assert titles(listed) == ["Overdue answer", "Due today answer", "Due soon answer"]


def test_a_review_assigned_to_a_clinician_shows_in_their_own_queue(expert, colleague, queue):
    question = queue["soon"]
    form = question_change_form(question, review_assignee=str(colleague.expert_profile.pk))
    response = client_for(expert).post(f"/admin/questions/question/{question.pk}/change/", form)
    assert response.status_code == 302
    html = client_for(colleague).get("/admin/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "1 answer assigned to you to review" in text
    mine = client_for(colleague).get("/admin/questions/question/?review=mine").content.decode()
    assert titles(mine) == ["Due soon answer"]


def test_still_accurate_and_needs_changes_are_buttons_for_a_clinician_not_a_moderator(
    expert, moderator, queue
):
    url = f"/admin/questions/question/{queue['overdue'].pk}/change/"
    page = client_for(expert).get(url).content.decode()
    assert 'value="re_attest" class="button">Still accurate</button>' in page
    assert 'value="review_changes" class="button">Needs changes</button>' in page
    page = client_for(moderator).get(url).content.decode()
    assert "Still accurate</button>" not in page


def test_pressing_still_accurate_signs_a_review_and_takes_it_out_of_the_queue(expert, queue):
    question = queue["overdue"]
    client = client_for(expert)
    url = f"/admin/questions/question/{question.pk}/change/"
    response = client.post(url, transition_form(question, "re_attest"), follow=True)
    assert "Done: still accurate." in response.content.decode()
    assert Review.objects.filter(question=question, signer=expert.expert_profile).count() == 1
    html = client.get("/admin/questions/question/?review=due").content.decode()
    assert "Overdue answer" not in titles(html)


def test_needs_changes_without_a_note_keeps_the_page_and_asks_why(expert, queue):
    question = queue["overdue"]
    response = client_for(expert).post(
        f"/admin/questions/question/{question.pk}/change/",
        transition_form(question, "review_changes"),
    )
    assert response.status_code == 200
    assert "Please write in the note why" in response.content.decode()


def test_a_clinician_reviews_a_drug_entry_as_still_accurate(expert):
    drug = DrugFactory(generic_name="oldumab", reviewed_on=datetime.date(2020, 1, 15))
    client = client_for(expert)
    change = client.get(f"/admin/drugs/drug/{drug.pk}/change/").content.decode()
    assert f'href="/admin/drugs/drug/{drug.pk}/review/">Review: still accurate</a>' in change
    page = client.get(f"/admin/drugs/drug/{drug.pk}/review/").content.decode()
    assert "Still accurate: sign the review" in page
    response = client.post(f"/admin/drugs/drug/{drug.pk}/review/", {"note": "Label checked"})
    assert response.status_code == 302
    drug.refresh_from_db()
    today = timezone.localdate()
    assert (drug.reviewed_by, drug.reviewed_on) == (expert.expert_profile, today)
    assert drug.review_due == today.replace(year=today.year + 1)
    review = DrugReview.objects.get(drug=drug)
    assert (review.reviewed_by, review.note) == (expert, "Label checked")


def test_staff_without_a_clinician_profile_cannot_review_a_drug_entry(superuser):
    drug = DrugFactory(generic_name="oldumab", reviewed_on=datetime.date(2020, 1, 15))
    client = client_for(superuser)
    response = client.post(f"/admin/drugs/drug/{drug.pk}/review/", {"note": "typed note"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only a clinician with an expert profile can review an entry." in page
    assert "typed note" in page
    assert not DrugReview.objects.exists()
    assert Drug.objects.get(pk=drug.pk).reviewed_on == datetime.date(2020, 1, 15)


def test_the_drug_review_queue_lists_entries_due(expert):
    DrugFactory(generic_name="oldumab", reviewed_on=datetime.date(2020, 1, 15))
    DrugFactory(generic_name="newumab", reviewed_on=timezone.localdate())
    html = client_for(expert).get("/admin/drugs/drug/?review=due").content.decode()
    assert "Oldumab" in html and "Newumab" not in html


def test_an_overdue_drug_entry_tells_readers_it_is_due_for_review(visitor):
    DrugFactory(generic_name="oldumab", reviewed_on=datetime.date(2020, 1, 15))
    html = visitor.get("/drugs/oldumab/").content.decode()
    assert 'Next review due <time datetime="2021-01">January 2021</time>' in html
    assert "This entry is due for review. Treatments may have changed" in html


@pytest.mark.parametrize("size", [3, 30])
def test_the_review_queue_and_the_dashboard_cost_the_same_queries_at_any_size(
    expert, size, django_assert_num_queries
):
    """Guards against a query per row (each row's category and clinician)."""
    for number in range(size):
        published(f"Due answer {number}", due_in_days=number % 30)
    client = client_for(expert)
    # session; user; the user's and their groups' permissions (2); categories for the
    # filter; COUNT of the queue; COUNT of all; the page of rows with what they show;
    # the session saved (savepoint, update, release)
    with django_assert_num_queries(11):
        response = client.get("/admin/questions/question/?review=due")
    assert len(titles(response.content.decode())) == size
    # session; user; permissions (2); the question counts in one query; the clinician's
    # profile; the drug entries due; the readers' notes not read yet (clinicians read
    # them); the subscriber counts; the glossary terms due; the translation work in
    # one query; the recent-actions box; the session saved (3)
    with django_assert_num_queries(15):
        response = client.get("/admin/")
    assert f"<strong>{size}</strong> published answers due for review" in response.content.decode()
