"""Open a board repository: load every record, index it and run the checks, in one call."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from assurance_cli.checks.across import run_checks
from assurance_cli.index.build import Index, build_index
from assurance_cli.problems import Problem, Severity
from assurance_cli.repo.load import Repository, load_repository


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
    `use_cache`, the warm cache under `root/.assure-cache/`."""
    cache = None
    if use_cache:
        from assurance_cli.repo.cache import open_cache

        cache = open_cache(root)
    repository, problems = load_repository(root, cache=cache)
    # The records live until the command ends: keep the cycle collector from walking all of
    # them again at every collection while the checks and queries run.
    gc.freeze()
    if cache is not None:
        from assurance_cli.repo.cache import save_cache

        save_cache(cache)
    index = build_index(repository)
    problems += run_checks(repository, index)
    return Workspace(repository, index, sorted(set(problems)))
