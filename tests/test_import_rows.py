"""Reading plans whose tables differ from seed 002: other headings, RAG letters, number keys,
CSV files, and the rows the reader must flag rather than guess."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assurance_cli.importing.columns import field_for_heading, parse_column_overrides
from assurance_cli.importing.progress import ProgressEntry
from assurance_cli.importing.rows import parse_objective, plain_ref, read_plan
from assurance_cli.importing.status import nearest_rag, read_status_key, resolve_status
from assurance_cli.importing.tables import Place, read_tables
from assurance_cli.problems import AssureError

RAG_PLAN = [
    ["No.", "What", "Who", "When", "Update", "RAG"],
    [
        "1.1",
        "Refresh the thresholds document",
        "Business Manager",
        "Autumn 2016",
        "12/01/2016 - first draft shared\nJanuary 2016: consultation opened",
        "G",
    ],
    [
        "1.1b",
        "Train staff on the thresholds",
        "L&D Chair;\nQPP Chair",
        "end of Q3 2015/16",
        "",
        "A",
    ],
    [
        "3 (ii)",
        "Audit the front door",
        "QPP Chair",
        "To be confirmed",
        "12 Jan 16 audit began",
        "R",
    ],
    ["WS2-c", "Publish the newsletter", "Business Manager", "Quarterly", "Done", "B"],
]
RAG_STATUSES = ["R=off-track", "A=not-started", "G=on-track", "B=completed"]


def word_plan(
    path: Path,
    rows: list[list[str]],
    *,
    heading: str | None = None,
    fills: dict[tuple[int, int], str] | None = None,
) -> Path:
    import docx

    from tests.import_files import _shade, _write_lines

    document = docx.Document()
    extra = 1 if heading else 0
    table = document.add_table(rows=len(rows) + extra, cols=len(rows[0]))
    if heading:
        table.rows[0].cells[0].merge(table.rows[0].cells[-1]).text = heading
    for index, row in enumerate(rows):
        for column, text in enumerate(row):
            cell = table.rows[index + extra].cells[column]
            _write_lines(cell, text)
            if fills and (index, column) in fills:
                _shade(cell, fills[(index, column)])
    document.save(str(path))
    return path


def csv_plan(
    path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def codes(plan: Any) -> list[str]:
    return [problem.code for problem in plan.problems]


# A plan with other headings and RAG letters ------------------------------------------------


@pytest.mark.parametrize("kind", ["docx", "xlsx", "csv"])
def test_no_what_who_when_update_rag_plan_needs_no_column_option(kind: str, tmp_path: Path) -> None:
    if kind == "docx":
        path = word_plan(tmp_path / "plan.docx", RAG_PLAN, heading="Objective 1: Thresholds")
    elif kind == "csv":
        path = csv_plan(tmp_path / "plan.csv", RAG_PLAN)
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in RAG_PLAN:
            sheet.append(row)
        path = tmp_path / "plan.xlsx"
        book.save(str(path))
    plan = read_plan(path, statuses=RAG_STATUSES)
    assert codes(plan) == ["import-lead-split"]
    assert [row.ref for row in plan.rows] == ["1.1", "1.1b", "3 (ii)", "WS2-c"]
    assert [row.due for row in plan.rows] == [
        "Autumn 2016",
        "end of Q3 2015/16",
        "To be confirmed",
        "Quarterly",
    ]
    assert [row.status.key for row in plan.rows] == [
        "on-track",
        "not-started",
        "off-track",
        "completed",
    ]
    assert [row.status.rag for row in plan.rows] == ["G", "A", "R", "B"]
    assert plan.rows[0].progress == (
        ProgressEntry("first draft shared", "2016-01-12", "12/01/2016"),
        ProgressEntry("consultation opened", "2016-01", "January 2016"),
    )
    assert plan.rows[2].progress == (ProgressEntry("audit began", "2016-01-12", "12 Jan 16"),)
    assert plan.rows[3].progress == (ProgressEntry("Done"),)
    assert plan.rows[1].leads == ("L&D Chair", "QPP Chair")
    assert plan.rows[1].lead_text == "L&D Chair;\nQPP Chair"
    assert plan.rows[0].leads == ("Business Manager",)
    if kind == "docx":
        assert plan.objectives[0].number == "1"
        assert plan.objectives[0].title == "Thresholds"


def test_status_words_numbers_with_a_key_and_colours(tmp_path: Path) -> None:
    rows = [
        ["Ref", "Action", "Status"],
        ["1", "Words", "Completed"],
        ["2", "A number the document's key explains", "2"],
        ["3", "A colour only", ""],
        ["4", "A grey cell", ""],
        ["5", "A word nothing maps", "Parked"],
        ["Key: 1 = Completed, 2 = In progress, 3 = Delayed", "", ""],
    ]
    path = word_plan(tmp_path / "plan.docx", rows, fills={(3, 2): "92D050", (4, 2): "BFBFBF"})
    plan = read_plan(path, statuses=["Completed=done", "In progress=doing", "G=doing"])
    assert [row.status.key for row in plan.rows] == ["done", "doing", "doing", None, None]
    assert plan.rows[2].status.fill == "92D050"
    assert plan.unmapped_statuses == ("#BFBFBF", "Parked")
    assert codes(plan) == ["import-unknown-status", "import-unknown-status"]


def test_status_mapping_ignores_case_and_punctuation() -> None:
    mapping = {"completed": "done", "g": "on-track"}
    assert resolve_status("COMPLETED.", None, mapping).key == "done"
    assert resolve_status("Green", None, mapping).key == "on-track"
    assert resolve_status(" g ", None, mapping).key == "on-track"
    assert resolve_status(None, "00FF00", mapping).key == "on-track"
    assert resolve_status(None, None, mapping).stated is False


@pytest.mark.parametrize(
    ("fill", "letter"),
    [
        ("FF0000", "R"),
        ("C00000", "R"),
        ("FFC000", "A"),
        ("FFFF00", "A"),
        ("00B050", "G"),
        ("92D050", "G"),
        ("0070C0", "B"),
        ("00B0F0", "B"),
        ("FFFFFF", None),
        ("808080", None),
        ("000000", None),
        ("not-hex", None),
        (None, None),
    ],
)
def test_nearest_rag_colour(fill: str | None, letter: str | None) -> None:
    assert nearest_rag(fill) == letter


def test_status_key_needs_two_pairs() -> None:
    assert read_status_key("1 = Complete, 2 = In progress; 3 = Delayed") == {
        "1": "Complete",
        "2": "In progress",
        "3": "Delayed",
    }
    assert read_status_key("1 = Complete") == {}
    assert read_status_key("See item 2: the plan") == {}


def test_bad_status_and_column_options_are_errors() -> None:
    with pytest.raises(AssureError, match="VALUE=KEY"):
        read_plan(Path("unused.csv"), statuses=["G"])
    with pytest.raises(AssureError, match="unknown field"):
        parse_column_overrides(["By when=deadline-ish"])
    with pytest.raises(AssureError, match="HEADING=FIELD"):
        parse_column_overrides(["=due"])


# Columns ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Ref", "ref"),
        ("No.", "ref"),
        ("Number", "ref"),
        ("Action", "title"),
        ("Activity", "title"),
        ("Recommendation", "title"),
        ("What we will do", "title"),
        ("Desired Outcome", "desired_outcome"),
        ("Expected outcome", "desired_outcome"),
        ("Impact", "desired_outcome"),
        ("Outcome Measure", "outcome_measure"),
        ("Measure", "outcome_measure"),
        ("Lead (s)", "lead"),
        ("Responsibility", "lead"),
        ("Who", "lead"),
        ("Owner", "lead"),
        ("Lead agency", "lead"),
        ("Due Date", "due"),
        ("By when?", "due"),
        ("Timescale", "due"),
        ("Deadline", "due"),
        ("Target date", "due"),
        ("Progress", "progress"),
        ("Update", "progress"),
        ("Comments", "progress"),
        ("Status", "status"),
        ("RAG", "status"),
        ("Category", "status"),
        ("Rating", "status"),
        ("Progress update (March 2016)", "progress"),
        ("RAG status", "status"),
        ("Progress / Status", None),
        ("Date completed", None),
        ("Notes", None),
        ("", None),
    ],
)
def test_headings_map_to_fields(heading: str, field: str | None) -> None:
    assert field_for_heading(heading) == field


def test_column_overrides_win_and_unmapped_columns_are_kept_aside(tmp_path: Path) -> None:
    rows = [
        ["Ref", "Action", "Target", "Lead", "Notes", ""],
        ["1a", "Do it", "March 2016", "Chair", "see minutes", "stray"],
    ]
    path = csv_plan(tmp_path / "plan.csv", rows, delimiter=";")
    plan = read_plan(path, columns=["Target=due", "Lead=progress", "Nowhere=status"])
    row = plan.rows[0]
    assert (row.due, row.lead_text, row.progress) == ("March 2016", None, (ProgressEntry("Chair"),))
    assert row.other == (("Notes", "see minutes"), ("column 6", "stray"))
    assert codes(plan) == [
        "import-unmapped-column",
        "import-unmapped-column",
        "import-unused-column-option",
    ]
    notes = plan.problems[0]
    assert (notes.line, notes.col) == (1, 5)
    assert "table 1, row 1, column 'Notes'" in notes.message


def test_a_second_column_for_one_field_is_kept_aside(tmp_path: Path) -> None:
    rows = [["Ref", "Action", "Update", "Comments"], ["1a", "Do it", "one", "two"]]
    plan = read_plan(csv_plan(tmp_path / "plan.csv", rows))
    assert codes(plan) == ["import-duplicate-column"]
    assert plan.rows[0].progress == (ProgressEntry("one"),)
    assert plan.rows[0].other == (("Comments", "two"),)


def test_a_table_without_a_header_is_skipped_with_a_note(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Contents"
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Ref", "Action"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "1a", "Do it"
    path = tmp_path / "plan.docx"
    document.save(str(path))
    plan = read_plan(path)
    assert codes(plan) == ["import-no-header"]
    assert "table 1 has no header row" in plan.problems[0].message
    assert [row.title for row in plan.rows] == ["Do it"]


# Rows the reader flags --------------------------------------------------------------------


def test_row_broken_across_a_page_is_flagged_not_joined(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for rows in (
        [["Ref", "Action", "Progress"], ["1a", "Commission a review of", "Begun"]],
        [["Ref", "Action", "Progress"], ["", "thresholds", "in June"], ["1b", "Next", ""]],
    ):
        table = document.add_table(rows=len(rows), cols=3)
        for index, row in enumerate(rows):
            for column, text in enumerate(row):
                table.rows[index].cells[column].text = text
    path = tmp_path / "plan.docx"
    document.save(str(path))
    plan = read_plan(path)
    assert codes(plan) == ["import-split-row"]
    assert [row.title for row in plan.rows] == ["Commission a review of", "Next"]
    (split,) = plan.unplaced
    assert split.place == Place(2, 2, 1)
    assert split.cells == (("Action", "thresholds"), ("Progress", "in June"))
    assert "table 2, row 2" in plan.problems[0].message


def test_continuation_rows_and_orphans(tmp_path: Path) -> None:
    rows = [
        ["Ref", "Action", "Due", "Progress", "Status"],
        ["", "", "May 2016", "orphan", ""],
        ["1a", "Do it", "March 2016", "started", "G"],
        ["", "", "June 2016", "second step", "A"],
        [],
        ["1b", "Another", "", "", ""],
        ["1a.)", "Again", "", "", ""],
    ]
    plan = read_plan(csv_plan(tmp_path / "plan.csv", rows), statuses=RAG_STATUSES)
    assert codes(plan) == ["import-orphan-row", "import-empty-row", "import-duplicate-ref"]
    first = plan.rows[0]
    assert [(m.due, m.status.key) for m in first.milestones] == [
        ("March 2016", "on-track"),
        ("June 2016", "not-started"),
    ]
    assert first.continuations[0].progress == (ProgressEntry("second step"),)
    assert plan.rows[1].milestones == ()
    duplicate = plan.problems[2]
    assert (duplicate.line, duplicate.col) == (7, 1)
    assert "ref '1a' is already used at table 1, row 3" in duplicate.message


def test_empty_rows_before_a_heading_or_at_the_end_are_layout(tmp_path: Path) -> None:
    rows = [
        ["Ref", "Action"],
        ["1a", "Do it"],
        ["", ""],
        ["2. Second objective", ""],
        ["2a", "Then this"],
        ["", ""],
        ["", ""],
    ]
    plan = read_plan(csv_plan(tmp_path / "plan.csv", rows))
    assert plan.problems == ()
    assert [row.objective.number if row.objective else None for row in plan.rows] == [None, "2"]


def test_notes_are_kept_apart_from_the_title(tmp_path: Path) -> None:
    rows = [["Ref", "Action"], ["1a", "Do it\nwell\nNote: see 2d\nand 3a"]]
    row = read_plan(csv_plan(tmp_path / "plan.csv", rows)).rows[0]
    assert row.title == "Do it\nwell"
    assert row.notes == ("Note: see 2d", "and 3a")


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("1.) Ensure that partners", "1", "Ensure that partners"),
        ("1. Early help", "1", "Early help"),
        ("Objective 3: Thresholds", "3", "Thresholds"),
        ("Priority 2 - Neglect", "2", "Neglect"),
        ("Strategic priority 4", "4", ""),
        ("Early help for all", None, "Early help for all"),
    ],
)
def test_objective_headings(heading: str, number: str | None, title: str) -> None:
    objective = parse_objective(heading, Place(1, 1, 1))
    assert (objective.number, objective.title, objective.heading) == (number, title, heading)


@pytest.mark.parametrize(
    ("ref", "plain"),
    [
        ("1a.)", "1a"),
        ("1.1.", "1.1"),
        ("3 (ii)", "3 (ii)"),
        ("WS2-c", "WS2-c"),
        ("B4", "B4"),
        ("12", "12"),
        ("(a)", "(a)"),
        (".", "."),
    ],
)
def test_plain_ref(ref: str, plain: str) -> None:
    assert plain_ref(ref) == plain


# CSV files ----------------------------------------------------------------------------------


def test_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    path = csv_plan(
        tmp_path / "plan.csv",
        [["Ref", "Action"], ["1a", "Do it"]],
        delimiter=";",
        encoding="utf-8-sig",
    )
    plan = read_plan(path)
    assert plan.problems == () and plan.rows[0].ref == "1a"


def test_csv_in_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = csv_plan(
        tmp_path / "plan.csv",
        [["Ref", "Action"], ["1a", "Review – “thresholds”"], ["1b", "£5"]],
        encoding="cp1252",
    )
    plan = read_plan(path)
    assert codes(plan) == ["import-encoding"]
    assert plan.problems[0].line == 2
    assert plan.rows[0].title == "Review – “thresholds”"


def test_control_and_bidi_characters_are_removed_and_reported(tmp_path: Path) -> None:
    path = csv_plan(
        tmp_path / "plan.csv", [["Ref", "Action"], ["1a", "Do\x07 it\u202e now\r\nthen"]]
    )
    plan = read_plan(path)
    assert codes(plan) == ["import-control-character"]
    assert plan.rows[0].title == "Do it now\nthen"


def test_csv_with_nul_bytes_is_refused(tmp_path: Path) -> None:
    from assurance_cli.importing.safety import ImportRefused

    path = tmp_path / "plan.csv"
    path.write_bytes(b"Ref,Action\n1a,\x00\n")
    with pytest.raises(ImportRefused, match="NUL bytes"):
        read_plan(path)


def test_nested_word_tables_are_read_as_their_own(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Ref", "Action"
    table.rows[1].cells[0].text = "1a"
    cell = table.rows[1].cells[1]
    cell.text = "Outer text"
    inner = cell.add_table(rows=2, cols=2)
    inner.rows[0].cells[0].text, inner.rows[0].cells[1].text = "No.", "What"
    inner.rows[1].cells[0].text, inner.rows[1].cells[1].text = "9z", "Inner text"
    path = tmp_path / "plan.docx"
    document.save(str(path))
    source = read_tables(path)
    assert [t.nested for t in source.tables] == [False, True]
    plan = read_plan(path)
    assert codes(plan) == ["import-nested-table"]
    assert [(row.ref, row.title) for row in plan.rows] == [
        ("1a", "Outer text"),
        ("9z", "Inner text"),
    ]


def test_a_run_of_empty_rows_is_one_warning_naming_the_run(tmp_path: Path) -> None:
    rows = [["Ref", "Action"], ["1", "Do it"], *([[]] * 500), ["2", "Another"], [], ["3", "Last"]]
    plan = read_plan(csv_plan(tmp_path / "plan.csv", rows), statuses=RAG_STATUSES)
    empty = [p.message for p in plan.problems if p.code == "import-empty-row"]
    assert len(empty) == 2
    assert "rows 3 to 502 (500 rows) are empty" in empty[0]
    assert "row 504 is empty" in empty[1]
    assert [row.ref for row in plan.rows] == ["1", "2", "3"]
