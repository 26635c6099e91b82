"""`manage.py generate_large_dataset`, run small: the rows it makes have the
shape the site relies on, and every public page works on them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from drugs.models import DrugMention
from drugs.services import relink_all
from questions.models import Category, Comment, ExpertProfile, PatientSubmission, Question
from questions.selectors import sidebar
from tests.factories import DrugFactory

pytestmark = pytest.mark.django_db

SIZE = {"questions": 200, "comments": 500, "years": 2, "categories": 5, "pending": 12}


def generate(**changes) -> str:
    out = io.StringIO()
    call_command("generate_large_dataset", **{**SIZE, **changes}, stdout=out)
    return out.getvalue()


@pytest.fixture
def dataset():
    return generate()


def test_it_makes_the_rows_asked_for(dataset):
    assert Question.objects.published().count() == 200
    assert Comment.objects.count() == 500
    assert Category.objects.filter(slug__startswith="sample-").count() == 5
    assert 2 <= ExpertProfile.objects.count() <= 4
    waiting = Question.objects.filter(status__in=["new", "assigned"])
    assert waiting.count() == 12
    assert PatientSubmission.objects.filter(question__in=waiting).count() == 12
    assert "Added 200 published Q&As" in dataset


def test_published_qas_are_signed_by_a_colleague_dated_and_have_unique_slugs(dataset):
    published = Question.objects.published().select_related("published_answer")
    slugs = [q.slug for q in published]
    assert all(slugs) and len(set(slugs)) == len(slugs)
    for question in published:
        answer = question.published_answer
        assert answer.question_id == question.pk
        assert answer.content_is_intact()
        assert (answer.question_title, answer.question_text) == (question.title, question.body)
        assert question.submitted_at < answer.signed_at < question.published_at
        assert question.title.startswith("Sample question ")
        assert answer.signed_by_id != question.answered_by_id, "a second clinician signed"


def test_qas_spread_over_the_years_asked_for(dataset):
    dates = Question.objects.published().values_list("published_at", flat=True)
    now = timezone.now()
    assert min(dates) >= now - datetime.timedelta(days=2 * 366)
    assert max(dates) < now
    assert len({(d.year, d.month) for d in dates}) > 12


def test_comments_come_after_publication_and_are_mostly_approved(dataset):
    assert not Comment.objects.filter(created_at__lte=F("question__published_at")).exists()
    by_status = dict(Comment.objects.values_list("status").annotate(n=Count("pk")))
    assert by_status["approved"] > 400
    assert set(by_status) <= {"approved", "pending", "rejected", "spam"}
    # Commenters' addresses are kept only while their comment waits for moderation.
    assert not Comment.objects.exclude(status="pending").exclude(author_email="").exists()


def test_running_it_again_adds_a_second_set_with_new_slugs(dataset):
    generate(questions=50, comments=10, pending=3)
    assert Question.objects.published().count() == 250
    slugs = list(Question.objects.published().values_list("slug", flat=True))
    assert len(set(slugs)) == 250


def test_public_pages_render_on_the_generated_data(dataset, visitor):
    newest = Question.objects.for_listing().first()
    month = timezone.localtime(newest.published_at)
    urls = [
        "/",
        "/questions/",
        "/questions/?page=5",
        newest.get_absolute_url(),
        "/archive/",
        f"/archive/{month:%Y/%m}/",
        newest.category.get_absolute_url(),
        "/feeds/latest/",
        f"/feeds/category/{newest.category.slug}/",
        "/sitemap.xml",
    ]
    for url in urls:
        assert visitor.get(url).status_code == 200, url


def test_sidebar_counts_match_the_rows(dataset, visitor):
    bar = sidebar()
    published = Question.objects.published()
    assert bar.total == published.count() == 200
    for category in bar.categories:
        assert category.count == published.filter(category__slug=category.slug).count()
    zone = timezone.get_current_timezone()
    for entry in bar.months:
        start = datetime.datetime.combine(entry.month, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(
            (entry.month + datetime.timedelta(days=32)).replace(day=1), datetime.time.min, zone
        )
        in_month = published.filter(published_at__gte=start, published_at__lt=end)
        assert entry.count == in_month.count()
    home = visitor.get("/")
    assert '<span class="count">(200)</span>' in home.content.decode()


def test_pages_cached_before_it_runs_show_the_new_data(visitor):
    assert "Sample question" not in visitor.get("/").content.decode()
    generate()
    assert "Sample question" in visitor.get("/").content.decode()


def test_drug_links_are_those_the_drug_reference_computes():
    DrugFactory(generic_name="ocrelizumab", slug="ocrelizumab", brand_names="Ocrevus")
    DrugFactory(generic_name="natalizumab", slug="natalizumab", brand_names="Tysabri")
    generate()
    made = set(DrugMention.objects.values_list("drug_id", "question_id"))
    assert made, "some sample answers name a therapy"
    relink_all()
    assert set(DrugMention.objects.values_list("drug_id", "question_id")) == made
