"""What the triage page marks as possibly identifying, on literal examples."""

from __future__ import annotations

import hashlib
import html
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from questions import deidentify

WORDS = frozenset(
    {"i", "am", "my", "is", "on", "the", "ms", "mri", "ocrevus", "since", "call"}
    | {"edss", "cd20", "iu", "vitamin", "d", "tecfidera"}
)
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
        ("I live in Springfield", [("Springfield", "place")]),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live on 5th street now", [("5th street", "address")]),
        ("the pharmacy on 5th St", [("5th St", "address")]),
        ("we moved to 123 main street last year", [("123 main street", "address")]),
        ("mi casa está en la Calle 8", [("Calle 8", "address")]),
        ("vivo en la Avenida de la Paz 12", [("Avenida de la Paz 12", "address")]),
        ("a flat off Baker Street", [("Baker Street", "address")]),
        ("I walk 2 miles on the road", []),
    ],
)
def test_a_street_is_marked_whatever_its_case_or_language(text, expected):
    assert marked(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("diagnosed in 2019", [("2019", "year")]),
        ("tired since 2019", [("2019", "year")]),
        ("back in '19 it began", [("'19", "year")]),
        ("my first relapse, 1998", [("1998", "year")]),
        ("first MRI 10/2019", [("10/2019", "date")]),
        ("on Tecfidera 2019-2021", [("2019", "year"), ("2021", "year")]),
        ("I take 2000 IU of vitamin D", []),
        ("my EDSS is 2.5 and my CD20 count is low", []),
    ],
)
def test_a_year_of_an_event_is_marked_but_not_a_dose(text, expected):
    assert marked(text) == expected


def test_an_everyday_word_opening_a_sentence_is_not_taken_for_a_name():
    assert marked("Eye pain got worse. Last week it stopped. Since then I rest.") == []


def test_a_name_opening_a_sentence_stays_marked():
    assert marked("Mark drove me home. Rose stayed.") == [("Mark", "proper"), ("Rose", "proper")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we moved here from Shelbyville", [("Shelbyville", "place")]),
        ("a farm near Ogdenville", [("Ogdenville", "place")]),
        ("I grew up in New York", [("New York", "place")]),
        ("vivo en Valencia", [("Valencia", "place")]),
        ("my MRI at St. Mary's Hospital", [("St. Mary's Hospital", "place")]),
        ("seen at the Mayo Clinic", [("Mayo Clinic", "place")]),
        ("Cook County paid for it", [("Cook County", "place")]),
        ("the University of Texas trial", [("University of Texas", "place")]),
    ],
)
def test_a_town_or_a_hospital_is_marked_as_a_place(text, expected):
    assert marked(text) == expected


def test_a_name_after_a_title_is_marked_even_when_it_is_an_everyday_word():
    assert marked("I saw Dr. Mark Rose on Ocrevus day") == [("Mark Rose", "person")]


@pytest.mark.django_db
def test_therapy_and_ms_words_are_never_marked():
    text = (
        "Tysabri or Ocrevus? I switched from Tysabri to Ocrevus in March. "
        "EDSS went up on Tysabri. MRI in May showed no new lesions on Ocrevus. "
        "My EDSS and my MRI are stable."
    )
    assert deidentify.find(text, words=deidentify.vocabulary()) == []


@pytest.mark.django_db
def test_the_public_title_and_question_are_marked_where_a_clinician_will_sign_them():
    found = deidentify.public_text_findings(
        "Should I Switch From Tysabri To Ocrevus After Moving To Springfield?",
        "Diagnosed in 2019, I live on 5th street.\n\nMy neurologist, Rosalind, suggests Kesimpta.",
        name=NAME,
        email=EMAIL,
        words=deidentify.vocabulary(),
    )
    assert found.marked == [
        ("place", "Springfield"),
        ("year", "2019"),
        ("address", "5th street"),
        ("name", "Rosalind"),
    ]
    assert str(found.body_html()) == (
        '<p>Diagnosed in <mark class="deid deid-year">2019<span class="deid-kind"> (year)</span>'
        '</mark>, I live on <mark class="deid deid-address">5th street<span class="deid-kind"> '
        '(address)</span></mark>.</p><p>My neurologist, <mark class="deid deid-name">Rosalind'
        '<span class="deid-kind"> (name)</span></mark>, suggests Kesimpta.</p>'
    )


def public(title, body):
    return deidentify.public_text_findings(title, body, name=NAME, email=EMAIL, words=WORDS)


def test_nothing_marked_means_no_fingerprint_to_confirm():
    found = public("Tired on Ocrevus", "My MRI is stable.")
    assert not found
    assert found.fingerprint == ""


def test_the_fingerprint_is_the_sha256_of_the_distinct_marked_words():
    found = public("Moving to Springfield", "I moved to springfield in 2019.")
    assert found.fingerprint == hashlib.sha256(b"2019\nspringfield").hexdigest()


def test_a_confirmation_survives_edits_around_the_same_marks_but_not_a_new_mark():
    confirmed = public("Moving to Springfield", "Since 2019 my MRI is stable.").fingerprint
    reworded = public("Moving to Springfield", "My MRI has been stable since 2019, luckily.")
    new_mark = public("Moving to Springfield", "Since 2019 my MRI is stable. I live on 5th street.")
    assert reworded.fingerprint == confirmed
    assert new_mark.fingerprint != confirmed


# Pieces patients write, shuffled by hypothesis into texts no one wrote by hand.
PIECES = [
    "I live on 5th street",
    "in 2019",
    "back in '19",
    "Dr. Mark Rose",
    "St. Mary's Hospital",
    "Eye pain",
    "Calle 8",
    "rosalind.private@patient.test",
    "Rosalind",
    "555-201-3344",
    "<b>&amp;",
    "Tel-",
    "Ocrevus",
    "MRI",
    ". ",
    ", ",
    "\n\n",
    " ",
    "Springfield",
    "March 3rd, 2024",
]


@given(st.lists(st.sampled_from(PIECES), max_size=30))
@example(["Tel-", "555-201-3344"])
@example(["Tel-", "Rosalind"])
def test_marks_in_any_text_are_ordered_apart_and_highlighting_keeps_every_character(pieces):
    text = "".join(pieces)
    found = deidentify.find(text, name=NAME, email=EMAIL, words=WORDS)
    assert all(0 <= f.start < f.end <= len(text) for f in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert {f.kind for f in found} <= set(deidentify.KINDS)
    shown = str(deidentify.highlight(text, found))
    labels = re.sub(r'<span class="deid-kind"> \([^<]*\)</span>', "", shown)
    assert html.unescape(re.sub(r"</?mark[^>]*>", "", labels)) == text


@pytest.mark.django_db
def test_an_everyday_word_opening_a_public_title_is_not_marked():
    found = deidentify.public_text_findings(
        "Breastfeeding after an infusion",
        "Tiredness comes the day after. Vaccination plans change too.",
        words=deidentify.vocabulary(),
    )
    assert found.marked == []


@pytest.mark.django_db
def test_an_ms_word_opening_a_spanish_title_is_not_marked_but_a_name_is():
    found = deidentify.public_text_findings(
        "Vacunas y Ocrevus",
        "Lactancia y embarazo: ¿qué hago? Tratamiento desde marzo con la Dra. Marta Ruiz. "
        "Vacunacion, Recaida: lo escribo sin tildes desde el telefono.",
        words=deidentify.vocabulary(),
    )
    assert found.marked == [("person", "Marta Ruiz")]
