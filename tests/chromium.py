"""Debian's Chromium driven by Playwright: how the browser tests and the
journeys start it, the accessibility check they run on every page, and the
steps they all take (logging in to the admin, solving the sum)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.factories import PASSWORD, solved_sum

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API runs an event loop in this thread; the test's own ORM
# calls are still synchronous, so Django's async guard is lifted for tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def launch(playwright):
    """Chromium, or a skip (a failure in CI, where a missing browser is a defect)."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def axe_violations(page) -> list[str]:
    """What axe-core finds against WCAG 2.2 A/AA on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    # No CSS preload: axe would re-inject @import-ed stylesheets (the admin's
    # forms.css has one) as inline <style>, which the strict CSP rightly blocks.
    # Only violations are read: axe then keeps one example of each passed or
    # inapplicable rule instead of every node, which halves its time.
    options = {
        "runOnly": {"type": "tag", "values": WCAG_22_AA},
        "preload": False,
        "resultTypes": ["violations"],
    }
    results = Axe().run(page, options=options)
    if results.violations_count == 0:
        return []
    return [results.generate_report()]


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.2 A/AA violation on the page as it is now."""
    violations = axe_violations(page)
    assert violations == [], violations[0] if violations else ""


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Log in to the admin as `username`, as a stranger: whoever was logged in
    in this window before is forgotten first."""
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def solve_the_sum(page, answer_to: Callable[[str], str] = solved_sum) -> None:
    """Answer the sum shown on the page as a patient would read it (here: the answer
    `answer_to` finds for its key; by default in the test's own database)."""
    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("Answer to the sum").fill(answer_to(key))
