"""A page built for a signed-in staff member never reaches the public cache,
even when their browser lacks the staff marker cookie (signed in before it
existed, or the cookie was cleared): the public keeps seeing only what is public."""

from __future__ import annotations

import pytest
from django.test import Client

from questions import services
from tests.factories import DrugFactory, PublishedQuestionFactory

pytestmark = pytest.mark.django_db


def signed_in_without_marker(user) -> Client:
    client = Client()
    client.force_login(user)  # a session cookie, and no staff marker
    return client


def test_a_draft_drug_opened_by_staff_without_the_marker_stays_out_of_the_cache(superuser):
    draft = DrugFactory(generic_name="draftumab", is_published=False)
    url = f"/drugs/{draft.slug}/"
    assert signed_in_without_marker(superuser).get(url).status_code == 200
    assert Client().get(url).status_code == 404


def test_a_withdrawn_answer_opened_by_staff_without_the_marker_stays_out_of_the_cache(
    superuser, moderator
):
    qa = PublishedQuestionFactory(title="An outdated answer")
    services.question_withdraw(question_id=qa.pk, actor=moderator, note="outdated")
    url = f"/questions/{qa.slug}/"
    staff = signed_in_without_marker(superuser)
    response = staff.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert Client().get(url).status_code == 404
