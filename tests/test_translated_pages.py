"""The Spanish site shows only what a clinician who reads Spanish signed: a Q&A
with a current signed translation reads in Spanish; one without says so and
links the English; lists count only the translated ones and say how many are
in English only. The language comes from the address alone."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, transaction

from core.cache import content_changed
from core.models import OutgoingEmail
from questions import services
from questions.models import AnswerTranslation, CategoryName, Question
from tests.factories import (
    CategoryFactory,
    DrugFactory,
    PublishedQuestionFactory,
    form_values,
    solved_sum,
)
from tests.translation_helpers import SPANISH_BODY, SPANISH_TITLE, translate

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def two_qas():
    translated = PublishedQuestionFactory(
        title="Can I get a flu shot during treatment?", answer_source="Yes, it is safe."
    )
    english_only = PublishedQuestionFactory(
        title="Does heat make MS worse?", answer_source="For a while, yes."
    )
    translate(translated)
    return translated, english_only


def test_a_translated_qa_reads_in_spanish_and_never_in_english(visitor, two_qas):
    translated, _ = two_qas
    response = visitor.get(f"/es/questions/{translated.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert response["Content-Language"] == "es"
    assert f'<h1 id="qa-title">{SPANISH_TITLE}</h1>' in html
    assert SPANISH_BODY in html
    assert "Lucía Romero, MD" in html
    assert "Yes, it is safe." not in html
    assert "Can I get a flu shot" not in html
    # The English page is as it was.
    english = visitor.get(f"/questions/{translated.slug}/").content.decode()
    assert '<html lang="en">' in english
    assert "Yes, it is safe." in english and SPANISH_TITLE not in english


def test_an_untranslated_qa_says_so_in_spanish_and_links_the_english(visitor, two_qas):
    _, english_only = two_qas
    response = visitor.get(f"/es/questions/{english_only.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert '<meta name="robots" content="noindex">' in html
    # The English title is offered as a link, marked as English; the answer is not shown.
    assert (
        f'<a href="/questions/{english_only.slug}/" hreflang="en" lang="en">'
        "Does heat make MS worse?</a>"
    ) in html
    assert "For a while, yes." not in html


@pytest.mark.parametrize("current", [False, True])
def test_only_the_current_translation_of_a_published_qa_is_shown(visitor, current):
    question = PublishedQuestionFactory(title="Is it safe?", answer_source="Mostly.")
    translate(question, title="¿Es seguro?").__class__.objects.filter(question=question).update(
        is_current=current
    )
    html = visitor.get(f"/es/questions/{question.slug}/").content.decode()
    assert ("¿Es seguro?" in html) == current
    Question.objects.filter(pk=question.pk).update(status=Question.Status.WITHDRAWN)
    content_changed()  # as every change of what the public sees does
    assert visitor.get(f"/es/questions/{question.slug}/").status_code == 404


def test_spanish_lists_show_only_translated_qas_under_their_spanish_titles(visitor, two_qas):
    translated, english_only = two_qas
    for address in ["/es/", "/es/questions/"]:
        html = visitor.get(address).content.decode()
        assert SPANISH_TITLE in html, address
        assert "Can I get a flu shot" not in html, address
        assert "Does heat make MS worse?" not in html, address
    english = visitor.get("/questions/").content.decode()
    assert "Does heat make MS worse?" in english and "Can I get a flu shot" in english


def test_the_spanish_sidebar_counts_translated_qas_under_spanish_category_names(visitor):
    category = CategoryFactory(name="Infusion therapies", slug="infusion-therapies")
    CategoryName.objects.create(category=category, language="es", name="Terapias en infusión")
    other = CategoryFactory(name="Living with MS", slug="living-with-ms")
    translate(PublishedQuestionFactory(category=category))
    PublishedQuestionFactory(category=category)
    translate(PublishedQuestionFactory(category=other), title="¿Y el calor?")
    sidebar = visitor.get("/es/questions/").content.decode()
    sidebar = text(sidebar[sidebar.index('class="sidebar') :])
    assert "Terapias en infusión (1)" in sidebar
    # No Spanish name yet: its own name, marked as English.
    html = visitor.get("/es/questions/").content.decode()
    assert re.search(r'<a [^>]*href="/es/category/living-with-ms/"[^>]*lang="en"', html) or (
        'lang="en">Living with MS' in html
    )
    english = text(visitor.get("/questions/").content.decode())
    assert "Infusion therapies (2)" in english


def test_the_translator_never_signs_their_own_translation(two_qas):
    translated, _ = two_qas
    row = AnswerTranslation.objects.get(question=translated)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerTranslation.objects.filter(pk=row.pk).update(signed_by=row.translated_by)


def test_a_question_has_one_current_translation_per_language(two_qas):
    translated, _ = two_qas
    with pytest.raises(IntegrityError), transaction.atomic():
        translate(translated, title="Otra versión")


def test_a_signed_translation_is_never_edited_in_place(two_qas):
    row = AnswerTranslation.objects.get(question=two_qas[0])
    row.question_title = "Cambiado"
    with pytest.raises(ValueError):
        row.save()
    assert row.content_is_intact() is False
    assert AnswerTranslation.objects.get(pk=row.pk).content_is_intact()


def test_the_language_comes_from_the_address_never_from_the_browser(visitor, two_qas):
    response = visitor.get("/questions/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"
    assert "Accept-Language" not in response.get("Vary", "")
    spanish = visitor.get("/es/questions/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="es">' in spanish.content.decode()
    assert "Accept-Language" not in spanish.get("Vary", "")


def test_each_page_links_the_same_page_in_the_other_language(visitor, two_qas):
    translated, _ = two_qas
    english = visitor.get(f"/questions/{translated.slug}/").content.decode()
    assert (
        f'<a href="/es/questions/{translated.slug}/" hreflang="es" lang="es">Español</a>'
    ) in english
    spanish = visitor.get(f"/es/questions/{translated.slug}/").content.decode()
    assert f'<a href="/questions/{translated.slug}/" hreflang="en" lang="en">English</a>' in spanish


def test_the_sitemap_pairs_each_translated_qa_with_its_english_and_no_other(
    visitor, two_qas, settings
):
    translated, english_only = two_qas
    xml = visitor.get("/sitemap.xml").content.decode()
    spanish = f"{settings.SITE_URL}/es/questions/{translated.slug}/"
    english = f"{settings.SITE_URL}/questions/{translated.slug}/"
    assert f"<loc>{spanish}</loc>" in xml and f"<loc>{english}</loc>" in xml
    for language, url in [("es", spanish), ("en", english), ("x-default", english)]:
        assert f'hreflang="{language}" href="{url}"' in xml
    assert f"/es/questions/{english_only.slug}/" not in xml
    assert f"<loc>{settings.SITE_URL}/questions/{english_only.slug}/</loc>" in xml


def test_untranslated_reference_pages_say_so_and_link_their_english(visitor):
    drug = DrugFactory(generic_name="ocrelizumab", brand_names="Ocrevus")
    cases = {
        "/es/drugs/": (
            "La guía de medicamentos todavía no está traducida",
            "/drugs/",
            "Drug reference",
        ),
        "/es/drugs/ocrelizumab/": (
            "La guía de medicamentos todavía no está traducida",
            "/drugs/ocrelizumab/",
            drug.heading,
        ),
        "/es/glossary/": (
            "El glosario todavía no está traducido",
            "/glossary/",
            "MS words explained",
        ),
    }
    for address, (heading, english, title) in cases.items():
        response = visitor.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert '<html lang="es">' in html, address
        assert '<meta name="robots" content="noindex">' in html
        assert f'<h1 id="not-translated-title">{heading}</h1>' in html, address
        assert f'<a href="{english}" hreflang="en" lang="en">{title}</a>' in html, address
        # The English content is not shown in its place.
        assert "Infusion reactions" not in html
    # Search in Spanish finds nothing of the English entry.
    search = visitor.get("/es/search/?q=ocrevus&utm=x").content.decode()
    assert '<html lang="es">' in search
    assert "/drugs/ocrelizumab/#" not in search


def test_a_translation_behind_a_newer_english_says_so_with_the_date_it_follows(visitor, two_qas):
    translated, _ = two_qas
    followed = translated.published_answer
    newer = PublishedQuestionFactory(title="Other")  # a second signed version, moved over
    Question.objects.filter(pk=translated.pk).update(published_answer=newer.published_answer)
    content_changed()
    html = visitor.get(f"/es/questions/{translated.slug}/").content.decode()
    assert (
        f'<time datetime="{followed.signed_at.isoformat()[:10]}' in html
        or "translation-behind" in html
    )
    assert 'class="translation-behind"' in html
    assert f'<a href="/questions/{translated.slug}/" hreflang="en">' in html
    # Before the English changed, no such notice.
    Question.objects.filter(pk=translated.pk).update(published_answer=followed)
    content_changed()
    assert (
        "translation-behind"
        not in visitor.get(f"/es/questions/{translated.slug}/").content.decode()
    )


def test_a_patient_who_asks_in_spanish_hears_back_in_spanish_whoever_acts(
    patient, moderator, expert, colleague, settings
):
    settings.ASK_MIN_SECONDS = 0
    settings.MODERATOR_EMAILS = ["triage@clinic.test"]
    page = patient.get("/es/ask/").content.decode()
    data = form_values(page, action="/es/ask/")
    data.update(
        subject="Calor y manos dormidas",
        question="¿Por qué se me duermen las manos después de una ducha caliente? Tengo EM.",
        email="paciente@patient.test",
        notify="on",
        ack_not_advice="on",
        ack_publish="on",
        captcha_1=solved_sum(data["captcha_0"]),
    )
    assert patient.post("/es/ask/", data).status_code == 302
    question = Question.objects.get()
    assert question.language == "es"
    received = OutgoingEmail.objects.get(to="paciente@patient.test")
    assert received.subject == "Recibimos su pregunta"
    assert f"{settings.SITE_URL}/es/ask/status/" in received.body
    assert '<html lang="es">' in received.html_body
    # The moderator is told in the staff's language.
    to_staff = OutgoingEmail.objects.get(to="triage@clinic.test")
    assert '<html lang="en">' in to_staff.html_body

    # Answered and published from the admin, which is in English: the email is in Spanish.
    services.question_assign(question_id=question.pk, actor=moderator, expert=expert.expert_profile)
    question.refresh_from_db()
    question.answer_source = "Heat slows nerve signals for a while."
    services.question_save_draft(question=question, actor=expert, fields=["answer_source"])
    services.question_submit_for_signoff(question_id=question.pk, actor=expert)
    services.question_sign_off(question_id=question.pk, actor=colleague)
    services.question_publish(question_id=question.pk, actor=colleague)
    answered = OutgoingEmail.objects.filter(to="paciente@patient.test").latest("pk")
    assert answered.subject == "Su pregunta ya tiene respuesta"
    question.refresh_from_db()
    assert f"{settings.SITE_URL}/es/questions/{question.slug}/" in answered.body


def test_the_spanish_feed_carries_only_signed_spanish_answers(visitor, two_qas):
    translated, english_only = two_qas
    feed = visitor.get("/es/feeds/latest/").content.decode()
    assert f"<title>{SPANISH_TITLE}</title>" in feed
    assert SPANISH_BODY.replace("<", "&lt;").replace(">", "&gt;") in feed
    assert f"/es/questions/{translated.slug}/" in feed
    assert "Does heat make MS worse?" not in feed and "Yes, it is safe." not in feed
    english = visitor.get("/feeds/latest/").content.decode()
    assert "Does heat make MS worse?" in english and SPANISH_TITLE not in english


def test_a_signed_translation_is_sanitized_as_answers_are_and_keeps_the_spanish_urgent_box(
    two_qas, expert, colleague
):
    _, english_only = two_qas
    colleague.expert_profile.languages = "en es"
    colleague.expert_profile.save()
    draft = services.translation_save(
        question_id=english_only.pk,
        language="es",
        actor=expert,
        texts={
            "question_title": "¿El calor empeora la EM?",
            "question_text": "Me siento peor en verano.",
            "summary": "Por un tiempo, sí.",
            "answer_source": "Urgente: si no puede ver, llame al 911.\n\n- hoy mismo"
            '\n\n<script>alert("x")</script>',
        },
    )
    services.translation_send(draft_id=draft.pk, actor=expert)
    signed = services.translation_sign(draft_id=draft.pk, actor=colleague)
    assert signed.body_html.startswith('<div class="urgent-advice"><p>Urgente:')
    assert "<script" not in signed.body_html
    assert signed.content_is_intact()
    assert signed.follows_id == english_only.published_answer_id


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("/", "/es/"),
        ("/questions/", "/es/questions/"),
        ("/archive/", "/es/archive/"),
        ("/drugs/", "/es/drugs/"),
        ("/glossary/", "/es/glossary/"),
        ("/search/", "/es/search/"),
        ("/ask/", "/es/ask/"),
        ("/feeds/", "/es/feeds/"),
        ("/subscribe/", "/es/subscribe/"),
    ],
)
def test_the_language_link_of_every_kind_of_page_leads_to_the_same_page(visitor, english, spanish):
    page = visitor.get(english).content.decode()
    assert f'<a href="{spanish}" hreflang="es" lang="es">Español</a>' in page
    page = visitor.get(spanish).content.decode()
    assert f'<a href="{english}" hreflang="en" lang="en">English</a>' in page
