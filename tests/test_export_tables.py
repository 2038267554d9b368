"""The export schema (docs/export-schema.md): a versioned contract, and a round trip of the
shipped records through the JSONL files: every field of every record is found in them."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assurance_cli.dates import PartialDate, iso
from assurance_cli.model.records import Action, Audit, Finding
from assurance_cli.queries.export_tables import (
    SCHEMA,
    SCHEMA_VERSION,
    export_tables,
    schema_fingerprint,
)
from assurance_cli.render.export_files import write_export
from assurance_cli.repo.provenance import WORKING_TREE, records_commit
from assurance_cli.repo.workspace import open_workspace

from .conftest import REPO, SHIPPED, make_repo

# One fingerprint per schema version: a change to any table's name, column name, type or
# order changes the fingerprint. When this test fails, the schema changed: raise
# SCHEMA_VERSION, add its fingerprint here, and say what changed in docs/export-schema.md.
FINGERPRINTS = {
    1: "cad67854e681e361989bca8b87b05315625567d9bd844283f2589be856547865",
}


def test_schema_changes_only_with_a_new_version() -> None:
    assert SCHEMA_VERSION in FINGERPRINTS, f"add version {SCHEMA_VERSION}'s fingerprint"
    assert schema_fingerprint() == FINGERPRINTS[SCHEMA_VERSION], (
        "the export schema changed: raise SCHEMA_VERSION in queries/export_tables.py and "
        "record the new fingerprint in this test"
    )


def test_the_documented_tables_are_the_schema() -> None:
    text = (REPO / "docs" / "export-schema.md").read_text(encoding="utf-8")
    assert f"# The export schema, version {SCHEMA_VERSION}" in text
    documented: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line.startswith("### "):
            current = documented.setdefault(line[4:].strip(), [])
        elif found := re.match(r"\| `(\w+)` \| (\w+) \|", line):
            current.append((found.group(1), found.group(2)))
    assert documented == {t.name: [(c.name, c.type) for c in t.columns] for t in SCHEMA}


@pytest.fixture(scope="module")
def shipped_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("export")
    workspace = open_workspace(SHIPPED)
    tables = export_tables(workspace.index, board_id="sandwell", commit="abc")
    write_export(folder, tables, "jsonl", board_id="sandwell", commit="abc")
    read = {}
    for table in SCHEMA:
        lines = (folder / f"{table.name}.jsonl").read_text(encoding="ascii").splitlines()
        read[table.name] = [json.loads(line) for line in lines]
        for row in read[table.name]:
            assert list(row) == list(table.column_names)
            assert (row["board"], row["commit"]) == ("sandwell", "abc")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert {name: t["rows"] for name, t in manifest["tables"].items()} == {
        name: len(rows) for name, rows in read.items()
    }
    return read


def _date_found(row: dict[str, Any], column: str, value: PartialDate | str | None) -> bool:
    if isinstance(value, PartialDate):
        return (
            row[column] == value.last.isoformat()
            and row[f"{column}_first"] == value.first.isoformat()
            and row[f"{column}_published"] == (value.text or iso(value))
        )
    return row[column] is None and row[f"{column}_published"] == value


def _links(export: dict[str, list[dict[str, Any]]]) -> dict[tuple[str, str, str], list[str]]:
    found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for row in sorted(export["links"], key=lambda r: r["position"]):
        found[(row["from_table"], row["from_id"], row["relation"])].append(row["to_id"])
    return found


def _by(rows: list[dict[str, Any]], *keys: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(row[k] for k in keys): row for row in rows}


Check = Callable[[Any, dict[str, Any]], bool]


def _entries_found(
    export: dict[str, list[dict[str, Any]]], action: str, milestone: int | None, entries: Any
) -> bool:
    rows = [r for r in export["progress"] if r["action"] == action and r["milestone"] == milestone]
    rows.sort(key=lambda r: r["entry"])
    return len(rows) == len(entries) and all(
        row["text"] == entry.text and _date_found(row, "date", entry.date)
        for row, entry in zip(rows, entries, strict=True)
    )


def _figures_found(
    export: dict[str, list[dict[str, Any]]], table: str, record: str, figures: Any
) -> bool:
    rows = [r for r in export["figures"] if (r["record_table"], r["record"]) == (table, record)]
    rows.sort(key=lambda r: r["figure"])
    return [(r["label"], r["value"], r["unit"], r["period"]) for r in rows] == [
        (f.label, f.value, f.unit, f.period) for f in figures
    ]


def test_every_field_of_every_shipped_record_is_in_the_export(
    shipped_export: dict[str, list[dict[str, Any]]],
) -> None:
    export = shipped_export
    links = _links(export)
    workspace = open_workspace(SHIPPED)
    actions = _by(export["actions"], "action")
    same = {
        "title",
        "parent",
        "subgroup",
        "desired_outcome",
        "outcome_measure",
        "status",
        "impact",
        "ref",
    }
    listed = {
        "lead": "lead",
        "responds_to": "responds_to",
        "audits": "audit",
        "answers": "answers",
        "themes": "theme",
    }
    for loaded in workspace.index.actions.values():
        record, row = loaded.record, actions[(loaded.id,)]
        assert row["path"] == loaded.path and row["plan"] == (loaded.plan or None)
        for name in Action._fields:
            value = getattr(record, name)
            if name in same:
                assert row[name] == value, name
            elif name in ("priority",):
                assert row[name] == (None if value is None else str(value))
            elif name in ("due", "review_by"):
                assert _date_found(row, name, value), name
            elif name == "order":
                assert row["paper_order"] == value
            elif name in listed:
                assert links.get(("actions", loaded.id, listed[name]), []) == list(value), name
            elif name == "related":
                full = [workspace.index.action_link(loaded.plan, r) for r in value]
                assert links.get(("actions", loaded.id, "related"), []) == full
            elif name == "progress":
                assert _entries_found(export, loaded.id, None, value)
            elif name == "milestones":
                rows = sorted(
                    (r for r in export["milestones"] if r["action"] == loaded.id),
                    key=lambda r: r["milestone"],
                )
                assert len(rows) == len(value)
                for number, (mrow, milestone) in enumerate(zip(rows, value, strict=True), 1):
                    assert (mrow["title"], mrow["status"]) == (milestone.title, milestone.status)
                    assert _date_found(mrow, "due", milestone.due)
                    assert _entries_found(export, loaded.id, number, milestone.progress)
            elif name == "due_history":
                rows = sorted(
                    (r for r in export["due_changes"] if r["action"] == loaded.id),
                    key=lambda r: r["change"],
                )
                assert len(rows) == len(value)
                for crow, change in zip(rows, value, strict=True):
                    assert crow["reason"] == change.reason
                    assert _date_found(crow, "due_from", change.from_)
                    assert _date_found(crow, "due_to", change.to)
                    assert _date_found(crow, "agreed", change.agreed)
            elif name == "questions":
                rows = [r for r in export["questions"] if r["action"] == loaded.id]
                assert [(r["priority"], r["text"]) for r in rows] == [
                    (None if q.priority is None else str(q.priority), q.text) for q in value
                ]
            else:
                pytest.fail(f"the export does not say where action field {name!r} goes")

    audits = _by(export["audits"], "audit")
    for loaded in workspace.index.audits.values():
        audit, row = loaded.record, audits[(loaded.record.id,)]
        for name in Audit._fields:
            value = getattr(audit, name)
            if name in ("date", "reported"):
                assert _date_found(row, name, value), name
            elif name == "end":
                assert _date_found(row, "ended", value)
            elif name == "order":
                assert row["paper_order"] == value
            elif name == "agencies":
                assert links.get(("audits", audit.id, "agency"), []) == list(value)
            elif name == "figures":
                assert _figures_found(export, "audits", audit.id, value)
            elif name == "id":
                assert row["audit"] == value
            else:
                assert row[name] == value, name

    findings = _by(export["findings"], "finding")
    relation = {"audits": "audit", "themes": "theme", "repeats": "repeats"}
    for loaded in workspace.index.findings.values():
        finding, row = loaded.record, findings[(loaded.record.id,)]
        for name in Finding._fields:
            value = getattr(finding, name)
            if name in relation:
                assert links.get(("findings", finding.id, relation[name]), []) == list(value)
            elif name == "figures":
                assert _figures_found(export, "findings", finding.id, value)
            elif name == "order":
                assert row["paper_order"] == value
            elif name == "id":
                assert row["finding"] == value
            else:
                assert row[name] == value, name
    board = workspace.index.board
    assert board is not None
    assert [r["status"] for r in export["statuses"]] == [s.id for s in board.statuses]
    assert [r["theme"] for r in export["themes"]] == list(workspace.index.themes)
    assert [(r["plan"], r["number"]) for r in export["priorities"]] == [
        (p.id, str(q.number)) for p in board.plans for q in p.priorities
    ]


def test_published_wording_sits_beside_the_typed_date(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/9z.yaml": "ref: 9z\npriority: 1\ndue: end of Q3 2015/16\n"
            "status: on-track\ndue_history:\n  - from: To be confirmed\n    to: end of Q3 2015/16\n"
        },
    )
    tables = export_tables(open_workspace(root).index, board_id="b", commit=WORKING_TREE)
    columns = {t.name: t.column_names for t in SCHEMA}
    rows = [dict(zip(columns["actions"], r, strict=True)) for r in tables["actions"]]
    row = next(r for r in rows if r["action"] == "2015-16/9z")
    assert (iso(row["due_first"]), iso(row["due"]), row["due_published"]) == (
        "2015-10-01",
        "2015-12-31",
        "end of Q3 2015/16",
    )
    assert iso(row["falls_due"]) == "2015-12-31"
    changes = [dict(zip(columns["due_changes"], r, strict=True)) for r in tables["due_changes"]]
    change = next(c for c in changes if c["action"] == "2015-16/9z")
    assert change["due_from"] is None and change["due_from_published"] == "To be confirmed"


def test_csv_reads_back_with_a_header_and_neutralised_formulas(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"data/actions/2015-16/9z.yaml": "ref: 9z\ntitle: =HYPERLINK(1)\n"})
    tables = export_tables(open_workspace(root).index, board_id="b", commit="c")
    write_export(tmp_path / "out", tables, "csv", board_id="b", commit="c")
    with (tmp_path / "out" / "actions.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == len(tables["actions"])
    assert next(r for r in rows if r["ref"] == "9z")["title"] == "'=HYPERLINK(1)"


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "PATH": "/usr/bin:/bin",
            "HOME": str(root),
        },
    )


def test_commit_is_head_only_while_data_is_as_committed(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    assert records_commit(root) == WORKING_TREE  # not in git
    _git(root, "init", "-q")
    assert records_commit(root) == WORKING_TREE  # no commit yet
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "records")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True)
    assert records_commit(root) == head.stdout.strip()
    (root / "README.md").write_text("not a record\n", encoding="utf-8")
    assert records_commit(root) == head.stdout.strip()  # outside data/: still the commit
    (root / "data" / "audits" / "new.yaml").write_text("id: new\n", encoding="utf-8")
    assert records_commit(root) == WORKING_TREE  # an untracked record
