"""No module over 400 lines unless its docstring says why (issue 20): a long module hides
more than one concern, and the next person should be told why this one does not."""

import ast
from collections.abc import Iterable
from pathlib import Path

SRC = Path(__file__).parent.parent / "src" / "assurance_cli"
LIMIT = 400
REASON = "Over 400 lines:"


def long_and_silent(paths: Iterable[Path]) -> list[str]:
    """The modules over the limit whose docstring does not say why, with their sizes."""
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > LIMIT and REASON not in (ast.get_docstring(ast.parse(text)) or ""):
            found.append(f"{path.name}: {lines} lines")
    return found


def test_no_module_is_over_400_lines_unless_its_docstring_says_why() -> None:
    assert long_and_silent(sorted(SRC.rglob("*.py"))) == []


def test_the_rule_flags_a_long_module_until_its_docstring_says_why(tmp_path: Path) -> None:
    body = "x = 1\n" * LIMIT
    silent = tmp_path / "silent.py"
    silent.write_text('"""A module."""\n' + body)
    said = tmp_path / "said.py"
    said.write_text(f'"""A module. ({REASON} one concern.)"""\n' + body)
    short = tmp_path / "short.py"
    short.write_text('"""A module."""\n' + "x = 1\n" * (LIMIT - 1))
    assert long_and_silent([silent, said, short]) == [f"silent.py: {LIMIT + 1} lines"]
