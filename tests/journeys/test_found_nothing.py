"""A search that finds nothing: a reader on a phone searches in their own word,
which no answer uses, and is shown the ways on; the search is counted (again
when the page comes from the cache), with nothing of who searched; a moderator
reads the count and adds a synonym group from it, and the same search then
finds the answer, which the reader opens: the browser pings the site for the
open, without any script, so the search no longer counts as unopened."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import expect

from tests import servers
from tests.journeys.conftest import Person

# "Sluggishness" is a reader's word for fatigue: no demo answer uses it and no
# group of the MS vocabulary has it, while "Why am I so tired all the time, and
# what can help?" answers it under the clinical name. No known word is near
# enough in spelling to be offered instead, and the de-identification check
# lets it through, so the search is counted.
QUERY = "sluggishness"
CLINICAL = "fatigue"
ANSWER = "Why am I so tired all the time, and what can help?"


def search_from_the_header(reader: Person, words: str) -> None:
    """Search through the header's box by keyboard, as a reader does on any page."""
    page = reader.page
    page.locator("#header-q").focus()
    page.keyboard.type(words)
    # Waits for this search's page even when the reader is on the same address
    # already (the URL alone would match the page being left).
    with page.expect_navigation(url=re.compile(rf"/search/\?q={re.escape(words)}$")):
        page.keyboard.press("Enter")
    reader.looks()


def times_counted(site: servers.Server) -> int:
    rows = site.query(
        "SELECT COALESCE(SUM(d.count), 0) FROM search_searchmissday d "
        "JOIN search_searchmiss m ON m.id = d.miss_id WHERE m.query = %s",
        (QUERY,),
    )
    return int(rows[0][0])


def opened_and_shown(site: servers.Server) -> tuple[int, int]:
    rows = site.query(
        "SELECT COALESCE(SUM(d.opened), 0), COALESCE(SUM(d.shown), 0) FROM search_searchmissday d "
        "JOIN search_searchmiss m ON m.id = d.miss_id WHERE m.query = %s",
        (QUERY,),
    )
    return int(rows[0][0]), int(rows[0][1])


def columns_of(site: servers.Server, table: str) -> set[str]:
    rows = site.query(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s",
        (table,),
    )
    return {column for (column,) in rows}


def tables_holding(site: servers.Server, text: str) -> set[str]:
    """Every table of the site's database with a text column that contains `text`
    (one query for all of them)."""
    columns = site.query(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND data_type IN "
        "('text', 'character varying', 'json', 'jsonb')"
    )
    # The names come from the database's own catalogue, the text is a parameter.
    checks = " UNION ALL ".join(
        f'SELECT %s WHERE EXISTS (SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s)'  # noqa: S608
        for table, column in columns
    )
    params = tuple(value for table, _ in columns for value in (table, f"%{text}%"))
    return {table for (table,) in site.query(checks, params)}


def test_a_search_that_found_nothing_leads_on_and_becomes_a_synonym(
    person: Callable[..., Person], site: servers.Server
) -> None:
    reader = person(width=390)
    reader.goto("/")
    page = reader.page
    search_from_the_header(reader, QUERY)
    ways_on = page.locator(".search-ways-on")
    expect(ways_on).to_contain_text("No answer or drug reference section matched")
    # Plainly: no other word offered in its place.
    expect(page.locator(".search-corrected, .search-suggestion")).to_have_count(0)
    expect(ways_on.get_by_role("link", name="Ask your question")).to_be_visible()
    expect(ways_on.get_by_role("link", name="The drug reference")).to_be_visible()
    expect(ways_on.get_by_role("link", name="All answers")).to_be_visible()
    links = ways_on.get_by_role("link")
    # All answers and at least one category besides the two ways above.
    assert links.count() >= 4, links.all_inner_texts()
    for href in [link.get_attribute("href") for link in links.all()]:
        assert page.request.get(href).status == 200, href
    ways_on.get_by_role("link", name="Ask your question").click()
    page.wait_for_url(re.compile(r"/ask/$"))
    reader.looks()
    expect(page.get_by_label("Your question")).to_be_visible()
    assert times_counted(site) == 1

    # The same search again: this time the page comes from the page cache,
    # and the miss is counted all the same.
    search_from_the_header(reader, QUERY)
    expect(ways_on).to_contain_text("No answer or drug reference section matched")
    assert times_counted(site) == 2
    # Kept: the words and a count a day, no more. Nothing of who searched (no
    # address, session or time of day), and the words in no other table.
    assert columns_of(site, "search_searchmiss") == {"id", "query", "topic_noted"}
    assert columns_of(site, "search_searchmissday") == {
        "id",
        "miss_id",
        "day",
        "count",
        "shown",
        "opened",
    }
    assert tables_holding(site, QUERY) == {"search_searchmiss"}

    moderator = person()
    moderator.log_in("moderator")
    admin = moderator.page
    admin.get_by_role("link", name="Unanswered searches", exact=True).click()
    admin.wait_for_url(re.compile(r"/admin/search/searchmiss/$"))
    moderator.looks()
    row = admin.locator("#result_list tbody tr").filter(has_text=QUERY)
    expect(row.locator(".field-total")).to_have_text("2")
    row.get_by_role("link", name=f"Add a synonym group for “{QUERY}”").click()
    admin.wait_for_url(re.compile(r"/admin/search/synonym/add/\?"))
    moderator.looks()
    terms = admin.get_by_label("Terms")
    expect(terms).to_have_value(QUERY)
    terms.fill(f"{QUERY}, {CLINICAL}")
    admin.get_by_role("button", name="Save", exact=True).click()
    admin.wait_for_url(re.compile(r"/admin/search/synonym/$"))
    moderator.looks()
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")

    # Searches use the group at once: the cached page that found nothing is gone.
    search_from_the_header(reader, QUERY)
    expect(ways_on).to_have_count(0)
    first_three = page.locator(".search-hit-title a").all_inner_texts()[:3]
    assert ANSWER in first_three, first_three
    # The reader opens it; the browser pings the site as the link is followed.
    # (The ping's response may come after the page has moved on, when the browser
    # no longer reports it: tests/test_search_opens.py shows what the site counts.)
    with page.expect_request(re.compile(r"/search/opened/\?q=")) as ping:
        page.get_by_role("link", name=ANSWER).first.click()
    assert ping.value.method == "POST"
    assert ping.value.url.endswith(f"/search/opened/?q={QUERY}")
    page.wait_for_url(re.compile(r"/questions/"))
    reader.looks()
    assert opened_and_shown(site)[1] == 1  # the search that found the answer showed it
    moderator.goto("/admin/search/searchmiss/")
    expect(row.locator(".field-total")).to_have_text("2")
    assert times_counted(site) == 2
    # gunicorn's access log has the words in the address, never with who asked
    # for it (the client's address is "-"). Lines written a few pages ago,
    # already read from gunicorn's output.
    searched = [line for line in site.log if f"/search/?q={QUERY}" in line]
    assert searched and all(line.startswith("- ") for line in searched), searched
