"""A patient asks in Spanish on a phone and hears back in Spanish: the form,
the acknowledgement email and its status link, the moderator's decline email
(sent from the English admin) and the status page are all in Spanish."""

from __future__ import annotations

import re
from email.header import decode_header, make_header

from playwright.sync_api import expect

from tests.journeys.steps import open_question, text_of

SUBJECT = "Hormigueo en los pies por la noche"
QUESTION = (
    "Desde hace dos semanas siento hormigueo en los pies cuando me acuesto. Tengo EM "
    "desde hace cinco años. ¿Puede ser un brote o es otra cosa?"
)
EMAIL = "paciente.es@patient.test"


def subject(message) -> str:
    """The subject as the mail program shows it (a non-ASCII one arrives encoded)."""
    return str(make_header(decode_header(message["Subject"])))


def test_a_patient_asks_in_spanish_and_every_reply_is_in_spanish(person, site):
    patient = person(width=390)
    patient.goto("/es/ask/")
    page = patient.page
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_label("Asunto").fill(SUBJECT)
    page.get_by_label("Su pregunta").fill(QUESTION)
    page.get_by_label("Su correo electrónico (opcional)").fill(EMAIL)
    page.get_by_label("Envíenme un correo cuando se publique la respuesta").check()
    page.get_by_label("Entiendo que la respuesta es información general").check()
    page.get_by_label("Acepto que se publique con la respuesta").check()
    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("Resultado de la suma").fill(site.sum_answer(key))
    page.get_by_role("button", name="Enviar mi pregunta").click()
    page.wait_for_url(re.compile(r"/es/ask/thanks/[0-9a-f]{64}/$"))
    patient.looks()
    expect(page.get_by_role("heading", name="Gracias. Su pregunta se envió.")).to_be_visible()

    [received] = [m for m in site.send_mail() if m["To"] == EMAIL]
    assert subject(received) == "Recibimos su pregunta"
    body = text_of(received)
    status_path = re.search(r"https?://[^/\s]+(/es/ask/status/[0-9a-f]{64}/)", body)
    assert status_path, body

    moderator = person()
    moderator.log_in("moderator")
    moderator.goto("/admin/questions/question/?status__exact=new")
    open_question(moderator, SUBJECT)
    expect(moderator.page.locator(".field-language")).to_contain_text("Español")
    moderator.page.get_by_label("Reason for declining").select_option(
        label="Out of scope for this service"
    )
    moderator.page.get_by_label("Note (kept in the history").fill(
        "Por favor, consulte a su neurólogo esta semana."
    )
    moderator.page.get_by_role("button", name="Decline", exact=True).click()
    moderator.looks()
    moderator.page.get_by_role("button", name="Confirm: decline").click()
    moderator.looks()
    expect(moderator.page.get_by_text("Done: decline.")).to_be_visible()

    [declined] = [m for m in site.send_mail() if m["To"] == EMAIL]
    assert subject(declined) == "Sobre la pregunta que nos envió"
    assert "Por favor, consulte a su neurólogo esta semana." in text_of(declined)
    assert "We are sorry" not in text_of(declined)

    patient.goto(status_path[1])
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text("Desde hace dos semanas siento hormigueo")).to_be_visible()
