"""Reads for the drug pages and the Q&A page; all go through `published()`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.visibility import visible_to
from questions.models import Question

from .models import MS_TYPES, Drug, DrugTranslation

if TYPE_CHECKING:  # a development dependency: only its type is named
    from django_stubs_ext import StrOrPromise

# What a row of the comparison table shows; nothing else is loaded for it.
TABLE_FIELDS = [
    "slug",
    "generic_name",
    "display_name",
    "brand_names",
    "biosimilars",
    "group",
    "status",
    "route",
    "for_cis",
    "for_rrms",
    "for_active_spms",
    "for_ppms",
    "mechanism_short",
    "schedule_short",
    "risks_short",
]


# A line under each table's heading, so a reader knows what sets the groups apart.
GROUP_NOTES: dict[str, StrOrPromise] = {
    Drug.Group.DISEASE_MODIFYING: _(
        "Long-term treatments, given by infusion, that lower the "
        "number of relapses and new areas of damage."
    ),
    Drug.Group.OTHER_INFUSION: _(
        "Short treatments for a relapse. They help a relapse settle "
        "but do not change the long-term course of MS."
    ),
    Drug.Group.INVESTIGATIONAL: _(
        "Offered only inside clinical trials. None of them is approved for MS."
    ),
}


@dataclass(frozen=True)
class DrugGroup:
    key: str
    label: StrOrPromise
    drugs: list[Drug]
    note: StrOrPromise = ""

    @property
    def caption_id(self) -> str:
        return f"group-{self.key.replace('_', '-')}"


def filter_drugs(
    drugs: QuerySet[Drug], *, status: str = "", ms_type: str = "", route: str = ""
) -> QuerySet[Drug]:
    """Narrow by the list page's filters; an empty value means “any”."""
    if status:
        drugs = drugs.filter(status=status)
    if ms_type:
        drugs = drugs.filter(**{MS_TYPES[ms_type][0]: True})
    if route:
        drugs = drugs.filter(route=route)
    return drugs


def drug_groups(
    *, status: str = "", ms_type: str = "", route: str = ""
) -> tuple[list[DrugGroup], int]:
    """Published therapies that match, in one query, grouped as the list page
    shows them; groups with no match are left out. In another language than
    the default, those translated into it, as translated (one more query), and
    how many matching ones are in English only (0 in the default language)."""
    drugs = list(
        filter_drugs(
            Drug.objects.published().only(*TABLE_FIELDS).order_by("generic_name"),
            status=status,
            ms_type=ms_type,
            route=route,
        )
    )
    matching = len(drugs)
    language = translation.get_language()
    if language != settings.LANGUAGE_CODE:
        drugs = translated(drugs, language)
    by_group: dict[str, list[Drug]] = {key: [] for key in Drug.Group.values}
    for drug in drugs:
        by_group.setdefault(drug.group, []).append(drug)
    labels = dict(Drug.Group.choices)
    groups = [
        DrugGroup(key=key, label=labels.get(key, key), drugs=rows, note=GROUP_NOTES.get(key, ""))
        for key, rows in by_group.items()
        if rows
    ]
    return groups, matching - len(drugs)


def drug_page(user: User | AnonymousUser) -> QuerySet[Drug]:
    """The entries whose page `user` may open (the public: published ones); filter by slug."""
    return (
        visible_to(user, Drug.objects)
        .select_related("reviewed_by")
        .prefetch_related("side_effects")
    )


MENTIONS_SHOWN = 20


def questions_mentioning(drug: Drug, *, limit: int = MENTIONS_SHOWN) -> list[Question]:
    """The newest published Q&As that name this therapy (one more than `limit`,
    so the page can say there are more), in the page's language: in another,
    those translated into it, each with its title in it (`shown_title`)."""
    return list(Question.objects.titles().filter(drug_mentions__drug=drug)[: limit + 1])


def translated(drugs: list[Drug], language: str) -> list[Drug]:
    """The drugs with a current signed translation into `language`, as that
    translation shows them, in one query; the others left out."""
    signed = {
        t.entry_id: t
        for t in DrugTranslation.objects.current(language).filter(entry__in=[d.pk for d in drugs])
    }
    return [signed[d.pk].shown(d, side_effects=False) for d in drugs if d.pk in signed]


def translation_of(drug: Drug, language: str) -> DrugTranslation | None:
    """The drug's current signed translation into `language`, with its people."""
    return (
        DrugTranslation.objects.current(language)
        .filter(entry=drug)
        .select_related("signer", "sent_by__expert_profile")
        .first()
    )


def drugs_mentioned_in(question: Question) -> list[Drug]:
    """Published therapies that a Q&A names, by name, in one query: kept on the
    instance, as the page reads them twice (its JSON-LD and its list)."""
    kept: list[Drug] | None = vars(question).get("_drugs_mentioned")
    if kept is None:
        kept = list(
            Drug.objects.published()
            .filter(mentions__question=question)
            .only("slug", "generic_name", "display_name", "brand_names", "route", "status")
            .order_by("generic_name")
        )
        vars(question)["_drugs_mentioned"] = kept
    return kept
