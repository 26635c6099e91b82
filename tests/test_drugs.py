"""The drug reference: the comparison tables and their filters, one therapy's
page, the links between therapies and Q&As, structured data, the clinicians'
admin and the demo entries."""

from __future__ import annotations

import datetime
import io
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.forms.models import model_to_dict
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.cache import generation
from core.text import render_answer
from drugs import services
from drugs.models import Drug, DrugMention
from drugs.sitemaps import DrugSitemap
from questions.models import Answer, Question, signed_content_hash
from tests.conftest import client_for
from tests.factories import (
    CategoryFactory,
    DrugFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
    QuestionFactory,
    UserFactory,
    publish,
)

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture
def reference(db) -> dict[str, Drug]:
    """A small reference: three disease-modifying infusions, two other infusion
    options, one investigational therapy and one entry not yet published."""
    reviewer = ExpertProfileFactory(display_name="Maria Alvarez, MD")
    drugs = [
        DrugFactory(
            generic_name="ocrelizumab",
            brand_names="Ocrevus, Ocrevus Zunovo",
            for_cis=True,
            for_active_spms=True,
            for_ppms=True,
            approval_year=2017,
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="natalizumab",
            brand_names="Tysabri",
            biosimilars="Tyruko",
            mechanism_short="Keeps immune cells out of the brain",
            boxed_warnings="PML, a rare brain infection.",
            restricted_program="Only through the TOUCH program.",
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="rituximab",
            brand_names="Rituxan",
            biosimilars="Truxima, Ruxience",
            status=Drug.Status.OFF_LABEL,
            for_ppms=True,
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="methylprednisolone",
            display_name="High-dose IV methylprednisolone",
            brand_names="Solu-Medrol",
            other_names="IV steroids",
            group=Drug.Group.OTHER_INFUSION,
            status=Drug.Status.RELAPSE_ONLY,
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="plasma exchange",
            display_name="Plasma exchange",
            other_names="plasmapheresis",
            group=Drug.Group.OTHER_INFUSION,
            status=Drug.Status.PROCEDURE,
            route=Drug.Route.PROCEDURE,
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="stem cell therapy",
            display_name="Stem cell therapies",
            slug="stem-cell-therapies",
            other_names="stem cells, aHSCT",
            group=Drug.Group.INVESTIGATIONAL,
            status=Drug.Status.INVESTIGATIONAL,
            route=Drug.Route.PROCEDURE,
            for_ppms=True,
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="secretumab",
            brand_names="Hushvio",
            is_published=False,
            reviewed_by=None,
            reviewed_on=None,
        ),
    ]
    return {drug.slug: drug for drug in drugs}


def published_qa(title: str, answer: str = "Ask your team.", *, at=None, body=None) -> Question:
    question = PublishedQuestionFactory(
        title=title,
        body=body or "I have a question about my treatment.",
        answer_source=answer,
        published=at,
    )
    services.link_question(question)
    return question


def therapy_rows(html: str) -> list[str]:
    """The therapy names in the row headers, in page order."""
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', html, re.DOTALL)
    ]


def json_ld(html: str) -> dict:
    blocks = JSON_LD.findall(html)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


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
    assert "<script>" not in html and "<script " not in html.replace(
        '<script type="application/ld+json">', ""
    )


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


# -- links between therapies and Q&As --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My neurologist suggested Ocrevus.",
        "Is ocrevus safe while breastfeeding?",
        "OCREVUS, twice a year",
        "I switched to ocrelizumab (the generic name) last year.",
        "Ocrevus's infusions are long.",
        "(Ocrevus)",
        "Ocrevus Zunovo is given under the skin.",
    ],
)
def test_a_qa_naming_a_therapy_in_any_case_links_to_it(reference, text):
    question = published_qa("About my treatment", answer=text)
    assert set(question.drugs.values_list("slug", flat=True)) == {"ocrelizumab"}


@pytest.mark.parametrize(
    "text",
    [
        "Ocrevusfoo is not a medicine.",
        "The preocrevus era.",
        "Tysabrix and Rituxanol are made up.",
        "Our ocrelizumabs study.",
        "A plasma-exchangeable fluid.",
    ],
)
def test_a_word_that_only_contains_a_name_does_not_link(reference, text):
    question = published_qa("About my treatment", answer=text)
    assert not question.drugs.exists()


def test_names_are_found_in_title_question_and_answer_and_across_formatting(reference):
    question = published_qa(
        "Should I ask about Tysabri?",
        body="My friend had plasma\nexchange last year.",
        answer="Your team may suggest **Rituxan** or *IV steroids* for a relapse.",
    )
    assert set(question.drugs.values_list("slug", flat=True)) == {
        "natalizumab",
        "plasma-exchange",
        "rituximab",
        "methylprednisolone",
    }


def test_only_the_signed_text_counts_not_a_later_draft(reference):
    question = published_qa("Treatment question", answer="Ocrevus is one option.")
    question.answer_source = "Tysabri is another option."
    question.save()
    services.link_question(question)
    assert list(question.drugs.values_list("slug", flat=True)) == ["ocrelizumab"]


def test_a_resigned_answer_is_linked_again(reference):
    question = published_qa("Treatment question", answer="Ocrevus is one option.")
    expert = ExpertProfileFactory()
    html = render_answer("Tysabri is the option now.")
    answer = Answer.objects.create(
        question=question,
        question_title=question.title,
        question_text=question.body,
        body_html=html,
        signer=expert,
        signed_by=expert.user,
        signature_block=expert.signature_block(),
        sha256=signed_content_hash(question.title, question.body, html),
    )
    Question.objects.filter(pk=question.pk).update(published_answer=answer)
    services.link_question(question)
    assert list(question.drugs.values_list("slug", flat=True)) == ["natalizumab"]


def test_a_question_that_is_not_published_names_nothing(reference):
    question = QuestionFactory(title="Is Ocrevus for me?")
    assert services.link_question(question) == set()
    published = published_qa("Is Tysabri for me?")
    Question.objects.filter(pk=published.pk).update(status=Question.Status.WITHDRAWN)
    assert services.link_question(published) == set()
    assert not DrugMention.objects.exists()


def test_drug_page_lists_the_published_qas_that_name_it_newest_first(visitor, reference):
    older = published_qa(
        "What is an Ocrevus day like?", at=datetime.datetime(2026, 7, 15, 12, tzinfo=LA)
    )
    newer = published_qa(
        "Can I breastfeed on ocrelizumab?", at=datetime.datetime(2026, 9, 2, 12, tzinfo=LA)
    )
    published_qa("Why am I tired?", answer="Fatigue is common in MS.")
    html = visitor.get("/drugs/ocrelizumab/").content.decode()
    links = re.findall(r'<a href="(/questions/[^"]+/)">([^<]+)</a>', html)
    assert links == [
        (newer.get_absolute_url(), "Can I breastfeed on ocrelizumab?"),
        (older.get_absolute_url(), "What is an Ocrevus day like?"),
    ]


def test_unpublished_qas_are_not_listed_on_the_drug_page(visitor, reference):
    withdrawn = published_qa("Was Tysabri right for me?")
    Question.objects.filter(pk=withdrawn.pk).update(status=Question.Status.WITHDRAWN)
    # A stale link row must not leak a Q&A that is no longer public either.
    assert DrugMention.objects.filter(question=withdrawn).exists()
    html = visitor.get("/drugs/natalizumab/").content.decode()
    assert "Was Tysabri right for me?" not in html
    assert "None of our published answers mentions natalizumab yet." in html


def test_qa_page_links_to_the_published_therapies_it_names(visitor, reference):
    question = published_qa(
        "Ocrevus or Hushvio?", answer="Both ocrelizumab and secretumab remove B cells."
    )
    html = visitor.get(question.get_absolute_url()).content.decode()
    box = html[html.index('<section class="drug-mentions"') :]
    box = box[: box.index("</section>")]
    assert "Therapies mentioned in this answer" in box
    assert '<a href="/drugs/ocrelizumab/">Ocrelizumab (Ocrevus, Ocrevus Zunovo)</a>' in box
    assert "secretumab" not in box.lower()
    assert html.index('class="disclaimer"') < html.index('class="drug-mentions"')


def test_qa_page_without_therapies_has_no_box(visitor, reference):
    question = published_qa("Why am I tired?", answer="Fatigue is common in MS.")
    assert "drug-mentions" not in visitor.get(question.get_absolute_url()).content.decode()


def admin_form(drug: Drug, **changes) -> dict:
    data = model_to_dict(drug, exclude=["id", "questions"])
    data.update(changes)
    post = {}
    for key, value in data.items():
        if isinstance(value, bool):
            if value:
                post[key] = "on"
        elif value is None:
            post[key] = ""
        else:
            post[key] = str(value)
    return post


def test_changing_a_therapys_names_in_the_admin_relinks_it(reference, expert):
    ofatumumab = DrugFactory(generic_name="ofatumumab", reviewed_by=expert.expert_profile)
    question = published_qa("Is Kesimpta an infusion?", answer="No, it is an injection.")
    assert not question.drugs.exists()
    client = client_for(expert)

    url = f"/admin/drugs/drug/{ofatumumab.pk}/change/"
    response = client.post(url, admin_form(ofatumumab, brand_names="Kesimpta"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(question.drugs.all()) == [ofatumumab]

    ofatumumab.refresh_from_db()
    response = client.post(url, admin_form(ofatumumab, brand_names="Arzerra"))
    assert response.status_code == 302
    assert not question.drugs.exists()


def test_a_therapy_added_in_the_admin_links_existing_qas(reference, expert):
    question = published_qa("What is Briumvi?")
    template = DrugFactory.build(
        generic_name="ublituximab", slug="ublituximab", brand_names="Briumvi"
    )
    data = admin_form(template, reviewed_by=expert.expert_profile.pk)
    response = client_for(expert).post("/admin/drugs/drug/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(question.drugs.values_list("slug", flat=True)) == ["ublituximab"]


def test_relink_drugs_command_recomputes_every_link(reference):
    question = published_qa("Tysabri and plasmapheresis")
    DrugMention.objects.all().delete()
    DrugMention.objects.create(drug=reference["ocrelizumab"], question=question)
    call_command("relink_drugs", stdout=io.StringIO())
    assert set(question.drugs.values_list("slug", flat=True)) == {
        "natalizumab",
        "plasma-exchange",
    }


# -- permissions -------------------------------------------------------------------


def test_experts_may_view_add_and_change_drugs_but_not_delete_them(expert):
    experts = Group.objects.get(name="Experts")
    codenames = set(
        experts.permissions.filter(content_type__app_label="drugs").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_drug", "add_drug", "change_drug"}
    client = client_for(expert)
    assert client.get("/admin/drugs/drug/").status_code == 200
    assert client.get("/admin/drugs/drug/add/").status_code == 200


def test_staff_without_the_role_cannot_edit_drugs(staff_without_role, reference):
    client = client_for(staff_without_role)
    assert client.get("/admin/drugs/drug/").status_code == 403


# -- structured data ------------------------------------------------------------------


def test_drug_page_carries_medical_web_page_json_ld(visitor, reference):
    html = visitor.get("/drugs/natalizumab/").content.decode()
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == "http://testserver/drugs/natalizumab/"
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
    services.link_question(question)
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
            "url": "http://testserver/drugs/ocrelizumab/",
        }
    ]


# -- query counts ---------------------------------------------------------------------


def make_reference(size: int) -> Drug:
    """`size` published therapies spread over the three groups, and `size`
    published Q&As that all name the first one."""
    groups = list(Drug.Group.values)
    drugs = [
        DrugFactory(
            generic_name=f"testumab{n:02d}",
            brand_names=f"Brand{n:02d}",
            biosimilars=f"Bio{n:02d}",
            group=groups[n % 3],
            for_ppms=n % 2 == 0,
        )
        for n in range(size)
    ]
    for n in range(size):
        published_qa(f"Question {n} about Brand00", answer="testumab00 is one option.")
    return drugs[0]


def sidebar_queries() -> int:
    """What the shared sidebar costs on a page (its own budget lives in
    test_query_counts): measured, so that these pins count only this app's queries."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        Template("{% load qa %}{% sidebar %}").render(Context({}))
    cache.clear()
    assert len(context) <= 2
    return len(context)


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_is_pinned_and_flat(visitor, django_assert_num_queries, size):
    """Guards against a query per row (a deferred field, a reviewer, a group)."""
    make_reference(size)
    # 1. the published therapies that match, with only what a row shows
    # + the sidebar (archive months and categories)
    with django_assert_num_queries(1 + sidebar_queries()):
        response = visitor.get("/drugs/?ms_type=ppms")
    assert response.status_code == 200
    assert len(therapy_rows(response.content.decode())) == (size + 1) // 2


@pytest.mark.parametrize("size", [3, 30])
def test_detail_query_count_is_pinned_and_flat(visitor, django_assert_num_queries, size):
    """Guards against a query per listed Q&A (its signed answer) and for the reviewer."""
    first = make_reference(size)
    # 1. the therapy with its reviewer
    # 2. the published Q&As that name it, with their signed answers
    # + the sidebar (archive months and categories)
    with django_assert_num_queries(2 + sidebar_queries()):
        response = visitor.get(first.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    # The newest 20 are listed; past that, a link to all of them through search.
    assert len(re.findall(r'<a href="/questions/[^"]+/">', html)) == min(size, 20)
    assert ("All answers that mention" in html) == (size > 20)


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
    for username, name in [("dr.alvarez", "Maria Alvarez, MD"), ("dr.okafor", "Daniel Okafor")]:
        ExpertProfileFactory(user=UserFactory(username=username, is_staff=True), display_name=name)


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


def test_facts_list_says_when_it_was_approved_or_why_not(visitor, reference):
    ocrelizumab = visitor.get("/drugs/ocrelizumab/").content.decode()
    assert "<dt>First approved for MS</dt><dd>2017</dd>" in ocrelizumab
    rituximab = visitor.get("/drugs/rituximab/").content.decode()
    assert "<dt>First approved for MS</dt><dd>Not approved for MS</dd>" in rituximab
    procedure = visitor.get("/drugs/plasma-exchange/").content.decode()
    assert "First approved for MS" not in procedure
    assert "<dt>Brand names</dt>" not in procedure


def test_saving_a_drug_in_the_admin_refreshes_cached_pages(reference, expert):
    drug = DrugFactory(generic_name="ofatumumab", reviewed_by=expert.expert_profile)
    before = generation()
    response = client_for(expert).post(
        f"/admin/drugs/drug/{drug.pk}/change/", admin_form(drug, summary="Updated.")
    )
    assert response.status_code == 302
    assert generation() > before


def test_sitemap_lists_published_drug_pages(reference):
    sitemap = DrugSitemap()
    locations = [sitemap.location(item) for item in sitemap.items()]
    assert "/drugs/ocrelizumab/" in locations
    assert "/drugs/secretumab/" not in locations
    assert sitemap.lastmod(reference["ocrelizumab"]) == datetime.date(2026, 10, 1)
