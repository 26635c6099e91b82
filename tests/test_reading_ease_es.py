"""A Spanish translation's editor shows its INFLESZ reading ease (Szigriszt-Pazos
perspicuity on the INFLESZ scale): guidance, never a block. Syllables are
counted as Spanish splits them, hiatus included."""

from __future__ import annotations

import pytest

from core import readability
from questions import services
from tests.conftest import client_for, role
from tests.factories import ExpertProfileFactory, PublishedQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        # Hiatus: a stressed i or u beside a, e or o, and two of a, e, o.
        ("día", 2),
        ("país", 2),
        ("oír", 2),
        ("leer", 2),
        ("poeta", 3),
        # Diphthongs stay one syllable; a silent u after q or g adds none.
        ("aire", 2),
        ("ciudad", 2),
        ("tratamiento", 4),
        ("infusión", 3),
        ("que", 1),
        ("cigüeña", 3),
        ("esclerosis", 4),
        ("em", 1),
    ],
)
def test_spanish_syllables_split_hiatus(word, syllables):
    assert readability.spanish_syllables(word) == syllables


def test_the_score_is_the_szigriszt_pazos_formula_counted_by_hand():
    # El(1) día(2) es(1) largo(2). Mi(1) país(2) es(1) bonito(3): 13 syllables,
    # 8 words, 2 sentences: 206.835 - 62.3 * 13 / 8 - 8 / 2 = 101.5975.
    reading = readability.spanish_reading("<p>El día es largo. Mi país es bonito.</p>")
    assert reading is not None and reading.inflesz == 101.6
    assert reading.band == "very easy" and reading.reads_well


EASY = "Sí. Puede vacunarse. Es seguro. Hable con su equipo."
HARD = (
    "La administración concomitante de inmunomoduladores e inmunosupresores "
    "requiere consideraciones farmacocinéticas individualizadas, especialmente "
    "cuando existen comorbilidades hepáticas o antecedentes de infecciones "
    "oportunistas, circunstancias que condicionan la estrategia terapéutica."
)


@pytest.mark.parametrize(
    ("answer", "says"),
    [(EASY, "Good: 65 or more reads easily"), (HARD, "Below the aim: 65 or more reads easily")],
)
def test_the_translation_editor_shows_the_reading_ease(answer, says):
    qa = PublishedQuestionFactory()
    profile = ExpertProfileFactory(languages="en es")
    profile.user.groups.add(role("Experts"))
    draft = services.translation_save(
        question_id=qa.pk,
        language="es",
        actor=profile.user,
        texts={"question_title": "¿Vacuna?", "question_text": "¿Puedo?", "answer_source": answer},
    )
    page = client_for(profile.user).get(f"/admin/questions/translationdraft/{draft.pk}/change/")
    html = page.content.decode()
    assert "(INFLESZ, Spanish)" in html
    assert says in html
    # Only a hard text lists its longest sentences, to shorten first.
    assert ("The longest sentences" in html) == (answer == HARD)
