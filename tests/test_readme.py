"""The README's configuration table tells the truth about mscenter/settings.py.

Every environment variable the settings read has a row, every row names a
variable the settings read, and a default written in the code as a value
(`"5/h"`, `90`, `True`, or one of two values by `PRODUCTION`) is the default
the row gives, in backticks (`` `5/h` ``, `` `90` ``, `` `true` ``); an empty
string is written "—". A default computed from other settings (a path, the
opposite of `PRODUCTION`) only needs to be described.
"""

from __future__ import annotations

import ast
import operator
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPUTED = object()  # a default the README describes in words


def literal(node: ast.expr | None) -> object:
    """The default's value when the code writes it as one, else COMPUTED."""
    if node is None:
        return ""  # the helpers' own default
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in (ast.Mult, ast.Add):
        left, right = literal(node.left), literal(node.right)
        if isinstance(left, int) and isinstance(right, int):
            return {ast.Mult: operator.mul, ast.Add: operator.add}[type(node.op)](left, right)
    return COMPUTED


def variables_read_by_settings() -> dict[str, list[object]]:
    """{variable: the defaults the code gives it} for every env helper call and
    os.environ read in the settings whose variable name is written out."""
    tree = ast.parse((ROOT / "mscenter" / "settings.py").read_text())
    # env_str, env_bool, env_int ... and any helper added later under the same kind of name.
    helpers = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("env_")
    }
    found: dict[str, list[object]] = {}
    for call in ast.walk(tree):
        if (
            isinstance(call, ast.Subscript)
            and ast.unparse(call.value).endswith("environ")
            and isinstance(call.slice, ast.Constant)
        ):
            found[call.slice.value] = [COMPUTED]  # os.environ["X"]: no default at all
            continue
        if not isinstance(call, ast.Call) or not call.args:
            continue
        func = call.func
        is_helper = isinstance(func, ast.Name) and func.id in helpers
        is_environ = isinstance(func, ast.Attribute) and (
            func.attr == "getenv" or (func.attr == "get" and "environ" in ast.unparse(func.value))
        )
        name = call.args[0]
        if not (is_helper or is_environ) or not isinstance(name, ast.Constant):
            continue  # a helper's own body, passing its parameter on
        default_node = call.args[1] if len(call.args) > 1 else None
        for keyword in call.keywords:
            if keyword.arg == "default":
                default_node = keyword.value
        if isinstance(default_node, ast.IfExp):
            defaults = [literal(default_node.body), literal(default_node.orelse)]
        else:
            defaults = [literal(default_node)]
        found[name.value] = defaults
    return found


def readme_configuration_rows() -> dict[str, str]:
    """{variable: its default cell} from the table under "## Configuration"."""
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0]):
            rows[name] = cells[-1]
    return rows


def as_written(default: object) -> str:
    if default == "":
        return "—"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    return f"`{default}`"


def test_every_variable_the_settings_read_is_in_the_readme():
    missing = set(variables_read_by_settings()) - set(readme_configuration_rows())
    assert not missing, (
        f"read by mscenter/settings.py, not in the README's table: {sorted(missing)}"
    )


def test_every_variable_in_the_readme_is_read_by_the_settings():
    stale = set(readme_configuration_rows()) - set(variables_read_by_settings())
    assert not stale, f"in the README's table, not read by mscenter/settings.py: {sorted(stale)}"


def test_each_default_in_the_readme_is_the_one_in_the_code():
    rows = readme_configuration_rows()
    wrong = []
    for name, defaults in variables_read_by_settings().items():
        cell = rows.get(name)
        if cell is None:
            continue  # reported by the test above
        if not cell:
            wrong.append(f"{name}: no default given")
        for default in defaults:
            if default is not COMPUTED and as_written(default) not in cell:
                wrong.append(
                    f"{name}: the code's default is {as_written(default)}, the README says {cell!r}"
                )
    assert not wrong, "\n".join(wrong)


def test_the_check_reads_the_settings_as_they_are_written():
    """The parsing above, on a few variables whose defaults are written out here by hand."""
    read = variables_read_by_settings()
    assert read["ASK_RATE_LIMIT"] == ["5/h"]
    assert read["COMMENTS_OPEN_DAYS"] == [90]
    assert read["REQUIRE_SECOND_SIGNER"] == [True]
    assert read["CSRF_TRUSTED_ORIGINS"] == [""]
    assert read["ALLOWED_HOSTS"] == ["", "localhost,127.0.0.1,[::1]"]
    assert read["SESSION_COOKIE_AGE"] == [7200]
    assert read["DEBUG"] == [COMPUTED]
    rows = readme_configuration_rows()
    assert rows["PRODUCTION"] == "`false`"
