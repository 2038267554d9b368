"""Open a board repository: load every record, index it, run the checks and place their
problems, in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assurance_cli.checks.across import run_checks
from assurance_cli.checks.place import place_problems
from assurance_cli.checks.settings import settle
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
    return Workspace(repository, index, settle(sorted({*problems, *across}), index.board))


# --- what a report leaves out, and what it shows despite errors -----------------------------


@dataclass(frozen=True)
class Omission:
    """A record file a report names in its notice: where, and why in a few words."""

    path: str
    why: str


@dataclass(frozen=True)
class Omissions:
    """What every output that reports on the records must say it left out, or shows despite
    errors: nothing is ever left out silently."""

    left_out: tuple[Omission, ...] = ()
    shown_with_errors: tuple[Omission, ...] = ()
    check_command: str = "assure check"  # what shows the problems (`assure --at X check`)

    def __bool__(self) -> bool:
        return bool(self.left_out or self.shown_with_errors)


@dataclass(frozen=True)
class Reading:
    """The records as the commands that report on them see them: a record whose file may hold
    personal data is withheld, and every omission is named."""

    workspace: Workspace
    index: Index
    omissions: Omissions


def for_reading(workspace: Workspace, check_command: str = "assure check") -> Reading:
    """The workspace without the records that may hold personal data (they must not reach a
    paper), and the notice of what is left out or shown despite errors."""
    errors: dict[str, list[str]] = {}
    for problem in workspace.errors:
        errors.setdefault(problem.path, []).append(problem.code)
    if not errors:  # the usual case: a warm run imports neither the detectors nor pydantic
        return Reading(workspace, workspace.index, Omissions(check_command=check_command))
    from assurance_cli.checks.privacy import KINDS

    loaded = workspace.repository.paths()
    left_out, shown, withheld = [], [], set()
    for path, codes in sorted(errors.items()):
        kinds = sorted({KINDS[code] for code in codes if code in KINDS})
        if path not in loaded:
            left_out.append(Omission(path, f"has errors ({_codes(codes)})"))
        elif kinds:
            withheld.add(path)
            left_out.append(Omission(path, f"withheld: may hold {' and '.join(kinds)}"))
        else:
            shown.append(Omission(path, f"shown, with errors ({_codes(codes)})"))
    index = workspace.index
    if withheld:
        index = build_index(workspace.repository.without(withheld))
    return Reading(workspace, index, Omissions(tuple(left_out), tuple(shown), check_command))


def _codes(codes: list[str]) -> str:
    return ", ".join(sorted(set(codes)))
