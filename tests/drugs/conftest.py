"""The drug reference's shared pieces: a small reference of therapies, and
helpers to read what its pages show."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from django.forms.models import model_to_dict

from drugs import services
from drugs.models import Drug
from questions.models import Question
from tests.factories import (
    DrugFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
)

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def reference(db) -> dict[str, Drug]:
    """A small reference: three disease-modifying infusions, two other infusion
    options, one investigational therapy and one entry not yet published."""
    reviewer = ExpertProfileFactory(display_name="Maria Alvarez, MD")
    drugs = [
        DrugFactory(
            generic_name="ocrelizumab",
            brand_names="Ocrevus, Ocrevus Zunovo",
            for_cis=True,
            for_active_spms=True,
            for_ppms=True,
            approval_year=2017,
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="natalizumab",
            brand_names="Tysabri",
            biosimilars="Tyruko",
            mechanism_short="Keeps immune cells out of the brain",
            boxed_warnings="PML, a rare brain infection.",
            restricted_program="Only through the TOUCH program.",
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="rituximab",
            brand_names="Rituxan",
            biosimilars="Truxima, Ruxience",
            status=Drug.Status.OFF_LABEL,
            for_ppms=True,
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="methylprednisolone",
            display_name="High-dose IV methylprednisolone",
            brand_names="Solu-Medrol",
            other_names="IV steroids",
            group=Drug.Group.OTHER_INFUSION,
            status=Drug.Status.RELAPSE_ONLY,
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="plasma exchange",
            display_name="Plasma exchange",
            other_names="plasmapheresis",
            group=Drug.Group.OTHER_INFUSION,
            status=Drug.Status.PROCEDURE,
            route=Drug.Route.PROCEDURE,
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="stem cell therapy",
            display_name="Stem cell therapies",
            slug="stem-cell-therapies",
            other_names="stem cells, aHSCT",
            group=Drug.Group.INVESTIGATIONAL,
            status=Drug.Status.INVESTIGATIONAL,
            route=Drug.Route.PROCEDURE,
            for_ppms=True,
            reviewed_by=reviewer,
        ),
        DrugFactory(
            generic_name="secretumab",
            brand_names="Hushvio",
            is_published=False,
            reviewed_by=None,
            reviewed_on=None,
        ),
    ]
    return {drug.slug: drug for drug in drugs}


def published_qa(title: str, answer: str = "Ask your team.", *, at=None, body=None) -> Question:
    question = PublishedQuestionFactory(
        title=title,
        body=body or "I have a question about my treatment.",
        answer_source=answer,
        published=at,
    )
    services.link_question(question.pk)
    return question


def therapy_rows(html: str) -> list[str]:
    """The therapy names in the row headers, in page order."""
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', html, re.DOTALL)
    ]


def admin_form(drug: Drug, *, side_effects: list[tuple[int, str]] = (), **changes) -> dict:
    """The admin's change form as a clinician sends it; `side_effects` are new
    (frequency, effect) rows of the inline table."""
    data = model_to_dict(drug, exclude=["id", "questions"])
    data.update(inline_rows("side_effects", [(f, e, 0) for f, e in side_effects]))
    data.update(changes)
    post = {}
    for key, value in data.items():
        if isinstance(value, bool):
            if value:
                post[key] = "on"
        elif value is None:
            post[key] = ""
        else:
            post[key] = str(value)
    return post


def inline_rows(prefix: str, rows: list[tuple[int, str, int]]) -> dict:
    """The management form and new rows (frequency, effect, position) of an inline."""
    data: dict = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, (frequency, effect, position) in enumerate(rows):
        data |= {
            f"{prefix}-{n}-frequency": str(frequency),
            f"{prefix}-{n}-effect": effect,
            f"{prefix}-{n}-position": str(position),
        }
    return data
