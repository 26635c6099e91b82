"""Anonymous pages come from the cache, and every change the public should see
is there on the very next request."""

from __future__ import annotations

import datetime
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questions import services
from questions.models import Comment, Question
from tests.conftest import client_for
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    ExpertProfileFactory,
    QuestionFactory,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(expert, moderator):
    category = CategoryFactory(name="Treatment", slug="treatment")
    first = publish(
        QuestionFactory(title="The first answer", category=category), expert=expert.expert_profile
    )
    return first


def pages(question: Question) -> list[str]:
    month = timezone.localtime(question.published_at)
    return [
        "/",
        "/questions/",
        question.get_absolute_url(),
        "/archive/",
        f"/archive/{month:%Y/%m}/",
        "/category/treatment/",
        "/feeds/latest/",
        "/feeds/category/treatment/",
        "/sitemap.xml",
    ]


def warm(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_anonymous_pages_send_an_etag_and_revalidate_with_304(visitor, site):
    response = visitor.get("/questions/")
    assert response["Cache-Control"] == "public, no-cache"
    etag = response["ETag"]
    again = visitor.get("/questions/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_staff_pages_are_never_cached(site, moderator):
    client = client_for(moderator)
    first = client.get("/questions/")
    assert "private" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as again:
        second = client.get("/questions/")
    assert "private" in second["Cache-Control"]
    # Built again: the list is read from the database, not from a stored page.
    assert any('"questions_question"' in query["sql"] for query in again.captured_queries)


@pytest.mark.parametrize("url", ["/ask/", "/admin/login/"])
def test_form_pages_are_never_cached(visitor, site, url):
    response = visitor.get(url)
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_publishing_shows_everywhere_on_the_next_request(
    visitor, site, expert, colleague, moderator, django_capture_on_commit_callbacks
):
    warm(visitor, pages(site))
    question = QuestionFactory(
        title="A brand new answer", category=site.category, answer_source="New text"
    )
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    services.question_sign_off(question_id=question.pk, actor=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_publish(question_id=question.pk, actor=expert)
    for url in pages(site):
        body = visitor.get(url).content.decode()
        if url in (site.get_absolute_url(), "/archive/"):  # pages that only count it
            assert 'All <span class="count">(2)</span>' in body
        else:
            assert "A brand new answer" in body or "a-brand-new-answer" in body, url


def test_re_signing_and_withdrawing_show_on_the_next_request(
    visitor, site, expert, colleague, django_capture_on_commit_callbacks
):
    warm(visitor, pages(site))
    site.answer_source = "A corrected answer."
    site.save()
    assert "A corrected answer." not in visitor.get(site.get_absolute_url()).content.decode()
    services.question_submit_for_signoff(question_id=site.pk, actor=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_sign_off(question_id=site.pk, actor=expert)
    assert "A corrected answer." in visitor.get(site.get_absolute_url()).content.decode()
    assert "A corrected answer." in visitor.get("/feeds/latest/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.question_withdraw(question_id=site.pk, actor=expert, note="outdated")
    assert visitor.get(site.get_absolute_url()).status_code == 404
    for url in ["/", "/questions/", "/feeds/latest/", "/sitemap.xml"]:
        assert "The first answer" not in visitor.get(url).content.decode(), url


def test_approving_and_removing_a_comment_show_on_the_next_request(
    visitor, site, moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory(question=site, status=Comment.Status.PENDING, body="Fresh comment")
    warm(visitor, pages(site))
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(comment_ids=[comment.pk], actor=moderator, status="approved")
    page = visitor.get(site.get_absolute_url()).content.decode()
    assert "Fresh comment" in page and "1 Comment" in page
    assert "1 Comment" in visitor.get("/questions/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(comment_ids=[comment.pk], actor=moderator, status="rejected")
    page = visitor.get(site.get_absolute_url()).content.decode()
    assert "Fresh comment" not in page and "0 Comments" in page


def test_renaming_a_category_in_the_admin_shows_on_the_next_request(
    visitor, site, superuser, django_capture_on_commit_callbacks
):
    warm(visitor, pages(site))
    client = client_for(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/questions/category/{site.category.pk}/change/",
            {
                "name": "Treatments and therapies",
                "slug": "treatment",
                "description": "",
                # Its names in other languages: none.
                "names-TOTAL_FORMS": "0",
                "names-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302
    assert "Treatments and therapies" in visitor.get("/").content.decode()


def test_moving_a_published_qa_to_another_category_shows_in_both_lists_at_once(
    visitor, site, moderator, expert, django_capture_on_commit_callbacks
):
    other = CategoryFactory(name="Daily life", slug="daily-life")
    for days in (1, 2):
        publish(
            QuestionFactory(title=f"Daily life answer {days}", category=other),
            at=timezone.now() - datetime.timedelta(days=days),
            expert=expert.expert_profile,
        )
    for url in ("/category/treatment/", "/category/daily-life/"):
        visitor.get(url)  # cached, with the sidebar's counts
    site.category = other
    with django_capture_on_commit_callbacks(execute=True):
        services.question_save_draft(question=site, actor=moderator, fields=["category"])

    moved_to = visitor.get("/category/daily-life/").content.decode()
    assert moved_to.count('class="qa-summary"') == 3
    assert "The first answer" in moved_to
    assert visitor.get("/category/treatment/").status_code == 404  # nothing left in it


def test_a_workers_sidebar_is_read_again_within_minutes_when_a_change_was_not_heard(
    visitor, site, expert
):
    """If the cache could not be told of a change (a Redis blip), the shared
    copy expires after PAGE_TIMEOUT and a worker's copy soon after: the list is
    never cut short for longer, though it takes its length from the sidebar."""
    from core import cache as page_cache

    visitor.get("/questions/")
    generation = cache.get(page_cache.GENERATION_KEY)
    publish(
        QuestionFactory(title="Published while the cache was away"), expert=expert.expert_profile
    )
    cache.clear()  # a day later: every entry expired, and the change was never heard
    cache.set(page_cache.GENERATION_KEY, generation, timeout=None)
    later = time.monotonic() + page_cache.HELD_SECONDS
    with mock.patch.object(page_cache.time, "monotonic", return_value=later):
        page = visitor.get("/questions/").content.decode()
    assert page.count('class="qa-summary"') == 2
    assert "Published while the cache was away" in page


def test_the_benchmarks_cold_header_misses_the_cache_only_where_the_benchmark_runs(
    visitor, site, settings, django_assert_num_queries
):
    url = site.get_absolute_url()
    visitor.get(url)
    # On a real site the header is nobody's to use: the page comes from the cache.
    with django_assert_num_queries(0):
        visitor.get(url, headers={"X-Benchmark-Cold": "1"})
    settings.BENCHMARK_ENDPOINTS = True
    with CaptureQueriesContext(connection) as built:
        assert visitor.get(url, headers={"X-Benchmark-Cold": "1"}).status_code == 200
    assert len(built) > 0  # the view ran
    with django_assert_num_queries(0):
        visitor.get(url)


def test_a_page_not_in_the_cache_is_looked_up_once_and_a_cold_benchmark_request_likewise(
    visitor, site, settings
):
    """A miss reads the cache once (the outer middleware's read serves the view's
    too), and the benchmark's cold requests pay that same read: they are
    compared with the bare view, which pays it as every request does."""
    url = site.get_absolute_url()
    settings.BENCHMARK_ENDPOINTS = True
    reads = {}
    for name, headers in {"a miss": {}, "cold": {"X-Benchmark-Cold": "1"}}.items():
        cache.clear()
        with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
            assert visitor.get(url, headers=headers).status_code == 200
        reads[name] = get_many.call_count
    assert reads == {"a miss": 1, "cold": 1}


def test_a_cached_page_is_served_without_touching_the_database(
    visitor, site, django_assert_num_queries
):
    visitor.get(site.get_absolute_url())
    with django_assert_num_queries(0):
        assert visitor.get(site.get_absolute_url()).status_code == 200
    ExpertProfileFactory()  # unrelated writes do not empty the cache
    with django_assert_num_queries(0):
        visitor.get(site.get_absolute_url())


def test_a_page_answered_first_from_the_cache_keeps_every_header_the_stack_gave_it(
    visitor, site, monkeypatch
):
    first = visitor.get("/questions/")
    # Answered before any other middleware: no URL is resolved for it.
    import django.urls.resolvers

    def resolving(*args, **kwargs):
        raise AssertionError("the cached page went down the stack")

    monkeypatch.setattr(django.urls.resolvers.URLResolver, "resolve", resolving)
    again = visitor.get("/questions/")
    assert again.content == first.content
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
        "Content-Type",
        "Cache-Control",
        "ETag",
    ):
        assert again[header] == first[header], header
    assert "Set-Cookie" not in again
    # And revalidated there: 304 for the browser that has it.
    assert visitor.get("/questions/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_request_with_a_parameter_the_view_ignores_is_answered_inside_the_stack_from_one_entry(
    visitor, site
):
    first = visitor.get("/questions/")
    tracked = visitor.get("/questions/?utm_source=newsletter")
    assert tracked.content == first.content and tracked["ETag"] == first["ETag"]
    assert tracked["Content-Security-Policy"] == first["Content-Security-Policy"]
