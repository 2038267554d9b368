"""Open a board repository: load every record, index it, run the checks and place their
problems, in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assurance_cli.checks.across import run_checks
from assurance_cli.checks.place import place_problems
from assurance_cli.index.build import Index, build_index
from assurance_cli.index.loaded import Repository
from assurance_cli.io.files import read_record_or_none
from assurance_cli.problems import Problem, Severity
from assurance_cli.repo.load import load_repository


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


def open_workspace(root: Path, *, use_cache: bool = False) -> Workspace:
    """Load, index and check the board repository at `root`. Writes nothing but, with
    `use_cache`, the warm cache."""
    cache = None
    if use_cache:
        from assurance_cli.repo.cache import open_cache

        cache = open_cache(root)
    repository, problems = load_repository(root, cache=cache)
    if cache is not None:
        from assurance_cli.repo.cache import save_cache

        save_cache(cache)
    index = build_index(repository)
    across = place_problems(
        run_checks(repository, index), lambda rel: read_record_or_none(root / rel)
    )
    return Workspace(repository, index, sorted({*problems, *across}))
