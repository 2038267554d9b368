"""Every problem code is shown by a test: a worked example under tests/cases/, a row of the
corpus table (tests/corpus/expected.txt), or, for what a committed file cannot show (an
unreadable file, a fallback), a test that names it."""

from __future__ import annotations

import re
from pathlib import Path

from assurance_cli.problems import CODES

TESTS = Path(__file__).parent


def codes_shown() -> set[str]:
    shown: set[str] = set()
    for expected in (TESTS / "cases").glob("*/expected.txt"):
        shown |= set(re.findall(r"\[([a-z-]+)\]$", expected.read_text(), flags=re.MULTILINE))
    corpus = (TESTS / "corpus" / "expected.txt").read_text(encoding="utf-8")
    shown |= {row.split()[1] for row in corpus.splitlines() if row.strip() and row[0] != "#"}
    for test_file in TESTS.glob("test_*.py"):
        shown |= set(re.findall(r"[\"'\[]([a-z][a-z-]+)[\"'\]]", test_file.read_text()))
    return shown


def test_every_problem_code_is_shown_by_a_test() -> None:
    assert set(CODES) - codes_shown() == set()
