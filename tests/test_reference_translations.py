"""A drug page and a glossary term are translated and signed as an answer is:
a translator saves and sends the translation in the admin, a clinician who
reads Spanish and did not send it signs it, and only then does /es/ show it.
Saving new English text asks whether the change is clinical (the Spanish comes
off /es/ until signed again) or editorial (it stays, saying the English changed)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from core.cache import content_changed
from drugs.models import Drug, DrugTranslation, SideEffect
from glossary.models import Term, TermTranslation
from questions.models import texts_sha256
from questions.services.reference_translations import (
    reference_translation_save,
    reference_translation_send,
    reference_translation_sign,
)
from questions.services.steps import TransitionNotAllowed
from tests.conftest import client_for, json_ld, role
from tests.factories import DrugFactory, ExpertProfileFactory, UserFactory, form_values

pytestmark = pytest.mark.django_db

ADMIN = "/admin/drugs/drugtranslation/"


def clinician_in(username: str, languages: str):
    profile = ExpertProfileFactory(
        user__username=username, display_name=f"{username.title()}, MD", languages=languages
    )
    profile.user.groups.add(role("Experts"))
    return profile.user


@pytest.fixture
def translator():
    user = UserFactory(username="translator", first_name="Ana", last_name="Ruiz", is_staff=True)
    user.groups.add(role("Translators"))
    return user


@pytest.fixture
def reads_spanish():
    return clinician_in("lucia", "en es")


@pytest.fixture
def english_only():
    return clinician_in("john", "en")


@pytest.fixture
def drug() -> Drug:
    return DrugFactory(generic_name="testumab", summary="An antibody given twice a year.")


def spanish_texts(drug: Drug) -> dict[str, str]:
    """A Spanish text for every English text of the entry."""
    texts = {
        key: f"Texto en español {n}" for n, key in enumerate(DrugTranslation.english_texts(drug))
    }
    texts["summary"] = "Un anticuerpo que se da dos veces al año."
    texts["monitoring"] = "Análisis de sangre una vez al año para vigilar los linfocitos."
    return texts


def page_form(client: Client, url: str) -> dict[str, str]:
    values = form_values(client.get(url).content.decode(), action=None)
    return {name: value.removeprefix("\r\n").removeprefix("\n") for name, value in values.items()}


def sent(drug: Drug, translator) -> DrugTranslation:
    """The drug's Spanish translation, saved and sent for sign-off by the translator."""
    made = reference_translation_save(
        model=DrugTranslation,
        entry_id=drug.pk,
        language="es",
        actor=translator,
        texts=spanish_texts(drug),
    )
    reference_translation_send(model=DrugTranslation, translation_id=made.pk, actor=translator)
    return made


def signed(drug: Drug, translator, signer) -> DrugTranslation:
    made = sent(drug, translator)
    return reference_translation_sign(model=DrugTranslation, translation_id=made.pk, actor=signer)


def test_a_drug_page_is_translated_in_the_admin_and_public_only_once_signed(
    drug, translator, reads_spanish, english_only, visitor
) -> None:
    staff = client_for(translator)
    response = staff.post(f"{ADMIN}add/", {"entry": drug.pk, "language": "es"})
    assert response.status_code == 302
    change = response["Location"]
    page = staff.get(change).content.decode()
    # The English is under each box, as the translator works from it.
    assert "An antibody given twice a year." in page
    form = page_form(staff, change)
    for key, text in spanish_texts(drug).items():
        form[f"text__{key}"] = text
    form["_step"] = "translation_send"
    assert staff.post(change, form).status_code == 302
    # Sent, not signed: nothing in Spanish yet.
    assert "not-translated" in visitor.get(f"/es/drugs/{drug.slug}/").content.decode()

    # The translator never signs their own; a clinician who does not read Spanish neither.
    form = page_form(staff, change)
    form["_step"] = "translation_sign"
    refused = staff.post(change, form).content.decode()
    assert "Only a clinician signs a translation" in refused
    assert not DrugTranslation.objects.filter(is_current=True).exists()
    john = client_for(english_only)
    form = page_form(john, change)
    form["_step"] = "translation_sign"
    refused = john.post(change, form).content.decode()
    assert "does not say you sign in Spanish" in refused
    assert not DrugTranslation.objects.filter(is_current=True).exists()

    lucia = client_for(reads_spanish)
    form = page_form(lucia, change)
    form["_step"] = "translation_sign"
    assert lucia.post(change, form).status_code == 302
    page = visitor.get(f"/es/drugs/{drug.slug}/").content.decode()
    assert "Un anticuerpo que se da dos veces al año." in page
    assert "Traducción de Ana Ruiz" in page and "Lucia, MD" in page
    assert "An antibody given twice a year." not in page
    listed = visitor.get("/es/drugs/").content.decode()
    assert f'href="/es/drugs/{drug.slug}/"' in listed


def test_a_change_after_sending_unsends_and_a_signer_edit_is_refused_with_the_words_kept(
    drug, translator, reads_spanish
) -> None:
    made = sent(drug, translator)
    lucia = client_for(reads_spanish)
    change = f"{ADMIN}{made.pk}/change/"
    form = page_form(lucia, change)
    form["text__summary"] = "Un anticuerpo, corregido por quien firma."
    form["_step"] = "translation_sign"
    page = lucia.post(change, form).content.decode()
    assert "Nothing was saved" in page
    assert "Un anticuerpo, corregido por quien firma." in page  # what she typed is kept
    made.refresh_from_db()
    assert made.state == DrugTranslation.State.SENT and not made.is_current
    # Saved by a translator instead, it is no longer sent.
    reference_translation_save(
        model=DrugTranslation,
        entry_id=drug.pk,
        language="es",
        actor=translator,
        texts={**spanish_texts(drug), "summary": "Otro texto."},
    )
    made.refresh_from_db()
    assert made.state == DrugTranslation.State.DRAFT


def test_a_clinical_change_takes_the_spanish_off_and_an_editorial_one_marks_it(
    drug, translator, reads_spanish, visitor
) -> None:
    signed(drug, translator, reads_spanish)
    lucia = client_for(reads_spanish)
    url = f"/admin/drugs/drug/{drug.pk}/change/"
    form = page_form(lucia, url)
    form["summary"] = "An antibody given twice a year; now also as an injection."
    page = lucia.post(url, form).content.decode()
    assert "say whether the change is clinical or editorial" in page
    assert "now also as an injection" in page  # the edit is kept on the page
    form["change_kind"] = "editorial"
    assert lucia.post(url, form).status_code == 302
    page = visitor.get(f"/es/drugs/{drug.slug}/").content.decode()
    assert "Un anticuerpo que se da dos veces al año." in page
    assert "La ficha en inglés ha cambiado" in page

    form = page_form(lucia, url)
    form["summary"] = "An antibody given twice a year. A new boxed warning applies."
    form["change_kind"] = "clinical"
    assert lucia.post(url, form).status_code == 302
    page = visitor.get(f"/es/drugs/{drug.slug}/").content.decode()
    assert "Un anticuerpo" not in page and "not-translated" in page
    assert f'href="/es/drugs/{drug.slug}/"' not in visitor.get("/es/drugs/").content.decode()


def test_spanish_search_finds_a_signed_drug_section_and_loses_it_when_taken_off(
    drug, translator, reads_spanish, visitor, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        signed(drug, translator, reads_spanish)
    page = visitor.get("/es/search/", {"q": "linfocitos"}).content.decode()
    assert f"/es/drugs/{drug.slug}/#monitoring" in page
    assert "Análisis de sangre" in page
    # English search never shows the Spanish text.
    english = visitor.get("/search/", {"q": "linfocitos"}).content.decode()
    assert f"/drugs/{drug.slug}/" not in english
    with django_capture_on_commit_callbacks(execute=True):
        from questions.services.reference_translations import english_changed

        english_changed(model=DrugTranslation, entry=drug, clinical=True)
    page = visitor.get("/es/search/", {"q": "linfocitos"}).content.decode()
    assert f"/es/drugs/{drug.slug}/" not in page


def test_a_glossary_term_in_spanish_and_its_link_from_a_spanish_page(
    translator, reads_spanish, visitor
) -> None:
    term = Term.objects.create(
        name="relapse",
        slug="relapse",
        explanation="New or worse symptoms that last more than a day.",
        reviewed_by=ExpertProfileFactory(),
        reviewed_on=datetime.date(2026, 10, 1),
        is_published=True,
    )
    made = reference_translation_save(
        model=TermTranslation,
        entry_id=term.pk,
        language="es",
        actor=translator,
        texts={"name": "brote", "explanation": "Síntomas nuevos o peores que duran más de un día."},
    )
    reference_translation_send(model=TermTranslation, translation_id=made.pk, actor=translator)
    assert "not-translated" in visitor.get("/es/glossary/relapse/").content.decode()
    reference_translation_sign(model=TermTranslation, translation_id=made.pk, actor=reads_spanish)
    page = visitor.get("/es/glossary/relapse/").content.decode()
    assert "<h1" in page and "Brote" in page
    assert "Síntomas nuevos o peores" in page
    assert "Brote" in visitor.get("/es/glossary/").content.decode()
    # The English page is untouched.
    assert "New or worse symptoms" in visitor.get("/glossary/relapse/").content.decode()


def test_the_queue_lists_entries_to_translate_and_translating_again_starts_from_the_last(
    drug, translator, reads_spanish
) -> None:
    staff = client_for(translator)
    assert f"Translate: {drug.heading}" in staff.get(ADMIN).content.decode()
    first = signed(drug, translator, reads_spanish)
    queue = staff.get(ADMIN).content.decode()
    assert f"Translate: {drug.heading}" not in queue
    assert f"Translate again: {drug.heading}" not in queue
    Drug.objects.filter(pk=drug.pk).update(summary="An antibody given twice a year, by drip.")
    assert f"Translate again: {drug.heading}" in staff.get(ADMIN).content.decode()
    response = staff.post(f"{ADMIN}add/", {"entry": drug.pk, "language": "es"})
    again = DrugTranslation.objects.get(state=DrugTranslation.State.DRAFT)
    assert response["Location"].endswith(f"/{again.pk}/change/")
    assert again.texts == first.texts  # only what changed is rewritten


def test_the_sitemap_lists_a_spanish_drug_page_only_while_it_has_a_signed_translation(
    drug, translator, reads_spanish, visitor, settings
) -> None:
    settings.SITE_URL = "https://ms.example.org"
    other = DrugFactory(generic_name="otherumab")
    assert f"/es/drugs/{drug.slug}/" not in visitor.get("/sitemap.xml").content.decode()
    signed(drug, translator, reads_spanish)
    sitemap = visitor.get("/sitemap.xml").content.decode()
    assert f'hreflang="es" href="https://ms.example.org/es/drugs/{drug.slug}/"' in sitemap
    assert f'hreflang="x-default" href="https://ms.example.org/drugs/{drug.slug}/"' in sitemap
    assert f"/es/drugs/{other.slug}/" not in sitemap
    from questions.services.reference_translations import english_changed

    english_changed(model=DrugTranslation, entry=drug, clinical=True)
    assert f"/es/drugs/{drug.slug}/" not in visitor.get("/sitemap.xml").content.decode()


def test_a_spanish_drug_page_says_in_structured_data_what_it_translates_and_who_signed_it(
    drug, translator, reads_spanish, visitor, settings
) -> None:
    settings.SITE_URL = "https://ms.example.org"
    signed(drug, translator, reads_spanish)
    data = json_ld(visitor.get(f"/es/drugs/{drug.slug}/").content.decode())
    assert data["inLanguage"] == "es"
    assert data["url"] == f"https://ms.example.org/es/drugs/{drug.slug}/"
    assert data["translationOfWork"]["url"] == f"https://ms.example.org/drugs/{drug.slug}/"
    assert data["translator"]["name"] == "Ana Ruiz"
    assert data["reviewedBy"]["name"] == "Lucia, MD"
    assert data["description"] == "Un anticuerpo que se da dos veces al año."
    english = json_ld(visitor.get(f"/drugs/{drug.slug}/").content.decode())
    assert english["inLanguage"] == "en" and "translationOfWork" not in english


def test_a_drug_page_translation_has_its_own_review_cycle(
    drug, translator, reads_spanish, visitor, settings
) -> None:
    made = signed(drug, translator, reads_spanish)
    page = visitor.get(f"/es/drugs/{drug.slug}/").content.decode()
    assert "Revisión hecha por <strong>Lucia, MD</strong>" in page
    assert "revisión pendiente" not in page
    # Signed longer ago than the drug reference's review period: due, said calmly,
    # and listed for review in the admin.
    long_ago = timezone.now() - datetime.timedelta(days=31 * (settings.DRUG_REVIEW_MONTHS + 1))
    DrugTranslation.objects.filter(pk=made.pk).update(signed_at=long_ago)
    content_changed()
    page = visitor.get(f"/es/drugs/{drug.slug}/").content.decode()
    assert "Esta entrada tiene una revisión pendiente" in page
    assert f"Review: {drug.heading}" in client_for(translator).get(ADMIN).content.decode()


def test_a_side_effect_changed_in_the_admin_takes_the_translation_off_unless_said_editorial(
    drug, translator, reads_spanish, visitor
) -> None:
    SideEffect.objects.create(drug=drug, frequency=1, effect="Headache")
    signed(drug, translator, reads_spanish)
    lucia = client_for(reads_spanish)
    url = f"/admin/drugs/drug/{drug.pk}/change/"
    form = page_form(lucia, url)
    form["side_effects-0-effect"] = "Severe headache"
    response = lucia.post(url, form, follow=True)
    assert "taken as clinical" in response.content.decode()
    assert "not-translated" in visitor.get(f"/es/drugs/{drug.slug}/").content.decode()


def test_a_clinician_never_signs_a_text_that_changed_after_their_page_showed_it(
    drug, translator, reads_spanish
) -> None:
    made = sent(drug, translator)
    seen = texts_sha256(DrugTranslation.objects.get(pk=made.pk).texts)
    # Meanwhile the translator changes a word and sends it again.
    reference_translation_save(
        model=DrugTranslation,
        entry_id=drug.pk,
        language="es",
        actor=translator,
        texts={**spanish_texts(drug), "summary": "Otro texto que nadie leyó."},
    )
    reference_translation_send(model=DrugTranslation, translation_id=made.pk, actor=translator)
    with pytest.raises(TransitionNotAllowed, match="changed while you were reading"):
        reference_translation_sign(
            model=DrugTranslation, translation_id=made.pk, actor=reads_spanish, seen_sha256=seen
        )
    assert not DrugTranslation.objects.filter(is_current=True).exists()
