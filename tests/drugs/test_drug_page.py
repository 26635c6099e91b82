"""One therapy's page: its sections, warnings, reviewer and facts."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


# -- one therapy's page --------------------------------------------------------


def test_drug_page_has_sections_a_patient_can_scan(visitor, reference):
    response = visitor.get("/drugs/natalizumab/")
    assert response.status_code == 200
    html = response.content.decode()
    sections = [
        ("what-it-is", "What it is"),
        ("who-it-is-for", "Who it is for"),
        ("how-it-is-given", "How it is given"),
        ("before-you-start", "Before you start"),
        ("side-effects", "Side effects and risks"),
        ("pregnancy", "Pregnancy and breastfeeding"),
        ("monitoring", "Monitoring"),
        ("questions", "Questions and answers"),
        ("references", "References"),
    ]
    nav = html[html.index('<nav class="on-this-page"') :]
    nav = nav[: nav.index("</nav>")]
    for anchor, heading in sections:
        assert f'<a href="#{anchor}">{heading}</a>' in nav
        assert f'<h2 id="{anchor}">{heading}</h2>' in html
    positions = [html.index(f'<h2 id="{anchor}">') for anchor, _ in sections]
    assert positions == sorted(positions)
    assert (
        '<h1 id="drug-title">Natalizumab <span class="drug-title-brands">(Tysabri)</span></h1>'
        in html
    )


def test_boxed_warning_comes_first_and_stands_out(visitor, reference):
    html = visitor.get("/drugs/natalizumab/").content.decode()
    warning = html.index('<section class="boxed-warning"')
    assert warning < html.index('<nav class="on-this-page"')
    assert "<p>PML, a rare brain infection.</p>" in html[warning:]
    assert "Only through the TOUCH program." in html
    assert "boxed-warning" not in visitor.get("/drugs/ocrelizumab/").content.decode()


def test_drug_page_names_its_reviewer_and_keeps_the_disclaimer(visitor, reference):
    response = visitor.get("/drugs/ocrelizumab/")
    html = response.content.decode()
    assert (
        'Reviewed by <strong>Maria Alvarez, MD</strong> on <time datetime="2026-10-01">'
        "October 1, 2026</time>"
    ) in html
    assert '<section class="disclaimer" aria-labelledby="disclaimer-title">' in html
    assert "This service is not for emergencies." in html


def test_plain_text_is_escaped_and_its_web_addresses_become_links(visitor, reference):
    drug = reference["ocrelizumab"]
    drug.dose_schedule = "Start: <b>300 mg</b>\nThen 600 mg."
    drug.save()
    html = visitor.get("/drugs/ocrelizumab/").content.decode()
    assert "<p>Start: &lt;b&gt;300 mg&lt;/b&gt;<br>Then 600 mg.</p>" in html
    assert (
        '<li><p>Label: <a href="https://dailymed.example.org/label" '
        'rel="nofollow ugc noopener noreferrer">https://dailymed.example.org/label</a></p></li>'
    ) in html


def test_unpublished_drug_is_not_found_and_not_listed(visitor, reference):
    assert visitor.get("/drugs/secretumab/").status_code == 404
    html = visitor.get("/drugs/").content.decode()
    assert "Secretumab" not in html and "Hushvio" not in html
    assert visitor.get("/drugs/no-such-drug/").status_code == 404


def test_staff_preview_an_unpublished_drug_with_a_notice(reference, expert):
    response = client_for(expert).get("/drugs/secretumab/")
    assert response.status_code == 200
    assert "Staff preview: this entry is not published" in response.content.decode()


def test_a_published_entry_needs_a_reviewer_and_a_review_date(reference):
    drug = reference["secretumab"]
    drug.is_published = True
    with pytest.raises(IntegrityError):
        drug.save()


def test_facts_list_says_when_it_was_approved_or_why_not(visitor, reference):
    ocrelizumab = visitor.get("/drugs/ocrelizumab/").content.decode()
    assert "<dt>First approved for MS</dt><dd>2017</dd>" in ocrelizumab
    rituximab = visitor.get("/drugs/rituximab/").content.decode()
    assert "<dt>First approved for MS</dt><dd>Not approved for MS</dd>" in rituximab
    procedure = visitor.get("/drugs/plasma-exchange/").content.decode()
    assert "First approved for MS" not in procedure
    assert "<dt>Brand names</dt>" not in procedure
