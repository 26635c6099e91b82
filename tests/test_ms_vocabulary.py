"""The MS vocabulary the clinic reviews and search loads as synonym groups
(search/data/ms_vocabulary.toml): its shape, what it promises to cover, and
the words it must never expand a search to."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from django.conf import settings

from search.models import Synonym
from search.query import words_of
from search.stop_words import ENGLISH as STOP_WORDS

VOCABULARY = Path(settings.BASE_DIR) / "search" / "data" / "ms_vocabulary.toml"
DRUG_REFERENCE = Path(settings.BASE_DIR) / "drugs" / "demo"

KINDS = {"therapy", "steroid-relapse", "abbreviation", "lay-term"}
THERAPY_KINDS = {"therapy", "steroid-relapse"}

# Words so common on this site, or in everyday writing, that a group containing one
# (or a phrase that shrinks to one once the ignored words are dropped, as "working
# out" shrinks to "work") would make a search match most of the text.
EVERYDAY_WORDS = {
    "back",
    "blood",
    "body",
    "brain",
    "change",
    "day",
    "days",
    "diagnosed",
    "diagnosis",
    "disease",
    "doctor",
    "dose",
    "drug",
    "drugs",
    "effect",
    "effects",
    "feel",
    "feeling",
    "go",
    "going",
    "good",
    "help",
    "infusion",
    "injecting",
    "injection",
    "keep",
    "label",
    "life",
    "live",
    "living",
    "long",
    "make",
    "medication",
    "medicine",
    "ms",
    "multiple sclerosis",
    "need",
    "new",
    "normal",
    "pain",
    "people",
    "pill",
    "pills",
    "risk",
    "run",
    "side",
    "start",
    "symptom",
    "symptoms",
    "take",
    "taking",
    "test",
    "tests",
    "therapy",
    "thing",
    "things",
    "throwing",
    "time",
    "treatment",
    "use",
    "used",
    "way",
    "week",
    "well",
    "work",
    "worked",
    "working",
    "works",
    "year",
}

# The abbreviations patients meet most, named in the issue.
ABBREVIATIONS = [
    "EDSS",
    "CIS",
    "RIS",
    "RRMS",
    "SPMS",
    "PPMS",
    "DMT",
    "DMD",
    "MRI",
    "IV",
    "IVIG",
    "JCV",
    "PML",
    "NEDA",
    "OCB",
    "CSF",
    "VEP",
    "OCT",
    "MOG",
    "MOGAD",
    "NMOSD",
    "PIRA",
    "PLEX",
    "ACTH",
]

# Every disease-modifying therapy approved for MS in the US, and rituximab used
# off-label, each with names that must find it (brand, older, biosimilar).
THERAPIES = {
    "ocrelizumab": ["Ocrevus", "Ocrevus Zunovo"],
    "ofatumumab": ["Kesimpta"],
    "ublituximab": ["Briumvi"],
    "natalizumab": ["Tysabri", "Tyruko"],
    "alemtuzumab": ["Lemtrada", "Campath"],
    "mitoxantrone": ["Novantrone"],
    "interferon beta-1a": ["Avonex", "Rebif"],
    "peginterferon beta-1a": ["Plegridy"],
    "interferon beta-1b": ["Betaseron", "Extavia"],
    "glatiramer acetate": ["Copaxone", "Glatopa", "glatiramer"],
    "teriflunomide": ["Aubagio"],
    "dimethyl fumarate": ["Tecfidera"],
    "diroximel fumarate": ["Vumerity"],
    "monomethyl fumarate": ["Bafiertam"],
    "fingolimod": ["Gilenya", "Tascenso ODT"],
    "siponimod": ["Mayzent"],
    "ozanimod": ["Zeposia"],
    "ponesimod": ["Ponvory"],
    "cladribine": ["Mavenclad"],
    "daclizumab": ["Zinbryta"],
    "rituximab": ["Rituxan", "Truxima", "Ruxience", "Riabni"],
}

RELAPSE_TREATMENTS = {
    "methylprednisolone": ["Solu-Medrol", "IV steroids", "steroid pulse"],
    "prednisone": [],
    "dexamethasone": [],
    "ACTH": ["Acthar Gel"],
    "plasma exchange": ["plasmapheresis", "PLEX"],
    "intravenous immunoglobulin": ["IVIG"],
}


def as_searched(term: str) -> str:
    """A term as search reads it: "Solu-Medrol" is "solu medrol"."""
    return " ".join(words_of(term))


def load_vocabulary() -> dict:
    return tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def groups() -> list[dict]:
    return load_vocabulary()["group"]


@pytest.fixture(scope="module")
def group_of(groups: list[dict]) -> dict[str, dict]:
    """Each term, as searched, and the group it belongs to."""
    return {as_searched(term): group for group in groups for term in group["terms"]}


def test_the_file_parses_and_waits_for_a_clinicians_review() -> None:
    vocabulary = load_vocabulary()
    assert set(vocabulary) == {"reviewed_by", "reviewed_on", "group"}
    assert isinstance(vocabulary["reviewed_by"], str)
    assert isinstance(vocabulary["reviewed_on"], str)
    assert len(vocabulary["group"]) > 300


def test_every_group_is_written_with_terms_kind_and_source_only(groups: list[dict]) -> None:
    wrong = [group for group in groups if set(group) != {"terms", "kind", "source"}]
    assert wrong == []


def test_every_group_has_at_least_two_different_terms(groups: list[dict]) -> None:
    thin = [group["terms"] for group in groups if len({as_searched(t) for t in group["terms"]}) < 2]
    assert thin == []


def test_no_group_writes_a_term_twice(groups: list[dict]) -> None:
    repeated = [
        group["terms"]
        for group in groups
        if len({as_searched(t) for t in group["terms"]}) != len(group["terms"])
    ]
    assert repeated == []


def test_every_group_has_a_known_kind(groups: list[dict]) -> None:
    unknown = [(group["terms"][0], group["kind"]) for group in groups if group["kind"] not in KINDS]
    assert unknown == []


def test_every_group_names_its_source(groups: list[dict]) -> None:
    unsourced = [
        group["terms"][0]
        for group in groups
        if not isinstance(group["source"], str) or not group["source"].strip()
    ]
    assert unsourced == []


def test_no_term_is_in_two_groups(groups: list[dict]) -> None:
    """Search merges groups that share a term, which would join two meanings."""
    first_group: dict[str, str] = {}
    shared = []
    for group in groups:
        for term in group["terms"]:
            key = as_searched(term)
            if key in first_group:
                shared.append((term, first_group[key], group["terms"][0]))
            first_group.setdefault(key, group["terms"][0])
    assert shared == []


def test_no_term_holds_a_comma_or_is_empty(groups: list[dict]) -> None:
    """A synonym group is stored as comma-separated text."""
    bad = [
        term
        for group in groups
        for term in group["terms"]
        if not isinstance(term, str) or "," in term or not as_searched(term)
    ]
    assert bad == []


def test_every_group_fits_in_a_synonym_group(groups: list[dict]) -> None:
    limit = Synonym._meta.get_field("terms").max_length
    too_long = [
        group["terms"][0]
        for group in groups
        if len(", ".join(" ".join(t.lower().split()) for t in group["terms"])) > limit
    ]
    assert too_long == []


def test_every_source_fits_in_a_synonym_groups_note(groups: list[dict]) -> None:
    limit = Synonym._meta.get_field("note").max_length
    too_long = [group["terms"][0] for group in groups if len(group["source"]) > limit]
    assert too_long == []


def test_every_group_has_a_term_short_enough_to_be_recognised_when_typed(
    groups: list[dict],
) -> None:
    """Search recognises a typed term of up to four words."""
    untypable = [
        group["terms"] for group in groups if min(len(words_of(t)) for t in group["terms"]) > 4
    ]
    assert untypable == []


def test_no_term_is_or_shrinks_to_an_everyday_word(groups: list[dict]) -> None:
    everyday = []
    for group in groups:
        for term in group["terms"]:
            searched = as_searched(term)
            kept = [word for word in searched.split() if word not in STOP_WORDS]
            shrinks_to_everyday = len(kept) == 1 and kept[0] in EVERYDAY_WORDS
            if not kept or searched in EVERYDAY_WORDS or shrinks_to_everyday:
                everyday.append(term)
    assert everyday == []


def test_there_are_at_least_150_lay_term_groups(groups: list[dict]) -> None:
    assert sum(group["kind"] == "lay-term" for group in groups) >= 150


def test_every_kind_has_groups(groups: list[dict]) -> None:
    assert {group["kind"] for group in groups} == KINDS


def test_every_therapy_of_the_drug_reference_is_in_a_therapy_group(
    group_of: dict[str, dict],
) -> None:
    """Its generic name in a therapy or relapse-treatment group, its brand names and
    biosimilars in the same group, and its other names somewhere in the vocabulary."""
    missing = []
    files = sorted(DRUG_REFERENCE.glob("*.toml"))
    assert len(files) >= 9
    for path in files:
        drug = tomllib.loads(path.read_text(encoding="utf-8"))
        group = group_of.get(as_searched(drug["generic_name"]))
        if group is None or group["kind"] not in THERAPY_KINDS:
            missing.append((path.name, drug["generic_name"]))
            continue
        for field in ("brand_names", "biosimilars"):
            for name in filter(None, (n.strip() for n in drug.get(field, "").split(","))):
                if group_of.get(as_searched(name)) is not group:
                    missing.append((path.name, name))
        for name in filter(None, (n.strip() for n in drug.get("other_names", "").split(","))):
            if as_searched(name) not in group_of:
                missing.append((path.name, name))
    assert missing == []


@pytest.mark.parametrize("generic, names", THERAPIES.items())
def test_every_ms_therapy_is_found_by_its_other_names(
    group_of: dict[str, dict], generic: str, names: list[str]
) -> None:
    group = group_of.get(as_searched(generic))
    assert group is not None and group["kind"] == "therapy"
    assert [name for name in names if group_of.get(as_searched(name)) is not group] == []


@pytest.mark.parametrize("treatment, names", RELAPSE_TREATMENTS.items())
def test_relapse_treatments_are_found_by_their_common_names(
    group_of: dict[str, dict], treatment: str, names: list[str]
) -> None:
    group = group_of.get(as_searched(treatment))
    assert group is not None and group["kind"] == "steroid-relapse"
    assert [name for name in names if group_of.get(as_searched(name)) is not group] == []


@pytest.mark.parametrize("abbreviation", ABBREVIATIONS)
def test_each_abbreviation_patients_meet_comes_with_its_full_form(
    group_of: dict[str, dict], abbreviation: str
) -> None:
    group = group_of.get(as_searched(abbreviation))
    assert group is not None
    assert any(len(as_searched(term)) > len(abbreviation) + 3 for term in group["terms"])


@pytest.mark.parametrize(
    "lay, clinical",
    [
        ("pins and needles", "paresthesia"),
        ("brain fog", "cognitive dysfunction"),
        ("MS hug", "banding"),
        ("spinal tap", "lumbar puncture"),
        ("pee often at night", "nocturia"),
        ("double vision", "diplopia"),
        ("flare-up", "relapse"),
        ("foot drop", "drop foot"),
    ],
)
def test_a_patients_words_find_the_clinicians_word(
    group_of: dict[str, dict], lay: str, clinical: str
) -> None:
    group = group_of.get(as_searched(lay))
    assert group is not None and group is group_of.get(as_searched(clinical))
