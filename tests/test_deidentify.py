"""What the triage page marks as possibly identifying, on literal examples."""

from __future__ import annotations

import pytest

from questions import deidentify

WORDS = frozenset({"i", "am", "my", "is", "on", "the", "ms", "mri", "ocrevus", "since", "call"})
NAME, EMAIL = "Rosalind Privatename", "rosalind.private@patient.test"


def marked(text: str) -> list[tuple[str, str]]:
    found = deidentify.find(text, name=NAME, email=EMAIL, words=WORDS)
    return [(text[f.start : f.end], f.kind) for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my name is rosalind", [("rosalind", "name")]),
        ("Privatename here", [("Privatename", "name")]),
        (f"write to {EMAIL}.", [(EMAIL, "email")]),
        ("or to jo@example.org", [("jo@example.org", "email")]),
        ("call 555-201-3344.", [("555-201-3344", "phone")]),
        ("call +44 20 7946 0958 today", [("+44 20 7946 0958", "phone")]),
        ("see https://myblog.example/ms-diary.", [("https://myblog.example/ms-diary", "url")]),
        ("see www.example.org", [("www.example.org", "url")]),
        ("at 12 Baker Street", [("12 Baker Street", "address")]),
        ("on 03/12/2024", [("03/12/2024", "date")]),
        ("on 2024-03-12", [("2024-03-12", "date")]),
        ("since March 3rd, 2024", [("March 3rd, 2024", "date")]),
        ("on 3 March 2024", [("3 March 2024", "date")]),
        ("I am 34", [("I am 34", "age")]),
        ("a 34-year-old woman", [("34-year-old", "age")]),
        ("I live in Springfield", [("Springfield", "proper")]),
        ("My MRI is on Ocrevus", []),
        ("I have 3 lesions", []),
    ],
)
def test_it_marks_exactly_what_may_identify(text, expected):
    assert marked(text) == expected


def test_highlight_escapes_the_text_and_labels_each_mark():
    text = "<b>Rosalind</b> of Springfield"
    html = deidentify.highlight(
        text, deidentify.find(text, name=NAME, email="", words=frozenset({"of", "b"}))
    )
    assert html == (
        '&lt;b&gt;<mark class="deid deid-name">Rosalind<span class="deid-kind"> (name)</span>'
        '</mark>&lt;/b&gt; of <mark class="deid deid-proper">Springfield'
        '<span class="deid-kind"> (name or place?)</span></mark>'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fatigue after Ocrevus", ""),
        ("Rosalind asks about fatigue", "name"),
        ("from PRIVATENAME", "name"),
        (f"mail {EMAIL.upper()}", "email"),
        ("Rosalindas is another word", ""),
    ],
)
def test_names_the_patient_finds_their_own_name_or_email(text, expected):
    assert deidentify.names_the_patient(text, name=NAME, email=EMAIL) == expected


def test_an_ordinary_word_in_a_name_does_not_block_sign_off():
    assert deidentify.names_the_patient("You may rest", name="May Smith", email="") == ""


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("My EDSS rose to 4.0 last year", "Rose Clark", ""),
        ("The X-Ray showed nothing", "Ray Dunn", ""),
        ("I hope the answer helps", "Hope Ward", ""),
        ("Rose asks about her EDSS", "Rose Clark", "name"),
        ("A question from Ray.", "Ray Dunn", "name"),
    ],
)
def test_a_name_that_is_also_a_word_blocks_only_where_it_is_written_as_a_name(text, name, expected):
    assert deidentify.names_the_patient(text, name=name, email="") == expected


@pytest.mark.django_db
def test_the_vocabulary_knows_drug_and_category_names():
    from tests.factories import CategoryFactory, DrugFactory

    CategoryFactory(name="Symptom management")
    DrugFactory(generic_name="ocrelizumab", brand_names="Ocrevus, Ocrevus Zunovo")
    words = deidentify.vocabulary()
    assert {"ocrelizumab", "ocrevus", "zunovo", "symptom", "management", "mri"} <= words


@pytest.mark.django_db
def test_words_a_patient_opens_a_symptom_with_are_not_taken_for_names():
    text = "Sudden loss of vision. Numb legs since Tuesday, blurred sight today."
    found = deidentify.find(text, words=deidentify.vocabulary())
    assert [text[f.start : f.end] for f in found] == []
