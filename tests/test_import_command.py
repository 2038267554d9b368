"""`assure import` as a user runs it: seed 002 rebuilt as Word and Excel files, imported into a
fresh `assure init` board, and compared field by field with the shipped records of
data/actions/2015-16 (the ground truth, an editor's work on the same paper).

Where they differ, they differ by design (docs/import.md, "Seed 002, field by field"):
- the second `3d` is flagged (`import-duplicate-ref`) and not imported, never renamed: the
  shipped `3d2` has no imported counterpart, so every field counts one miss for it;
- lead: 2a and 2b print one cell "SSCB Business Manager & Safeguarding Officer - Quality &
  Governance"; the shipped records name two leads (the import splits only on line breaks
  and `;`, since `&` is inside lead names);
- progress: the shipped records split some paragraphs into sentences and date entries from
  dates inside the text; the import splits only lines that start with a date;
- status: 6d and 9c print "Completed"; the shipped records say "No longer applicable";
- due_history: "Due date amended from ... to ..." in the progress becomes an entry with its
  two dates (7b, 8c match); the shipped 6a also gives the change a reason, read from the
  sentences before it, which the import does not guess.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from assurance_cli.dates import PartialDate, iso, read_due
from tests.import_files import REPO, board, build_seed_docx, build_seed_xlsx, status_options

from .conftest import Run, run

SHIPPED = REPO / "data" / "actions" / "2015-16"
SHIPPED_REFS = sorted(path.stem for path in SHIPPED.glob("*.yaml"))
FIELDS = (
    "ref",
    "priority",
    "title",
    "desired_outcome",
    "outcome_measure",
    "due",
    "lead",
    "status",
    "progress_text",
    "progress",
    "milestones",
    "related",
    "due_history",
)
# Of the 49 shipped actions, how many the import matches exactly, field by field (above).
EXPECTED = {
    "ref": 48,
    "priority": 48,
    "title": 48,
    "desired_outcome": 48,
    "outcome_measure": 48,
    "due": 48,
    "lead": 46,
    "status": 46,
    "progress_text": 33,
    "progress": 24,
    "milestones": 48,
    "related": 46,
    "due_history": 47,
}
BUILDS: dict[str, Callable[[Path], Path]] = {
    "docx": lambda folder: build_seed_docx(folder / "plan.docx"),
    "xlsx": lambda folder: build_seed_xlsx(folder / "plan.xlsx"),
    "docx-colour": lambda folder: build_seed_docx(folder / "plan.docx", colour_status=True),
    "xlsx-colour": lambda folder: build_seed_xlsx(folder / "plan.xlsx", colour_status=True),
}


def fresh_board(tmp_path: Path, *, statuses: bool = False) -> Path:
    root = tmp_path / "board"
    done = run(None, "init", str(root), "--name", "Sandwell Safeguarding Children Board")
    assert done.exit_code == 0, done.stderr
    if statuses:  # a board whose status key has colours, as a colour-only column needs
        block = yaml.safe_dump({"statuses": board()["statuses"]}, sort_keys=False)
        with (root / "data" / "board.yaml").open("a") as handle:
            handle.write(block)
    return root


def import_plan(root: Path, path: Path, *args: str) -> Run:
    return run(root, "import", str(path), "--plan", "2015-16", *args)


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def _day(value: Any) -> str | None:
    if value is None:
        return None
    due = read_due(str(value))
    return iso(due) if isinstance(due, PartialDate) else str(due)


def _labels(root: Path, kind: str) -> dict[str, str]:
    return {item["id"]: item["label"] for item in _load(root / "data" / "board.yaml")[kind]}


def _entries(entries: list[dict[str, Any]], *, dates: bool) -> list[tuple[Any, str]]:
    return [(str(e.get("date")) if dates and e.get("date") else None, e["text"]) for e in entries]


def _progress(record: dict[str, Any], *, dates: bool) -> list[Any]:
    return [_entries(record["progress"], dates=dates)] + [
        _entries(m["progress"], dates=dates) for m in record["milestones"]
    ]


def compare(root: Path) -> dict[str, list[str]]:
    """The shipped refs each field misses (3d2 misses them all: it is not imported)."""
    leads = (_labels(root, "leads"), {i["id"]: i["label"] for i in board()["leads"]})
    statuses = (_labels(root, "statuses"), {i["id"]: i["label"] for i in board()["statuses"]})
    misses: dict[str, list[str]] = {name: [] for name in FIELDS}
    for ref in SHIPPED_REFS:
        theirs = _load(SHIPPED / f"{ref}.yaml")
        path = root / "data" / "actions" / "2015-16" / f"{ref}.yaml"
        ours = _load(path) if path.is_file() else None
        for name in FIELDS:
            if ours is None or not _same(name, ours, theirs, leads, statuses):
                misses[name].append(ref)
    return misses


def _same(
    name: str,
    ours: dict[str, Any],
    theirs: dict[str, Any],
    leads: tuple[dict[str, str], dict[str, str]],
    statuses: tuple[dict[str, str], dict[str, str]],
) -> bool:
    if name == "due":
        return _day(ours["due"]) == _day(theirs["due"])
    if name == "lead":
        return [leads[0][i] for i in ours["lead"]] == [leads[1][i] for i in theirs["lead"]]
    if name == "status":
        return statuses[0].get(ours["status"]) == statuses[1].get(theirs["status"])
    if name in ("progress_text", "progress"):
        dates = name == "progress"
        return _progress(ours, dates=dates) == _progress(theirs, dates=dates)
    if name == "milestones":
        return [(_day(m["due"]), statuses[0].get(m["status"])) for m in ours["milestones"]] == [
            (_day(m["due"]), statuses[1].get(m["status"])) for m in theirs["milestones"]
        ]
    if name == "related":
        return [str(r) for r in ours["related"]] == [str(r) for r in theirs["related"]]
    return bool(ours.get(name) == theirs.get(name))


def figures(label: str, misses: dict[str, list[str]]) -> str:
    lines = [f"{label}: fields matching the 49 shipped actions"]
    lines += [
        f"  {name:16} {49 - len(misses[name]):2}/49  misses: {' '.join(misses[name])}"
        for name in FIELDS
    ]
    return "\n".join(lines)


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_seed_002_imported_into_a_fresh_board_matches_the_shipped_records(
    build: str, tmp_path: Path
) -> None:
    colour = build.endswith("colour")
    root = fresh_board(tmp_path, statuses=colour)
    source = BUILDS[build](tmp_path)
    options = [f"--status={option}" for option in status_options(colours=True)] if colour else []
    done = import_plan(root, source, "--add-vocabulary", *options)
    assert done.exit_code == 1, done.stdout + done.stderr  # the duplicate 3d is an error
    assert "[import-duplicate-ref]" in done.stdout
    assert "checked 49 files: 0 errors, 0 warnings" in done.stderr  # board and 48 actions
    misses = compare(root)
    print(figures(build, misses))
    assert {name: 49 - len(refs) for name, refs in misses.items()} == EXPECTED
    assert misses["ref"] == ["3d2"]
    assert misses["lead"] == ["2a", "2b", "3d2"]
    assert misses["status"] == ["3d2", "6d", "9c"]
    assert misses["due_history"] == ["3d2", "6a"]
    # The shipped 3c and 3d link to the actions seed 000 proposes again for 2016-17 (as 3d2
    # does): seed 002 does not print that link.
    assert misses["related"] == ["3c", "3d", "3d2"]
    plan = _load(root / "data" / "board.yaml")["plans"][0]
    assert "period" not in plan  # never invented
    assert [p["number"] for p in plan["priorities"]] == list(range(1, 10))
    assert ("title" in plan) is build.startswith("docx")  # Word's heading; Excel has none


def test_reimporting_the_same_file_changes_nothing(tmp_path: Path) -> None:
    root = fresh_board(tmp_path)
    source = build_seed_docx(tmp_path / "plan.docx")
    assert import_plan(root, source, "--add-vocabulary").exit_code == 1
    before = tree(root)
    again = import_plan(root, source, "--add-vocabulary")
    assert "No changes to actions, audits or findings." in again.stdout
    assert "already agree (48 action(s) unchanged)" in again.stdout
    assert tree(root) == before


def import_rag(root: Path, path: Path) -> Run:
    """The RAG-letter plan at `path` imported as plan p1, its new vocabulary added."""
    return run(root, "import", str(path), "--plan", "p1", "--add-vocabulary")


def rag_plan(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["No.", "What", "Who", "When", "Update", "RAG"])
    for row in rows:
        sheet.append(row)
    book.save(str(path))
    return path


RAG_ROWS = [
    ["1", "Refresh the neglect strategy", "Neglect subgroup", "Q3 2016/17", "", "G"],
    ["2", "Audit return interviews", "Head of Service; QA officer", "31/03/2017", "", "A"],
    ["3", "Publish the annual report", "Business manager", "Ongoing", "", "R"],
]


def test_a_plan_with_other_column_names_and_rag_letters_imports_clean(tmp_path: Path) -> None:
    root = fresh_board(tmp_path)
    rows = [row[:] for row in RAG_ROWS]
    rows[2][3] = "September 2016"
    source = rag_plan(tmp_path / "plan.xlsx", rows)
    done = run(root, "import", str(source), "--plan", "2016-17", "--add-vocabulary")
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "checked 4 files: 0 errors, 0 warnings" in done.stderr
    record = _load(root / "data" / "actions" / "2016-17" / "2.yaml")
    assert record["lead"] == ["head-of-service", "qa-officer"]
    assert record["due"] == "31/03/2017"  # as published; its day is derived when read
    assert record["status"] == "amber"
    statuses = _load(root / "data" / "board.yaml")["statuses"]
    assert {(s["id"], s["label"], s["rag"], s["closed"]) for s in statuses} == {
        ("green", "Green", "green", False),
        ("amber", "Amber", "amber", False),
        ("red", "Red", "red", False),
    }
    assert _load(root / "data" / "board.yaml")["plans"] == [{"id": "2016-17"}]  # nothing invented


def test_new_vocabulary_is_listed_and_nothing_written_without_the_flag(tmp_path: Path) -> None:
    root = fresh_board(tmp_path)
    before = tree(root)
    source = rag_plan(tmp_path / "plan.xlsx", RAG_ROWS[:1])
    done = run(root, "import", str(source), "--plan", "2016-17")
    assert done.exit_code == 1
    assert "Nothing written: board.yaml lacks leads or statuses" in done.stdout
    assert "  - id: neglect-subgroup\n    label: Neglect subgroup" in done.stdout
    assert tree(root) == before


def test_dry_run_writes_nothing_and_json_lists_the_changes(tmp_path: Path) -> None:
    root = fresh_board(tmp_path)
    before = tree(root)
    source = rag_plan(tmp_path / "plan.xlsx", RAG_ROWS[:2])
    done = run(
        root,
        "import",
        str(source),
        "--plan",
        "p1",
        "--add-vocabulary",
        "--dry-run",
        "--format",
        "json",
    )
    assert done.exit_code == 0, done.stdout
    assert tree(root) == before
    result = json.loads(done.stdout)
    assert result["written"] is False and result["dry_run"] is True
    assert [f["path"] for f in result["files"]] == [
        "data/board.yaml",
        "data/actions/p1/1.yaml",
        "data/actions/p1/2.yaml",
    ]
    assert [c["kind"] for c in result["changes"]] == ["action-added", "action-added"]
    assert result["check"] is None


def test_reimporting_a_changed_file_updates_and_shows_the_diff(tmp_path: Path) -> None:
    root = fresh_board(tmp_path)
    first = rag_plan(tmp_path / "plan.xlsx", RAG_ROWS)
    assert run(root, "import", str(first), "--plan", "p1", "--add-vocabulary").exit_code == 0
    record = root / "data" / "actions" / "p1" / "1.yaml"
    record.write_text(record.read_text().replace("ref: '1'\n", "ref: '1'  # kept by hand\n"))
    rows = [row[:] for row in RAG_ROWS]
    rows[0][4] = "12/01/2017 - Draft strategy agreed"
    rows[0][5] = "R"
    rows[1][3] = "30/06/2017"
    changed = rag_plan(tmp_path / "changed.xlsx", rows)
    done = run(root, "import", str(changed), "--plan", "p1")
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "0 file(s) created, 2 updated, 1 action(s) unchanged" in done.stdout
    assert "Status changes (1)" in done.stdout and "Due dates amended (1)" in done.stdout
    assert "Progress added (1)" in done.stdout or "Draft strategy agreed" in done.stdout
    text = record.read_text()
    assert "# kept by hand" in text  # comments survive the update
    assert _load(record)["status"] == "red"
    assert _load(record)["progress"] == [
        {"date": date(2017, 1, 12), "text": "Draft strategy agreed"}
    ]
    history = _load(root / "data" / "actions" / "p1" / "2.yaml")["due_history"]
    assert history == [{"from": "31/03/2017", "to": "30/06/2017", "agreed": None, "reason": None}]


def test_the_import_excerpts_of_docs_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_doc_excerpts import assert_quoted, excerpt

    example = tmp_path / "examples" / "import" / "plan-2016-17.csv"
    example.parent.mkdir(parents=True)
    example.write_bytes((REPO / "examples" / "import" / "plan-2016-17.csv").read_bytes())
    monkeypatch.chdir(tmp_path)
    assert run(None, "init", "our-board", "--name", "B").exit_code == 0
    base = "assure --root our-board import examples/import/plan-2016-17.csv --plan 2016-17"
    for extra, code in (("--dry-run", 1), ("--add-vocabulary", 0), ("", 0)):
        command = f"{base} {extra}".strip()
        done = run(Path("our-board"), *command.split()[3:])
        assert done.exit_code == code, done.stdout + done.stderr
        assert_quoted(excerpt(command), done.stdout + done.stderr)


# Hostile files and failures: nothing half-written ------------------------------------------


def test_refused_files_exit_2_and_write_nothing(tmp_path: Path) -> None:
    from tests.test_import_hostile import add_part

    root = fresh_board(tmp_path)
    bomb = build_seed_xlsx(tmp_path / "bomb.xlsx")
    add_part(bomb, "xl/media/padding.bin", b"\0" * (20 * 1024 * 1024))
    macros = build_seed_docx(tmp_path / "macros.docx")
    add_part(macros, "word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro bytes")
    before = tree(root)
    for path, said in ((bomb, "zip bomb"), (macros, "contains macros")):
        done = import_plan(root, path, "--add-vocabulary")
        assert done.exit_code == 2
        assert said in done.stderr and "[import-refused]" in done.stderr
        assert "Traceback" not in done.stderr
        assert tree(root) == before


@pytest.mark.parametrize("step", ["_write_temporary", "_create_exclusive"])
def test_a_write_failing_part_way_leaves_every_file_as_it_was(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while the files are staged, or while they are renamed into place (the
    first ones already renamed), leaves every file as it was."""
    from assurance_cli.io import files

    root = fresh_board(tmp_path)
    first = rag_plan(tmp_path / "plan.xlsx", RAG_ROWS[:1])
    assert run(root, "import", str(first), "--plan", "p1", "--add-vocabulary").exit_code == 0
    before = tree(root)
    real = getattr(files, step)
    calls: list[object] = []

    def failing(*args: Any, **options: Any) -> Any:
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **options)

    monkeypatch.setattr(files, step, failing)
    rows = [row[:] for row in RAG_ROWS]
    rows[0][5] = "R"  # 1 updated, 2 and 3 new, board.yaml gains red and amber
    changed = rag_plan(tmp_path / "b.xlsx", rows)
    done = run(root, "import", str(changed), "--plan", "p1", "--add-vocabulary")
    assert done.exit_code == 2
    assert "No space left on device" in done.stderr and "nothing was written" in done.stderr
    assert len(calls) == 2
    assert tree(root) == before
    assert not [p for p in root.rglob("*.tmp")]


def test_formulas_and_dates_as_numbers_are_reported_and_never_written_as_formulas(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Action", "Lead", "Due", "Status"])
    sheet.append(["1", '=HYPERLINK("http://x","Run the audit")', "Chair", 42735, "Green"])
    path = tmp_path / "plan.xlsx"
    book.save(str(path))
    root = fresh_board(tmp_path)
    done = import_plan(root, path, "--add-vocabulary")
    assert "[import-formula]" in done.stdout and "[import-due-number]" in done.stdout
    record = root / "data" / "actions" / "2015-16" / "1.yaml"
    assert done.exit_code == 1  # a formula with no saved value is an error
    assert "HYPERLINK" not in record.read_text()
    assert _load(record)["title"] is None  # read as empty, never as the formula
    assert str(_load(record)["due"]) == "42735"  # kept as published, with the warning


def test_rows_without_a_ref_are_left_out_and_said_so(tmp_path: Path) -> None:
    from tests.test_import_hostile import workbook

    root = fresh_board(tmp_path)
    path = workbook(
        tmp_path / "plan.xlsx",
        [["Run the audit", "Chair", "March 2017"]],
        headings=["Action", "Lead", "Due"],
    )
    before = tree(root)
    done = import_plan(root, path, "--add-vocabulary")
    assert done.exit_code == 1
    assert "[import-row-left-out]" in done.stdout and "no ref is not imported" in done.stdout
    assert not (root / "data" / "actions").exists()
    assert tree(root) != before  # the plan itself is added: nothing else is invented


def test_a_note_naming_no_ref_is_reported_and_one_naming_refs_is_related(tmp_path: Path) -> None:
    root = fresh_board(tmp_path)
    rows = [row[:] for row in RAG_ROWS[:2]]
    rows[0][1] += "\nNote: see the neglect strategy"
    rows[1][1] += "\nNote: Actions 1 and 2 cross reference each other"
    done = import_rag(root, rag_plan(tmp_path / "p.xlsx", rows))
    assert done.exit_code == 0, done.stdout
    assert done.stdout.count("[import-note-not-placed]") == 1
    assert _load(root / "data" / "actions" / "p1" / "2.yaml")["related"] == ["1"]
    assert _load(root / "data" / "actions" / "p1" / "1.yaml")["related"] == []


def test_a_file_rewriting_earlier_progress_leaves_the_record_alone(tmp_path: Path) -> None:
    root = fresh_board(tmp_path)
    rows = [row[:] for row in RAG_ROWS[:1]]
    rows[0][4] = "12/01/2017 - Draft agreed"
    assert import_rag(root, rag_plan(tmp_path / "a.xlsx", rows)).exit_code == 0
    record = root / "data" / "actions" / "p1" / "1.yaml"
    before = record.read_bytes()
    rows[0][4] = "12/01/2017 - Draft agreed by all\n01/02/2017 - Published"
    done = run(root, "import", str(rag_plan(tmp_path / "b.xlsx", rows)), "--plan", "p1")
    assert "[import-progress-differs]" in done.stdout
    assert record.read_bytes() == before  # append-only: nothing rewritten, nothing appended


def test_column_and_status_options_and_an_unmapped_column_reported(tmp_path: Path) -> None:
    from tests.test_import_hostile import workbook

    root = fresh_board(tmp_path)
    path = workbook(
        tmp_path / "plan.xlsx",
        [["1", "Run the audit", "Chair", "March 2017", "Budget agreed", "G"]],
        headings=["Ref", "Action", "Lead", "Target", "Funding", "RAG"],
    )
    done = run(
        root,
        "import",
        str(path),
        "--plan",
        "p1",
        "--column",
        "Target=due",
        "--status",
        "G=on-track",
        "--add-vocabulary",
    )
    assert done.exit_code == 0, done.stdout
    assert "column 'Funding': no field has this heading" in done.stdout
    assert "[import-unmapped-column]" in done.stdout
    record = _load(root / "data" / "actions" / "p1" / "1.yaml")
    assert (record["due"], record["status"]) == ("March 2017", "on-track")
    (status,) = _load(root / "data" / "board.yaml")["statuses"]
    assert status == {"id": "on-track", "label": "Green", "closed": False, "rag": "green"}


def test_errors_the_records_would_have_block_the_write(tmp_path: Path) -> None:
    root = fresh_board(tmp_path)
    with (root / "data" / "board.yaml").open("a") as handle:
        handle.write(
            "plans:\n  - id: p1\n    priorities:\n      - number: 1\n        title: One\n"
            "statuses:\n  - {id: green, label: Green, closed: false}\n"
            "leads:\n  - {id: chair, label: Chair}\n"
        )
    source = tmp_path / "plan.csv"
    source.write_text(
        "Ref,Action,Lead,Due,RAG\n1. First objective,,,,\n1a,Do one,Chair,March 2017,G\n"
        "2. Second objective,,,,\n2a,Do two,Chair,March 2017,G\n"
    )
    before = tree(root)
    done = run(root, "import", str(source), "--plan", "p1")
    assert done.exit_code == 1
    assert "Nothing written: the records would have the errors listed below" in done.stdout
    assert (
        "data/actions/p1/2a.yaml:3:11: error: plan 'p1' has no priority 2 [unknown-priority]"
        in (done.stdout)
    )
    assert tree(root) == before


def test_init_then_import_in_a_real_process(tmp_path: Path) -> None:
    from .conftest import run_process

    root = tmp_path / "board"
    assert run_process(None, "init", str(root), "--name", "B").exit_code == 0
    example = REPO / "examples" / "import" / "plan-2016-17.csv"
    done = run_process(root, "import", str(example), "--plan", "2016-17", "--add-vocabulary")
    assert done.exit_code == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Imported plan-2016-17.csv into plan 2016-17: 3 file(s) created")
    assert done.stderr == "checked 4 files: 0 errors, 0 warnings\n"
    again = run_process(root, "import", str(example), "--plan", "2016-17", "--format", "json")
    assert again.exit_code == 0
    assert json.loads(again.stdout)["files"] == [] and json.loads(again.stdout)["unchanged"] == 3


def test_an_amendment_the_file_states_is_recorded_once(tmp_path: Path) -> None:
    root = fresh_board(tmp_path)
    rows = [row[:] for row in RAG_ROWS[:2]]
    assert import_rag(root, rag_plan(tmp_path / "a.xlsx", rows)).exit_code == 0
    rows[1][3] = "30 June 2017"
    rows[1][4] = "Fieldwork delayed. Due date amended from 31/03/2017 to 30/06/2017"
    changed = rag_plan(tmp_path / "b.xlsx", rows)
    done = run(root, "import", str(changed), "--plan", "p1")
    assert done.exit_code == 0, done.stdout + done.stderr
    record = root / "data" / "actions" / "p1" / "2.yaml"
    expected = [
        {"from": date(2017, 3, 31), "to": date(2017, 6, 30), "agreed": None, "reason": None}
    ]
    assert _load(record)["due_history"] == expected
    before = record.read_bytes()
    again = run(root, "import", str(changed), "--plan", "p1")
    assert "already agree" in again.stdout
    assert record.read_bytes() == before


@pytest.mark.parametrize("text", ["", "Ref,Action,Lead,Due\n"])
def test_a_file_with_no_action_rows_writes_nothing_not_even_the_plan(
    tmp_path: Path, text: str
) -> None:
    root = fresh_board(tmp_path)
    before = (root / "data" / "board.yaml").read_bytes()
    source = tmp_path / "plan.csv"
    source.write_text(text, encoding="utf-8")
    done = run(root, "import", str(source), "--plan", "2016-17")
    assert done.exit_code == 1
    assert "Nothing written" in done.stdout and "[import-no-table]" in done.stdout
    assert (root / "data" / "board.yaml").read_bytes() == before
    assert not (root / "data" / "actions").exists()


def test_a_refused_file_is_one_problem_line_without_a_second_error_prefix(tmp_path: Path) -> None:
    root = fresh_board(tmp_path)
    done = run(root, "import", str(tmp_path / "missing.xlsx"), "--plan", "2016-17")
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        "missing.xlsx:1:1: error: cannot read the file (No such file or directory) [import-refused]"
    ]


def test_the_figures_in_docs_import_are_the_ones_this_test_holds() -> None:
    # docs/import.md's table names the fields in words, a row for fields alike.
    rows = {
        "ref, priority, title, desired_outcome, outcome_measure": (
            *("ref", "priority", "title", "desired_outcome", "outcome_measure"),
        ),
        "due (as a date), milestones (due and status)": ("due", "milestones"),
        "related": ("related",),
        "lead": ("lead",),
        "status": ("status",),
        "progress, text of the entries": ("progress_text",),
        "progress, with dates": ("progress",),
        "due_history": ("due_history",),
    }
    page = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    table = page.split("| field | match | the others |", 1)[1].split("\n\n", 1)[0]
    shown = {}
    for line in table.strip().splitlines()[1:]:
        fields, match = (cell.strip() for cell in line.split("|")[1:3])
        shown.update(dict.fromkeys(rows[fields], int(match)))
    assert shown == EXPECTED
