"""The demo entries of the drug reference."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from drugs.models import Drug
from tests.conftest import json_ld, role
from tests.drugs.conftest import published_qa
from tests.factories import (
    ExpertProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# -- demo entries -------------------------------------------------------------------


DEMO_DRUGS = [
    "ocrelizumab",
    "natalizumab",
    "alemtuzumab",
    "mitoxantrone",
    "rituximab",
    "ublituximab",
    "iv-methylprednisolone",
    "plasma-exchange",
    "stem-cell-therapies",
]


@pytest.fixture
def demo_experts(db):
    # Clinicians, one reading Spanish: the demo's Spanish entries are translated and signed.
    for username, name in [("dr.alvarez", "Maria Alvarez, MD"), ("dr.okafor", "Daniel Okafor")]:
        user = UserFactory(username=username, is_staff=True)
        user.groups.add(role("Experts"))
        ExpertProfileFactory(user=user, display_name=name, languages="en es")


def test_demo_drugs_load_once_reviewed_and_published(demo_experts):
    question = published_qa(
        "My JCV test came back positive on Tysabri", answer="Plasma exchange is not needed."
    )
    out = io.StringIO()
    call_command("load_demo_drugs", stdout=out)
    call_command("load_demo_drugs", stdout=out)
    assert Drug.objects.published().count() == 9
    assert not Drug.objects.filter(reviewed_by__isnull=True).exists()
    assert set(DEMO_DRUGS) == set(Drug.objects.values_list("slug", flat=True))
    assert set(question.drugs.values_list("slug", flat=True)) == {
        "natalizumab",
        "plasma-exchange",
    }
    assert Drug.objects.get(slug="mitoxantrone").status == Drug.Status.RARELY_USED
    assert Drug.objects.get(slug="rituximab").status == Drug.Status.OFF_LABEL


def test_demo_drugs_keep_an_entry_a_clinician_edited(demo_experts):
    out = io.StringIO()
    call_command("load_demo_drugs", stdout=out)
    Drug.objects.filter(slug="ocrelizumab").update(summary="Edited by a clinician.")
    call_command("load_demo_drugs", stdout=out)
    assert Drug.objects.get(slug="ocrelizumab").summary == "Edited by a clinician."


def test_demo_drugs_need_the_demo_clinicians(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_drugs")


def test_every_demo_page_renders(visitor, demo_experts):
    call_command("load_demo_drugs", stdout=io.StringIO())
    assert visitor.get("/drugs/").status_code == 200
    for slug in DEMO_DRUGS:
        response = visitor.get(f"/drugs/{slug}/")
        assert response.status_code == 200, slug
        reviewed = Drug.objects.get(slug=slug).reviewed_on  # dated back from today
        assert json_ld(response.content.decode())["lastReviewed"] == reviewed.isoformat()
