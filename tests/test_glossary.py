"""The glossary of MS words: its pages, and the first use of each term in an
answer or on a drug page linked to it with the explanation in place."""

from __future__ import annotations

import datetime
import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from glossary.models import Term, TermReview
from search.synonyms import seed_from_glossary
from tests.conftest import client_for
from tests.factories import DrugFactory, ExpertProfileFactory, PublishedQuestionFactory

pytestmark = pytest.mark.django_db

LESION = "An area of the brain or spinal cord where MS hurt the myelin."


@pytest.fixture
def glossary_roles(roles):
    # A transactional test's flush empties the permissions; the grant puts them back.
    importlib.import_module("glossary.migrations.0002_experts_keep_the_glossary").grant(apps, None)
    return roles


@pytest.fixture
def reviewer(db):
    return ExpertProfileFactory(display_name="Maria Alvarez, MD")


def make_term(reviewer, name: str, explanation: str, **fields) -> Term:
    defaults = {
        "slug": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
        "reviewed_by": reviewer,
        "reviewed_on": datetime.date(2026, 11, 2),
        "is_published": True,
    }
    term = Term(name=name, explanation=explanation, **{**defaults, **fields})
    term.save()
    return term


@pytest.fixture
def terms(reviewer):
    return {
        "lesion": make_term(
            reviewer, "lesion", f"{LESION}\n\nDoctors count new ones.", other_names="plaque"
        ),
        "relapse": make_term(reviewer, "relapse", "New symptoms that last more than a day."),
        "edss": make_term(reviewer, "EDSS", "A score from 0 to 10 of how MS affects you."),
    }


def glossary_links(html: str) -> list[tuple[str, str]]:
    """(address, words) of every term linked in place on a page."""
    return re.findall(r'<a class="glossary-link" href="([^"]+)">([^<]+)</a>', html)


def answer_page(visitor, answer_source: str, title: str = "What does my MRI show?") -> str:
    question = PublishedQuestionFactory(title=title, answer_source=answer_source)
    response = visitor.get(question.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# -- in answers ----------------------------------------------------------------------------


def test_the_first_use_of_a_term_in_an_answer_links_and_later_uses_do_not(visitor, terms):
    html = answer_page(
        visitor,
        "Your MRI shows one new lesion. A lesion like this is common.\n\n"
        "- A second lesion would matter more.\n- Your EDSS is 2, and the EDSS tells us how you walk.",
    )
    assert glossary_links(html) == [("/glossary/lesion/", "lesion"), ("/glossary/edss/", "EDSS")]


def test_the_explanation_is_in_the_page_and_opens_without_javascript(visitor, terms):
    html = answer_page(visitor, "Your MRI shows one new lesion.")
    # Declarative: a button that names its popover, and the popover with the
    # first paragraph of the explanation, a link to the page and a Close button.
    assert (
        '<button type="button" class="glossary-toggle" popovertarget="glossary-explain-lesion" '
        'aria-label="What “lesion” means">?</button>'
    ) in html
    assert '<span class="glossary-popover" id="glossary-explain-lesion" popover>' in html
    assert LESION in html
    assert "Doctors count new ones." not in html  # only the first paragraph, in place
    assert '<a href="/glossary/lesion/">More about lesion</a>' in html
    assert (
        'popovertarget="glossary-explain-lesion" popovertargetaction="hide">Close</button>' in html
    )
    assert "<script" not in html.split('<div class="answer-body">')[1].split("</article>")[0]


def test_a_plural_an_other_name_and_any_case_link_too(visitor, terms):
    html = answer_page(
        visitor, "Two Lesions showed up. A plaque is the same thing. Relapses: none."
    )
    assert glossary_links(html) == [
        ("/glossary/lesion/", "Lesions"),
        ("/glossary/relapse/", "Relapses"),
    ]


def test_a_name_in_capitals_matches_only_in_capitals(visitor, reviewer):
    make_term(reviewer, "CIS", "A first episode of symptoms like MS.")
    html = answer_page(visitor, "The word cis is not CIS.")
    assert glossary_links(html) == [("/glossary/cis/", "CIS")]


def test_the_longest_name_wins_and_names_may_begin_with_any_letter(visitor, reviewer):
    # Names that share a first letter, names in capitals and lower case, and
    # names that begin with an accented letter or a digit.
    make_term(reviewer, "relapse", "New symptoms that last more than a day.")
    make_term(reviewer, "relapsing-remitting MS", "MS with relapses and calm spells between.")
    make_term(reviewer, "MRI", "A scan that shows the brain and spinal cord.")
    make_term(reviewer, "médula", "La médula espinal.", slug="medula")
    make_term(reviewer, "9-hole peg test", "A timed test of the hands.", slug="peg")
    html = answer_page(
        visitor,
        "Relapsing-remitting MS is common. A relapse, then an mri and an MRI. "
        "La Médula. The 9-hole peg test took a minute.",
    )
    assert glossary_links(html) == [
        ("/glossary/relapsing-remitting-ms/", "Relapsing-remitting MS"),
        ("/glossary/relapse/", "relapse"),
        ("/glossary/mri/", "MRI"),
        ("/glossary/medula/", "Médula"),
        ("/glossary/peg/", "9-hole peg test"),
    ]


def test_terms_inside_links_and_headings_are_not_linked(visitor, terms):
    html = answer_page(
        visitor,
        "### What a lesion is\n\nRead [about each lesion](https://example.org/lesions) first. "
        "Then ask about the lesion on your scan.",
    )
    assert glossary_links(html) == [("/glossary/lesion/", "lesion")]
    body = html.split('<div class="answer-body">')[1]
    assert "<h3>What a lesion is</h3>" in body
    assert ">about each lesion</a>" in body
    assert 'ask about the <span class="glossary-term">' in body


def test_a_word_inside_another_word_is_not_a_term(visitor, terms):
    html = answer_page(visitor, "A pseudo-relapse is not a relapsed plan; nonlesion is no word.")
    assert glossary_links(html) == []


def test_an_unpublished_term_is_neither_linked_nor_shown(visitor, terms):
    Term.objects.filter(slug="lesion").update(is_published=False)
    html = answer_page(visitor, "One new lesion.")
    assert glossary_links(html) == []
    assert visitor.get("/glossary/lesion/").status_code == 404


def test_the_explanation_is_plain_text_escaped_everywhere(visitor, reviewer):
    make_term(reviewer, "gadolinium", 'A dye. <script>alert("x")</script> & <b>more</b>')
    html = answer_page(visitor, "You had gadolinium.")
    assert "<script>alert" not in html and "<b>more</b>" not in html
    assert "&lt;script&gt;alert" in html
    page = visitor.get("/glossary/gadolinium/").content.decode()
    assert "<script>alert" not in page and "&lt;b&gt;more&lt;/b&gt;" in page


def test_text_around_a_term_keeps_its_escaping(visitor, terms):
    html = answer_page(visitor, "A lesion &amp; a 3 < 4 sign.")
    body = html.split('<div class="answer-body">')[1].split("</div>")[0]
    assert "&amp;" in body and "&lt;" in body and " < " not in body


# -- on drug pages -------------------------------------------------------------------------


def test_on_a_drug_page_the_first_use_counts_across_the_summary_and_sections(visitor, terms):
    DrugFactory(
        generic_name="ocrelizumab",
        summary="It lowers the number of relapses.",
        target_mechanism="Fewer B cells means fewer relapses and fewer new lesions.",
        monitoring="An MRI looks for a new lesion once a year.",
    )
    html = visitor.get("/drugs/ocrelizumab/").content.decode()
    assert glossary_links(html) == [
        ("/glossary/relapse/", "relapses"),
        ("/glossary/lesion/", "lesions"),
    ]
    # The heading "Side effects and risks" and the "On this page" links stay as they are.
    assert '<h2 id="side-effects">Side effects and risks</h2>' in html


# -- the glossary's pages ------------------------------------------------------------------


def test_the_index_lists_published_terms_a_to_z_with_their_explanation_in_short(
    visitor, terms, reviewer
):
    make_term(reviewer, "taper", "Lowering a dose step by step.", is_published=False)
    html = visitor.get("/glossary/").content.decode()
    assert re.findall(r'<dt><a href="(/glossary/[^"]+)">', html) == [
        "/glossary/edss/",
        "/glossary/lesion/",
        "/glossary/relapse/",
    ]
    assert f"<dd>{LESION}</dd>" in html
    assert '<a href="#letter-e">E</a>' in html


def test_a_term_page_shows_the_explanation_its_reviewer_and_next_review(visitor, terms, settings):
    settings.DRUG_REVIEW_MONTHS = 12
    response = visitor.get("/glossary/lesion/")
    assert response.status_code == 200
    assert "<title>Lesion · MS words explained" in response.content.decode()
    body = response.content.decode()
    assert f"<p>{LESION}</p>" in body and "<p>Doctors count new ones.</p>" in body
    assert "Also called: plaque" in body
    assert "Reviewed by <strong>Maria Alvarez, MD</strong>" in body
    assert '<time datetime="2027-11">November 2027</time>' in body
    assert "due for review" not in body


def test_an_overdue_term_says_so_calmly(visitor, reviewer):
    old = timezone.localdate() - datetime.timedelta(days=800)
    make_term(reviewer, "remission", "A time when symptoms get better.", reviewed_on=old)
    assert (
        "This explanation is due for review."
        in visitor.get("/glossary/remission/").content.decode()
    )


def test_the_sitemap_lists_the_index_and_every_published_term(visitor, terms, reviewer):
    make_term(reviewer, "taper", "Lowering a dose step by step.", is_published=False)
    xml = visitor.get("/sitemap.xml").content.decode()
    for path in ("/glossary/", "/glossary/lesion/", "/glossary/relapse/", "/glossary/edss/"):
        assert f"{path}</loc>" in xml
    assert "/glossary/taper/" not in xml


# -- the admin -------------------------------------------------------------------------------


def test_an_expert_adds_and_edits_a_term_and_pages_show_it_at_once(visitor, glossary_roles, expert):
    question = PublishedQuestionFactory(
        title="What is a taper?", answer_source="Your taper ends on Friday."
    )
    assert glossary_links(visitor.get(question.get_absolute_url()).content.decode()) == []
    staff = client_for(expert)
    add = staff.get("/admin/glossary/term/add/")
    assert add.status_code == 200
    response = staff.post(
        "/admin/glossary/term/add/",
        {
            "name": "taper",
            "slug": "taper",
            "other_names": "tapering",
            "explanation": "Lowering a dose step by step.",
            "source_note": "National MS Society",
            "reviewed_by": expert.expert_profile.pk,
            "reviewed_on": "2026-11-20",
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    term = Term.objects.get(slug="taper")
    assert term.review_due == datetime.date(2027, 11, 20)
    html = visitor.get(question.get_absolute_url()).content.decode()
    assert glossary_links(html) == [("/glossary/taper/", "taper")]

    response = staff.post(
        f"/admin/glossary/term/{term.pk}/change/",
        {
            "name": "taper",
            "slug": "taper",
            "other_names": "tapering",
            "explanation": "Going down a dose a little at a time.",
            "source_note": "National MS Society",
            "reviewed_by": expert.expert_profile.pk,
            "reviewed_on": "2026-11-21",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert (
        "Going down a dose a little at a time."
        in visitor.get(question.get_absolute_url()).content.decode()
    )


def test_an_expert_marks_terms_still_accurate_and_the_review_is_recorded(
    glossary_roles, expert, terms
):
    staff = client_for(expert)
    response = staff.post(
        "/admin/glossary/term/",
        {"action": "reviewed_still_accurate", "_selected_action": [terms["edss"].pk]},
    )
    assert response.status_code == 302
    edss = Term.objects.get(slug="edss")
    assert edss.reviewed_by == expert.expert_profile
    assert edss.reviewed_on == timezone.localdate()
    assert TermReview.objects.get(term=edss).reviewer == expert.expert_profile


def test_staff_without_the_role_cannot_edit_the_glossary(glossary_roles, moderator):
    assert client_for(moderator).get("/admin/glossary/term/add/").status_code == 403


def test_a_preview_of_an_unpublished_term_is_for_its_editors(glossary_roles, expert, reviewer):
    make_term(reviewer, "taper", "Lowering a dose step by step.", is_published=False)
    page = client_for(expert).get("/glossary/taper/").content.decode()
    assert "Staff preview: this term is not published" in page


# -- search -----------------------------------------------------------------------------------


def test_search_finds_an_answer_by_a_terms_other_name(visitor, reviewer):
    make_term(
        reviewer,
        "lumbar puncture",
        "A test that takes a little fluid from the lower back.",
        other_names="spinal tap",
    )
    question = PublishedQuestionFactory(
        title="Do I need the test with the needle?",
        answer_source="A lumbar puncture can help confirm the diagnosis.",
    )
    assert question.get_absolute_url() not in visitor.get("/search/?q=spinal+tap").content.decode()
    assert seed_from_glossary() == 1
    assert seed_from_glossary() == 0  # a second run adds nothing
    html = visitor.get("/search/?q=spinal+tap").content.decode()
    assert question.get_absolute_url() in html


# -- the demo --------------------------------------------------------------------------------


def test_the_demo_has_sixty_reviewed_published_terms_by_its_clinicians(roles):
    call_command("load_demo", stdout=io.StringIO())
    published = Term.objects.published()
    assert published.count() >= 60
    assert not published.filter(reviewed_by=None).exists()
    assert set(published.values_list("reviewed_by__user__username", flat=True)) == {
        "dr.alvarez",
        "dr.okafor",
    }
    for slug in ("anti-cd20", "b-cells", "edss", "lesion", "pml", "uhthoffs-phenomenon"):
        assert published.filter(slug=slug).exists(), slug
    before = Term.objects.count()
    call_command("load_demo", stdout=io.StringIO())  # again: nothing duplicated
    assert Term.objects.count() == before


# -- cost ----------------------------------------------------------------------------------------


def test_glossary_pages_cost_pinned_queries_cold_and_none_warm(
    visitor, terms, django_assert_num_queries
):
    # index: the published terms. term: the term with its reviewer.
    # Each also reads the sidebar (one GROUP BY, cached).
    for path, queries in [("/glossary/", 2), ("/glossary/lesion/", 2)]:
        cache.clear()
        with django_assert_num_queries(queries):
            assert visitor.get(path).status_code == 200
        with django_assert_num_queries(0):
            visitor.get(path)


@pytest.mark.parametrize("count", [3, 60])
def test_linking_terms_reads_them_in_one_query_however_many(
    visitor, reviewer, django_assert_num_queries, count
):
    """Guards against a query per term, or per use, while a page is built."""
    for n in range(count):
        make_term(reviewer, f"term{n:03d}", "A word.")
    question = PublishedQuestionFactory(
        title="Many words", answer_source=" ".join(f"term{n:03d}" for n in range(count))
    )
    url = question.get_absolute_url()
    # The Q&A with its signed answer; its approved comments (none, so no replies);
    # the therapies it names; the glossary's published terms; its related Q&As;
    # sidebar.
    with django_assert_num_queries(6):
        html = visitor.get(url).content.decode()
    assert len(glossary_links(html)) == count


def test_deleting_a_term_is_for_administrators_and_unlinks_it_at_once(
    visitor, glossary_roles, expert, superuser, terms
):
    question = PublishedQuestionFactory(title="One spot", answer_source="One new lesion.")
    assert glossary_links(visitor.get(question.get_absolute_url()).content.decode())
    lesion = terms["lesion"]
    assert client_for(expert).get(f"/admin/glossary/term/{lesion.pk}/delete/").status_code == 403
    response = client_for(superuser).post(
        f"/admin/glossary/term/{lesion.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert glossary_links(visitor.get(question.get_absolute_url()).content.decode()) == []


def test_a_save_announces_the_term_after_commit(
    glossary_roles, expert, django_capture_on_commit_callbacks
):
    from glossary import services
    from glossary.signals import term_changed

    heard: list[int] = []

    def hear(*, term_id: int, **kwargs) -> None:
        heard.append(term_id)

    term_changed.connect(hear, dispatch_uid="test.glossary.heard")
    try:
        term = Term(name="taper", slug="taper", explanation="Lowering a dose step by step.")
        with django_capture_on_commit_callbacks(execute=True):
            services.term_save(term=term, actor=expert)
    finally:
        term_changed.disconnect(dispatch_uid="test.glossary.heard")
    assert heard == [term.pk]


def test_a_term_page_leaves_out_other_names_that_are_only_its_plural(visitor, reviewer):
    make_term(
        reviewer,
        "B cells",
        "White blood cells that make antibodies.",
        other_names="B cell, B lymphocytes",
    )
    page = visitor.get("/glossary/b-cells/").content.decode()
    assert '<h1 id="term-title">B cells</h1>' in page
    assert "Also called: B lymphocytes</p>" in page
