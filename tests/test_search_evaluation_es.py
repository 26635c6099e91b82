"""The Spanish search evaluation: what a Spanish-speaking reader types on /es/search/,
and the Q&A or drug section they would expect among the first three results as the
page shows them, on the demo's signed Spanish content.

As for English (tests/test_search_evaluation.py): search_tuning_es.toml may be tuned
against; search_test_es.toml is held out, written before Spanish search was tuned
and never edited to pass, only added to; its misses are never printed. Both are
scored hit@3 in page order, on SQLite and on PostgreSQL; run with -s for the figures."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from tests.test_search_evaluation import Case, ResultLinks, load
from tests.test_search_evaluation import demo_site as demo_site  # the same loaded demo

pytestmark = pytest.mark.django_db

SETS = ("tuning_es", "test_es")
# The goal, on both sets and both databases: a floor, never lowered to pass.
FLOOR = 0.90


def result_links(client: Client, query: str) -> list[str]:
    response = client.get("/es/search/", {"q": query})
    assert response.status_code == 200, query
    parser = ResultLinks()
    parser.feed(response.content.decode())
    return parser.links


class SpanishCase(Case):
    @property
    def target(self) -> str:
        if self.expect.startswith("/drugs/"):
            return f"/es{self.expect}"
        return f"/es/questions/{self.expect}/"


def cases(name: str) -> list[SpanishCase]:
    return [SpanishCase(c.text, c.expect, c.note) for c in load(name)]


def test_spanish_results_link_spanish_pages(demo_site: None, visitor: Client) -> None:
    links = result_links(visitor, "ocrevus")
    assert len(links) >= 3
    assert all(link.startswith(("/es/questions/", "/es/drugs/")) for link in links), links


@pytest.mark.parametrize("name", SETS)
def test_spanish_hit_at_3_in_page_order_is_at_least_90_percent(
    demo_site: None, visitor: Client, name: str
) -> None:
    misses = []
    listed = cases(name)
    for case in listed:
        links = result_links(visitor, case.text)
        if not case.found_in(links[:3]):
            first = links[0] if links else "no result"
            misses.append(f"{case.text!r}: expected {case.target}, first {first}")
    hits = len(listed) - len(misses)
    rate = hits / len(listed)
    print(
        f"\nhit@3 in page order, {name} set, {connection.vendor}: {rate:.1%} ({hits}/{len(listed)})"
    )
    shown = misses if name == "tuning_es" else [f"{len(misses)} held-out queries missed"]
    for miss in shown:
        print("  missed", miss)
    assert rate >= FLOOR, f"{rate:.1%} is below {FLOOR:.0%}:\n" + "\n".join(shown)


@pytest.mark.parametrize("name", SETS)
def test_every_expected_spanish_page_is_published_in_the_demo(
    demo_site: None, visitor: Client, name: str
) -> None:
    wrong = []
    for case in cases(name):
        path, _, section = case.target.partition("#")
        response = visitor.get(path)
        if response.status_code != 200 or "not-translated" in response.content.decode():
            wrong.append(
                f"{case.text!r}: {path} answers {response.status_code} or is not translated"
            )
        elif section and f'id="{section}"' not in response.content.decode():
            wrong.append(f"{case.text!r}: {path} has no section #{section}")
    assert not wrong, "\n".join(wrong)


def test_the_spanish_sets_are_apart_and_large_enough() -> None:
    tuning, held_out = load("tuning_es"), load("test_es")
    assert len(held_out) >= 40
    shared = {c.text.lower() for c in tuning} & {c.text.lower() for c in held_out}
    assert not shared, shared
    assert all(case.note for case in held_out), "every held-out query says why"
