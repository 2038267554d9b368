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
        """`<plan>/<ref>`; the ref alone for an action outside any plan."""
        return f"{self.plan}/{self.record.ref}" if self.plan else self.record.ref


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
    # The ids of record files that are there but did not load (they have errors): a link to
    # one of them is not "unknown", and reports name them as left out. By kind; an action's
    # id is `<plan>/<file name>`, any other record's its file name.
    unloaded: dict[str, set[str]] = field(default_factory=dict)

    def without(self, paths: set[str]) -> Repository:
        """A copy without the records of the files `paths`."""
        board = self.board if self.board is not None and self.board.path not in paths else None
        return Repository(
            root=self.root,
            board=board,
            actions=[loaded for loaded in self.actions if loaded.path not in paths],
            audits=[loaded for loaded in self.audits if loaded.path not in paths],
            findings=[loaded for loaded in self.findings if loaded.path not in paths],
            reports=[loaded for loaded in self.reports if loaded.path not in paths],
            files_read=self.files_read,
            unloaded=self.unloaded,
        )

    def paths(self) -> set[str]:
        """The files whose record is here."""
        paths = {loaded.path for loaded in self.actions}
        paths.update(loaded.path for loaded in self.audits)
        paths.update(loaded.path for loaded in self.findings)
        paths.update(loaded.path for loaded in self.reports)
        if self.board is not None:
            paths.add(self.board.path)
        return paths


def add_unloaded(repository: Repository, path: str, kind: str, plan: str) -> None:
    """Note a record file that is there but did not load."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    record_id = f"{plan}/{stem}" if plan else stem
    repository.unloaded.setdefault(kind, set()).add(record_id)


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
