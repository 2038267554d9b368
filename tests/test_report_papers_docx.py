"""The reports as Word papers, written by the real command and read back with python-docx:
seed 002's plan tables, repeating headers, RAG shading with the status word, landscape
sections, the cover (nothing invented), a board's reference.docx and its own Word template."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SHIPPED, make_repo, run
from .report_papers_helpers import (
    SEED_002_COLUMNS,
    SHADES,
    board_statuses,
    cell_fill,
    repeats_header,
    shipped_action,
    word_tables,
)

docx = pytest.importorskip("docx")


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paper") / "plan.docx"
    result = run(
        SHIPPED, "report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31",
        "--output", str(path),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {path}" in result.stderr
    return path


def plan_tables(path: Path) -> list[tuple[object, int]]:
    return [
        (table, section)
        for table, section in word_tables(path)
        if [cell.text for cell in table.rows[0].cells] == SEED_002_COLUMNS
    ]


def test_nine_priority_tables_and_49_action_rows_in_seed_002_column_order(plan_docx: Path) -> None:
    tables = plan_tables(plan_docx)
    assert len(tables) == 9
    refs = [row.cells[0].text for table, _ in tables for row in table.rows[1:]]  # type: ignore[attr-defined]
    assert len(refs) == 49
    assert refs[:5] == ["1a", "1b", "1c", "1d", "1e"]
    assert refs[-3:] == ["9a", "9b", "9c"]
    folder = SHIPPED / "data" / "actions" / "2015-16"
    assert sorted(refs) == sorted(path.stem for path in folder.glob("*.yaml"))


def test_every_table_repeats_its_header_row_and_has_no_merged_cells(plan_docx: Path) -> None:
    tables = word_tables(plan_docx)
    assert len(tables) >= 9
    for table, _ in tables:
        assert repeats_header(table)
        xml = table._tbl.xml
        assert "w:gridSpan" not in xml and "w:vMerge" not in xml and "w:hMerge" not in xml


def test_each_status_cell_is_shaded_with_its_board_rag_and_carries_the_word(
    plan_docx: Path,
) -> None:
    statuses = board_statuses()
    checked = 0
    for table, _ in plan_tables(plan_docx):
        for row in table.rows[1:]:  # type: ignore[attr-defined]
            action = shipped_action(row.cells[0].text)
            status = statuses[action["status"]]
            cell = row.cells[7]
            assert cell_fill(cell) == SHADES[status["rag"]], action["ref"]
            assert status["label"] in cell.text.split("\n")[0], action["ref"]
            checked += 1
    assert checked == 49


def test_the_plan_tables_stand_in_landscape_sections(plan_docx: Path) -> None:
    document = docx.Document(str(plan_docx))
    sections = document.sections
    for _, number in plan_tables(plan_docx):
        section = sections[number]
        assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
        assert section.page_width > section.page_height
    assert sections[0].page_width < sections[0].page_height  # the cover is portrait


def test_the_paper_has_real_headings_a_summary_exceptions_and_a_chart(plan_docx: Path) -> None:
    document = docx.Document(str(plan_docx))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "Summary") in headings
    assert ("Heading 1", "Exceptions") in headings
    assert (
        "Heading 2",
        "5. Ensure that learning from case file audits, local serious case reviews, learning "
        "reviews and key national serious case reviews is routinely disseminated across "
        "partner agencies, that it is used to inform the development of policies and "
        "procedures and that learning and recommendations from action plans have been "
        "implemented",
    ) in headings
    pictures = document.inline_shapes
    assert len(pictures) == 1
    alt = pictures[0]._inline.docPr.get("descr")
    assert alt.startswith("Stacked bar chart: Status by objective. 1: 4 Completed")
    summary = [t for t, _ in word_tables(plan_docx) if t.rows[0].cells[0].text == "Objective"]
    assert summary[0].rows[-1].cells[0].text == "Total"
    assert summary[0].rows[-1].cells[1].text == "35 (72%)"


def test_without_cover_options_the_cover_has_only_the_title_and_the_board(
    plan_docx: Path,
) -> None:
    document = docx.Document(str(plan_docx))
    first = [p.text for p in document.paragraphs[:4]]
    assert first[0] == "SSCB Action Plan 2015-16"
    assert first[1] == "Board: Sandwell Safeguarding Children Board"
    text = "\n".join(p.text for p in document.paragraphs)
    for absent in ("Author:", "Version:", "Meeting:", "Date:", "Purpose", "Recommendations"):
        assert absent not in text
    assert document.core_properties.author == ""


def test_cover_options_are_printed_as_given(tmp_path: Path) -> None:
    path = tmp_path / "paper.docx"
    result = run(
        SHIPPED, "report", "exceptions", "--plan", "2015-16", "--as-of", "2016-05-31",
        "--output", str(path), "--title", "Exceptions at 31 May 2016", "--meeting",
        "SSCB Board, 9 June 2016", "--date", "2016-06-02", "--author", "Business Manager",
        "--version", "1.1", "--purpose", "To report the actions needing attention.",
        "--recommendation", "Note the exceptions.", "--recommendation", "Agree the dates.",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(path))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "Exceptions at 31 May 2016"
    assert "Meeting: SSCB Board, 9 June 2016" in text
    assert "Date: 2 June 2016" in text
    assert "Author: Business Manager" in text
    assert "Version: 1.1" in text
    assert "To report the actions needing attention." in text
    at = text.index("Note the exceptions.")
    assert text[at + 1] == "Agree the dates."
    assert document.core_properties.author == "Business Manager"


def test_a_board_reference_docx_gives_its_styles_and_header(tmp_path: Path) -> None:
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Arial"
    reference.sections[0].header.paragraphs[0].text = "Test Board: official"
    buffer = io.BytesIO()
    reference.save(buffer)
    root = make_repo(tmp_path, {"templates/reference.docx": buffer.getvalue()})
    path = tmp_path / "plan.docx"
    result = run(root, "report", "action-plan", "--plan", "2015-16", "--output", str(path))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(path))
    assert document.styles["Normal"].font.name == "Arial"
    assert document.sections[0].header.paragraphs[0].text == "Test Board: official"
    assert "Hold partners to account" in "\n".join(p.text for p in document.paragraphs)


def test_a_board_word_template_is_filled_in_the_sandbox(tmp_path: Path) -> None:
    template = docx.Document()
    template.add_paragraph("{{ cover.title }} for {{ board.name }}")
    template.add_paragraph(
        "{% for s in sections %}{{ s.number }}: {{ s.rows | length }} {% endfor %}"
    )
    template.add_paragraph("Total {{ summary.total.total }}")
    buffer = io.BytesIO()
    template.save(buffer)
    root = make_repo(tmp_path, {"templates/action-plan.docx": buffer.getvalue()})
    path = tmp_path / "plan.docx"
    result = run(root, "report", "action-plan", "--plan", "2015-16", "--output", str(path))
    assert result.exit_code == 0, result.stderr
    text = [p.text for p in docx.Document(str(path)).paragraphs]
    assert text == [
        "Test plan 2015-16 for Test Safeguarding Children Board",
        "1: 2 2: 1 ",
        "Total 3",
    ]


def test_a_board_word_template_cannot_reach_python(tmp_path: Path) -> None:
    template = docx.Document()
    template.add_paragraph("{{ board.__class__.__mro__ }}")
    buffer = io.BytesIO()
    template.save(buffer)
    root = make_repo(tmp_path, {"templates/action-plan.docx": buffer.getvalue()})
    result = run(
        root, "report", "action-plan", "--plan", "2015-16", "--output", str(tmp_path / "p.docx")
    )
    assert result.exit_code == 2
    assert "action-plan.docx" in result.stderr
    assert not (tmp_path / "p.docx").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("learning", "--period", "2015-16"),
        ("loop", "--period", "2016-17"),
        ("business-plan", "--plan", "2016-17"),
        ("digest", "--from", "2016-01-01", "--to", "2016-03-31"),
        ("exceptions", "--plan", "2015-16", "--as-of", "2016-05-31", "--by", "lead"),
    ],
)
def test_every_report_writes_a_word_paper(args: tuple[str, ...], tmp_path: Path) -> None:
    path = tmp_path / "paper.docx"
    result = run(SHIPPED, "report", *args, "--output", str(path))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Summary" in headings
    for table, _ in word_tables(path):
        assert repeats_header(table)


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "reference-docx"


def test_the_example_reference_docx_is_what_its_script_makes(tmp_path: Path) -> None:
    out = tmp_path / "reference.docx"
    done = subprocess.run(
        [sys.executable, str(EXAMPLE / "make_reference.py"), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == (EXAMPLE / "reference.docx").read_bytes()


def test_the_example_reference_docx_gives_a_paper_the_board_look(tmp_path: Path) -> None:
    reference = (EXAMPLE / "reference.docx").read_bytes()
    root = make_repo(tmp_path, {"templates/reference.docx": reference})
    path = tmp_path / "paper.docx"
    result = run(
        root, "report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31",
        "--output", str(path),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(path))
    assert document.styles["Normal"].font.name == "Arial"
    assert str(document.styles["Heading 1"].font.color.rgb) == "003078"
    header = document.sections[0].header
    assert "Example Safeguarding Children Board" in header.paragraphs[0].text
    assert "<pic:pic" in header._element.xml  # the logo
    assert document.sections[0].footer.paragraphs[0].text == "OFFICIAL"
    assert all(section.header.is_linked_to_previous for section in document.sections[1:])
    assert document.core_properties.title == "Test plan 2015-16"  # the paper's, not the reference's
    listed = run(root, "report", "--list").stdout
    assert f"Word papers' look: {root / 'templates' / 'reference.docx'}" in listed


def test_a_record_left_out_is_named_in_the_word_paper_and_the_board_template(
    tmp_path: Path,
) -> None:
    template = docx.Document()
    template.add_paragraph("{{ cover.title }}")
    buffer = io.BytesIO()
    template.save(buffer)
    broken = {"data/actions/2015-16/1b.yaml": "ref: 1b\ntitle: [unclosed\n"}
    for files in (broken, {**broken, "templates/loop.docx": buffer.getvalue()}):
        root = make_repo(tmp_path / str(len(files)), files)
        path = tmp_path / f"paper-{len(files)}.docx"
        result = run(root, "report", "loop", "--period", "2015-16", "--output", str(path))
        assert result.exit_code == 1
        assert "assure: Notice: 1 record left out" in result.stderr
        text = [p.text for p in docx.Document(str(path)).paragraphs]
        notice = next(
            n for n, line in enumerate(text) if line.startswith("Notice: 1 record left out")
        )
        assert text[notice + 1].startswith("left out: data/actions/2015-16/1b.yaml")
        if len(files) == 2:
            assert notice == 0 and text[2] == "Closing the loop: TSCB 2015-16"
