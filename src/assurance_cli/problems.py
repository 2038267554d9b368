"""Problems are values: every bad input becomes a Problem, collected and reported together.

An `AssureError` means the command cannot run at all (no `data/`, a bad flag value); the CLI
maps it to exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place: `path:line:col: severity: message [code]`.

    `path` is relative to the repository root, with forward slashes. `line` and `col` are
    1-based. Messages name ids, fields and kinds of problem, never record text.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity.value}: {self.message} [{self.code}]"


class AssureError(Exception):
    """The command cannot run (as opposed to a problem in a record)."""


def error(path: str, line: int, col: int, code: str, message: str) -> Problem:
    return Problem(path, line, col, code, message, Severity.ERROR)


def warning(path: str, line: int, col: int, code: str, message: str) -> Problem:
    return Problem(path, line, col, code, message, Severity.WARNING)
