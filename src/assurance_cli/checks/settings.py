"""The board's own rules for warnings, in board.yaml:

    checks:
      allow: [due-not-a-date]          # never reported: the board's papers word dues so
      strict: [finding-without-theme]  # an error: fails `check` (exit 1)

Only warning codes can be listed: an error is never allowed away, and a code no check
reports (a typo), an error code, or a code in both lists is a `bad-check-setting` error at
its place, so a board never believes a rule holds that does not."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from assurance_cli.checks.place import at_value
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import Repository
from assurance_cli.model.records import Board
from assurance_cli.problems import (
    CODES,
    WARNING_CODES,
    FieldProblem,
    Problem,
    Severity,
    did_you_mean,
)


def check_board_settings(repository: Repository, index: Index) -> Iterator[FieldProblem]:
    loaded = repository.board
    if loaded is None or loaded.record.checks is None:
        return
    settings = loaded.record.checks
    for name, codes, other in (
        ("allow", settings.allow, settings.strict),
        ("strict", settings.strict, settings.allow),
    ):
        for number, code in enumerate(codes):
            why = _why_not(code, in_other=name == "strict" and code in other)
            if why:
                yield at_value(loaded.path, ("checks", name, number), "bad-check-setting", why)


def _why_not(code: str, *, in_other: bool) -> str:
    if code not in CODES:
        return (
            f"'{code}' is no problem code{did_you_mean(code, WARNING_CODES)}; "
            "docs/problems.md lists the warnings a board can allow or make strict"
        )
    if code not in WARNING_CODES:
        return f"'{code}' is an error, which a board can neither allow nor make strict"
    if in_other:
        return f"'{code}' is both allowed and strict; keep it in one list"
    return ""


def settle(problems: Iterable[Problem], board: Board | None) -> list[Problem]:
    """`problems` under the board's rules: allowed warnings left out, strict ones errors."""
    found = list(problems)
    settings = board.checks if board is not None else None
    if settings is None or not found:
        return found
    allowed = WARNING_CODES.intersection(settings.allow) - set(settings.strict)
    strict = WARNING_CODES.intersection(settings.strict) - set(settings.allow)
    settled = []
    for problem in found:
        if problem.severity is Severity.WARNING and problem.code in allowed:
            continue
        if problem.severity is Severity.WARNING and problem.code in strict:
            problem = replace(
                problem,
                severity=Severity.ERROR,
                message=f"{problem.message} (strict: board.yaml's checks)",
            )
        settled.append(problem)
    return settled
