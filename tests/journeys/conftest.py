"""Journeys: one person's whole path through the site as deployed.

Each journey drives Chromium against gunicorn in production mode with Redis
and PostgreSQL (tests/servers.py), sending `X-Forwarded-Proto: https` as the HTTPS proxy
would. Every page a person passes is checked with axe, and the journey fails
on any console error (a CSP violation is one), any page error, any response
of 500 or more and any server error in gunicorn's log.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests import servers
from tests.chromium import axe_violations

PASSWORD = "journey-password-" + "x" * 12
STAFF = ("dr.alvarez", "dr.okafor", "moderator")
# What axe's evaluation says when the page navigated away under it.
_BETWEEN_DOCUMENTS = re.compile(r"documentElement|Execution context was destroyed|navigat")


# As deployed: on PostgreSQL. On SQLite the suite's other browser tests cover
# the pages, and CI's SQLite run has the hostile-input walk instead.
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/journeys/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.server)
            if not ON_POSTGRESQL:
                item.add_marker(pytest.mark.skip(reason="journeys run as deployed, on PostgreSQL"))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[servers.Server]:
    """The deployed site, one per test worker (its own database and Redis db)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker.removeprefix("gw") or 0)
    server = servers.start(
        tmp_path_factory.mktemp("journeys"),
        name=f"mscenter_journeys_{worker}",
        redis_db=10 + number,
        ASK_MIN_SECONDS="0",
        ASK_RATE_LIMIT="100/h",
        COMMENT_RATE_LIMIT="100/h",
        # The journeys read the searches' counts from the database as soon as they search.
        SEARCH_COUNTS_FLUSH_SECONDS="0",
    )
    users = ", ".join(repr(name) for name in STAFF)
    server.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User\n"
        f"for user in User.objects.filter(username__in=[{users}]):\n"
        f"    user.set_password({PASSWORD!r}); user.email = user.username + '@clinic.test'; user.save()",
    )
    yield server
    servers.stop(server)
    errors = [line for line in server.log if re.search(r"Traceback|ERROR|\" 5\d\d ", line)]
    assert errors == [], "".join(errors)


class Person:
    """Someone using the site in their own browser window."""

    def __init__(
        self, browser, site: servers.Server, *, width: int, javascript: bool = True
    ) -> None:
        self.site = site
        self.context = browser.new_context(
            base_url=site.url,
            extra_http_headers={"X-Forwarded-Proto": "https"},
            viewport={"width": width, "height": 900},
        )
        self.context.set_default_timeout(15_000)
        if not javascript:
            # The site's own scripts are served empty: the pages behave as with
            # JavaScript turned off, while axe (run by the test) still can.
            self.context.route(
                re.compile(r"/static/js/"),
                lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
            )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.unchecked: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on(
            "response",
            lambda r: self.problems.append(f"{r.status} {r.url}") if r.status >= 500 else None,
        )
        self.page.on("framenavigated", self._navigated)

    def _console(self, message) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"console: {message.text} ({message.location.get('url')})")

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.unchecked.append(frame.url)

    def looks(self) -> None:
        """Look at the page: axe finds no WCAG 2.2 AA violation on it.

        A click that submits a form can return while the answer is still on its
        way; axe then meets a page between two documents. Wait for the new one
        to load and look again (a few times at most, never a fixed sleep)."""
        for attempt in range(3):
            self.page.wait_for_load_state("load")
            try:
                violations = axe_violations(self.page)
            except PlaywrightError as error:
                if attempt == 2 or not _BETWEEN_DOCUMENTS.search(str(error)):
                    raise
                continue
            break
        assert violations == []
        self.unchecked.clear()

    def goto(self, path: str) -> None:
        self.page.goto(path)
        self.looks()

    def log_in(self, username: str) -> None:
        self.goto("/admin/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(re.compile(r"/admin/$"))
        self.looks()

    def close(self) -> None:
        self.context.close()
        assert self.problems == [], self.problems
        assert self.unchecked == [], (
            f"pages passed without an accessibility check: {self.unchecked}"
        )


@pytest.fixture
def person(browser, site) -> Iterator[Callable[..., Person]]:
    """`person()` opens a new browser window (1280 px wide, or `width=390`;
    `javascript=False` for a browser whose JavaScript does not run the site's own)."""
    people: list[Person] = []

    def open_window(*, width: int = 1280, javascript: bool = True) -> Person:
        people.append(Person(browser, site, width=width, javascript=javascript))
        return people[-1]

    yield open_window
    for someone in people:
        someone.close()
