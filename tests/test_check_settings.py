"""Sanity, not rigidity: the board allows warnings or makes them strict in board.yaml's
`checks` (cases check-settings and check-settings-bad show the output); these tests hold the
list of warning codes true and follow the rules through the other commands."""

from __future__ import annotations

import re
from pathlib import Path

from assurance_cli.problems import CODES, WARNING_CODES

from .conftest import CASES, make_repo, run

TESTS = Path(__file__).parent


def warnings_shown() -> set[str]:
    shown: set[str] = set()
    for expected in CASES.glob("*/expected.txt"):
        text = expected.read_text(encoding="utf-8")
        shown |= set(re.findall(r": warning: .*\[([a-z-]+)\]$", text, flags=re.MULTILINE))
    return shown


def test_the_warning_codes_are_those_check_reports_as_warnings() -> None:
    assert set(CODES) >= WARNING_CODES
    # wrong-extension is a warning of the reader, shown by the corpus (test_corpus.py).
    assert warnings_shown() == WARNING_CODES - {"wrong-extension"}


BOARD_RULES = """
checks:
  allow: [due-before-plan]
  strict: [finding-without-theme]
"""


def board_with_rules(tmp_path: Path) -> Path:
    root = make_repo(tmp_path)
    board = root / "data" / "board.yaml"
    board.write_text(board.read_text(encoding="utf-8") + BOARD_RULES, encoding="utf-8")
    return root


def test_an_allowed_warning_does_not_stop_an_edit(tmp_path: Path) -> None:
    root = board_with_rules(tmp_path)
    # A due date before the plan starts (2015-04-01): allowed by the board.
    result = run(root, "reschedule", "2015-16/1a", "2015-03-31", "--reason", "Brought forward",
                 "--agreed", "2015-01")  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "due-before-plan" not in result.stdout + result.stderr
    assert run(root, "check", "--strict").exit_code == 0


def test_a_strict_warning_fails_check_without_the_flag_and_is_named_in_reports(
    tmp_path: Path,
) -> None:
    root = board_with_rules(tmp_path)
    finding = root / "data" / "findings" / "cse-review-risks.yaml"
    text = finding.read_text(encoding="utf-8")
    finding.write_text(re.sub(r"(?m)^themes:.*(\n  - .*)*\n", "", text), encoding="utf-8")
    result = run(root, "check")
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "error: the finding has no theme, so the learning report lists it under 'Not themed'; "
        "give it a theme from board.yaml if the paper does (strict: board.yaml's checks) "
        "[finding-without-theme]\n"
    )
    report = run(root, "report", "learning", "--period", "2015-16")
    assert "data/findings/cse-review-risks.yaml" in report.stderr  # shown, with errors
