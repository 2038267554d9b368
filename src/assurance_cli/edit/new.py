"""New records (`assure new action|audit|finding`): the next free ref, every field of the
format in place, the schema modeline; planned as a `Change` like any edit."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import get_args, get_origin

from assurance_cli.dates import PartialDate
from assurance_cli.edit.change import Change, clean_text, problems_after, require_board
from assurance_cli.io.layout import DATA_DIR, RecordFile
from assurance_cli.io.new_text import new_document_text
from assurance_cli.io.yaml_writer import Value, date_value
from assurance_cli.model.fields import ID_PATTERN
from assurance_cli.model.models import RECORD_TYPES, RecordModel
from assurance_cli.model.records import AUDIT_KIND_LABELS, FindingKind
from assurance_cli.model.schema import SCHEMA_DIR
from assurance_cli.problems import AssureError, did_you_mean
from assurance_cli.repo.workspace import Workspace

MODELINE = "# yaml-language-server: $schema={}\n"


def new_record_text(model: type[RecordModel], values: dict[str, Value], schema_ref: str) -> str:
    """A new record: the schema modeline, then every field of the format in order, `[]` or
    `null` where no value is given."""
    full: dict[str, Value] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        full[key] = values.get(key, [] if get_origin(info.annotation) is list else None)
    unknown = set(values) - set(full)
    if unknown:
        raise ValueError(f"not fields of {model.__name__}: {sorted(unknown)}")
    return MODELINE.format(schema_ref) + new_document_text(full)


def schema_ref(root: Path, record_path: Path, kind: str) -> str:
    """The modeline's path: from the record's folder to <root>/schemas/<kind>.schema.json."""
    target = root / SCHEMA_DIR / f"{kind}.schema.json"
    return Path(os.path.relpath(target, record_path.parent)).as_posix()


def next_ref(existing: Iterable[str], priority: int) -> str:
    """The next free ref in a priority: after 5h comes 5i (3d2 counts as 3d); in a plan
    numbered 2-1, 2-2..., after 2-5 comes 2-6."""
    refs = set(existing)
    lettered = [
        _letters_number(match[1])
        for ref in refs
        if (match := re.fullmatch(rf"{priority}([a-z]+)\d*", ref))
    ]
    numbered = [int(match[1]) for ref in refs if (match := re.fullmatch(rf"{priority}-(\d+)", ref))]
    if lettered:
        return f"{priority}{_letters(max(lettered) + 1)}"
    if numbered:
        return f"{priority}-{max(numbered) + 1}"
    plan_numbers = any(re.fullmatch(r"\d+-\d+", ref) for ref in refs)
    plan_letters = any(re.fullmatch(r"\d+[a-z]+\d*", ref) for ref in refs)
    return f"{priority}-1" if plan_numbers and not plan_letters else f"{priority}a"


def next_ref_without_priority(existing: Iterable[str], priorities: Iterable[int | str]) -> str:
    """The next free ref for an action outside the plan's priorities (or in a plan with
    none): the next ref of the plan's last group, the group numbered above every priority,
    so that the ref never reads as a priority's. In a plan with objectives 1 to 9 and refs up
    to 9c, the first is 10a, then 10b; in a plan with no priorities and refs up to 5-2, 5-3."""
    refs = list(existing)
    groups = [int(match[1]) for ref in refs if (match := re.match(r"(\d+)", ref))]
    numbers = [p for p in priorities if isinstance(p, int)]
    group = max(max(numbers, default=0) + 1, max(groups, default=0))
    return next_ref(refs, group)


def _letters_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (ord(char) - ord("a") + 1)
    return number


def _letters(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa."""
    out = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        out = chr(ord("a") + remainder) + out
    return out


def plan_new_action(
    workspace: Workspace,
    *,
    plan: str,
    priority: int | None,
    title: str,
    lead: Sequence[str] = (),
    due: PartialDate | date | None = None,
    status: str | None = None,
) -> Change:
    """`new action`: the next free ref in the priority (without one, see
    `next_ref_without_priority`), every field in place."""
    require_board(workspace)
    index = workspace.index
    found_plan = index.plans.get(plan)
    if found_plan is None:
        raise AssureError(f"unknown plan '{plan}'{did_you_mean(plan, index.plans)}")
    numbers = [p.number for p in found_plan.priorities]
    if priority is not None and not numbers:
        raise AssureError(f"plan '{plan}' has no priorities: leave out --priority")
    if priority is not None and priority not in numbers:
        raise AssureError(
            f"plan '{plan}' has no priority {priority}; it has "
            + ", ".join(str(n) for n in numbers)
            + " (leave out --priority for an action outside them)"
        )
    for lead_id in lead:
        if lead_id not in index.leads:
            raise AssureError(f"unknown lead '{lead_id}'{did_you_mean(lead_id, index.leads)}")
    status = status or _opening_status(workspace)
    if status not in index.statuses:
        raise AssureError(f"unknown status '{status}'{did_you_mean(status, index.statuses)}")
    root = workspace.repository.root
    folder = root / DATA_DIR / "actions" / plan
    on_disk = [entry.stem for entry in folder.glob("*.y*ml")] if folder.is_dir() else []
    existing = on_disk + [a.record.ref for a in workspace.repository.actions if a.plan == plan]
    ref = (
        next_ref(existing, priority)
        if priority is not None
        else next_ref_without_priority(existing, numbers)
    )
    values: dict[str, Value] = {
        "ref": ref,
        "priority": priority,
        "title": clean_text(title, "--title"),
        "lead": list(lead),
        "due": date_value(due) if due is not None else None,
        "status": status,
    }
    path = folder / f"{ref}.yaml"
    return _new(workspace, RecordFile(path, _rel(root, path), "action", plan), values)


def _opening_status(workspace: Workspace) -> str:
    """`not-started` when the board has it, else its first open status."""
    statuses = workspace.index.statuses
    if "not-started" in statuses:
        return "not-started"
    for status in statuses.values():
        if not status.closed:
            return status.id
    raise AssureError("board.yaml has no open status; give --status")


def plan_new_audit(
    workspace: Workspace, *, audit_id: str, title: str, kind: str, when: PartialDate | date
) -> Change:
    """`new audit`: an assurance activity, every field in place."""
    require_board(workspace)
    _check_new_id(audit_id, "audit", workspace.index.audits)
    if kind not in AUDIT_KIND_LABELS:
        raise AssureError(
            f"unknown audit kind '{kind}'{did_you_mean(kind, AUDIT_KIND_LABELS)}; "
            f"kinds: {', '.join(AUDIT_KIND_LABELS)}"
        )
    values: dict[str, Value] = {
        "id": audit_id,
        "title": clean_text(title, "--title"),
        "kind": kind,
        "date": date_value(when),
    }
    root = workspace.repository.root
    path = root / DATA_DIR / "audits" / f"{audit_id}.yaml"
    return _new(workspace, RecordFile(path, _rel(root, path), "audit"), values)


FINDING_KINDS: tuple[str, ...] = get_args(FindingKind)


def plan_new_finding(
    workspace: Workspace,
    *,
    finding_id: str,
    audits: Sequence[str],
    kind: str,
    text: str,
    themes: Sequence[str] = (),
) -> Change:
    """`new finding`: a learning point citing its audit(s), every field in place."""
    require_board(workspace)
    index = workspace.index
    _check_new_id(finding_id, "finding", index.findings)
    if not audits:
        raise AssureError("give the audit the finding comes from: --audit ID")
    for audit_id in audits:
        if audit_id not in index.audits:
            raise AssureError(f"unknown audit '{audit_id}'{did_you_mean(audit_id, index.audits)}")
    if kind not in FINDING_KINDS:
        raise AssureError(f"unknown finding kind '{kind}'; kinds: {', '.join(FINDING_KINDS)}")
    for theme in themes:
        if theme not in index.themes:
            raise AssureError(f"unknown theme '{theme}'{did_you_mean(theme, index.themes)}")
    values: dict[str, Value] = {
        "id": finding_id,
        "audits": list(audits),
        "themes": list(themes),
        "kind": kind,
        "text": clean_text(text, "--text"),
    }
    root = workspace.repository.root
    path = root / DATA_DIR / "findings" / f"{finding_id}.yaml"
    return _new(workspace, RecordFile(path, _rel(root, path), "finding"), values)


def _check_new_id(record_id: str, kind: str, known: Iterable[str]) -> None:
    if not re.fullmatch(ID_PATTERN, record_id):
        raise AssureError(
            f"'{record_id}' is not a valid id: use lowercase letters, digits and '-' "
            "(e.g. cse-review-2015)"
        )
    if record_id in set(known):
        raise AssureError(f"{kind} '{record_id}' already exists; choose another id")


def _new(workspace: Workspace, record_file: RecordFile, values: dict[str, Value]) -> Change:
    root = workspace.repository.root
    path = Path(record_file.path)
    if path.exists() or path.is_symlink():
        raise AssureError(f"{record_file.rel} already exists; it was not overwritten")
    model = RECORD_TYPES[record_file.kind]
    text = new_record_text(model, values, schema_ref(root, path, record_file.kind))
    content = text.encode("utf-8")
    problems = problems_after(workspace, record_file, content)
    record_id = values.get("id") or f"{record_file.plan}/{values['ref']}"
    summary = f"created {record_file.rel} ({record_file.kind} {record_id})"
    notes: tuple[str, ...] = ()
    if not (root / SCHEMA_DIR / f"{record_file.kind}.schema.json").is_file():
        missing = f"{SCHEMA_DIR}/{record_file.kind}.schema.json"
        notes = (f"{missing} does not exist: run `assure schema` so editors can use it",)
    return Change(path, record_file.rel, content, None, summary, notes, tuple(problems))


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
