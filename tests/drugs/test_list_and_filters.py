"""The comparison tables of /drugs/ and their filters."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.drugs.conftest import therapy_rows

pytestmark = pytest.mark.django_db


# -- the list page -------------------------------------------------------------


def test_list_is_an_accessible_comparison_table(visitor: Client, reference):
    response = visitor.get("/drugs/")
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('<div class="drug-table-scroll"') :]
    table = table[: table.index("</table>")]
    assert 'role="region" aria-labelledby="group-disease-modifying" tabindex="0"' in table
    assert (
        '<caption id="group-disease-modifying" class="visually-hidden">'
        "Disease-modifying infusions</caption>"
    ) in table
    assert '<h2 class="drug-group-title" id="group-disease-modifying-title">' in html
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table)
    assert headers == [
        "Therapy",
        "Brand",
        "MS types",
        "How it works",
        "How often",
        "Key risks",
        "Status",
    ]
    assert therapy_rows(table) == ["Natalizumab", "Ocrelizumab", "Rituximab"]
    assert "style=" not in html
    # The table needs no script: the only ones are the reading preferences' and
    # "Listen" files every page loads, and the structured data.
    assert set(re.findall(r"<script[^>]*>", html)) <= {
        '<script src="/static/js/display-apply.js">',
        '<script src="/static/js/listen.js" defer>',
        '<script type="application/ld+json">',
    }


def test_a_row_shows_brand_ms_types_mechanism_schedule_risks_and_status(visitor, reference):
    response = visitor.get("/drugs/")
    assert response.status_code == 200
    html = response.content.decode()
    row = html[html.index(">Ocrelizumab</a>") :]
    row = row[: row.index("</tr>")]
    assert "Ocrevus, Ocrevus Zunovo" in row
    assert "CIS, RRMS, Active SPMS, PPMS" in row
    assert "Removes B cells" in row
    assert "Every 6 months" in row
    assert "Infusion reactions" in row
    assert "FDA-approved for MS" in row
    assert 'href="/drugs/ocrelizumab/"' in html
    assert "Biosimilar: Tyruko" in html


def test_other_infusion_options_and_investigational_therapies_have_their_own_tables(
    visitor, reference
):
    html = visitor.get("/drugs/").content.decode()
    captions = re.findall(r'<caption id="([^"]+)" class="visually-hidden">([^<]+)</caption>', html)
    assert captions == [
        ("group-disease-modifying", "Disease-modifying infusions"),
        ("group-other-infusion", "Other infusion options"),
        ("group-investigational", "Investigational therapies"),
    ]
    other = html[html.index('id="group-other-infusion"') : html.index('id="group-investigational"')]
    assert therapy_rows(other) == ["High-dose IV methylprednisolone", "Plasma exchange"]
    investigational = html[html.index('id="group-investigational"') :]
    assert therapy_rows(investigational) == ["Stem cell therapies"]
    assert "Investigational (trials only)" in investigational


def test_list_says_how_many_therapies_it_shows(visitor, reference):
    response = visitor.get("/drugs/")
    assert "Showing all <strong>6 therapies</strong>." in response.content.decode()
    assert "Clear filters" not in response.content.decode()


def test_main_navigation_links_to_the_drug_reference(visitor, reference):
    response = visitor.get("/drugs/")
    assert '<a href="/drugs/" aria-current="page">Drug reference</a>' in response.content.decode()
    home = visitor.get("/").content.decode()
    assert '<a href="/drugs/">Drug reference</a>' in home


# -- filters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=off_label", ["Rituximab"]),
        ("status=procedure", ["Plasma exchange"]),
        ("ms_type=ppms", ["Ocrelizumab", "Rituximab", "Stem cell therapies"]),
        ("ms_type=cis", ["Ocrelizumab"]),
        ("route=procedure", ["Plasma exchange", "Stem cell therapies"]),
        ("status=approved&ms_type=ppms", ["Ocrelizumab"]),
        ("ms_type=ppms&route=procedure", ["Stem cell therapies"]),
        ("status=approved&ms_type=rrms&route=iv", ["Natalizumab", "Ocrelizumab"]),
    ],
)
def test_filters_alone_and_combined_narrow_the_tables(visitor, reference, query, expected):
    response = visitor.get(f"/drugs/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert therapy_rows(html) == expected
    count = len(expected)
    verb = "matches" if count == 1 else "match"
    noun = "therapy" if count == 1 else "therapies"
    assert f"<strong>{count} {noun}</strong> {verb} your filters." in html
    assert '<a class="drug-filter-clear" href="/drugs/">Clear filters</a>' in html


def test_filter_form_is_a_plain_get_form_that_keeps_the_chosen_values(visitor, reference):
    html = visitor.get("/drugs/?status=approved&ms_type=ppms").content.decode()
    assert re.search(r'<form class="drug-filters" method="get" action="/drugs/"', html)
    assert '<option value="approved" selected>FDA-approved for MS</option>' in html
    assert '<option value="ppms" selected>Primary progressive MS (PPMS)</option>' in html
    assert '<option value="" selected>Any way</option>' in html
    assert '<label class="form-label" for="id_ms_type">Type of MS</label>' in html


def test_a_group_without_matches_is_left_out(visitor, reference):
    html = visitor.get("/drugs/?status=off_label").content.decode()
    assert "Other infusion options" not in html
    assert "Investigational therapies" not in html


def test_filters_that_match_nothing_say_so(visitor, reference):
    response = visitor.get("/drugs/?status=investigational&route=oral")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>No therapies match your filters.</strong>" in html
    assert "<table" not in html
    assert 'href="/drugs/">clear them</a>' in html


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "ms_type=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "route=",
        "status=approved%27%20OR%201%3D1",
        "ms_type=ppms&ms_type=nonsense",
        "unknown=1&page=999",
        "status=" + "x" * 5000,
    ],
)
def test_invalid_filter_values_are_ignored_never_an_error(visitor, reference, query):
    response = visitor.get(f"/drugs/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert therapy_rows(html)  # the unfiltered tables, or what the valid filters allow


def test_an_ignored_filter_value_is_named_and_the_valid_ones_still_apply(visitor, reference):
    html = visitor.get("/drugs/?status=bogus&ms_type=ppms").content.decode()
    assert "We did not recognise the value given for “Status”" in html
    assert therapy_rows(html) == ["Ocrelizumab", "Rituximab", "Stem cell therapies"]
    assert '<option value="" selected>Any status</option>' in html
    assert "aria-invalid" not in html
