"""The leads' workbook round trip (issue 17): `assure export --format xlsx` writes a workbook
a lead fills in with openpyxl here, as Excel would save it, and `assure import-updates` turns
their changes into edits. Real .xlsx files are written and read back; the CLI runs as a user
runs it."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from assurance_cli.importing.updates import COLUMN_NUMBER, COLUMNS, read_cell_date
from assurance_cli.io.yaml_writer import date_value

from .conftest import REPO, copy_shipped, make_repo, run, run_process
from .git_helpers import commit_all, git, shipped_repo
from .test_doc_excerpts import assert_quoted, excerpt

PLAN_LEAD = ("--plan", "2015-16", "--lead", "qpp-chair")
ON = ("--on", "2016-05-31")


def export(root: Path, name: str = "qpp-chair.xlsx", *options: str) -> Path:
    path = root.parent / name  # outside the repository, as a file sent by e-mail
    result = run(root, "export", "--format", "xlsx", *(options or PLAN_LEAD), "--output", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def fill(path: Path, changes: dict[str, dict[str, object]]) -> None:
    """Change cells of the rows of the given actions, by column key, as a lead does."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["Actions"]
    rows = {sheet.cell(r, COLUMN_NUMBER["id"]).value: r for r in range(2, sheet.max_row + 1)}
    for action_id, cells in changes.items():
        for key, value in cells.items():
            sheet.cell(rows[action_id], COLUMN_NUMBER[key]).value = value
    book.save(path)


def row_of(path: Path, action_id: str) -> int:
    from openpyxl import load_workbook

    sheet = load_workbook(path)["Actions"]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, COLUMN_NUMBER["id"]).value == action_id:
            return row
    raise AssertionError(action_id)


def data_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }


def changed_lines(root: Path, ref: str) -> list[str]:
    """The lines `git diff` shows removed and added in a 2015-16 action's file."""
    out = git(root, "diff", "-U0", "--", f"data/actions/2015-16/{ref}.yaml")
    return [
        line
        for line in out.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++ ", "--- "))
    ]


THREE_EDITS = {
    "2015-16/6a": {"progress": "QAF audit schedule agreed by the partnership"},
    "2015-16/5f": {
        "status": "Not yet completed but on-track",
        "progress": "QPP agreed the audit tool; fieldwork starts in June",
    },
    "2015-16/6c": {
        "new_due": "30/09/2016",
        "reason": "Single-agency audits resume after the summer recess",
    },
}


# --- the export --------------------------------------------------------------------------


def test_export_writes_one_locked_row_per_action_with_a_status_drop_down(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root = copy_shipped(tmp_path)
    result = run(root, "export", "--format", "xlsx", *PLAN_LEAD, "--output", str(root / "q.xlsx"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {root / 'q.xlsx'} (13 actions)\n"
    book = load_workbook(root / "q.xlsx")
    assert book.sheetnames == ["Actions", "Key", "assure"]
    assert book["assure"].sheet_state == "veryHidden"
    sheet = book["Actions"]
    assert [c.value for c in sheet[1]] == [column.heading for column in COLUMNS]
    ids = [sheet.cell(r, COLUMN_NUMBER["id"]).value for r in range(2, sheet.max_row + 1)]
    leads_qpp = sorted(
        f"2015-16/{p.stem}"
        for p in (root / "data/actions/2015-16").glob("*.yaml")
        if "\n  - qpp-chair\n" in p.read_text()
    )
    assert sorted(ids) == leads_qpp and len(ids) == 13
    assert ids[:3] == ["2015-16/1a", "2015-16/1b", "2015-16/2c"]  # the plan's order
    second = 3
    assert [c.value for c in sheet[second]][:6] == [
        "2015-16",
        "1b",
        "Performance reports routinely form part of the SSCB agenda and prompt scrutiny and "
        "challenge",
        "31 December 2015",
        "Chair of QPP Subgroup",
        "Completed",
    ]
    # Read-only cells are locked, the lead's columns are not, and the sheet is protected.
    assert sheet.protection.sheet is True
    for column in COLUMNS:
        locked = sheet.cell(second, COLUMN_NUMBER[column.key]).protection.locked
        assert locked is not column.editable, column.key
        assert bool(sheet.column_dimensions[_letter(column.key)].hidden) is column.hidden
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:J14"
    # The drop-down lists the Key sheet's statuses; each RAG status has its fill rule.
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and str(validation.sqref) == "F2:F14"
    assert validation.formula1 == "'Key'!$A$2:$A$6"
    key = book["Key"]
    assert [key.cell(r, 1).value for r in range(2, 7)] == [
        "Completed",
        "Not yet completed but on-track",
        "Not yet completed but off-track",
        "Not yet started",
        "No longer applicable",
    ]
    assert key.cell(2, 2).value == "Blue"  # the colour is named too, never alone
    rules = [rule for fmt in sheet.conditional_formatting for rule in fmt.rules]
    assert sorted(rule.formula[0] for rule in rules) == sorted(
        f'"{key.cell(r, 1).value}"' for r in range(2, 7)
    )
    # The hidden stamp is the record file's content as exported.
    raw = (root / "data/actions/2015-16/1b.yaml").read_bytes()
    stamp = sheet.cell(second, COLUMN_NUMBER["stamp"]).value
    assert stamp == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert sheet.cell(second, COLUMN_NUMBER["exported_status"]).value == "completed"


def _letter(key: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(COLUMN_NUMBER[key])


def test_record_text_starting_with_equals_is_stored_as_text_never_a_formula(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    title = '=HYPERLINK("http://evil.example","Click")'
    root = make_repo(
        tmp_path,
        {"data/actions/2015-16/1z.yaml": f"ref: 1z\ntitle: '{title}'\nlead: [qpp-chair]\n"},
    )
    result = run(root, "export", "--format", "xlsx", "--output", str(root / "w.xlsx"))
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(root / "w.xlsx") as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    sheet = load_workbook(root / "w.xlsx")["Actions"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == title]
    assert len(cells) == 1 and cells[0].data_type == "s"
    # Returned unchanged, it is read as text, not refused as a formula: nothing to apply.
    back = run(root, "import-updates", str(root / "w.xlsx"))
    assert back.exit_code == 0, back.stderr
    assert back.stdout.startswith("0 of ")


def test_export_refuses_unknown_plan_lead_and_options_of_the_other_format(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    out = str(root / "x.xlsx")
    lead = run(root, "export", "--format", "xlsx", "--lead", "qpp-chiar", "--output", out)
    assert lead.exit_code == 2
    assert "unknown lead 'qpp-chiar' (did you mean 'qpp-chair'?)" in lead.stderr
    plan = run(root, "export", "--format", "xlsx", "--plan", "2015-17", "--output", out)
    assert plan.exit_code == 2 and "unknown plan '2015-17'" in plan.stderr
    for fmt in ("jsonl", "csv"):  # the tables hold every record: no --plan or --lead
        tables = run(root, "export", "--format", fmt, "--plan", "2015-16", "--output", out)
        assert tables.exit_code == 2 and "--plan is for --format xlsx" in tables.stderr
    ids = run(root, "export", "--format", "xlsx", "--board-id", "b", "--output", out)
    assert ids.exit_code == 2 and "--board-id is for the tables" in ids.stderr
    suffix = run(root, "export", "--format", "xlsx", "--output", str(root / "x.csv"))
    assert suffix.exit_code == 2 and "must end in .xlsx" in suffix.stderr
    assert not (root / "x.xlsx").exists()


# --- the round trip ----------------------------------------------------------------------


def test_round_trip_applies_exactly_the_three_edits_and_refuses_a_row_changed_since(
    tmp_path: Path,
) -> None:
    root = shipped_repo(tmp_path)
    path = export(root)
    fill(path, THREE_EDITS)
    # A fourth row the lead changed, whose record was also changed after the export.
    fill(path, {"2015-16/3d2": {"progress": "Reviewer chosen"}})
    noted = run(root, "note", "2015-16/3d2", "Tender issued", "--on", "2016-05-20")
    assert noted.exit_code == 0
    commit_all(root, "a note made after the export")
    before = data_bytes(root)

    refused = run_process(root, "import-updates", str(path), *ON)
    assert refused.exit_code == 2
    row = row_of(path, "2015-16/3d2")
    assert refused.stderr.splitlines()[0] == (
        f"qpp-chair.xlsx:{row}:2: error: sheet 'Actions', cell B{row}: 2015-16/3d2 "
        "(data/actions/2015-16/3d2.yaml) changed since this workbook was exported: the row is "
        "refused; export a new workbook for it and give the update again [update-stale]"
    )
    assert "nothing was written" in refused.stderr
    assert refused.stdout == ""
    assert data_bytes(root) == before  # all or nothing: the three good rows are not written

    fill(path, {"2015-16/3d2": {"progress": None}})  # the lead's fourth change taken out
    applied = run_process(root, "import-updates", str(path), *ON)
    assert applied.exit_code == 0, applied.stderr
    assert applied.stdout.splitlines()[:4] == [
        "3 of 13 row(s) updated in qpp-chair.xlsx; 3 actions changed",
        "  2015-16/5f: status Not yet completed but off-track -> Not yet completed but "
        "on-track; progress entry 2016-05-31 added",
        "  2015-16/6a: progress entry 2016-05-31 added",
        "  2015-16/6c: due 2016-03-31 -> 2016-09-30; due_history entry added",
    ]
    changed = git(root, "diff", "--name-only").split()
    assert changed == [f"data/actions/2015-16/{ref}.yaml" for ref in ("5f", "6a", "6c")]
    diff = json.loads(run(root, "diff", "HEAD", "--format", "json").stdout)
    assert diff["counts"]["status-changed"] == 1
    assert diff["counts"]["due-changed"] == 1
    assert diff["counts"]["progress-added"] == 2  # 6a's, and the note of 5f's new status
    assert sum(diff["counts"].values()) == 4
    assert changed_lines(root, "5f") == [
        "-status: off-track",
        "+status: on-track",
        "+  - date: 2016-05-31",
        "+    text: QPP agreed the audit tool; fieldwork starts in June",
    ]
    assert changed_lines(root, "6a") == [
        "+  - date: 2016-05-31",
        "+    text: QAF audit schedule agreed by the partnership",
    ]
    assert changed_lines(root, "6c") == [
        "-due: 2016-03-31",
        "+due: 2016-09-30",
        "-due_history: []",
        "+due_history:",
        "+  - from: 2016-03-31",
        "+    to: 2016-09-30",
        "+    agreed: 2016-05-31",
        "+    reason: Single-agency audits resume after the summer recess",
    ]
    base = run_process(root, "check", "--base", "HEAD")
    assert base.exit_code == 0, base.stdout
    assert base.stdout == ""


def test_the_doc_excerpts_of_export_and_import_updates(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    command = "assure export --format xlsx --plan 2015-16 --lead qpp-chair --output qpp-chair.xlsx"
    result = run_process(root, *command.split()[1:], cwd=root)
    assert_quoted(excerpt(command), result.stdout + result.stderr)
    fill(root / "qpp-chair.xlsx", THREE_EDITS)
    command = "assure import-updates qpp-chair.xlsx --on 2016-05-31"
    result = run_process(root, *command.split()[1:], cwd=root)
    assert result.exit_code == 0, result.stderr
    assert_quoted(excerpt(command), result.stdout + result.stderr)


def test_branch_commits_the_updates_alone_on_a_new_branch(tmp_path: Path) -> None:
    root = shipped_repo(tmp_path)
    base = git(root, "rev-parse", "HEAD").strip()
    path = export(root)
    fill(path, THREE_EDITS)
    (root / "notes.txt").write_text("not a record: stays out of the commit\n")
    result = run_process(
        root, "import-updates", str(path), *ON, "--branch", "updates-2016-05", env=_git_env()
    )
    assert result.exit_code == 0, result.stderr
    assert git(root, "branch", "--show-current").strip() == "updates-2016-05"
    assert git(root, "rev-parse", "HEAD~1").strip() == base
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [
        f"data/actions/2015-16/{ref}.yaml" for ref in ("5f", "6a", "6c")
    ]
    assert git(root, "status", "--porcelain", "--", "data").strip() == ""
    assert "committed on the new branch 'updates-2016-05'" in result.stderr
    assert run_process(root, "check", "--base", "main").exit_code == 0
    # The branch exists now: a second run is refused before anything is written.
    again = run_process(
        root, "import-updates", str(path), *ON, "--branch", "updates-2016-05", env=_git_env()
    )
    assert again.exit_code == 2


def test_branch_refused_with_uncommitted_changes_under_data(tmp_path: Path) -> None:
    root = shipped_repo(tmp_path)
    path = export(root)
    fill(path, THREE_EDITS)
    run(root, "note", "2015-16/1a", "An uncommitted note", "--on", "2016-05-01")
    before = data_bytes(root)
    result = run_process(root, "import-updates", str(path), *ON, "--branch", "u", env=_git_env())
    assert result.exit_code == 2
    assert "uncommitted changes under data/" in result.stderr
    assert data_bytes(root) == before
    assert git(root, "branch", "--show-current").strip() == "main"


def _git_env() -> dict[str, str]:
    from .git_helpers import GIT_ENV

    return GIT_ENV


def test_json_output_lists_what_was_applied_and_the_diff(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    path = export(root)
    fill(path, THREE_EDITS)
    result = run(root, "import-updates", str(path), *ON, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["version"] == 1 and document["written"] is True
    assert (document["rows"], document["updated_rows"]) == (13, 3)
    assert [item["id"] for item in document["applied"]] == [
        "2015-16/5f",
        "2015-16/6a",
        "2015-16/6c",
    ]
    assert document["diff"]["counts"]["due-changed"] == 1
    assert document["branch"] is None and document["problems"] == []


def test_one_action_in_two_leads_workbooks_becomes_one_change(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    first = export(root, "a.xlsx")
    second = export(root, "b.xlsx")
    fill(first, {"2015-16/6a": {"progress": "From the first lead"}})
    fill(second, {"2015-16/6a": {"progress": "From the second lead"}})
    result = run(root, "import-updates", str(first), str(second), *ON)
    assert result.exit_code == 0, result.stderr
    text = (root / "data/actions/2015-16/6a.yaml").read_text()
    assert text.index("From the first lead") < text.index("From the second lead")
    # Two different statuses for one action: refused, nothing written.
    root2 = copy_shipped(tmp_path / "again")
    first, second = export(root2, "a.xlsx"), export(root2, "b.xlsx")
    fill(first, {"2015-16/6a": {"status": "Completed", "progress": "Done"}})
    fill(second, {"2015-16/6a": {"status": "Not yet started", "progress": "Not begun"}})
    before = data_bytes(root2)
    refused = run(root2, "import-updates", str(first), str(second), *ON)
    assert refused.exit_code == 2
    assert refused.stderr.count("rows ask for different statuses of 2015-16/6a") == 2
    assert data_bytes(root2) == before
    same = run(root2, "import-updates", str(first), str(first), *ON)
    assert same.exit_code == 2 and "is given twice" in same.stderr


def test_the_same_entry_in_two_workbooks_is_added_once(tmp_path: Path) -> None:
    import shutil

    root = copy_shipped(tmp_path)
    first = export(root, "a.xlsx")
    fill(first, {"2015-16/6a": {"progress": "Audit tool agreed"}})
    second = tmp_path / "a-copy.xlsx"  # the same returned workbook, saved under another name
    shutil.copy(first, second)
    result = run(root, "import-updates", str(first), str(second), *ON)
    assert result.exit_code == 0, result.stderr
    assert (root / "data/actions/2015-16/6a.yaml").read_text().count("Audit tool agreed") == 1


# --- rows the rules refuse ------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"status": "Finished"}, "F", "not one of the board's statuses"),
        (
            {"status": "Completed"},
            "F",
            "a new status needs a 'New progress entry' in the same row saying what was done",
        ),
        (
            {"status": "Not yet started"},
            "F",
            "a new status needs a 'New progress entry' in the same row saying why",
        ),
        ({"status": None}, "F", "the status was cleared"),
        ({"new_due": "2016-12-31"}, "J", "a proposed new due date needs its reason"),
        ({"reason": "Because"}, "I", "a reason with no proposed new due date"),
        ({"new_due": "2016-01-31", "reason": "Late"}, "I", "has already passed"),
        ({"new_due": "next spring", "reason": "Late"}, "I", "not a date"),
        ({"new_due": 3.5, "reason": "Late"}, "I", "the number 3.5 is not a date"),
        ({"progress_date": "2016-05-01"}, "H", "a date of entry with no 'New progress entry'"),
        ({"progress": "x", "progress_date": "2016-07-01"}, "H", "is after today (2016-05-31)"),
        (
            {"status": "Completed", "progress": "Done", "progress_date": "2015-01-01"},
            "H",
            "dated on or after the last one",
        ),
    ],
)
def test_a_row_the_rules_refuse_names_its_cell_and_nothing_is_written(
    tmp_path: Path, cells: dict[str, object], column: str, message: str
) -> None:
    root = copy_shipped(tmp_path)
    path = export(root)
    fill(path, {"2015-16/6a": cells, "2015-16/6c": {"progress": "A good row"}})
    before = data_bytes(root)
    result = run(root, "import-updates", str(path), *ON)
    assert result.exit_code == 2, result.stdout
    row = row_of(path, "2015-16/6a")
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"qpp-chair.xlsx:{row}:")
    assert f"sheet 'Actions', cell {column}{row}: " in first
    assert message in first
    assert "update-invalid" in first
    assert data_bytes(root) == before


def test_an_update_that_would_bring_a_problem_exits_1(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    path = export(root)
    fill(path, {"2015-16/6a": {"new_due": "2029-03-31", "reason": "Much later"}})
    before = data_bytes(root)
    result = run(root, "import-updates", str(path), *ON)
    assert result.exit_code == 1
    assert "[implausible-date]" in result.stderr
    assert data_bytes(root) == before


# --- hostile workbooks -------------------------------------------------------------------


def test_formula_cells_are_refused_never_evaluated_naming_file_sheet_and_cell(
    tmp_path: Path,
) -> None:
    root = copy_shipped(tmp_path)
    path = export(root)
    fill(
        path,
        {
            "2015-16/6a": {"progress": '=HYPERLINK("http://evil.example","x")'},
            "2015-16/6c": {"new_due": "=TODAY()+30", "reason": "Later"},
        },
    )
    before = data_bytes(root)
    result = run(root, "import-updates", str(path), *ON)
    assert result.exit_code == 2
    six_a, six_c = row_of(path, "2015-16/6a"), row_of(path, "2015-16/6c")
    lines = result.stderr.splitlines()
    assert (
        f"qpp-chair.xlsx:{six_a}:7: error: sheet 'Actions', cell G{six_a} holds a formula"
        in (lines[0])
    )
    assert lines[0].endswith("[update-formula]")
    assert any(f"cell I{six_c} holds a formula" in line for line in lines)
    assert "TODAY" not in result.stderr and "evil" not in result.stderr
    assert data_bytes(root) == before


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    path = export(root)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.xml", b"\0" * (40 * 1024 * 1024))
    before = data_bytes(root)
    result = run(root, "import-updates", str(path))
    assert result.exit_code == 2
    assert "zip bomb" in result.stderr and "[import-refused]" in result.stderr
    assert data_bytes(root) == before


def test_macros_and_foreign_workbooks_are_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    root = copy_shipped(tmp_path)
    path = export(root)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    macro = run(root, "import-updates", str(path))
    assert macro.exit_code == 2 and "contains macros" in macro.stderr
    other = root / "plan.xlsx"
    book = Workbook()
    book.active.append(["Ref", "Action", "Status"])  # type: ignore[union-attr]
    book.save(other)
    foreign = run(root, "import-updates", str(other))
    assert foreign.exit_code == 2
    assert "not a workbook made by `assure export --format xlsx`" in foreign.stderr


def test_a_huge_sheet_is_refused_at_the_limit(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from assurance_cli.importing.safety import ImportRefused, Limits
    from assurance_cli.importing.updates import read_returned_workbook

    root = copy_shipped(tmp_path)
    path = export(root)
    # Far past the columns a workbook of assure has: refused through the command.
    book = load_workbook(path)
    book["Actions"].cell(3, 5000).value = "x"
    book.save(root / "wide.xlsx")
    wide = run(root, "import-updates", str(root / "wide.xlsx"))
    assert wide.exit_code == 2
    assert "past column 50" in wide.stderr and "[import-refused]" in wide.stderr
    # More filled rows than the limit: refused while streaming, before the rest is read.
    with pytest.raises(ImportRefused) as caught:
        read_returned_workbook(path, statuses={}, limits=Limits(rows=5, columns=50))
    assert caught.value.problem.line == 7
    assert "more than 5 filled rows" in caught.value.problem.message


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (datetime(2016, 9, 30), "2016-09-30"),  # an Excel date
        (42643, "2016-09-30"),  # an Excel day number whose date format was lost
        ("30/09/2016", "2016-09-30"),  # text, as typed in the UK
        ("2016-09", "2016-09"),
        ("Q3 2016/17", "Q3 2016/17"),  # a period keeps its wording
    ],
)
def test_dates_as_excel_dates_numbers_or_text(tmp_path: Path, value: object, written: str) -> None:
    root = copy_shipped(tmp_path)
    path = export(root)
    fill(path, {"2015-16/6c": {"new_due": value, "reason": "Agreed at QPP"}})
    result = run(root, "import-updates", str(path), *ON)
    assert result.exit_code == 0, result.stderr
    assert f"\ndue: {written}\n" in (root / "data/actions/2015-16/6c.yaml").read_text()
    assert run(root, "check").exit_code == 0


def test_excel_day_numbers_are_read_as_excel_counts_them() -> None:
    assert read_cell_date(61) == read_cell_date(datetime(1900, 3, 1))
    assert read_cell_date(2958465) == read_cell_date("9999-12-31")
    for bad in (60, 2958466, -1, 1.5, True):
        assert isinstance(read_cell_date(bad), str), bad
    assert date_value(read_cell_date("31 October 2016")) == date(2016, 10, 31)  # type: ignore[arg-type]


def test_all_or_nothing_when_a_file_changes_while_the_updates_are_written(
    tmp_path: Path,
) -> None:
    from assurance_cli.edit.updates import apply_updates, plan_updates
    from assurance_cli.importing.updates import read_returned_workbook
    from assurance_cli.problems import AssureError
    from assurance_cli.repo.workspace import open_workspace

    root = copy_shipped(tmp_path)
    path = export(root)
    fill(path, THREE_EDITS)
    workspace = open_workspace(root)
    statuses = {key: s.label for key, s in workspace.index.statuses.items()}
    book = read_returned_workbook(path, statuses=statuses)
    plan = plan_updates(workspace, [book], today=date(2016, 5, 31))
    assert [c.rel for c in plan.changes] == [
        f"data/actions/2015-16/{ref}.yaml" for ref in ("5f", "6a", "6c")
    ]
    before = data_bytes(root)
    last = root / "data/actions/2015-16/6c.yaml"
    last.write_bytes(last.read_bytes() + b"# edited meanwhile\n")
    meanwhile = data_bytes(root)
    with pytest.raises(AssureError, match="no update was written"):
        apply_updates(plan.changes)
    assert data_bytes(root) == meanwhile != before


def test_bidi_controls_are_removed_with_a_warning_and_refusals_come_as_json(
    tmp_path: Path,
) -> None:
    root = copy_shipped(tmp_path)
    path = export(root)
    fill(path, {"2015-16/6a": {"progress": "Schedule \u202eagreed"}})
    result = run(root, "import-updates", str(path), *ON, "--format", "json")
    assert result.exit_code == 0, result.stderr
    (warned,) = json.loads(result.stdout)["problems"]
    assert warned["code"] == "import-control-character" and warned["severity"] == "warning"
    assert "text: Schedule agreed\n" in (root / "data/actions/2015-16/6a.yaml").read_text()
    fill(path, {"2015-16/6c": {"status": "Finished"}})
    refused = run(root, "import-updates", str(path), *ON, "--format", "json")
    assert refused.exit_code == 2
    document = json.loads(refused.stdout)
    assert document["written"] is False and document["diff"] is None
    assert [p["code"] for p in document["problems"] if p["severity"] == "error"] == [
        "update-stale",  # 6a: written by the first run, so its row is stale now
        "update-invalid",
    ]


def test_export_leaves_out_a_record_that_may_hold_personal_data_and_says_so(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1z.yaml": (
                "ref: 1z\ntitle: Chase the referral\nlead: [qpp-chair]\nprogress:\n"
                "  - date: 2016-01-04\n    text: NHS number 999 000 0018 on the referral.\n"
            )
        },
    )
    result = run(root, "export", "--format", "xlsx", "--output", str(root / "w.xlsx"))
    assert result.exit_code == 1
    assert "data/actions/2015-16/1z.yaml" in result.stderr and "withheld" in result.stderr
    sheet = load_workbook(root / "w.xlsx")["Actions"]
    ids = [sheet.cell(r, COLUMN_NUMBER["id"]).value for r in range(2, sheet.max_row + 1)]
    assert ids and "2015-16/1z" not in ids


def test_the_same_records_exported_the_same_day_give_the_same_bytes(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    first, second = export(root, "a.xlsx"), export(root, "b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {info.date_time[:3] for info in archive.infolist()} == {
            (date.today().year, date.today().month, date.today().day)
        }
    assert f">{date.today().isoformat()}T00:00:00Z</dcterms:modified>" in core


def test_a_row_whose_action_is_gone_or_whose_stamp_was_removed_is_refused(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    path = export(root)
    fill(path, {"2015-16/6a": {"progress": "Done"}, "2015-16/6c": {"progress": "Done too"}})
    fill(path, {"2015-16/6c": {"stamp": None}})  # a lead who unprotected the sheet
    (root / "data/actions/2015-16/6a.yaml").unlink()
    before = data_bytes(root)
    result = run(root, "import-updates", str(path), *ON)
    assert result.exit_code == 2
    assert "there is no action 2015-16/6a in the records now" in result.stderr
    assert "has no hidden action id or stamp" in result.stderr
    assert result.stderr.count("[update-stale]") == 2
    assert data_bytes(root) == before


def test_a_returned_workbook_given_to_import_is_refused_toward_import_updates(
    tmp_path: Path,
) -> None:
    root = copy_shipped(tmp_path)
    returned = export(root)
    fill(returned, {"2015-16/5f": {"status": "Completed", "progress": "Done"}})
    before = data_bytes(root)
    done = run(root, "import", str(returned), "--plan", "2015-16")
    assert done.exit_code == 2
    assert "assure import-updates" in done.stderr and "[import-refused]" in done.stderr
    assert data_bytes(root) == before


def test_a_workbook_from_another_board_is_one_refusal_naming_both_boards(
    tmp_path: Path,
) -> None:
    import shutil

    shropshire = tmp_path / "shropshire"
    shutil.copytree(REPO / "examples" / "shropshire", shropshire)
    theirs = tmp_path / "theirs.xlsx"
    done = run(shropshire, "export", "--format", "xlsx", "--output", str(theirs))
    assert done.exit_code == 0, done.stderr
    root = copy_shipped(tmp_path / "sandwell")
    before = data_bytes(root)
    refused = run(root, "import-updates", str(theirs), *ON)
    assert refused.exit_code == 2
    assert "exported from the board 'Shropshire Safeguarding Children Board'" in refused.stderr
    assert refused.stderr.count("update-stale") == 1
    assert data_bytes(root) == before
