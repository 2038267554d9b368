"""Open a board repository: load every record, index it and run the checks, in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import run_checks
from .index import Index, build_index
from .loader import Repository, load_repository
from .problems import Problem, Severity


@dataclass
class Workspace:
    repository: Repository
    index: Index
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def open_workspace(root: Path) -> Workspace:
    """Load, index and check the board repository at `root`. Never writes a file."""
    repository, problems = load_repository(root)
    index = build_index(repository)
    problems += run_checks(repository, index)
    return Workspace(repository, index, sorted(set(problems)))
