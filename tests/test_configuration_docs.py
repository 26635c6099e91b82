"""docs/configuration.md documents exactly the environment variables that
mscenter/env.py declares, with the defaults it declares.

The declarations are the one list: the settings read nothing else (a variable
read but not declared stops the start, tests/test_settings.py), so a row here
for every declaration, and none more, is the whole of the check.
"""

from __future__ import annotations

import re
from pathlib import Path

from mscenter.env import DECLARED, ByMode, Derived, Value

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "configuration.md"


def documented_rows(text: str) -> dict[str, list[str]]:
    """{variable: its cells} for every table row that starts with a variable's name."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.match(r"\| `([A-Z][A-Z0-9_]*)` \|", line)
        if match:
            name = match.group(1)
            assert name not in rows, f"{name} has two rows in docs/configuration.md"
            rows[name] = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
    return rows


def as_written(value: Value) -> str:
    if value == "":
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def expected_in_default_cell(variable_default: Value | ByMode | Derived) -> list[str]:
    if isinstance(variable_default, ByMode):
        return [
            f"{as_written(variable_default.development)} / "
            f"{as_written(variable_default.production)}"
        ]
    if isinstance(variable_default, Derived):
        return []  # described in words; the cell must only not be empty
    return [as_written(variable_default)]


def test_every_declared_variable_has_a_row_and_every_row_is_declared():
    rows = documented_rows(DOC.read_text())
    missing = sorted(set(DECLARED) - set(rows))
    stale = sorted(set(rows) - set(DECLARED))
    assert not missing, f"declared in mscenter/env.py, not in docs/configuration.md: {missing}"
    assert not stale, f"in docs/configuration.md, not declared in mscenter/env.py: {stale}"


def test_each_row_gives_the_declared_default_and_says_what_the_variable_does():
    wrong = []
    for name, cells in documented_rows(DOC.read_text()).items():
        if name not in DECLARED:
            continue  # reported above
        if len(cells) != 4 or not all(cells[1:3]):
            wrong.append(f"{name}: a row needs a default, what it does, and production's need")
            continue
        for expected in expected_in_default_cell(DECLARED[name].default):
            if expected not in cells[1]:
                wrong.append(f"{name}: declared default {expected}, the doc says {cells[1]!r}")
    assert not wrong, "\n".join(wrong)


def test_what_production_requires_is_marked_required():
    rows = documented_rows(DOC.read_text())
    unmarked = [
        name
        for name, variable in DECLARED.items()
        if variable.required_in_production and not rows[name][3].startswith("required")
    ]
    assert not unmarked, f"production stops without these, the doc does not say so: {unmarked}"


def test_the_check_reads_the_table_as_a_reader_sees_it():
    """A few rows read by hand, so that the parsing above cannot pass by reading nothing."""
    rows = documented_rows(DOC.read_text())
    assert len(rows) == len(DECLARED) > 40
    assert rows["ASK_RATE_LIMIT"][1] == "`5/h`"
    assert rows["PRODUCTION"][1] == "`false`"
    assert rows["DEBUG"][1] == "`true` / `false`"
    assert rows["DATABASE_URL"][3].startswith("required")
    assert expected_in_default_cell(DECLARED["ALLOWED_HOSTS"].default) == [
        "`localhost,127.0.0.1,[::1]` / —"
    ]


def test_a_row_missing_from_the_doc_would_be_caught():
    text = DOC.read_text()
    without = "\n".join(line for line in text.splitlines() if "| `LOG_LEVEL` |" not in line)
    assert "LOG_LEVEL" in DECLARED
    assert "LOG_LEVEL" not in documented_rows(without)
