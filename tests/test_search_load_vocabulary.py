"""`manage.py load_vocabulary`: the MS vocabulary into the admin's synonym groups,
once, and never over what staff have edited since."""

from __future__ import annotations

import io
import tomllib

import pytest
from django.core.management import call_command

from search.models import DeclinedGroup, Synonym
from search.selectors import synonym_map
from search.synonyms import VOCABULARY, synonym_delete
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def load() -> str:
    """What the command says of the English vocabulary (its first line)."""
    out = io.StringIO()
    call_command("load_vocabulary", stdout=out)
    return out.getvalue().splitlines(keepends=True)[0]


def test_it_adds_every_group_once_and_says_how_many() -> None:
    groups = tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))["group"]
    before = Synonym.objects.filter(language="en").count()
    assert (
        load()
        == f"MS vocabulary (ms_vocabulary.toml): {len(groups)} synonym groups added, 0 already there.\n"
    )
    assert Synonym.objects.filter(language="en").count() == before + len(groups)
    assert (
        load()
        == f"MS vocabulary (ms_vocabulary.toml): 0 synonym groups added, {len(groups)} already there.\n"
    )
    assert Synonym.objects.filter(language="en").count() == before + len(groups)


def test_a_group_staff_edited_is_kept_as_they_left_it() -> None:
    load()
    group = Synonym.objects.get(language="en", note__startswith="MS vocabulary: ocrelizumab (")
    group.terms = "ocrelizumab, ocrevus, the twice-yearly infusion"
    group.save()
    load()
    group.refresh_from_db()
    assert group.terms == "ocrelizumab, ocrevus, the twice-yearly infusion"
    assert (
        Synonym.objects.filter(
            language="en", note__startswith="MS vocabulary: ocrelizumab ("
        ).count()
        == 1
    )


def test_searches_use_the_groups_at_once() -> None:
    synonym_map()  # cached before the load
    load()
    assert "paresthesia" in synonym_map()["pins and needles"]


def test_a_group_staff_deleted_is_not_added_again(moderator) -> None:
    groups = tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))["group"]
    load()
    group = Synonym.objects.get(language="en", note__startswith="MS vocabulary: ocrelizumab (")
    response = client_for(moderator).post(
        f"/admin/search/synonym/{group.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Synonym.objects.filter(pk=group.pk).exists()
    assert load() == (
        f"MS vocabulary (ms_vocabulary.toml): 0 synonym groups added, {len(groups) - 1} already there, "
        "1 deleted by staff and left out.\n"
    )
    assert not Synonym.objects.filter(
        language="en", note__startswith="MS vocabulary: ocrelizumab ("
    ).exists()
    assert "ocrevus" not in synonym_map().get("ocrelizumab", [])


def test_groups_deleted_together_are_each_remembered(moderator) -> None:
    load()
    chosen = Synonym.objects.filter(
        note__startswith="MS vocabulary: ocrelizumab ("
    ) | Synonym.objects.filter(language="en", note__startswith="MS vocabulary: natalizumab (")
    synonym_delete(synonyms=chosen, actor=moderator)
    assert set(DeclinedGroup.objects.values_list("head", flat=True)) == {
        "ocrelizumab",
        "natalizumab",
    }
    load()
    assert not Synonym.objects.filter(
        language="en", note__startswith="MS vocabulary: natalizumab ("
    ).exists()


def test_deleting_a_group_not_from_the_vocabulary_declines_nothing(moderator) -> None:
    Synonym.objects.create(terms="brain fog, cog fog", note="Added by the clinic")
    synonym_delete(synonyms=Synonym.objects.filter(terms="brain fog, cog fog"), actor=moderator)
    assert not DeclinedGroup.objects.exists()


def test_the_spanish_vocabulary_loads_as_spanish_groups() -> None:
    out = io.StringIO()
    call_command("load_vocabulary", stdout=out)
    assert "MS vocabulary (ms_vocabulary_es.toml): " in out.getvalue()
    brote = Synonym.objects.get(language="es", note__startswith="MS vocabulary: brote (")
    assert "recaída" in brote.terms
    # Searches in each language read their own groups only.
    assert "recaida" in synonym_map("es")["brote"]
    assert "brote" not in synonym_map("en")
