"""`assure import`'s result as text and as JSON: what is (or would be) written, the changes
as `assure diff` shows them, the new vocabulary with its board.yaml block, and every problem.

Plain values in (an `ImportView`, built by the command from the planned import), text out;
record text reaches the terminal only through `diff_terminal` (rich Text, never markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console

from assurance_cli.problems import Problem, Severity
from assurance_cli.queries.diff_values import Change, Diff, Version
from assurance_cli.render import json as jsonout
from assurance_cli.render.diff import diff_sections, summary_text
from assurance_cli.render.diff_terminal import section_table
from assurance_cli.render.problems import problem_json
from assurance_cli.render.terminal import plain

IMPORT_JSON_VERSION = 1


@dataclass(frozen=True)
class ImportView:
    plan: str
    source: str
    dry_run: bool
    written: bool
    files: tuple[tuple[str, str], ...]  # (created | updated, path)
    unchanged: int
    plan_created: bool
    new_leads: tuple[tuple[str, str], ...]
    new_statuses: tuple[dict[str, Any], ...]
    vocabulary_added: bool
    board_block: str
    not_in_file: tuple[str, ...]
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...]
    blocked_reason: str | None
    check: tuple[Problem, ...] | None = None  # `assure check` after writing
    files_checked: int = 0


def print_import(console: Console, view: ImportView) -> None:
    """The import for a reader: the outcome, the changes' tables, vocabulary and problems."""
    console.print(plain(_headline(view), style="bold"))
    console.print(plain(summary_text(view.changes)))
    diff = Diff(Version("records", None), Version("import", None), view.changes)
    for section in diff_sections(diff):
        console.print()
        console.print(plain(f"{section.title} ({len(section.rows)})", style="bold"))
        console.print(section_table(section, console.is_terminal))
    if view.new_leads or view.new_statuses:
        console.print()
        added = "added to" if view.vocabulary_added and view.written else "not in"
        console.print(plain(f"New leads and statuses ({added} board.yaml)", style="bold"))
        if not view.vocabulary_added:
            console.print(
                plain(
                    "Add this to data/board.yaml (or run again with --add-vocabulary); "
                    "check each status's `closed`, decided from its words:"
                )
            )
        elif view.new_statuses:
            console.print(plain("Check each new status's `closed`, decided from its words:"))
        console.print(plain(view.board_block.rstrip("\n")))
    if view.not_in_file:
        console.print()
        console.print(
            plain(
                f"{len(view.not_in_file)} action(s) of plan {view.plan} are not in the file and "
                f"were left as they are: {', '.join(view.not_in_file)}"
            )
        )
    if view.problems:
        console.print()
        console.print(plain("Problems", style="bold"))
        for problem in view.problems:
            console.print(plain(str(problem)))


def _headline(view: ImportView) -> str:
    created = sum(1 for how, _ in view.files if how == "created")
    updated = len(view.files) - created
    counts = f"{created} file(s) created, {updated} updated, {view.unchanged} action(s) unchanged"
    if view.written:
        return f"Imported {view.source} into plan {view.plan}: {counts}"
    if view.blocked_reason:
        return f"Nothing written: {view.blocked_reason}"
    if view.dry_run:
        return (
            f"Dry run of {view.source} into plan {view.plan} (nothing written): would be {counts}"
        )
    return (
        f"Nothing to write: {view.source} and plan {view.plan} already agree "
        f"({view.unchanged} action(s) unchanged)"
    )


def import_json(view: ImportView) -> str:
    document: dict[str, Any] = {
        "version": IMPORT_JSON_VERSION,
        "plan": view.plan,
        "source": view.source,
        "dry_run": view.dry_run,
        "written": view.written,
        "blocked": view.blocked_reason,
        "files": [{"path": path, "how": how} for how, path in view.files],
        "unchanged": view.unchanged,
        "plan_created": view.plan_created,
        "new_leads": [{"id": i, "label": label} for i, label in view.new_leads],
        "new_statuses": list(view.new_statuses),
        "vocabulary_added": view.vocabulary_added,
        "board_block": view.board_block or None,
        "not_in_file": list(view.not_in_file),
        "changes": [change.to_json() for change in view.changes],
        "errors": _count(view.problems, Severity.ERROR),
        "warnings": _count(view.problems, Severity.WARNING),
        "problems": [problem_json(p) for p in view.problems],
        "check": None
        if view.check is None
        else {
            "files_checked": view.files_checked,
            "errors": _count(view.check, Severity.ERROR),
            "warnings": _count(view.check, Severity.WARNING),
            "problems": [problem_json(p) for p in view.check],
        },
    }
    return jsonout.dumps(document) + "\n"


def _count(problems: Sequence[Problem], severity: Severity) -> int:
    return sum(1 for p in problems if p.severity is severity)
