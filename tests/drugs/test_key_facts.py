"""A therapy's page answers the first questions at a glance: key facts at the
top, how often each side effect happens in words, other medicines and
vaccines, and what to do when a dose is late or missed."""

from __future__ import annotations

import re

import pytest

from drugs.models import Drug, SideEffect
from drugs.services import drug_save
from tests.conftest import client_for
from tests.drugs.conftest import admin_form
from tests.factories import DrugFactory
from tests.test_search_evaluation import result_links

pytestmark = pytest.mark.django_db

VERY_COMMON = SideEffect.Frequency.VERY_COMMON
RARE = SideEffect.Frequency.RARE


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def part(html: str, start: str, end: str) -> str:
    """The page from the first `start` to the next `end`."""
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def test_key_facts_come_first_with_the_four_things_a_patient_asks(visitor, reference):
    Drug.objects.filter(slug="natalizumab").update(
        purpose_short="Relapsing MS, most often when it is very active",
        schedule_short="Every 4 weeks",
        given_short="A drip into a vein, about 1 hour",
        risks_short="PML, a rare brain infection",
    )
    html = visitor.get("/drugs/natalizumab/").content.decode()
    box = part(html, '<section class="key-facts"', "</section>")
    assert text_of(box) == (
        "Key facts What it is for Relapsing MS, most often when it is very active "
        "How often Every 4 weeks How it is given A drip into a vein, about 1 hour "
        "Main risks PML, a rare brain infection"
    )
    # Above the boxed warning and every section: what a reader sees on the first screen.
    assert html.index('class="key-facts"') < html.index('class="boxed-warning"')
    assert html.index('class="key-facts"') < html.index('<nav class="on-this-page"')


def test_key_facts_fall_back_to_the_types_of_ms_and_the_route(visitor, reference):
    html = visitor.get("/drugs/ocrelizumab/").content.decode()
    box = text_of(part(html, '<section class="key-facts"', "</section>"))
    assert (
        "What it is for Clinically isolated syndrome (CIS); Relapsing-remitting MS (RRMS); "
        "Active secondary progressive MS; Primary progressive MS (PPMS) How often"
    ) in box
    assert "How it is given IV infusion Main risks" in box


def test_side_effects_are_listed_by_how_often_they_happen_in_words(visitor, reference):
    drug = reference["ocrelizumab"]
    SideEffect.objects.bulk_create(
        [
            SideEffect(drug=drug, frequency=RARE, effect="PML"),
            SideEffect(drug=drug, frequency=VERY_COMMON, effect="Colds", position=2),
            SideEffect(drug=drug, frequency=VERY_COMMON, effect="Infusion reactions", position=1),
            SideEffect(drug=drug, frequency=SideEffect.Frequency.COMMON, effect="Cold sores"),
        ]
    )
    html = visitor.get("/drugs/ocrelizumab/").content.decode()
    bands = text_of(part(html, '<dl class="side-effect-bands">', "</dl>"))
    assert bands == (
        "More than 1 in 10 people Infusion reactions Colds "
        "Up to 1 in 10 people Cold sores "
        "Up to 1 in 1,000 people PML"
    )
    section = part(html, '<h2 id="side-effects">', "</section>")
    assert "<h3>How often side effects happen</h3>" in section
    assert "<h3>More about side effects</h3><p>Headache.</p>" in section
    # Another therapy's page lists only its own.
    assert "side-effect-bands" not in visitor.get("/drugs/natalizumab/").content.decode()


def test_without_frequencies_the_prose_keeps_its_plain_heading(visitor, reference):
    section = part(
        visitor.get("/drugs/natalizumab/").content.decode(), '<h2 id="side-effects">', "</section>"
    )
    assert "How often side effects happen" not in section
    assert "<h3>Common side effects</h3><p>Headache.</p>" in section


def test_other_medicines_and_vaccines_have_a_section_of_their_own(visitor, reference):
    Drug.objects.filter(slug="ocrelizumab").update(
        interactions="Other immune-suppressing medicines add to the risk of infection.",
        vaccines="Live vaccines at least 4 weeks before the first dose.",
    )
    html = visitor.get("/drugs/ocrelizumab/").content.decode()
    section = part(html, '<h2 id="other-medicines">', "</section>")
    assert "<h3>Other medicines</h3><p>Other immune-suppressing medicines" in section
    assert "<h3>Vaccines</h3><p>Live vaccines at least 4 weeks" in section
    assert "Vaccines" not in part(html, '<h2 id="before-you-start">', "</section>")
    assert '<a href="#other-medicines">Other medicines and vaccines</a>' in html


@pytest.mark.parametrize(
    "slug, heading",
    [
        ("ocrelizumab", "If an infusion is late or missed"),
        ("plasma-exchange", "If a session is late or missed"),
    ],
)
def test_late_or_missed_is_named_as_the_therapy_is_given(visitor, reference, slug, heading):
    Drug.objects.filter(slug=slug).update(late_or_missed="Have it as soon as you can.")
    html = visitor.get(f"/drugs/{slug}/").content.decode()
    assert f'<h2 id="late-or-missed">{heading}</h2>' in html
    assert f'<a href="#late-or-missed">{heading}</a>' in html
    # Right after how it is given, where a reader looks for the schedule.
    assert html.index('id="how-it-is-given"') < html.index('id="late-or-missed"')
    assert html.index('id="late-or-missed"') < html.index('id="before-you-start"')


def test_a_therapy_with_no_late_dose_advice_shows_no_empty_section(visitor, reference):
    html = visitor.get("/drugs/natalizumab/").content.decode()
    assert "late-or-missed" not in html


def test_a_clinician_adds_side_effects_in_the_admin_and_the_page_shows_them(
    visitor, reference, expert
):
    drug = reference["natalizumab"]
    data = admin_form(drug, side_effects=[(VERY_COMMON, "Headache"), (RARE, "Liver injury")])
    response = client_for(expert).post(f"/admin/drugs/drug/{drug.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    bands = text_of(
        part(
            visitor.get("/drugs/natalizumab/").content.decode(),
            '<dl class="side-effect-bands">',
            "</dl>",
        )
    )
    assert bands == "More than 1 in 10 people Headache Up to 1 in 1,000 people Liver injury"


def test_a_side_effect_without_its_frequency_is_refused_and_nothing_typed_is_lost(
    reference, expert
):
    drug = reference["natalizumab"]
    data = admin_form(drug, summary="A newly typed summary.", side_effects=[(VERY_COMMON, "x")])
    data["side_effects-0-frequency"] = ""
    data["side_effects-0-effect"] = "Dizziness after the infusion"
    response = client_for(expert).post(f"/admin/drugs/drug/{drug.pk}/change/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert 'value="Dizziness after the infusion"' in html
    assert "A newly typed summary." in html
    assert not SideEffect.objects.exists()


def test_search_finds_a_side_effect_and_late_dose_advice_in_their_sections(
    visitor, reference, django_capture_on_commit_callbacks
):
    drug = DrugFactory(
        generic_name="testumab",
        late_or_missed="Have the missed infusion as soon as possible.",
        reviewed_by=reference["ocrelizumab"].reviewed_by,
    )
    with django_capture_on_commit_callbacks(execute=True):
        SideEffect.objects.create(drug=drug, frequency=VERY_COMMON, effect="Shivering")
        drug_save(drug=drug, actor=None, changed_fields=[])  # as the admin saves it

    assert result_links(visitor, "testumab shivering")[0] == "/drugs/testumab/#side-effects"
    assert result_links(visitor, "testumab missed infusion")[0] == (
        "/drugs/testumab/#late-or-missed"
    )
    # The result is named as the page names the section.
    html = visitor.get("/search/?q=testumab+missed+infusion").content.decode()
    assert "Testumab: If an infusion is late or missed" in text_of(html)
