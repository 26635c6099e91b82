"""The urgency notice for red-flag symptoms, on the question form and the thank-you page."""

from __future__ import annotations

import re

import pytest

from questions.models import Question
from tests.ask_helpers import page_text
from tests.factories import ASK_QUESTION, ask_form_data, form_values, solved_sum

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ask_settings")]

URGENT = "If this is happening now, do not wait for an answer here"
# The question form carries the notice hidden, for its script to show as the patient types.
SHOWN_NOTICE = re.compile(r'<section class="urgent-notice"(?! hidden)')


# The urgency notice

RED_FLAGS = [
    "This morning I had a sudden loss of vision in my left eye. Is this a relapse?",
    "Since yesterday I have trouble breathing and trouble swallowing after my infusion.",
    "I keep having thoughts of self-harm since my diagnosis and I do not know who to tell.",
    "I can’t breathe properly when I lie down, is that MS? My phone types these quotes.",
    "I have trouble\nswallowing my pills since last week. Could it be my MS?",
]


@pytest.mark.parametrize("text", RED_FLAGS)
def test_red_flag_symptoms_get_a_prominent_notice_and_the_question_is_still_sent(patient, text):
    response = patient.post("/ask/", ask_form_data(patient, question=text))
    assert response.status_code == 302
    assert Question.objects.count() == 1
    html = page_text(patient.get(response["Location"]))
    assert URGENT in html
    assert "call 911" in html and "988" in html
    assert html.index(URGENT) < html.index("Your private link"), "the notice comes first"


def test_red_flag_symptoms_get_the_notice_on_the_form_shown_again_with_errors(patient):
    data = ask_form_data(patient, question=RED_FLAGS[0], ack_publish=None)
    response = patient.post("/ask/", data)
    html = page_text(response)
    assert SHOWN_NOTICE.search(html)
    assert "Please agree to this" in html
    assert html.index(URGENT) < html.index('class="ask-form"')


def test_a_red_flag_in_the_subject_alone_also_gets_the_notice(patient):
    data = ask_form_data(patient, subject="Suddenly I can't see well")
    response = patient.post("/ask/", data)
    assert URGENT in page_text(patient.get(response["Location"]))


@pytest.mark.parametrize(
    "text",
    [
        ASK_QUESTION,
        "I have relapsing MS and take Ocrevus. Can I get the flu vaccine before my infusion?",
        "Does heat make MS fatigue worse? I feel drained every afternoon in summer.",
    ],
)
def test_ordinary_questions_get_no_urgency_notice(patient, text):
    assert not SHOWN_NOTICE.search(page_text(patient.get("/ask/")))
    response = patient.post("/ask/", ask_form_data(patient, question=text))
    assert URGENT not in page_text(patient.get(response["Location"]))
    response = patient.post("/ask/", ask_form_data(patient, question=text, ack_publish=None))
    assert not SHOWN_NOTICE.search(page_text(response))


SPANISH_RED_FLAGS = [
    "Esta mañana perdí la visión del ojo izquierdo de repente. ¿Es un brote?",
    "Desde ayer me cuesta respirar y tragar después de la infusión.",
    "Tengo un dolor en el pecho muy fuerte desde anoche.",
    # As phones often send it: without accents.
    "De repente no veo nada con el ojo derecho, que hago",
]


@pytest.mark.parametrize("text", SPANISH_RED_FLAGS)
def test_a_question_asked_in_spanish_with_red_flags_gets_the_notice_in_spanish(patient, text):
    page = page_text(patient.get("/es/ask/"))
    data = form_values(page, action="/es/ask/")
    data.update(
        subject="Una pregunta sobre mi vista",
        question=text + " Necesito saber qué hacer, por favor.",
        ack_not_advice="on",
        ack_publish="on",
        captcha_1=solved_sum(data["captcha_0"]),
    )
    response = patient.post("/es/ask/", data)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.urgent and question.language == "es"
    html = page_text(patient.get(response["Location"]))
    assert "Si esto está pasando ahora, no espere una respuesta aquí" in html
    assert html.index("Si esto está pasando ahora") < html.index("Su enlace privado")
