"""Hostile and awkward plan files: each gets a clear error or a reported problem, never a
traceback, and reading never writes a file."""

from __future__ import annotations

import os
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assurance_cli.importing.rows import read_plan
from assurance_cli.importing.safety import ImportRefused, Limits
from assurance_cli.importing.tables import read_tables
from assurance_cli.problems import AssureError
from tests.import_files import build_seed_docx, build_seed_xlsx

HEADINGS = ["Ref", "Action", "Lead", "Due", "Progress", "Status"]


def workbook(path: Path, rows: list[list[object]], *, headings: list[str] = HEADINGS) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    book.save(str(path))
    return path


def rewrite_part(path: Path, part: str, change: dict[bytes, bytes]) -> None:
    """Replace bytes inside one part of a zip, keeping every other part as it was."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == part:
                for old, new in change.items():
                    assert old in data, old
                    data = data.replace(old, new)
            archive.writestr(info.filename, data)


def add_part(path: Path, part: str, data: bytes) -> None:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(part, data)


def refused(path: Path, **options: object) -> str:
    with pytest.raises(ImportRefused) as caught:
        read_plan(path, **options)  # type: ignore[arg-type]
    problem = caught.value.problem
    assert problem.code == "import-refused"
    assert problem.path == path.name
    assert isinstance(caught.value, AssureError)  # the CLI maps it to exit code 2
    return problem.message


def codes(plan: object) -> list[str]:
    return [problem.code for problem in plan.problems]  # type: ignore[attr-defined]


# Formulas ------------------------------------------------------------------------------


def test_formula_without_saved_value_is_an_error_and_reads_empty(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [["1a", "Do it", "Chair", "=TODAY()+30", "", "G"]])
    plan = read_plan(path, statuses=["G=on-track"])
    (formula,) = [p for p in plan.problems if p.code == "import-formula"]
    assert formula.severity.value == "error"
    assert (formula.line, formula.col) == (2, 4)
    assert "sheet 'Plan', row 2, column D" in formula.message
    assert plan.rows[0].due is None  # never the formula's text, never evaluated


def test_formula_with_saved_value_uses_that_value_with_a_warning(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [["1a", '=CONCAT("Do ","it")', "Chair", "", "", ""]])
    rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        {b"<v></v>": b"<v>Do it</v>", b'<c r="B2"': b'<c r="B2" t="str"'},
    )
    plan = read_plan(path)
    (formula,) = [p for p in plan.problems if p.code == "import-formula"]
    assert formula.severity.value == "warning"
    assert plan.rows[0].title == "Do it"
    source = read_tables(path)
    cell = source.tables[0].rows[1][1]
    assert (cell.kind, cell.text) == ("formula", "Do it")


# Huge sheets ----------------------------------------------------------------------------


def test_sheet_over_the_row_limit_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Plan")
    sheet.append(HEADINGS)
    for number in range(Limits().rows + 5):
        sheet.append([f"{number}", "Do it"])
    path = tmp_path / "huge.xlsx"
    book.save(str(path))
    message = refused(path)
    assert "more than 10000 rows" in message and "--sheet" in message


def test_text_far_to_the_right_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADINGS)
    sheet["XFD1048576"] = "far away"
    path = tmp_path / "wide.xlsx"
    book.save(str(path))
    assert "column 16384" in refused(path)


def test_a_dimension_claiming_a_million_rows_is_not_believed(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [["1a", "Do it", "Chair", "March 2016", "", ""]])
    rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        {b'<dimension ref="A1:F2"/>': b'<dimension ref="A1:XFD1048576"/>'},
    )
    plan = read_plan(path)
    assert [row.ref for row in plan.rows] == ["1a"]
    assert plan.problems == ()


def test_styled_empty_cells_far_right_are_ignored(tmp_path: Path) -> None:
    from openpyxl.styles import PatternFill

    path = workbook(tmp_path / "plan.xlsx", [["1a", "Do it", "Chair", "March 2016", "", ""]])
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active["ZZ2"].fill = PatternFill("solid", fgColor="FFFF0000")  # type: ignore[index]
    book.save(str(path))
    plan = read_plan(path)
    assert len(plan.rows) == 1 and plan.problems == ()


# Merged cells everywhere ----------------------------------------------------------------


def test_a_sheet_merged_everywhere_has_no_action_table(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in range(1, 41, 2):
        for column in range(1, 9, 2):
            sheet.cell(row, column, "Ref" if (row, column) == (1, 1) else "x")
            sheet.merge_cells(
                start_row=row, start_column=column, end_row=row + 1, end_column=column + 1
            )
    path = tmp_path / "merged.xlsx"
    book.save(str(path))
    plan = read_plan(path)
    assert plan.rows == ()
    assert codes(plan) == ["import-no-header", "import-no-table"]
    table = read_tables(path).tables[0]
    assert all(cell.span == 2 and cell.rows == 2 for row in table.rows for cell in row)
    # covered positions are left out; the last row, wholly covered, ends the table
    assert [len(row) for row in table.rows] == [4, 0] * 19 + [4]


def test_a_document_of_merged_rows_only_has_no_action_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=6, cols=5)
    for row in table.rows:
        row.cells[0].merge(row.cells[4]).text = "1. Everything in one cell"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    plan = read_plan(path)
    assert plan.rows == ()
    assert codes(plan) == ["import-no-header", "import-no-table"]
    assert [len(row) for row in read_tables(path).tables[0].rows] == [1] * 6


def test_word_merges_are_read_once(tmp_path: Path) -> None:
    """python-docx repeats a merged cell per grid column and per row; the reader does not."""
    path = build_seed_docx(tmp_path / "plan.docx")
    first = read_tables(path).tables[0]
    assert len(first.rows[0]) == 1 and first.rows[0][0].span == 8
    one_d = next(row for row in first.rows if row and row[0].text == "1d.)")
    assert one_d[0].rows == 3
    continuation = first.rows[first.rows.index(one_d) + 1]
    assert [cell.place.column for cell in continuation] == [4, 7, 8]


# Dates as numbers, as dates, as text ---------------------------------------------------


def test_due_dates_as_excel_dates_numbers_and_text(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "plan.xlsx",
        [
            ["1a", "As a date", "Chair", datetime(2016, 3, 31), "", ""],
            ["1b", "As a number", "Chair", 42460, "", ""],
            ["1c", "As text", "Chair", "31/03/2016", "", ""],
            ["1d", "As wording", "Chair", "Autumn 2016", "", ""],
        ],
    )
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active["D2"].number_format = "d mmmm yyyy"  # type: ignore[index]
    book.save(str(path))
    plan = read_plan(path)
    assert [(row.due, row.due_format) for row in plan.rows] == [
        ("2016-03-31", "d mmmm yyyy"),
        ("42460", None),
        ("31/03/2016", None),
        ("Autumn 2016", None),
    ]
    (number,) = [p for p in plan.problems if p.code == "import-due-number"]
    assert (number.line, number.col) == (3, 4)
    assert "column 'Due'" in number.message


# Zip bombs and odd archives ---------------------------------------------------------------


def test_zip_bomb_part_is_refused_before_parsing(tmp_path: Path) -> None:
    path = build_seed_xlsx(tmp_path / "bomb.xlsx")
    add_part(path, "xl/media/padding.bin", b"\0" * (20 * 1024 * 1024))
    assert "zip bomb" in refused(path)


def test_unpacked_size_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = build_seed_docx(tmp_path / "plan.docx")
    limits = Limits(unpacked_bytes=10_000)
    message = refused(path, limits=limits)
    assert "unpacks to" in message and "zip bomb" in message


def test_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = build_seed_docx(tmp_path / "plan.docx")
    assert "parts" in refused(path, limits=Limits(parts=5))


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = build_seed_docx(tmp_path / "plan.docx")
    assert "over the 1.0 KiB limit" in refused(path, limits=Limits(file_bytes=1024))


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("Ref,Action\n1a,Do it\n")
    assert "not a valid .xlsx file" in refused(path)


def test_encrypted_office_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "password-protected or old-format" in refused(path)


def test_xml_with_a_document_type_is_refused(tmp_path: Path) -> None:
    path = build_seed_docx(tmp_path / "plan.docx")
    rewrite_part(
        path,
        "word/document.xml",
        {
            b"<w:document": b'<!DOCTYPE w [<!ENTITY a "aaaa">]><w:document',
        },
    )
    assert "declares a document type" in refused(path)


def test_a_folder_or_fifo_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "plan.csv"
    folder.mkdir()
    assert "not a regular file" in refused(folder)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(fifo)


@pytest.mark.parametrize("suffix", [".pdf", ".xls", ".doc", ".txt"])
def test_formats_not_read_are_refused_with_advice(suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"%PDF-1.4")
    message = refused(path)
    assert any(word in message for word in ("Word or Excel", "save it as", ".xlsx, .docx"))


# Macros --------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".docm", ".xlsm", ".dotm"])
def test_macro_enabled_files_are_refused_by_name(suffix: str, tmp_path: Path) -> None:
    path = build_seed_docx(tmp_path / f"plan{suffix}")
    assert "macro" in refused(path)


def test_a_docx_holding_a_vba_project_is_refused(tmp_path: Path) -> None:
    path = build_seed_docx(tmp_path / "plan.docx")
    add_part(path, "word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro bytes")
    assert "contains macros" in refused(path)


def test_an_xlsx_whose_content_type_is_macro_enabled_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [])
    rewrite_part(
        path,
        "[Content_Types].xml",
        {
            b"spreadsheetml.sheet.main+xml": b"sheet.macroEnabled.main+xml",
        },
    )
    assert "contains macros" in refused(path)


# Options ----------------------------------------------------------------------------------


def test_unknown_sheet_names_the_sheets(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [])
    assert "the sheets are 'Plan'" in refused(path, sheet="Actions")
    assert "no sheet 3" in refused(path, table=3)


def test_sheet_option_is_for_workbooks(tmp_path: Path) -> None:
    path = build_seed_docx(tmp_path / "plan.docx")
    assert "--sheet is for Excel" in refused(path, sheet="Plan")
    assert "no table 12" in refused(path, table=12)


def test_table_option_picks_one_table(tmp_path: Path) -> None:
    plan = read_plan(build_seed_docx(tmp_path / "plan.docx"), table=3)
    assert [row.ref for row in plan.rows] == ["3a.)", "3b.)", "3c.)", "3d.)", "3d.)"]
    assert plan.objectives[0].number == "3"


# Nothing is written ------------------------------------------------------------------------


def test_refusals_write_nothing(tmp_path: Path) -> None:
    path = build_seed_docx(tmp_path / "plan.docm")
    before = sorted(p.name for p in tmp_path.iterdir())
    refused(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# The Office libraries load only when a file needs them ------------------------------------


def test_reading_a_csv_loads_neither_office_library(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "plan.csv"
    path.write_text("Ref,Action\n1a,Do it\n")
    script = (
        "import sys; from pathlib import Path\n"
        "from assurance_cli.importing.rows import read_plan\n"
        f"assert read_plan(Path({str(path)!r})).rows[0].ref == '1a'\n"
        "print(sorted(m for m in ('openpyxl', 'docx', 'lxml') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# Any bytes as CSV: a result or a refusal, never a traceback -------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_csv_read_or_refused(data: bytes) -> None:
    from assurance_cli.importing.columns import map_columns
    from assurance_cli.importing.rows import read_rows
    from assurance_cli.importing.tables import read_csv_bytes

    try:
        source = read_csv_bytes(data, "plan.csv", Limits())
    except ImportRefused as refusal:
        assert refusal.problem.code == "import-refused"
        return
    plan = read_rows(source, map_columns(source), {"g": "on-track"})
    assert all(problem.path == "plan.csv" for problem in plan.problems)


def test_a_quote_left_open_is_refused_not_swallowing_the_rows_after_it(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        'Ref,Action,Lead,Due\n1,"A title,L,31/03/2017\n2,B,L,31/03/2017\n', encoding="utf-8"
    )
    with pytest.raises(ImportRefused) as refused:
        read_tables(path)
    problem = refused.value.problem
    assert problem.code == "import-refused" and "a quote" in problem.message
    # A quoted cell that spans lines, closed, is still one cell.
    path.write_text('Ref,Action\n1,"Two\nlines"\n2,B\n', encoding="utf-8")
    rows = read_tables(path).tables[0].rows
    assert [[cell.text for cell in row] for row in rows[1:]] == [["1", "Two\nlines"], ["2", "B"]]
