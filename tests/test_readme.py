"""The README is where a newcomer starts, and docs/ is where it sends them: the
two commands are there, every link leads somewhere, and every file or folder
they name exists.

What each variable means is checked against the declarations in
tests/test_configuration_docs.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, *DOCS]

FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\n]+)`")
# A path in backticks, starting at a top-level folder of the project:
# `core/cache.py`, `tests/journeys/`, `scripts/bench/*.lua`.
TOP_LEVEL = {entry.name for entry in ROOT.iterdir() if entry.is_dir()} - {".git", ".venv"}


def prose(page: Path) -> str:
    """The page without its code blocks (a shell line is not a link)."""
    return FENCE.sub("", page.read_text())


def relative_links(page: Path) -> list[str]:
    return [
        target
        for target in LINK.findall(prose(page))
        if not re.match(r"[a-z]+:", target)  # https:, mailto:
    ]


def anchors(page: Path) -> set[str]:
    """The anchors a Markdown viewer gives the page's headings."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", prose(page), re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
        found.add(slug.replace(" ", "-"))
    return found


def named_paths(page: Path) -> list[str]:
    paths = []
    for token in CODE.findall(page.read_text()):
        first = token.split("/", 1)[0]
        if "/" in token and first in TOP_LEVEL and not re.search(r"[<>…\s]", token):
            paths.append(token)
    return paths


def test_the_readme_gives_the_two_commands_in_a_shell_block():
    blocks = re.findall(r"^```sh\n(.*?)^```", README.read_text(), re.MULTILINE | re.DOTALL)
    commands = [line.split()[0] for block in blocks for line in block.splitlines() if line]
    assert commands[:2] == ["scripts/run", "scripts/test"]
    for command in commands[:2]:
        assert os.access(ROOT / command, os.X_OK), f"{command} is not an executable script"


def test_the_readme_is_read_in_five_minutes():
    lines = len(README.read_text().splitlines())
    assert lines <= 200, f"README.md has {lines} lines; move the reference into docs/"


def test_every_doc_the_readme_links_exists_and_every_doc_is_linked():
    linked = {
        (ROOT / target.split("#")[0]).resolve()
        for target in relative_links(README)
        if target.startswith("docs/")
    }
    assert linked, "the README links no docs/ page"
    missing = sorted(str(path.relative_to(ROOT)) for path in linked if not path.is_file())
    assert not missing, f"the README links pages that do not exist: {missing}"
    unlinked = sorted(str(doc.relative_to(ROOT)) for doc in DOCS if doc.resolve() not in linked)
    assert not unlinked, f"pages in docs/ a reader of the README cannot find: {unlinked}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_resolves(page):
    broken = []
    for target in relative_links(page):
        path_part, _, anchor = target.partition("#")
        destination = (page.parent / path_part).resolve() if path_part else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and anchor not in anchors(destination):
            broken.append(f"{target}: no heading with that anchor")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_file_and_folder_named_exists(page):
    missing = [
        path
        for path in named_paths(page)
        if not (list(ROOT.glob(path)) if "*" in path else (ROOT / path).exists())
    ]
    assert not missing, f"{page.relative_to(ROOT)} names what is not there: {missing}"


def test_the_checks_read_the_pages_as_a_reader_sees_them():
    """The readers above, on what the pages plainly hold, so that none can pass
    by finding nothing."""
    assert "docs/configuration.md" in relative_links(README)
    assert "operations.md#redis" in relative_links(ROOT / "docs" / "configuration.md")
    assert "the-page-cache-whole-public-pages-in-redis" in anchors(ROOT / "docs" / "decisions.md")
    assert "a-persons-request" in anchors(ROOT / "docs" / "privacy.md")
    assert "mscenter/env.py" in named_paths(ROOT / "docs" / "configuration.md")
    assert "/ask/similar/" not in named_paths(ROOT / "docs" / "decisions.md")  # a URL, not a file
