"""Password guessing against a clinician's account: the guesser's connection is
stopped, the clinician is not."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-clinician-password"


@pytest.fixture
def clinician(expert, settings):
    settings.ADMIN_LOGIN_RATE_LIMIT = "10/15m"
    expert.set_password(PASSWORD)
    expert.save()
    return expert


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def sign_in(client: Client, password: str, username: str = "expert"):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_a_clinician_signs_in_at_once_from_her_own_address_after_guesses_from_another(clinician):
    guesser = from_address("198.51.100.66")
    for n in range(12):
        sign_in(guesser, f"guess-{n}")
    assert sign_in(guesser, PASSWORD).status_code == 429

    at_the_clinic = from_address("203.0.113.10")
    response = sign_in(at_the_clinic, PASSWORD)
    assert response.status_code == 302
    assert at_the_clinic.get("/admin/").status_code == 200


def test_the_guessing_connection_is_stopped_for_that_user_name_after_ten_failures(clinician):
    guesser = from_address("198.51.100.66")
    statuses = [sign_in(guesser, f"guess-{n}").status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]
    html = sign_in(guesser, PASSWORD).content.decode()
    assert "Too many failed sign-ins came from your connection for this user name." in html


def test_under_attack_a_connection_that_got_it_wrong_waits_a_minute_between_tries(clinician):
    for n in range(10):
        sign_in(from_address(f"198.51.100.{n}"), "guess")
    clinic = from_address("203.0.113.10")
    assert sign_in(clinic, "a typo").status_code == 200
    response = sign_in(clinic, PASSWORD)
    assert response.status_code == 429
    assert "may try once a minute" in response.content.decode()


def test_without_an_attack_a_clinician_may_mistype_several_times_in_a_row(clinician):
    clinic = from_address("203.0.113.10")
    assert [sign_in(clinic, f"typo-{n}").status_code for n in range(3)] == [200, 200, 200]
    assert sign_in(clinic, PASSWORD).status_code == 302
