"""A clinician's public page: /experts/<slug>/ with their signature block, bio
and the published answers they signed."""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import Client

from questions import services
from questions.models import ExpertProfile
from tests.factories import (
    ExpertProfileFactory,
    PublishedQuestionFactory,
    QuestionFactory,
    publish,
)

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def alvarez() -> ExpertProfile:
    return ExpertProfileFactory(
        display_name="Maria Alvarez, MD",
        credentials="Board certified in neurology",
        titles="Neurologist, MS Program\nMedical Director, Infusion Clinic",
        institution="Virtual MS Center",
        bio="Runs the infusion clinic.\n\nInterested in pregnancy with MS.",
    )


def signed(expert: ExpertProfile, title: str, day: int = 2):
    return publish(
        QuestionFactory(title=title),
        expert=expert,
        at=datetime.datetime(2024, 9, day, 12, tzinfo=LA),
    )


def jsonld(response) -> dict:
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(found.group(1))


def test_a_new_profile_gets_its_address_from_the_name():
    profile = ExpertProfileFactory(display_name="Daniel Okafor, MD, PhD")
    assert profile.slug == "daniel-okafor-md-phd"
    assert profile.get_absolute_url() == "/experts/daniel-okafor-md-phd/"


def test_two_clinicians_with_the_same_name_get_different_addresses():
    first = ExpertProfileFactory(display_name="Sam Lee, MD")
    second = ExpertProfileFactory(display_name="Sam Lee, MD")
    assert (first.slug, second.slug) == ("sam-lee-md", "sam-lee-md-2")


def test_the_database_refuses_a_profile_without_a_page_address(alvarez):
    # A bulk write skips save(); every page showing her signature would fail.
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertProfile.objects.filter(pk=alvarez.pk).update(slug="")

    alvarez.refresh_from_db()
    assert alvarez.slug == "maria-alvarez-md"


def test_an_address_cleared_in_the_admin_is_made_again_from_the_name(
    visitor: Client, alvarez, superuser
):
    signed(alvarez, "What happens on an infusion day?")
    admin = Client()
    admin.force_login(superuser)
    response = admin.post(
        f"/admin/questions/expertprofile/{alvarez.pk}/change/",
        {
            "user": alvarez.user_id,
            "display_name": "Maria Alvarez-Ruiz, MD",
            "credentials": alvarez.credentials,
            "titles": alvarez.titles,
            "institution": alvarez.institution,
            "bio": alvarez.bio,
            "slug": "",
            "languages": ["en"],
        },
    )

    assert response.status_code == 302
    alvarez.refresh_from_db()
    assert alvarez.slug == "maria-alvarez-ruiz-md"
    assert visitor.get("/experts/maria-alvarez-ruiz-md/").status_code == 200


def test_the_page_shows_the_signature_block_bio_and_signed_answers(visitor: Client, alvarez):
    signed(alvarez, "Can I breastfeed on ocrelizumab?")
    response = visitor.get("/experts/maria-alvarez-md/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 id="expert-title" class="expert-name">Maria Alvarez, MD</h1>' in page
    for line in (
        "Board certified in neurology",
        "Neurologist, MS Program",
        "Medical Director, Infusion Clinic",
        "Virtual MS Center",
    ):
        assert f'<span class="signature-line">{line}</span>' in page
    assert "<p>Runs the infusion clinic.</p>" in page
    assert "<p>Interested in pregnancy with MS.</p>" in page
    assert "Can I breastfeed on ocrelizumab?" in page
    assert "<title>Maria Alvarez, MD · Virtual MS Center</title>" in page


def test_only_published_answers_this_clinician_signed_are_listed(visitor: Client, alvarez):
    signed(alvarez, "Her published answer")
    signed(ExpertProfileFactory(), "A colleague's published answer")
    withdrawn = signed(alvarez, "Her withdrawn answer")
    withdrawn.status = "withdrawn"
    withdrawn.save()
    QuestionFactory(title="Assigned to her, not answered", expert=alvarez)
    page = visitor.get("/experts/maria-alvarez-md/").content.decode()
    assert "Her published answer" in page
    assert "A colleague's published answer" not in page
    assert "Her withdrawn answer" not in page
    assert "Assigned to her, not answered" not in page


def test_a_clinician_without_a_published_answer_has_no_page(visitor: Client, alvarez):
    QuestionFactory(title="Assigned, still a draft", expert=alvarez)
    assert visitor.get("/experts/maria-alvarez-md/").status_code == 404


def test_an_unknown_clinician_is_a_404_page(visitor: Client):
    response = visitor.get("/experts/nobody-at-all/")
    assert response.status_code == 404


def test_the_answers_are_paginated_ten_to_a_page_newest_first(visitor: Client, alvarez):
    for day in range(1, 12):
        signed(alvarez, f"Answer of September {day}", day=day)
    first = visitor.get("/experts/maria-alvarez-md/").content.decode()
    second = visitor.get("/experts/maria-alvarez-md/?page=2").content.decode()
    assert "Answer of September 11" in first and "Answer of September 2<" in first
    assert "Answer of September 1<" not in first
    assert "Answer of September 1<" in second
    assert "Page 2 of 2" in second
    assert "<title>Maria Alvarez, MD, page 2 · Virtual MS Center</title>" in second
    assert visitor.get("/experts/maria-alvarez-md/?page=3").status_code == 404


def test_the_qa_signature_links_to_the_clinician_page(visitor: Client, alvarez):
    question = signed(alvarez, "What happens on an infusion day?")
    page = visitor.get(question.get_absolute_url()).content.decode()
    assert (
        '<a class="signature-line signature-name" href="/experts/maria-alvarez-md/">'
        "Maria Alvarez, MD</a>"
    ) in page


def test_the_page_describes_the_clinician_as_a_person_for_search_engines(
    visitor: Client, alvarez, settings
):
    settings.SITE_URL = "https://ms.example.org"
    signed(alvarez, "What happens on an infusion day?")
    data = jsonld(visitor.get("/experts/maria-alvarez-md/"))
    assert data == {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": "https://ms.example.org/experts/maria-alvarez-md/",
        "mainEntity": {
            "@type": "Person",
            "name": "Maria Alvarez, MD",
            "url": "https://ms.example.org/experts/maria-alvarez-md/",
            "honorificSuffix": "Board certified in neurology",
            "jobTitle": ["Neurologist, MS Program", "Medical Director, Infusion Clinic"],
            "affiliation": {"@type": "Organization", "name": "Virtual MS Center"},
            "description": "Runs the infusion clinic.\n\nInterested in pregnancy with MS.",
            "knowsAbout": "Multiple sclerosis",
        },
    }


def test_the_sitemap_lists_clinicians_with_a_published_answer_only(
    visitor: Client, alvarez, settings
):
    settings.SITE_URL = "https://ms.example.org"
    signed(alvarez, "What happens on an infusion day?")
    ExpertProfileFactory(display_name="Nobody Published, MD")
    root = ET.fromstring(visitor.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert "https://ms.example.org/experts/maria-alvarez-md/" in locations
    assert "https://ms.example.org/experts/nobody-published-md/" not in locations


def test_an_edited_bio_shows_at_once_on_the_cached_page(visitor: Client, alvarez, superuser):
    signed(alvarez, "What happens on an infusion day?")
    assert "Runs the infusion clinic." in visitor.get("/experts/maria-alvarez-md/").content.decode()
    alvarez.bio = "Now leads the imaging clinic."
    services.expert_profile_save(profile=alvarez, actor=superuser)
    page = visitor.get("/experts/maria-alvarez-md/").content.decode()
    assert "Now leads the imaging clinic." in page
    assert "Runs the infusion clinic." not in page


def test_the_page_never_shows_the_patient_behind_an_answer(visitor: Client, alvarez):
    signed(alvarez, "What happens on an infusion day?")
    page = visitor.get("/experts/maria-alvarez-md/").content.decode()
    # The factory's private submission: name, email and original wording.
    for private in ("Rosalind", "patient.test", "Springfield"):
        assert private not in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_costs_four_queries_however_many_answers_she_signed(
    visitor: Client, alvarez, django_assert_num_queries, size
):
    """Guards against a query per listed Q&A (its answer, category or comment count)."""
    for day in range(size):
        PublishedQuestionFactory.create(published=None)  # someone else's
        signed(alvarez, f"Answer {day}", day=1 + day % 28)
    cache.clear()
    # the profile by slug; the paginator's COUNT; the page of Q&As; the sidebar
    with django_assert_num_queries(4):
        response = visitor.get("/experts/maria-alvarez-md/")
    assert response.status_code == 200
    with django_assert_num_queries(0):
        assert visitor.get("/experts/maria-alvarez-md/").content == response.content


def test_each_feed_item_gives_its_signer_page_as_the_author_address(
    visitor: Client, alvarez, settings
):
    settings.SITE_URL = "https://ms.example.org"
    signed(alvarez, "What happens on an infusion day?")
    feed = visitor.get("/feeds/latest/").content.decode()
    assert (
        "<author><name>Maria Alvarez, MD</name>"
        "<uri>https://ms.example.org/experts/maria-alvarez-md/</uri></author>"
    ) in feed


def test_the_page_says_which_languages_the_clinician_signs_in(visitor: Client, alvarez):
    signed(alvarez, "What happens on an infusion day?")
    alvarez.languages = "en es"
    alvarez.save()
    page = visitor.get(alvarez.get_absolute_url()).content.decode()
    assert "Signs answers in: English, Spanish</p>" in page
    # In Spanish, after a colon and as any language's name, in lower case.
    spanish = visitor.get("/es" + alvarez.get_absolute_url()).content.decode()
    assert "Firma respuestas en: inglés, español</p>" in spanish
