"""A translation is made and signed in the admin as an answer is: a translator
writes and sends it from the translation queue, a clinician who reads Spanish
and did not send it signs it, and only then does the Spanish page show it.
When the English is signed again the signer says whether the change is
clinical (the Spanish comes off every public page until signed again) or
editorial (it stays, saying which English version it follows)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.cache import content_changed
from questions import services
from questions.dashboard import waiting_for
from questions.models import AnswerTranslation, Transition, TranslationDraft
from tests.conftest import client_for, json_ld, role
from tests.factories import (
    ExpertProfileFactory,
    PublishedQuestionFactory,
    QuestionFactory,
    UserFactory,
    form_values,
)

pytestmark = pytest.mark.django_db

TITLE = "¿Puedo vacunarme contra la gripe durante el tratamiento?"
TEXTS = {
    "question_title": TITLE,
    "question_text": "Empiezo ocrelizumab el mes que viene.",
    "summary": "Sí. Mejor dos semanas antes de la infusión.",
    "answer_source": "La vacuna inactivada de la gripe es segura.\n\n- Pregunte a su equipo.",
}
DRAFTS = "/admin/questions/translationdraft/"


@pytest.fixture
def qa():
    return PublishedQuestionFactory(
        title="Can I get a flu shot during treatment?",
        summary="Yes. Best two weeks before the infusion.",
        answer_source="The inactivated flu shot is safe.",
    )


@pytest.fixture
def translator():
    """Staff who translate but never sign: the Translators group, no expert profile."""
    user = UserFactory(username="translator", first_name="Ana", last_name="Ruiz", is_staff=True)
    user.groups.add(role("Translators"))
    return user


def clinician_in(username: str, languages: str):
    profile = ExpertProfileFactory(
        user__username=username, display_name=f"{username.title()}, MD", languages=languages
    )
    profile.user.groups.add(role("Experts"))
    return profile.user


@pytest.fixture
def reads_spanish():
    return clinician_in("lucia", "en es")


@pytest.fixture
def english_only():
    return clinician_in("john", "en")


def page_form(client, url: str) -> dict[str, str]:
    """The form of an admin page as a browser would post it back."""
    values = form_values(client.get(url).content.decode(), action=None)
    return {name: value.removeprefix("\r\n").removeprefix("\n") for name, value in values.items()}


def start(client, qa) -> TranslationDraft:
    """Open the queue's "Translate" link, fill the form in and save it."""
    add = f"{DRAFTS}add/?question={qa.pk}&language=es"
    data = {**page_form(client, add), **TEXTS, "_continue": "1"}
    response = client.post(add, data)
    assert response.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S
    )
    return TranslationDraft.objects.get(question=qa, language="es")


def press(client, draft: TranslationDraft, step: str, **changes: str):
    url = f"{DRAFTS}{draft.pk}/change/"
    return client.post(url, {**page_form(client, url), **changes, "_step": step})


def spanish(client, qa) -> str:
    return client.get(f"/es/questions/{qa.slug}/").content.decode()


def sent_and_signed(qa, translator, signer) -> AnswerTranslation:
    draft = services.translation_save(
        question_id=qa.pk, language="es", actor=translator, texts=TEXTS
    )
    services.translation_send(draft_id=draft.pk, actor=translator)
    return services.translation_sign(draft_id=draft.pk, actor=signer)


def re_sign(
    qa, kind: str, *, sender, signer, text: str = "The flu shot is safe; wait after."
) -> None:
    qa.answer_source = text
    qa.save()
    services.question_submit_for_signoff(question_id=qa.pk, actor=sender)
    services.question_sign_off(question_id=qa.pk, actor=signer, change_kind=kind)


def test_from_the_queue_to_the_spanish_page_through_the_admin(
    qa, translator, reads_spanish, english_only, visitor
):
    as_translator = client_for(translator)
    queue = as_translator.get(DRAFTS).content.decode()
    assert f"Translate: {qa.title}" in queue
    add = as_translator.get(f"{DRAFTS}add/?question={qa.pk}&language=es").content.decode()
    # The signed English sits above the form, marked as English.
    assert 'lang="en"' in add and "The inactivated flu shot is safe." in add

    draft = start(as_translator, qa)
    assert f"Translate: {qa.title}" not in as_translator.get(DRAFTS).content.decode()
    assert "being translated" in as_translator.get(DRAFTS).content.decode()
    response = press(as_translator, draft, "translation_send")
    assert response.status_code == 302
    assert "todavía no está traducida" in spanish(visitor, qa)  # not signed yet

    # A clinician who does not sign in Spanish has no button, and is told who may sign.
    page = client_for(english_only).get(f"{DRAFTS}{draft.pk}/change/").content.decode()
    assert "Sign the translation" not in page
    assert "Lucia, MD" in page and "John, MD" not in page.split("may be signed")[-1]

    as_signer = client_for(reads_spanish)
    page = as_signer.get(f"{DRAFTS}{draft.pk}/change/").content.decode()
    assert "Sign the translation" in page
    assert press(as_signer, draft, "translation_sign").status_code == 302
    assert f">{TITLE}</h1>" in spanish(visitor, qa)
    assert "Sí. Mejor dos semanas antes de la infusión." in spanish(visitor, qa)
    signed = AnswerTranslation.objects.get(question=qa)
    assert (signed.translated_by, signed.signed_by) == (translator, reads_spanish)
    assert signed.content_is_intact()
    history = list(Transition.objects.filter(question=qa).values_list("action", "actor", "note"))
    assert ("translation_send", translator.pk, "Spanish.") in history
    assert ("translation_sign", reads_spanish.pk, "Spanish.") in history


def test_the_translator_never_signs_their_own_translation(qa, reads_spanish, visitor):
    as_clinician = client_for(reads_spanish)
    draft = start(as_clinician, qa)
    press(as_clinician, draft, "translation_send")
    page = as_clinician.get(f"{DRAFTS}{draft.pk}/change/").content.decode()
    assert "Sign the translation" not in page
    assert "No other clinician signs in Spanish yet" in page
    # A forged press is refused on the page, with the text kept.
    response = press(as_clinician, draft, "translation_sign")
    assert response.status_code == 200
    assert "the translator never signs their own translation" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.translation_sign(draft_id=draft.pk, actor=reads_spanish)
    assert not AnswerTranslation.objects.exists()
    assert "todavía no está traducida" in spanish(visitor, qa)


def test_a_clinician_who_does_not_sign_in_spanish_cannot_sign_it(qa, translator, english_only):
    draft = services.translation_save(
        question_id=qa.pk, language="es", actor=translator, texts=TEXTS
    )
    services.translation_send(draft_id=draft.pk, actor=translator)
    response = press(client_for(english_only), draft, "translation_sign")
    assert "does not say you sign in Spanish" in response.content.decode()
    with pytest.raises(PermissionDenied, match="sign in Spanish"):
        services.translation_sign(draft_id=draft.pk, actor=english_only)
    assert not AnswerTranslation.objects.exists()


def test_a_change_after_sending_unsends_it_and_the_history_says_so(qa, translator, reads_spanish):
    as_translator = client_for(translator)
    draft = start(as_translator, qa)
    press(as_translator, draft, "translation_send")
    url = f"{DRAFTS}{draft.pk}/change/"
    changed = {**page_form(as_translator, url), "summary": "Sí.", "_continue": "1"}
    as_translator.post(url, changed)
    draft.refresh_from_db()
    assert not draft.is_sent
    assert Transition.objects.filter(
        question=qa, action="translation_changed_after_sending"
    ).exists()
    # Signing the text as it is now would sign what nobody sent.
    response = press(client_for(reads_spanish), draft, "translation_sign")
    assert "has not been sent for sign-off" in response.content.decode()
    assert not AnswerTranslation.objects.exists()


def test_a_signer_changing_the_text_while_signing_signs_nothing_and_keeps_the_words(
    qa, translator, reads_spanish
):
    draft = services.translation_save(
        question_id=qa.pk, language="es", actor=translator, texts=TEXTS
    )
    services.translation_send(draft_id=draft.pk, actor=translator)
    response = press(client_for(reads_spanish), draft, "translation_sign", summary="Sí, siempre.")
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing was saved: you changed the text" in page
    assert "Sí, siempre." in page
    draft.refresh_from_db()
    assert draft.summary == TEXTS["summary"] and draft.is_sent


def test_signing_what_the_browser_sends_back_unchanged_with_crlf_line_ends_signs_it(
    qa, translator, reads_spanish
):
    draft = services.translation_save(
        question_id=qa.pk, language="es", actor=translator, texts=TEXTS
    )
    services.translation_send(draft_id=draft.pk, actor=translator)
    url = f"{DRAFTS}{draft.pk}/change/"
    as_signer = client_for(reads_spanish)
    form = page_form(as_signer, url)
    as_browser = {name: value.replace("\n", "\r\n") for name, value in form.items()}
    response = as_signer.post(url, {**as_browser, "_step": "translation_sign"})
    assert response.status_code == 302
    assert AnswerTranslation.objects.filter(question=qa, is_current=True).exists()


def test_changes_requested_go_back_with_the_note(qa, translator, reads_spanish):
    as_translator = client_for(translator)
    draft = start(as_translator, qa)
    press(as_translator, draft, "translation_send")
    as_signer = client_for(reads_spanish)
    response = press(as_signer, draft, "translation_request_changes")
    assert "Please write in the note what should change." in response.content.decode()
    press(as_signer, draft, "translation_request_changes", step_note="Diga “inactivada”.")
    draft.refresh_from_db()
    assert not draft.is_sent
    page = as_translator.get(f"{DRAFTS}{draft.pk}/change/").content.decode()
    assert "Changes were requested: “Diga “inactivada”.”" in page
    assert "changes requested" in as_translator.get(DRAFTS).content.decode()


def test_a_clinical_change_takes_the_translation_off_every_public_page(
    qa, translator, reads_spanish, english_only, visitor
):
    sent_and_signed(qa, translator, reads_spanish)
    assert TITLE in visitor.get("/es/feeds/latest/").content.decode()
    re_sign(qa, "clinical", sender=english_only, signer=reads_spanish)

    page = spanish(visitor, qa)
    assert "Esta respuesta se está actualizando" in page
    assert f'href="/questions/{qa.slug}/" hreflang="en" lang="en"' in page
    assert TITLE not in page and "Sí. Mejor dos semanas" not in page
    for url in ["/es/", "/es/questions/", "/es/feeds/latest/", "/sitemap.xml"]:
        listed = visitor.get(url).content.decode()
        assert TITLE not in listed and f"/es/questions/{qa.slug}/" not in listed, url
    queue = client_for(translator).get(DRAFTS).content.decode()
    assert f"Translate again: {qa.title}" in queue and "off the Spanish page" in queue
    kinds = Transition.objects.filter(question=qa, action="re_sign").values_list("note", flat=True)
    assert [note for note in kinds if "Clinical" in note]


def test_an_editorial_change_keeps_the_translation_with_the_date_it_follows(
    qa, translator, reads_spanish, english_only, visitor
):
    translation = sent_and_signed(qa, translator, reads_spanish)
    re_sign(qa, "editorial", sender=english_only, signer=reads_spanish)
    page = spanish(visitor, qa)
    assert f">{TITLE}</h1>" in page
    assert "Esta traducción sigue la respuesta en inglés firmada el" in page
    assert translation.follows.signed_at.strftime("%Y-%m-%d") in page
    queue = client_for(translator).get(DRAFTS).content.decode()
    assert f"Translate again: {qa.title}" in queue and "still shown" in queue


def test_signing_again_a_translated_qa_asks_what_kind_of_change_and_keeps_the_edit(
    qa, translator, reads_spanish, english_only
):
    sent_and_signed(qa, translator, reads_spanish)
    qa.answer_source = "The flu shot is safe; wait two weeks after."
    qa.save()
    services.question_submit_for_signoff(question_id=qa.pk, actor=english_only)
    with pytest.raises(services.TransitionNotAllowed, match="clinical"):
        services.question_sign_off(question_id=qa.pk, actor=reads_spanish)

    url = f"/admin/questions/question/{qa.pk}/change/"
    as_signer = client_for(reads_spanish)
    page = as_signer.get(url).content.decode()
    assert "What kind of change is this?" in page
    data = {**page_form(as_signer, url), "_transition": "sign_off", "transition_note": "Dose."}
    response = as_signer.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Say whether the change is clinical or editorial" in html
    assert re.search(r"<textarea[^>]*transition_note[^>]*>\s*Dose\.</textarea>", html)
    assert qa.answers.count() == 1
    response = as_signer.post(url, {**data, "transition_change_kind": "clinical"})
    assert response.status_code == 302
    assert qa.answers.latest().change_kind == "clinical"


def test_a_translation_of_an_english_version_signed_again_since_waits_to_be_sent_again(
    qa, translator, reads_spanish, english_only
):
    draft = services.translation_save(
        question_id=qa.pk, language="es", actor=translator, texts=TEXTS
    )
    services.translation_send(draft_id=draft.pk, actor=translator)
    re_sign(qa, "", sender=english_only, signer=reads_spanish)  # nothing translated yet
    with pytest.raises(services.TransitionNotAllowed, match="signed again"):
        services.translation_sign(draft_id=draft.pk, actor=reads_spanish)
    page = client_for(translator).get(f"{DRAFTS}{draft.pk}/change/").content.decode()
    assert "The English was signed again" in page and "The flu shot is safe; wait after." in page
    services.translation_send(draft_id=draft.pk, actor=translator)
    signed = services.translation_sign(draft_id=draft.pk, actor=reads_spanish)
    assert signed.follows_id == qa.answers.latest().pk


def test_the_dashboard_counts_translation_work(qa, translator, reads_spanish, english_only):
    PublishedQuestionFactory()
    labels = {row.label: row.how_many for row in waiting_for(translator)}
    assert labels["published Q&As to translate into Spanish"] == 2
    draft = services.translation_save(
        question_id=qa.pk, language="es", actor=translator, texts=TEXTS
    )
    services.translation_send(draft_id=draft.pk, actor=translator)
    spanish_rows = {row.label: row.how_many for row in waiting_for(reads_spanish)}
    assert spanish_rows["translation into Spanish waiting for your signature"] == 1
    english_rows = {row.label for row in waiting_for(english_only)}
    assert not any("into Spanish waiting" in label for label in english_rows)


def test_only_the_administrator_says_which_languages_a_clinician_signs_in(superuser, english_only):
    profile = english_only.expert_profile
    url = f"/admin/questions/expertprofile/{profile.pk}/change/"
    own = client_for(english_only)
    data = {**page_form(own, url), "languages": ["en", "es"]}
    own.post(url, data)
    profile.refresh_from_db()
    assert profile.languages == "en"
    admin = client_for(superuser)
    form = page_form(admin, url)
    response = admin.post(url, {**form, "languages": ["en", "es"]})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.signs_in("es")


def test_structured_data_links_the_translation_and_the_english_both_ways(
    qa, translator, reads_spanish, english_only, visitor, settings
):
    english = json_ld(visitor.get(f"/questions/{qa.slug}/").content.decode())
    assert english["inLanguage"] == "en" and "workTranslation" not in english
    sent_and_signed(qa, translator, reads_spanish)

    english = json_ld(visitor.get(f"/questions/{qa.slug}/").content.decode())
    assert english["workTranslation"] == {
        "@type": "MedicalWebPage",
        "url": f"{settings.SITE_URL}/es/questions/{qa.slug}/",
        "inLanguage": "es",
    }
    spanish_data = json_ld(spanish(visitor, qa))
    assert spanish_data["inLanguage"] == "es"
    assert spanish_data["name"] == TITLE
    assert spanish_data["translationOfWork"]["url"] == f"{settings.SITE_URL}/questions/{qa.slug}/"
    assert spanish_data["translator"] == {"@type": "Person", "name": "Ana Ruiz"}
    assert spanish_data["reviewedBy"] == {"@type": "Person", "name": "Lucia, MD"}
    # The answer's author is still the clinician who signed the English.
    english_signer = qa.published_answer.signature_lines[0]
    assert spanish_data["mainEntity"]["acceptedAnswer"]["author"]["name"] == english_signer

    re_sign(qa, "clinical", sender=english_only, signer=reads_spanish)
    english = json_ld(visitor.get(f"/questions/{qa.slug}/").content.decode())
    assert "workTranslation" not in english


def test_a_translation_has_its_own_review_cycle_and_is_reviewed_from_its_own_text(
    qa, translator, reads_spanish, visitor, settings
):
    translation = sent_and_signed(qa, translator, reads_spanish)
    page = spanish(visitor, qa)
    # Reviewed by the clinician who signed the Spanish, on that day; the
    # translator and the English answer's signer are named too.
    assert "Revisión hecha por <strong>Lucia, MD</strong>" in page
    # The signer's block is kept in English, and says so to a screen reader.
    assert '<address lang="en">' in page
    english = client_for(translator).get(f"/questions/{qa.slug}/").content.decode()
    assert "<address>" in english
    english_signer = qa.published_answer.signature_lines[0]
    assert (
        f"Traducción de Ana Ruiz. La respuesta original en inglés la firmó {english_signer}."
        in page
    )
    assert "Esta respuesta tiene una revisión pendiente" not in page

    # Signed longer ago than the review cycle: due, whatever the English's review says.
    long_ago = timezone.now() - datetime.timedelta(days=31 * (settings.QA_REVIEW_MONTHS + 1))
    AnswerTranslation.objects.filter(pk=translation.pk).update(signed_at=long_ago)
    content_changed()
    assert "Esta respuesta tiene una revisión pendiente" in spanish(visitor, qa)
    as_translator = client_for(translator)
    queue = as_translator.get(DRAFTS).content.decode()
    assert f"Review: {qa.title}" in queue
    # The review starts from the signed text, Markdown and all.
    add = as_translator.get(f"{DRAFTS}add/?question={qa.pk}&language=es").content.decode()
    assert TEXTS["answer_source"].split("\n")[0] in add
    assert f'value="{TITLE}"' in add


def test_the_add_page_shows_no_unpublished_question_and_survives_odd_addresses(
    qa, translator, reads_spanish
):
    new = QuestionFactory(title="Maria Lopez Garcia from Toledo asks about her relapse")
    as_translator = client_for(translator)
    for address in [
        f"{DRAFTS}add/?question={new.pk}&language=es",
        f"{DRAFTS}add/?question=²&language=xx",
        f"{DRAFTS}add/?question=99999999999999999999999&language=es",
    ]:
        response = as_translator.get(address)
        assert response.status_code == 200, address
        assert "Maria Lopez" not in response.content.decode()
    # A forged post of that question's id is refused in plain words, its title unsaid.
    form = page_form(as_translator, f"{DRAFTS}add/?question={qa.pk}&language=es")
    response = as_translator.post(f"{DRAFTS}add/", {**form, **TEXTS, "question": str(new.pk)})
    html = response.content.decode()
    assert "That Q&amp;A is not published" in html and "Maria Lopez" not in html
    assert as_translator.get(f"{DRAFTS}²/change/").status_code in {302, 404}


def test_translating_again_after_a_clinical_change_warns_and_shows_the_english_it_followed(
    qa, translator, reads_spanish, english_only
):
    sent_and_signed(qa, translator, reads_spanish)
    re_sign(qa, "clinical", sender=english_only, signer=reads_spanish)
    page = client_for(translator).get(f"{DRAFTS}add/?question={qa.pk}&language=es")
    html = page.content.decode()
    assert "Starting from the last signed translation" in html
    assert "Clinical: a dose, a risk or advice changed" in html
    assert "The English this translation followed" in html
    assert "The inactivated flu shot is safe." in html  # the old English, to compare


def test_a_signer_who_edits_and_requests_changes_keeps_the_draft_as_sent(
    qa, translator, reads_spanish
):
    draft = services.translation_save(
        question_id=qa.pk, language="es", actor=translator, texts=TEXTS
    )
    services.translation_send(draft_id=draft.pk, actor=translator)
    response = press(
        client_for(reads_spanish),
        draft,
        "translation_request_changes",
        summary="Sí.",
        step_note="Más corto.",
    )
    assert "Nothing was saved: you changed the text" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_sent and draft.summary == TEXTS["summary"]


def test_a_draft_of_a_withdrawn_qa_waits_and_says_why(qa, translator, moderator):
    draft = services.translation_save(
        question_id=qa.pk, language="es", actor=translator, texts=TEXTS
    )
    services.question_withdraw(question_id=qa.pk, actor=moderator, note="Out of date.")
    as_translator = client_for(translator)
    assert "on hold: the Q&amp;A is not published" in as_translator.get(DRAFTS).content.decode()
    response = press(as_translator, draft, "translation_send")
    assert "This Q&amp;A is not published at the moment" in response.content.decode()


def test_an_answer_written_in_spanish_first_says_so_and_its_translation_starts_from_it(
    translator, reads_spanish, english_only, visitor
):
    """The clinician writes in Spanish first; the English is its translation, signed
    as any answer; the Spanish translation starts from the original and is still
    sent and signed by a clinician who reads Spanish."""
    qa = PublishedQuestionFactory(title="Can I take a hot bath?")
    original = "Un baño tibio está bien. Evite el agua muy caliente."
    url = f"/admin/questions/question/{qa.pk}/change/"
    as_author = client_for(english_only)
    form = page_form(as_author, url)
    # Saying Spanish without the Spanish text is refused, with what was typed kept.
    form.update(
        {"answer_written_in": "es", "answer_source": "A warm bath is fine. Avoid very hot water."}
    )
    page = as_author.post(url, form).content.decode()
    assert "paste that text here" in page
    assert "A warm bath is fine. Avoid very hot water." in page
    form["original_answer"] = original
    assert as_author.post(url, form).status_code == 302
    services.question_submit_for_signoff(question_id=qa.pk, actor=english_only)
    services.question_sign_off(question_id=qa.pk, actor=reads_spanish)
    qa.refresh_from_db()
    assert qa.published_answer.written_in == "es"
    assert qa.published_answer.original_source == original
    english_page = visitor.get(f"/questions/{qa.slug}/").content.decode()
    assert "This answer was written first in Spanish" in english_page

    # The translation starts from the original, and is still sent and signed.
    add = client_for(translator).get(f"{DRAFTS}add/?question={qa.pk}&language=es").content.decode()
    assert original in add
    sent_and_signed(qa, translator, reads_spanish)
    page = spanish(visitor, qa)
    assert "Esta respuesta se escribió primero en español" in page


def test_spanish_search_and_similar_questions_find_a_signed_translation_until_taken_off(
    qa, translator, reads_spanish, english_only, visitor, django_capture_on_commit_callbacks
):
    """Search and "similar questions" on /es/ask/ offer only what is signed in Spanish."""
    similar = {"subject": "Vacuna de la gripe", "question": "¿Puedo vacunarme contra la gripe?"}
    assert f"/es/questions/{qa.slug}/" not in visitor.get("/es/search/?q=vacuna").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # search is told after commit
        sent_and_signed(qa, translator, reads_spanish)
    found = visitor.get("/es/search/?q=vacunarme+gripe").content.decode()
    assert f'href="/es/questions/{qa.slug}/"' in found
    assert TITLE in visitor.post("/es/ask/similar/", similar).content.decode()
    # The English search never shows the Spanish text, nor the Spanish the English.
    assert TITLE not in visitor.get("/search/?q=gripe").content.decode()
    assert qa.title not in visitor.get("/es/search/?q=flu+shot").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        re_sign(qa, "clinical", sender=english_only, signer=reads_spanish)
    assert (
        f"/es/questions/{qa.slug}/"
        not in visitor.get("/es/search/?q=vacunarme+gripe").content.decode()
    )
    assert TITLE not in visitor.post("/es/ask/similar/", similar).content.decode()
