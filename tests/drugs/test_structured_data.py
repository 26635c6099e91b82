"""Structured data (JSON-LD) and the sitemap for search engines."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from drugs import services
from drugs.sitemaps import DrugSitemap
from tests.conftest import json_ld
from tests.drugs.conftest import LA
from tests.factories import (
    CategoryFactory,
    ExpertProfileFactory,
    QuestionFactory,
    publish,
)

pytestmark = pytest.mark.django_db


# -- structured data ------------------------------------------------------------------


def test_drug_page_carries_medical_web_page_json_ld(visitor, reference):
    html = visitor.get("/drugs/natalizumab/").content.decode()
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == f"{settings.SITE_URL}/drugs/natalizumab/"
    assert data["reviewedBy"] == {"@type": "Person", "name": "Maria Alvarez, MD"}
    assert data["lastReviewed"] == "2026-10-01"
    about = data["about"]
    assert about["@type"] == "Drug"
    assert about["name"] == "Natalizumab"
    assert about["nonProprietaryName"] == "natalizumab"
    assert about["proprietaryName"] == ["Tysabri", "Tyruko"]
    assert about["drugClass"] == {"@type": "DrugClass", "name": "Anti-CD20 monoclonal antibody"}
    assert about["warning"] == "PML, a rare brain infection."


def test_a_procedure_is_described_as_a_procedure(visitor, reference):
    data = json_ld(visitor.get("/drugs/plasma-exchange/").content.decode())
    assert data["about"]["@type"] == "TherapeuticProcedure"
    assert "nonProprietaryName" not in data["about"]


def test_json_ld_cannot_close_its_script_element(visitor, reference):
    drug = reference["ocrelizumab"]
    drug.summary = "</script><script>alert('x')</script> & more"
    drug.save()
    html = visitor.get("/drugs/ocrelizumab/").content.decode()
    assert "<script>alert" not in html
    assert json_ld(html)["description"] == "</script><script>alert('x')</script> & more"


def test_qa_page_carries_json_ld_with_the_signed_question_and_answer(visitor, reference):
    category = CategoryFactory(name="Treatment", slug="treatment")
    signer = ExpertProfileFactory(display_name="Daniel Okafor, MD, PhD")
    question = QuestionFactory(
        title="Can I breastfeed on Ocrevus?",
        body="My baby is due in June.",
        answer_source="Very little **ocrelizumab** passes into milk.",
        category=category,
    )
    publish(question, at=datetime.datetime(2026, 9, 12, 23, 30, tzinfo=LA), expert=signer)
    services.link_question(question.pk)
    html = visitor.get(question.get_absolute_url()).content.decode()
    head = html[: html.index("</head>")]
    data = json_ld(head)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["reviewedBy"] == {"@type": "Person", "name": "Daniel Okafor, MD, PhD"}
    assert data["lastReviewed"] == "2026-09-12"  # the clinic's calendar day, not UTC's
    main = data["mainEntity"]
    assert main["@type"] == "Question"
    assert main["name"] == "Can I breastfeed on Ocrevus?"
    assert main["text"] == "My baby is due in June."
    assert main["acceptedAnswer"]["@type"] == "Answer"
    assert main["acceptedAnswer"]["text"] == "Very little ocrelizumab passes into milk."
    assert main["acceptedAnswer"]["author"]["name"] == "Daniel Okafor, MD, PhD"
    assert data["mentions"] == [
        {
            "@type": "Drug",
            "name": "Ocrelizumab",
            "nonProprietaryName": "ocrelizumab",
            "url": f"{settings.SITE_URL}/drugs/ocrelizumab/",
        }
    ]


def test_sitemap_lists_published_drug_pages(reference):
    sitemap = DrugSitemap()
    locations = [sitemap.location(item) for item in sitemap.items()]
    assert "/drugs/ocrelizumab/" in locations
    assert "/drugs/secretumab/" not in locations
    assert sitemap.lastmod(reference["ocrelizumab"]) == datetime.date(2026, 10, 1)
