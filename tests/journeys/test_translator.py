"""A Spanish translation from the queue to the reader, and what a change of
the English does to it: a clinician translates a Q&A from the translation
queue and sends it; a colleague who signs in Spanish signs it; a reader on a
phone switches from the English page to the Spanish one and back. Then the
English of two translated Q&As changes: after a clinical change the Spanish
page says the answer is being updated; after an editorial one it stays, saying
which English version it follows."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.journeys.conftest import Person
from tests.journeys.steps import open_question

TO_TRANSLATE = "Should I look into a stem cell trial for MS?"
SPANISH_TITLE = "¿Debería buscar un ensayo clínico con células madre para la EM?"
CLINICAL = "Which vaccines should I get before starting an anti-CD20 infusion?"
EDITORIAL = "I had one episode of optic neuritis. Do I have MS?"


def change_the_english(sender: Person, signer: Person, title: str, kind: str) -> str:
    """One clinician adds a sentence and sends it; the other signs it, saying
    what kind of change it is. Returns the Q&A's public path."""
    sender.goto("/admin/questions/question/?queue=all&status__exact=published")
    open_question(sender, title)
    answer = sender.page.get_by_label("Answer (draft)")
    answer.fill(answer.input_value() + "\n\nAsk your team which of these apply to you.")
    sender.page.get_by_role("button", name="Save and continue editing").click()
    sender.looks()
    sender.page.get_by_role("button", name="Send for sign-off").click()
    sender.looks()
    expect(sender.page.get_by_text("Done: send for sign-off.")).to_be_visible()

    signer.goto("/admin/questions/question/?queue=all&status__exact=published")
    open_question(signer, title)
    page = signer.page
    page.get_by_role("button", name="Sign off").click()  # without saying the kind first
    signer.looks()
    expect(page.get_by_role("alert")).to_contain_text("Say whether the change is clinical")
    page.get_by_label(re.compile(f"^{kind}:")).check()
    page.get_by_role("button", name="Sign off").click()
    signer.looks()
    expect(page.get_by_text("Done: sign off.")).to_be_visible()
    return page.locator(".field-public_link a").get_attribute("href") or ""


def test_a_translation_is_signed_by_a_colleague_and_follows_the_english(person):
    translator = person()
    translator.log_in("dr.okafor")
    page = translator.page
    page.get_by_role("link", name=re.compile("published Q&As to translate into Spanish")).click()
    translator.looks()
    page.get_by_role("link", name=f"Translate: {TO_TRANSLATE}").click()
    translator.looks()
    expect(page.locator(".english-source")).to_contain_text("Autologous hematopoietic")
    page.get_by_label("Title").fill(SPANISH_TITLE)
    page.get_by_label("Question:", exact=True).fill(
        "Leo historias de personas a las que las células madre curaron la EM. Tengo EM desde "
        "hace ocho años y sigo teniendo brotes. ¿Son reales estos tratamientos?"
    )
    page.get_by_label("In short").fill(
        "El tratamiento con células madre mejor estudiado usa sus propias células, pero tiene "
        "riesgos serios. Tenga cuidado con las clínicas que venden inyecciones."
    )
    page.get_by_label("Answer:", exact=True).fill(
        "Es natural buscar otras opciones cuando el tratamiento no controla la EM.\n\n"
        "Pida a su equipo de EM que revise con usted sus tratamientos."
    )
    page.get_by_role("button", name="Save and continue editing").click()
    translator.looks()
    expect(page.locator(".reading-grade")).to_contain_text("(INFLESZ, Spanish)")
    page.get_by_role("button", name="Send the translation for sign-off").click()
    translator.looks()
    expect(page.get_by_text("Done: send the translation for sign-off.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign the translation")).to_have_count(0)

    signer = person()
    signer.log_in("dr.alvarez")
    signer.page.get_by_role(
        "link", name="translation into Spanish waiting for your signature"
    ).click()
    signer.looks()
    signer.page.locator("#result_list").get_by_role("link", name=TO_TRANSLATE).click()
    signer.looks()
    expect(signer.page.get_by_role("status")).to_contain_text("Sent for sign-off by")
    signer.page.get_by_role("button", name="Sign the translation").click()
    signer.looks()
    expect(signer.page.get_by_text("Done: sign the translation.")).to_be_visible()

    # A reader on a phone switches languages on the same Q&A.
    reader = person(width=390)
    reader.goto("/questions/")
    reader.page.get_by_role("link", name=TO_TRANSLATE).first.click()
    reader.looks()
    english_path = reader.page.url
    reader.page.get_by_role("link", name="Español").click()
    reader.looks()
    expect(reader.page.get_by_role("heading", level=1)).to_have_text(SPANISH_TITLE)
    expect(reader.page.locator("html")).to_have_attribute("lang", "es")
    reader.page.get_by_role("link", name="English").click()
    reader.looks()
    assert reader.page.url == english_path

    # The English changes: clinically on one translated Q&A, editorially on another.
    clinical_path = change_the_english(translator, signer, CLINICAL, "Clinical")
    reader.goto("/es" + clinical_path)
    expect(reader.page.get_by_role("heading", level=1)).to_have_text(
        "Esta respuesta se está actualizando"
    )
    reader.page.get_by_role("link", name=CLINICAL).click()
    reader.looks()
    expect(reader.page.get_by_text("Ask your team which of these apply to you.")).to_be_visible()

    editorial_path = change_the_english(translator, signer, EDITORIAL, "Editorial")
    reader.goto("/es" + editorial_path)
    expect(reader.page.locator(".translation-behind")).to_contain_text(
        "Esta traducción sigue la respuesta en inglés firmada el"
    )

    # Both now wait in the queue to be translated again.
    translator.goto("/admin/questions/translationdraft/")
    queue = translator.page.locator(".translation-queue")
    expect(queue.get_by_role("link", name=f"Translate again: {CLINICAL}")).to_be_visible()
    expect(queue.get_by_role("link", name=f"Translate again: {EDITORIAL}")).to_be_visible()
