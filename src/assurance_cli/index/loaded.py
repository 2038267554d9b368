"""Validated records with the file each came from, and a board repository's records together.
Plain containers: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from assurance_cli.model.records import Action, Audit, Board, Finding, Record, ScheduledReport

R = TypeVar("R", bound=Record)


@dataclass(eq=False, slots=True)
class Loaded(Generic[R]):
    """A validated record and the file it came from. Read-only by convention (not frozen:
    ten thousand are made on every command, and a frozen dataclass is slow to make)."""

    record: R
    path: str  # relative to the repository root, forward slashes
    file: str | Path | None = None  # where the file is on disk (None: read from git)


@dataclass(eq=False, slots=True)
class LoadedAction(Loaded[Action]):
    plan: str = ""

    @property
    def id(self) -> str:
        return f"{self.plan}/{self.record.ref}"


@dataclass
class Repository:
    """Everything that loaded from one board's `data/` (or a git revision of it)."""

    root: Path
    board: Loaded[Board] | None = None
    actions: list[LoadedAction] = field(default_factory=list)
    audits: list[Loaded[Audit]] = field(default_factory=list)
    findings: list[Loaded[Finding]] = field(default_factory=list)
    reports: list[Loaded[ScheduledReport]] = field(default_factory=list)
    files_read: int = 0

    def paths(self) -> set[str]:
        """The files whose record is here."""
        paths = {loaded.path for loaded in self.actions}
        paths.update(loaded.path for loaded in self.audits)
        paths.update(loaded.path for loaded in self.findings)
        paths.update(loaded.path for loaded in self.reports)
        if self.board is not None:
            paths.add(self.board.path)
        return paths


def add_record(
    repository: Repository, path: str, file: str | Path | None, plan: str, record: Record
) -> None:
    """File a validated record in the repository."""
    if isinstance(record, Action):  # the most common first
        repository.actions.append(LoadedAction(record, path, file, plan))
    elif isinstance(record, Board):
        repository.board = Loaded(record, path, file)
    elif isinstance(record, Audit):
        repository.audits.append(Loaded(record, path, file))
    elif isinstance(record, Finding):
        repository.findings.append(Loaded(record, path, file))
    elif isinstance(record, ScheduledReport):
        repository.reports.append(Loaded(record, path, file))
