"""The search page: stems, the web-search syntax, ranking, highlighted
excerpts that are safe, drug sections by anchor, spelling fixes, paging, and
an index kept current by sign-off and withdrawal."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from questions import services
from search.backends import engine as backends
from search.models import Synonym
from tests.factories import DrugFactory, PublishedQuestionFactory

pytestmark = pytest.mark.django_db


def titles(visitor, query: str, **params) -> list[str]:
    html = visitor.get("/search/", {"q": query, **params}).content.decode()
    box = html.split('id="qa-results"', 1)[1]
    return re.findall(r'class="search-hit-title"><a href="[^"]+"[^>]*>([^<]+)</a>', box)


def test_word_forms_find_each_other(visitor):
    PublishedQuestionFactory(title="Relapses after stopping treatment", body="What now?")
    assert titles(visitor, "relapse") == ["Relapses after stopping treatment"]
    assert titles(visitor, "relapsing") == ["Relapses after stopping treatment"]


def test_pregnant_finds_pregnancy_through_the_clinics_synonyms(visitor):
    # The clinic's group, as the migration seeds it: made here too, since a
    # transactional test elsewhere may have flushed the seeded ones.
    Synonym.objects.get_or_create(terms="pregnant, pregnancy")
    PublishedQuestionFactory(title="Planning a pregnancy on treatment", body="When to stop?")
    assert titles(visitor, "pregnant") == ["Planning a pregnancy on treatment"]


def test_a_title_match_ranks_above_a_match_in_the_answer_and_dates_break_ties(visitor):
    now = timezone.now()
    PublishedQuestionFactory(
        title="Cooling vests", body="Do they help?", answer_source="Yes, for heat.", published=now
    )
    PublishedQuestionFactory(
        title="Heat and walking", body="Why?", answer_source="Rest.", published=now
    )
    PublishedQuestionFactory(
        title="Heat and reading",
        body="Why?",
        answer_source="Rest.",
        published=now - datetime.timedelta(days=3),
    )
    assert titles(visitor, "heat") == ["Heat and walking", "Heat and reading", "Cooling vests"]


def test_a_word_in_very_many_answers_lists_the_best_of_the_newest_and_says_so(visitor, monkeypatch):
    now = timezone.now()
    PublishedQuestionFactory(
        title="Fatigue, fatigue and more fatigue",
        body="Why?",
        answer_source="Rest.",
        published=now - datetime.timedelta(days=30),
    )
    for n in range(4):
        PublishedQuestionFactory(
            title=f"Walking aid {n}",
            body="Which one?",
            answer_source="Fatigue plays a part.",
            published=now - datetime.timedelta(days=n),
        )
    # Below the limit every match is ranked: the title match comes first.
    assert titles(visitor, "fatigue")[0] == "Fatigue, fatigue and more fatigue"
    assert "5 answers found" in visitor.get("/search/?q=fatigue").content.decode()

    # Above it, the newest matches are ranked and the page says so.
    monkeypatch.setattr(backends, "RANKED_AT_MOST", 3)
    cache.clear()
    assert titles(visitor, "fatigue") == ["Walking aid 0", "Walking aid 1", "Walking aid 2"]
    html = visitor.get("/search/?q=fatigue").content.decode()
    assert "3 or more answers found" in html
    assert "Only the newest 3 are listed, best match first. Add a word to find fewer." in html


def test_quotes_minus_and_or_work_as_on_a_web_search_engine(visitor):
    PublishedQuestionFactory(title="Brain fog in the afternoon", body="Tired.")
    PublishedQuestionFactory(title="Fog and brain after covid", body="Since my infection.")
    PublishedQuestionFactory(title="Vitamin D dose", body="How much?")
    assert titles(visitor, '"brain fog"') == ["Brain fog in the afternoon"]
    assert titles(visitor, "brain fog -covid") == ["Brain fog in the afternoon"]
    assert sorted(titles(visitor, "vitamin or covid")) == [
        "Fog and brain after covid",
        "Vitamin D dose",
    ]


def test_the_matched_words_are_marked_and_typed_markup_stays_text(visitor):
    PublishedQuestionFactory(
        title="Infusion reactions",
        body="Is <b>itching</b> after an infusion normal? <script>alert(1)</script>",
        answer_source="It is common and settles.",
    )
    html = visitor.get("/search/", {"q": "itching"}).content.decode()
    assert "<mark>itching</mark>" in html or "<mark>Itching</mark>" in html
    # Shown as text (SQLite) or left out of the excerpt (PostgreSQL), never as markup.
    assert "<script>alert(1)</script>" not in html
    assert "<b>itching</b>" not in html and "<b><mark>" not in html


def test_a_drug_section_links_to_its_anchor_with_an_excerpt(visitor):
    DrugFactory(
        generic_name="ocrelizumab",
        brand_names="Ocrevus",
        pregnancy_breastfeeding="Very little passes into breast milk.",
    )
    html = visitor.get("/search/", {"q": "ocrevus breast milk"}).content.decode()
    assert re.search(
        r'href="/drugs/ocrelizumab/#pregnancy"[^>]*>Ocrelizumab: Pregnancy and breastfeeding', html
    )
    assert "<mark>breast</mark> <mark>milk</mark>" in html


def test_a_misspelt_brand_name_shows_results_for_the_fix(visitor):
    PublishedQuestionFactory(title="Ocrevus and the flu jab", body="Is it safe?")
    html = visitor.get("/search/", {"q": "ocrevis"}).content.decode()
    assert "Nothing matched “ocrevis”. Showing results for <strong>“ocrevus”</strong>" in html
    assert "Ocrevus and the flu jab" in html


def test_a_spelling_fix_keeps_a_word_left_out_and_a_phrase_as_typed(visitor):
    PublishedQuestionFactory(title="Ocrevus and the flu jab", body="Is it safe?")
    PublishedQuestionFactory(title="Ocrevus and covid", body="Should I worry?")
    html = visitor.get("/search/", {"q": "ocrevis -covid"}).content.decode()
    assert "Showing results for <strong>“ocrevus -covid”</strong>" in html
    assert "Ocrevus and the flu jab" in html and "Ocrevus and covid" not in html
    html = visitor.get("/search/", {"q": '"flu jab" ocrevis'}).content.decode()
    assert "Showing results for <strong>“&quot;flu jab&quot; ocrevus”</strong>" in html


def test_nothing_like_any_known_word_says_so_and_offers_to_ask(visitor):
    PublishedQuestionFactory(title="Ocrevus and the flu jab", body="Is it safe?")
    html = visitor.get("/search/", {"q": "zzqxv"}).content.decode()
    assert "0 answers found" in html and 'href="/ask/"' in html


def test_results_are_paged_and_a_page_past_the_end_is_not_found(visitor, settings):
    for n in range(settings.QUESTIONS_PER_PAGE + 2):
        PublishedQuestionFactory(title=f"Spasticity question {n}", body="Stiff legs.")
    first = visitor.get("/search/", {"q": "spasticity"}).content.decode()
    assert f"{settings.QUESTIONS_PER_PAGE + 2} answers found" in first
    assert len(titles(visitor, "spasticity", page=2)) == 2
    assert visitor.get("/search/", {"q": "spasticity", "page": 3}).status_code == 404


def test_withdrawal_takes_a_qa_out_of_search_and_a_new_sign_off_updates_it(visitor, moderator):
    question = PublishedQuestionFactory(title="Bladder urgency at night", body="Often?")
    assert titles(visitor, "bladder") == ["Bladder urgency at night"]
    services.question_withdraw(question_id=question.pk, actor=moderator, note="Outdated")
    assert titles(visitor, "bladder") == []


def test_a_re_signed_title_is_found_by_its_new_words_only(
    visitor, expert, colleague, django_capture_on_commit_callbacks
):
    question = PublishedQuestionFactory(title="Bladder urgency at night", body="Often?")
    question.title = "Nocturia and MS"
    question.save()
    services.question_submit_for_signoff(question_id=question.pk, actor=colleague)
    with django_capture_on_commit_callbacks(execute=True):  # indexed once committed
        services.question_sign_off(question_id=question.pk, actor=expert)
    assert titles(visitor, "nocturia") == ["Nocturia and MS"]
    assert titles(visitor, "bladder") == []


def test_search_costs_the_same_queries_at_three_and_at_thirty_matches(
    visitor, django_assert_num_queries
):
    # A group with one-word terms, whatever the migrations' seeded groups are by
    # now (a transactional test elsewhere may have flushed them).
    Synonym.objects.get_or_create(terms="tremor, shaking")
    for n in range(3):
        PublishedQuestionFactory(title=f"Tremor answer {n}")
    # synonyms (with the therapies' names) and which of their terms most entries
    # have (a synonym never expands to one), both cached until content changes;
    # the ranked answers and drug sections in one; the page of answers; sidebar;
    # the count for the clinic (ten: see tests/test_search_misses.py)
    cache.clear()
    with django_assert_num_queries(15):
        visitor.get("/search/?q=tremor")
    for n in range(27):
        PublishedQuestionFactory(title=f"Tremor answer {n + 3}")
    cache.clear()
    with django_assert_num_queries(5):  # a second page is not counted
        visitor.get("/search/?q=tremor&page=2")
