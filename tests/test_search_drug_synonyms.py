"""The therapies' names as synonyms: the MS vocabulary names every therapy, and
a group made from the drug reference never joins groups the vocabulary keeps
apart (search merges groups that share a term)."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

from search.models import Synonym
from search.selectors import synonym_map
from search.synonyms import seed_from_drugs
from tests.factories import DrugFactory

pytestmark = pytest.mark.django_db

DEMO_DRUGS = Path(__file__).resolve().parent.parent / "drugs" / "demo"
STEM_CELLS = "stem cell, stem cells, stem cell transplant, aHSCT, HSCT, mesenchymal stem cells"


def load_vocabulary() -> None:
    call_command("load_vocabulary", stdout=io.StringIO())


def test_a_therapy_the_vocabulary_names_gets_no_second_group() -> None:
    load_vocabulary()
    before = Synonym.objects.count()
    DrugFactory(generic_name="stem cell therapy", other_names=STEM_CELLS)
    DrugFactory(generic_name="natalizumab", brand_names="Tysabri", biosimilars="Tyruko")
    assert seed_from_drugs() == 0
    assert Synonym.objects.count() == before


def test_the_vocabularys_stem_cell_groups_stay_apart_once_the_drugs_are_seeded() -> None:
    load_vocabulary()
    DrugFactory(generic_name="stem cell therapy", other_names=STEM_CELLS)
    seed_from_drugs()
    synonyms = synonym_map()
    assert "ahsct" not in synonyms["stem cell therapy"]
    assert "mesenchymal stem cells" not in synonyms["ahsct"]
    assert "stem cell therapy" not in synonyms["mesenchymal stem cells"]


def test_a_name_written_otherwise_counts_as_the_same_name() -> None:
    Synonym.objects.create(terms="methylprednisolone, Solu-Medrol")
    DrugFactory(generic_name="methylprednisolone sodium", brand_names="solu medrol")
    assert seed_from_drugs() == 0


def test_a_therapy_no_group_names_still_gets_one() -> None:
    load_vocabulary()
    DrugFactory(generic_name="testumab", brand_names="Testora, Testarix")
    assert seed_from_drugs() == 1
    assert Synonym.objects.filter(terms="testumab, testora, testarix").exists()


def test_no_therapy_of_the_demo_reference_gets_a_group_of_its_own() -> None:
    """The demo loads the vocabulary and makes no group from the drugs: were
    one made, it would be for a therapy the vocabulary does not name."""
    load_vocabulary()
    for path in sorted(DEMO_DRUGS.glob("*.toml")):
        drug = tomllib.loads(path.read_text(encoding="utf-8"))
        DrugFactory(
            generic_name=drug["generic_name"],
            brand_names=drug.get("brand_names", ""),
            biosimilars=drug.get("biosimilars", ""),
            other_names=drug.get("other_names", ""),
        )
    assert seed_from_drugs() == 0
