"""Problems found in records' data are placed at their line and column in one pass.

Checks work on records, which keep no positions (a warm run never parses a file): they yield
`FieldProblem`s naming a field path. `place_problems` then reads each file that has one, once,
and finds where each field stands.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from assurance_cli.problems import FieldPath, FieldProblem, Problem, Severity

# The YAML reader is imported only when there is a problem to place: a warm run whose
# records are clean never parses a file.
if TYPE_CHECKING:
    from assurance_cli.io.yaml_reader import Document, Position, Positions

ReadFile = Callable[[str], bytes | None]  # a file's bytes by its relative path, or None


class Located(Protocol):
    """Anything loaded from a file."""

    @property
    def path(self) -> str: ...


def at_value(path: str, field: FieldPath, code: str, message: str) -> FieldProblem:
    """An error at the value of `field` in the file `path`."""
    return FieldProblem(path, field, code, message)


def warn_at_value(path: str, field: FieldPath, code: str, message: str) -> FieldProblem:
    """A warning at the value of `field` in the file `path`."""
    return FieldProblem(path, field, code, message, Severity.WARNING)


def place_problems(found: Iterable[Problem | FieldProblem], read: ReadFile) -> list[Problem]:
    """Every problem at its line and column; each file with a field problem is read once.
    A file that cannot be read (or no longer parses) places its problems at line 1."""
    placed: list[Problem] = []
    by_file: dict[str, list[FieldProblem]] = defaultdict(list)
    for problem in found:
        if isinstance(problem, FieldProblem):
            by_file[problem.path].append(problem)
        else:
            placed.append(problem)
    for path, problems in by_file.items():
        document = _document(read(path), path)
        placed += place_in(problems, document)
    return placed


def place_in(problems: Iterable[FieldProblem], document: Document | None) -> list[Problem]:
    """Problems of one file at their places, without the warnings a reviewed comment allows
    there (`# assure: allow <code>` on the line, or on a comment line just above)."""
    from assurance_cli.io.yaml_reader import Positions

    positions = document.positions if document is not None else Positions()
    allowances = document.allowances if document is not None else {}
    placed = (place_one(problem, positions) for problem in problems)
    return [problem for problem in placed if not _allowed(problem, allowances)]


def _allowed(problem: Problem, allowances: dict[int, frozenset[str]]) -> bool:
    return problem.severity is Severity.WARNING and problem.code in allowances.get(problem.line, ())


def _document(raw: bytes | None, path: str) -> Document | None:
    from assurance_cli.io.yaml_reader import read_document

    return read_document(raw, path)[0] if raw is not None else None


def place_one(problem: FieldProblem, positions: Positions) -> Problem:
    where: Position = (
        positions.of_key(problem.field) if problem.at_key else positions.of_value(problem.field)
    )
    return Problem(
        problem.path, where.line, where.col, problem.code, problem.message, problem.severity
    )
