"""Mistakes on the question form: each explained on the same form, with what was typed kept."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from questions.models import Question
from tests.ask_helpers import assert_shown_again_with_text_kept, page_text
from tests.factories import ask_form_data, form_values
from tests.forms import ASK_FIELDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ask_settings")]


# Bad input: every error on the same form, everything typed kept


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"subject": ""}, "Please write a short subject."),
        ({"subject": "    "}, "Please write a short subject."),
        ({"subject": None}, "Please write a short subject."),
        ({"question": ""}, "Please write your question."),
        ({"question": " \n\t \r\n "}, "Please write your question."),
        (
            {"question": "Is heat bad for MS?"},
            "Your question is too short. Please write at least 30 characters; so far there are 19.",
        ),
        (
            {"question": "x" * 4001},
            "Your question is too long. Please keep it to 4000 characters; it has 4001 now.",
        ),
        (
            {"subject": "s" * 151},
            "The subject is too long. Please keep it to 150 characters; it has 151 now.",
        ),
        (
            {"email": "imogen-at-patient"},
            "This does not look like an email address.",
        ),
        (
            {"notify": "on", "email": ""},
            "To be emailed when the answer is published, give your email.",
        ),
        ({"ack_not_advice": None}, "Please confirm that you understand this."),
        ({"ack_publish": None}, "Please agree to this, or we cannot answer here."),
        ({"category": "999999"}, "Please choose a topic from the list"),
        ({"captcha_1": ""}, "Please type the answer to the sum."),
    ],
)
def test_every_error_is_shown_on_the_same_form_with_everything_typed_kept(patient, changes, error):
    data = ask_form_data(patient, **{"name": "Imogen", "email": "imogen@patient.test", **changes})
    response = patient.post("/ask/", data)

    # A question of nothing but spaces comes back empty: nothing was lost.
    blank = ("question",) if data.get("question", "x").isspace() else ()
    assert_shown_again_with_text_kept(response, data, except_fields=("category", *blank))
    html = page_text(response)
    assert "<title>Error: Ask an MS expert" in html
    assert "Please check 1 thing below" in html
    assert "Nothing you typed is lost." in html
    assert error in html
    assert Question.objects.count() == 0


def test_paragraphs_and_spacing_of_the_question_are_kept_when_it_comes_back(patient):
    text = "First paragraph.\r\n\r\n\r\n  Second paragraph,   indented.\r\n\r\n- a list\r\n- of"
    data = ask_form_data(patient, question=text, ack_publish=None)
    response = patient.post("/ask/", data)
    assert form_values(page_text(response))["question"] == text


def test_several_errors_are_listed_together_with_links_to_the_fields(patient):
    data = ask_form_data(patient, subject="", ack_publish=None, email="nope")
    html = page_text(patient.post("/ask/", data))
    assert "Please check 3 things below" in html
    assert '<a href="#id_subject">Please write a short subject.</a>' in html
    assert '<a href="#id_email">This does not look like an email address.' in html
    assert (
        '<a href="#id_ack_publish">Agreeing to publication</a>: '
        "Please agree to this, or we cannot answer here." in html
    )


def test_the_summary_counts_every_problem_it_lists_in_plain_words(patient):
    data = ask_form_data(
        patient,
        subject="ab",
        question="Too short",
        email="nope",
        notify="on",
        ack_not_advice=None,
        ack_publish=None,
        started="forged",
        form_token="forged",
    )
    data["captcha_1"] = ""
    html = page_text(patient.post("/ask/", data))
    summary = html[
        html.index('id="form-problem"') : html.index("</ul>", html.index('id="form-problem"'))
    ]
    listed = re.findall(r"<li>(.*?)</li>", summary, re.DOTALL)
    assert [re.sub(r"<[^>]+>", "", item).strip() for item in listed] == [
        "The subject is too short. Please write at least 5 characters; so far there are 2.",
        "Your question is too short. Please write at least 30 characters; so far there are 9.",
        "This does not look like an email address. Please check it "
        "(it should look like name@example.org), or leave it empty.",
        "Understanding this is not medical advice: Please confirm that you understand this.",
        "Agreeing to publication: Please agree to this, or we cannot answer here.",
        "Please type the answer to the sum.",
        "This form is out of date. Please send it again.",
    ]
    assert "Please check 7 things below" in summary
    for internal in ("Started", "Form token", "form_token", "Ensure this value", "Enter a valid"):
        assert internal not in summary


def test_html_typed_by_a_patient_is_shown_escaped_on_the_form(patient):
    script = '<script>alert("hi")</script> <b>bold</b> & <img src=x onerror=alert(1)>'
    data = ask_form_data(patient, subject=script[:40], question=script, ack_publish=None)
    html = page_text(patient.post("/ask/", data))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;" in html
    assert form_values(html)["question"] == script


# No input gives a server error

FIELDS = ASK_FIELDS
ANY_TEXT = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20).map(lambda s: s * 300),
    st.sampled_from(["\x00", "a\x00b", "1", "-1", "99999999999999999999999", "on", " ", ""]),
)


@hypothesis_settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_input_gives_a_server_error(data):
    patient = Client()
    valid = ask_form_data(patient)
    posted = {}
    for field in FIELDS:
        choice = data.draw(st.sampled_from(["valid", "fuzz", "missing"]), label=field)
        if choice == "valid" and field in valid:
            posted[field] = valid[field]
        elif choice == "fuzz":
            posted[field] = data.draw(ANY_TEXT, label=field)
    response = patient.post("/ask/", posted)
    assert response.status_code < 500
