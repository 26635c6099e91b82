"""The signed text of a drug page and of a Q&A page is kept apart from the
page (core.parts), under what it is made of: a page rebuilt after a change
elsewhere reuses it, and shows every change of its own at once."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from core import parts
from core.cache import content_changed
from drugs.models import SideEffect
from glossary.models import Term
from glossary.services import term_save
from questions import services
from tests.conftest import client_for
from tests.drugs.conftest import admin_form
from tests.factories import (
    CategoryFactory,
    DrugFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
)
from tests.translation_helpers import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def drug(expert):
    return DrugFactory(
        generic_name="natalizumab",
        brand_names="Tysabri",
        monitoring="A blood test for the JC virus every six months.",
        reviewed_by=expert.expert_profile,
    )


def make_term(reviewer, actor, name: str, explanation: str) -> Term:
    term = Term(
        name=name,
        slug=name.lower().replace(" ", "-"),
        explanation=explanation,
        reviewed_by=reviewer,
        reviewed_on=datetime.date(2026, 11, 2),
        is_published=True,
    )
    term_save(term=term, actor=actor)
    return term


def test_a_page_rebuilt_with_its_kept_parts_is_the_page_built_without_them(
    visitor, drug, expert, django_capture_on_commit_callbacks
):
    reviewer = ExpertProfileFactory(display_name="Maria Alvarez, MD")
    with django_capture_on_commit_callbacks(execute=True):
        # Linked in the summary above the kept part, and in the part itself.
        make_term(reviewer, expert, "JC virus", "A common virus that rarely harms the brain.")
        make_term(reviewer, expert, "infusion", "Medicine given slowly into a vein.")
    drug.summary = "A monthly infusion; the JC virus decides how long it is safe."
    drug.dose_schedule = "One infusion every four weeks. Tests for the JC virus come first."
    drug.save()
    question = PublishedQuestionFactory(
        title="How long does an infusion take?",
        answer_source="An infusion takes an hour. Ask about the JC virus test.",
    )
    for url in (drug.get_absolute_url(), question.get_absolute_url()):
        first = visitor.get(url).content.decode()
        content_changed()  # a change elsewhere: the page is built again, its part kept
        again = visitor.get(url).content.decode()
        assert again == first, url
        # Each term is linked once, at its first use, whether the part was kept or not.
        assert again.count('class="glossary-link"') == 2, url


def test_a_drug_pages_new_text_shows_at_once(visitor, drug, expert):
    assert "every six months" in visitor.get("/drugs/natalizumab/").content.decode()
    response = client_for(expert).post(
        f"/admin/drugs/drug/{drug.pk}/change/",
        admin_form(drug, monitoring="A blood test for the JC virus every three months."),
    )
    assert response.status_code == 302
    page = visitor.get("/drugs/natalizumab/").content.decode()
    assert "every three months" in page
    assert "every six months" not in page


def test_a_side_effect_added_to_a_drug_shows_at_once(visitor, drug):
    assert "Night sweats" not in visitor.get("/drugs/natalizumab/").content.decode()
    SideEffect.objects.create(
        drug=drug, frequency=SideEffect.Frequency.COMMON, effect="Night sweats"
    )
    content_changed()
    assert "Night sweats" in visitor.get("/drugs/natalizumab/").content.decode()


def test_a_new_glossary_term_is_linked_in_kept_text_at_once(
    visitor, drug, expert, django_capture_on_commit_callbacks
):
    assert 'class="glossary-link"' not in visitor.get("/drugs/natalizumab/").content.decode()
    reviewer = ExpertProfileFactory(display_name="Maria Alvarez, MD")
    with django_capture_on_commit_callbacks(execute=True):
        make_term(reviewer, expert, "JC virus", "A common virus that rarely harms the brain.")
    page = visitor.get("/drugs/natalizumab/").content.decode()
    assert '<a class="glossary-link" href="/glossary/jc-virus/">JC virus</a>' in page


def test_a_re_signed_answer_shows_at_once_and_the_old_one_nowhere(
    visitor, expert, colleague, django_capture_on_commit_callbacks
):
    question = PublishedQuestionFactory(answer_source="Rest for a day after the infusion.")
    url = question.get_absolute_url()
    assert "Rest for a day" in visitor.get(url).content.decode()
    question.answer_source = "Rest for two days after the infusion."
    question.save()
    services.question_submit_for_signoff(question_id=question.pk, actor=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_sign_off(question_id=question.pk, actor=expert)
    page = visitor.get(url).content.decode()
    assert "Rest for two days" in page
    assert "Rest for a day" not in page


def test_a_newly_signed_translation_shows_at_once_though_the_qa_itself_did_not_change(visitor):
    question = PublishedQuestionFactory(title="Is it safe?", answer_source="Mostly.")
    first = translate(question, body_html="<p>Casi siempre.</p>")
    url = f"/es/questions/{question.slug}/"
    assert "Casi siempre." in visitor.get(url).content.decode()
    type(first).objects.filter(pk=first.pk).update(is_current=False)
    translate(question, body_html="<p>Sí, con su médico.</p>")
    content_changed()  # as signing a translation does
    page = visitor.get(url).content.decode()
    assert "Sí, con su médico." in page
    assert "Casi siempre." not in page


def test_a_renamed_category_shows_in_every_kept_list_row_at_once(visitor, superuser):
    category = CategoryFactory(name="Treatment", slug="treatment")
    PublishedQuestionFactory(title="Can I travel?", category=category)

    def row(url: str) -> str:
        page = visitor.get(url).content.decode()
        return page[page.index('<article class="qa-summary">') :].split("</article>")[0]

    assert ">Treatment</a>" in row("/questions/")
    response = client_for(superuser).post(
        f"/admin/questions/category/{category.pk}/change/",
        {
            "name": "Treatments and therapies",
            "slug": "treatment",
            "description": "",
            "names-TOTAL_FORMS": "0",
            "names-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert ">Treatments and therapies</a>" in row("/questions/")


def test_a_pages_parts_are_kept_only_for_the_language_they_were_built_in(visitor, drug):
    english = visitor.get("/drugs/natalizumab/").content.decode()
    assert "How it is given" in english
    # No signed Spanish translation: the Spanish page says so, never the English text.
    spanish = visitor.get("/es/drugs/natalizumab/")
    assert "A blood test for the JC virus" not in spanish.content.decode()


def test_the_benchmarks_first_builds_neither_read_nor_keep_a_part(visitor, drug, settings):
    """`X-Benchmark-Cold: all` measures a page built from nothing; `1`, a page
    built again after a change elsewhere (docs/benchmark.md)."""
    settings.BENCHMARK_ENDPOINTS = True

    def parts_used(header: str) -> list[tuple[str, str]]:
        with (
            mock.patch.object(cache, "get", wraps=cache.get) as get,
            mock.patch.object(cache, "set", wraps=cache.set) as put,
        ):
            response = visitor.get("/drugs/natalizumab/", headers={"X-Benchmark-Cold": header})
            assert response.status_code == 200
        return [
            (name, call.args[0].split(":")[1])
            for name, calls in (("read", get.call_args_list), ("kept", put.call_args_list))
            for call in calls
            if call.args[0].startswith(parts.PART_PREFIX)
        ]

    assert parts_used("all") == []
    assert parts_used("all") == []
    first, again = parts_used("1"), parts_used("1")
    assert ("kept", "drug-reference") in first
    assert ("read", "drug-reference") in again
    assert [kept for kept in again if kept[0] == "kept"] == []  # every part was found


def kept_parts(client, url: str) -> list[str]:
    """The names of the parts a request stored in the shared cache."""
    with mock.patch.object(cache, "set", wraps=cache.set) as put:
        assert client.get(url).status_code == 200
    return [c.args[0].split(":")[1] for c in put.call_args_list if c.args[0].startswith("part:")]


def test_staff_signed_in_without_the_staff_marker_never_fill_the_shared_parts(
    visitor, expert, colleague, django_capture_on_commit_callbacks
):
    question = PublishedQuestionFactory(answer_source="Taken down: it named the patient.")
    with django_capture_on_commit_callbacks(execute=True):
        services.question_withdraw(question_id=question.pk, actor=expert, note="identifying")
    staff = Client()
    staff.force_login(expert)  # signed in, but the staff marker is gone
    assert kept_parts(staff, question.get_absolute_url()) == []
    assert "question-rows" in kept_parts(visitor, "/questions/")


def test_a_hidden_or_broken_file_in_the_site_does_not_break_its_pages(tmp_path):
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "views.py").write_text("# the code")
    (tmp_path / "questions" / ".#views.py").symlink_to("nowhere")  # an editor's lock
    (tmp_path / "questions" / "gone.py").symlink_to("nowhere")
    try:
        with override_settings(BASE_DIR=tmp_path):
            assert len(parts.code_digest()) == 32
    finally:
        parts.code_digest.cache_clear()


@pytest.mark.parametrize("value", [{"a set"}, object(), Term.objects.all()])
def test_a_value_whose_repr_would_not_key_a_part_is_refused(value):
    with pytest.raises(TypeError):
        parts.part_key("a part", [value])


def test_the_code_and_settings_a_part_was_rendered_with_are_part_of_its_key(tmp_path):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>One</p>")
    digests = []
    try:
        for change in (None, "template", "setting"):
            if change == "template":
                template.write_text("<p>Two</p>")
            site_url = "https://other.example.org" if change == "setting" else "https://a.org"
            with override_settings(BASE_DIR=tmp_path, SITE_URL=site_url):
                parts.code_digest.cache_clear()
                digests.append(parts.code_digest())
    finally:
        parts.code_digest.cache_clear()
    assert len(set(digests)) == 3
