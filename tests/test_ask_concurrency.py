"""A solved sum is accepted exactly once, even when several posts race with it,
and every parallel copy of one filled form ends where the first one did."""

from __future__ import annotations

import threading

import pytest
from captcha.models import CaptchaStore
from django.test import Client

from questions import selectors
from questions.models import Comment, PatientSubmission, Question
from tests.factories import PublishedQuestionFactory, ask_form_data, solved_sum
from tests.forms import form_fields

PARALLEL = 6


@pytest.fixture(autouse=True)
def _comment_limit(ask_settings):
    ask_settings.COMMENT_RATE_LIMIT = "1000/h"


def test_one_solved_sum_replayed_by_parallel_posts_stores_exactly_one_question(run_in_threads):
    clients = [Client() for _ in range(PARALLEL)]
    # Each post is a form of its own (its own token), all carrying one solved sum.
    forms = [ask_form_data(client) for client in clients]
    key = CaptchaStore.generate_key()
    answer = solved_sum(key)
    for data in forms:
        data.update(captcha_0=key, captcha_1=answer)

    responses = run_in_threads(
        *[
            lambda c=client, d=data: c.post("/ask/", d)
            for client, data in zip(clients, forms, strict=True)
        ]
    )

    assert not [r for r in responses if isinstance(r, BaseException)], responses
    [stored] = run_in_threads(lambda: (Question.objects.count(), PatientSubmission.objects.count()))
    assert stored == (1, 1)
    assert sorted(r.status_code for r in responses) == [200] * (PARALLEL - 1) + [302]
    for response in responses:
        if response.status_code == 200:
            assert "This sum has expired or was already used" in response.content.decode()


def all_look_before_any_stores(monkeypatch, lookup: str) -> None:
    """Hold each post after its first look for a stored copy of its form until
    every post has looked: copies sent at one moment all find nothing there."""
    real = getattr(selectors, lookup)
    everyone_looked = threading.Barrier(PARALLEL)
    thread = threading.local()

    def held(form_token: str):
        found = real(form_token)
        if not getattr(thread, "looked", False):
            thread.looked = True
            everyone_looked.wait(timeout=10)
        return found

    monkeypatch.setattr(selectors, lookup, held)


def test_parallel_posts_of_one_filled_form_all_land_on_its_thank_you_page(
    run_in_threads, monkeypatch
):
    patient = Client()
    data = ask_form_data(patient)
    all_look_before_any_stores(monkeypatch, "submission_for_form")

    responses = run_in_threads(*[lambda: Client().post("/ask/", data) for _ in range(PARALLEL)])

    assert not [r for r in responses if isinstance(r, BaseException)], responses
    assert [r.status_code for r in responses] == [302] * PARALLEL, [
        "This sum has expired or was already used" in r.content.decode() for r in responses
    ]
    assert len({r["Location"] for r in responses}) == 1, "one question, one thank-you page"
    [stored] = run_in_threads(lambda: (Question.objects.count(), PatientSubmission.objects.count()))
    assert stored == (1, 1)


def test_parallel_posts_of_one_filled_comment_form_all_land_on_the_sent_page(
    run_in_threads, monkeypatch
):
    qa = PublishedQuestionFactory()
    url = f"/questions/{qa.slug}/reply/"
    reader = Client()
    data = {**form_fields(reader, url), "comment": "Sent from two tabs at once."}
    all_look_before_any_stores(monkeypatch, "comment_key_exists")

    responses = run_in_threads(*[lambda: Client().post(url, data) for _ in range(PARALLEL)])

    assert not [r for r in responses if isinstance(r, BaseException)], responses
    assert [r.status_code for r in responses] == [302] * PARALLEL, [
        "This sum has expired or was already used" in r.content.decode() for r in responses
    ]
    assert {r["Location"] for r in responses} == {f"/questions/{qa.slug}/reply/sent/"}
    [stored] = run_in_threads(lambda: Comment.objects.count())
    assert stored == 1
