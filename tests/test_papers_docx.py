"""Board papers in Word: rendered, then read back with python-docx as a reader's Word would
see them (styles, header rows, shading, sections, pictures' alt text, literal text)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from hypothesis import given, settings
from hypothesis import strategies as st

from assurance_cli.problems import AssureError
from assurance_cli.render.papers import charts, docx_template
from assurance_cli.render.papers.colour import contrast_ratio
from assurance_cli.render.papers.document import (
    Cell,
    Chart,
    Column,
    Cover,
    Heading,
    Paper,
    Paragraph,
    Rag,
    Table,
    plain,
)
from assurance_cli.render.papers.docx import render_docx

from .papers_sample import COLUMNS, HOSTILE, RAG, action_plan_paper, large_paper

W_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
A4_TWIPS = (11906, 16838)


def read(paper: Paper, **options: object) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(paper, **options)))  # type: ignore[arg-type]


def document_xml(raw: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return archive.read("word/document.xml").decode()


@pytest.fixture(scope="module")
def plan() -> docx.document.Document:
    return read(action_plan_paper())


def cell_fill(cell: object) -> str | None:
    shading = cell._tc.find("w:tcPr/w:shd", W_NS)  # type: ignore[attr-defined]
    return None if shading is None else shading.get(qn("w:fill"))


# --- headings and the cover -----------------------------------------------------------------


def test_headings_use_words_heading_styles(plan: docx.document.Document) -> None:
    headings = [
        (p.style.name, p.text) for p in plan.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Purpose"),
        ("Heading 1", "Recommendations"),
        ("Heading 1", "Action plan 2015-16"),
        ("Heading 2", "1. Ensure that partners are scrutinised and held to account"),
        ("Heading 2", "2. Ensure that a S11 audit takes place"),
        ("Heading 2", "3. Scrutinise the application of the threshold document"),
        ("Heading 1", "Over time"),
    ]


def test_cover_prints_what_it_is_given(plan: docx.document.Document) -> None:
    texts = [p.text for p in plan.paragraphs]
    assert plan.paragraphs[0].style.name == "Title"
    assert plan.paragraphs[0].text == "SSCB Action Plan 2015-16: progress report"
    for line in (
        "Board: Sandwell Safeguarding Children Board",
        "Meeting: Board meeting, 14 June 2016",
        "Author: Board business manager",
        "Version: 1.0",
        "To report progress against the 2015-16 action plan.",
        "Note the progress made.",
        "Agree the revised dates for 1c.",
    ):
        assert line in texts
    assert not any(text.startswith("Date:") for text in texts)  # not given, not printed
    assert plan.core_properties.title == "SSCB Action Plan 2015-16: progress report"
    assert plan.core_properties.author == "Board business manager"


def test_a_cover_with_nothing_given_prints_nothing() -> None:
    document = read(Paper(Cover(), (Paragraph("Body text."),)))
    assert [p.text for p in document.paragraphs if p.text] == ["Body text."]
    assert document.core_properties.author == ""


def test_a_cover_with_only_a_title_invents_no_other_field() -> None:
    document = read(Paper(Cover(title="Paper"), ()))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == ["Paper"]


# --- tables ---------------------------------------------------------------------------------


def test_tables_keep_the_column_order_and_count_every_row(plan: docx.document.Document) -> None:
    assert len(plan.tables) == 2
    for table, rows in zip(plan.tables, (3, 2), strict=True):
        assert [c.text for c in table.rows[0].cells] == [c.heading for c in COLUMNS]
        assert len(table.rows) == rows + 1


def test_header_rows_repeat_on_every_page_and_only_they(plan: docx.document.Document) -> None:
    for table in plan.tables:
        marks = [row._tr.find("w:trPr/w:tblHeader", W_NS) is not None for row in table.rows]
        assert marks == [True] + [False] * (len(table.rows) - 1)


def test_each_status_cell_is_shaded_and_says_its_status(plan: docx.document.Document) -> None:
    expected = [
        RAG["completed"],
        RAG["on-track"],
        RAG["off-track"],
        RAG["not-started"],
        RAG["not-applicable"],
    ]
    status_cells = [row.cells[-1] for table in plan.tables for row in table.rows[1:]]
    assert len(status_cells) == len(expected)
    for cell, rag in zip(status_cells, expected, strict=True):
        assert cell_fill(cell) == rag.colour[1:]
        assert cell.text == rag.word
        ink = cell.paragraphs[0].runs[0].font.color.rgb
        assert contrast_ratio(rag.colour, f"#{ink}") >= 4.5


def test_only_status_cells_are_shaded(plan: docx.document.Document) -> None:
    for table in plan.tables:
        for row in table.rows:
            assert [cell_fill(c) is not None for c in row.cells[:-1]] == [False] * (
                len(COLUMNS) - 1
            )


def test_no_merged_cells_anywhere() -> None:
    xml = document_xml(render_docx(large_paper(50)))
    for merge in ("w:gridSpan", "w:vMerge", "w:hMerge"):
        assert f"<{merge}" not in xml


def test_a_cell_already_holding_its_status_word_does_not_repeat_it() -> None:
    rag = Rag("#C00000", "Off-track")
    table = Table((Column("Status"),), ((Cell(("Off-track", "since May"), rag),),))
    document = read(Paper(Cover(), (table,)))
    assert [p.text for p in document.tables[0].rows[1].cells[0].paragraphs] == [
        "Off-track",
        "since May",
    ]


def test_an_empty_cell_stays_an_empty_cell() -> None:
    table = Table((Column("A"), Column("B")), ((Cell(), Cell.of("b")),))
    document = read(Paper(Cover(), (table,)))
    assert [c.text for c in document.tables[0].rows[1].cells] == ["", "b"]


def test_a_large_table_has_every_row_and_one_repeating_header() -> None:
    document = read(large_paper(500))
    (table,) = document.tables
    assert len(table.rows) == 501
    assert sum(row._tr.find("w:trPr/w:tblHeader", W_NS) is not None for row in table.rows) == 1
    assert all(cell_fill(row.cells[-1]) for row in table.rows[1:])


def test_table_caption_is_printed_and_given_to_assistive_technology(
    plan: docx.document.Document,
) -> None:
    captions = [p.text for p in plan.paragraphs if p.style.name == "Caption"]
    assert "Objective 1 actions" in captions
    caption = plan.tables[0]._tbl.find("w:tblPr/w:tblCaption", W_NS)
    assert caption.get(qn("w:val")) == "Objective 1 actions"


# --- sections -------------------------------------------------------------------------------


def test_wide_tables_sit_in_a_landscape_section_and_the_paper_returns_to_portrait(
    plan: docx.document.Document,
) -> None:
    orientations = [s.orientation for s in plan.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    portrait, landscape, _ = plan.sections
    assert (portrait.page_width.twips, portrait.page_height.twips) == A4_TWIPS
    assert (landscape.page_width.twips, landscape.page_height.twips) == A4_TWIPS[::-1]
    tables_in = [
        sum(1 for item in s.iter_inner_content() if isinstance(item, docx.table.Table))
        for s in plan.sections
    ]
    assert tables_in == [0, 2, 0]
    # The objectives' headings travel with their tables, the one with no table too.
    landscape_text = [
        item.text
        for item in landscape.iter_inner_content()
        if isinstance(item, docx.text.paragraph.Paragraph)
    ]
    assert "1. Ensure that partners are scrutinised and held to account" in landscape_text
    assert "3. Scrutinise the application of the threshold document" in landscape_text
    assert "Over time" not in landscape_text


def test_a_paper_without_wide_tables_stays_portrait() -> None:
    table = Table((Column("A"),), ((Cell.of("a"),),))
    document = read(Paper(Cover(), (Heading(1, "T"), table)))
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT]


# --- charts ---------------------------------------------------------------------------------


def test_charts_are_pictures_with_alt_text_from_their_data(plan: docx.document.Document) -> None:
    paper = action_plan_paper()
    chart_blocks = [b for b in paper.blocks if isinstance(b, Chart)]
    descriptions = [shape._inline.docPr.get("descr") for shape in plan.inline_shapes]
    assert descriptions == [charts.describe(c.spec) for c in chart_blocks]
    assert descriptions[0].startswith(
        "Stacked bar chart: Status of actions by objective. Objective 1: 1 Completed"
    )
    captions = [p.text for p in plan.paragraphs if p.style.name == "Caption"]
    assert "Figure 1: status of actions by objective, 31 May 2016" in captions


def test_given_alt_text_is_used() -> None:
    spec = next(b for b in action_plan_paper().blocks if isinstance(b, Chart)).spec
    document = read(Paper(Cover(), (Chart(spec, "Figure", alt_text="Open actions fell"),)))
    assert document.inline_shapes[0]._inline.docPr.get("descr") == "Open actions fell"


# --- hostile text ---------------------------------------------------------------------------


def test_hostile_text_is_printed_as_typed_and_creates_no_field() -> None:
    raw = render_docx(action_plan_paper(hostile=True))
    document = docx.Document(io.BytesIO(raw))
    texts = [p.text for p in document.paragraphs]
    cell_text = document.tables[0].rows[2].cells[6].text.split("\n")
    for line in HOSTILE:
        assert plain(line) in texts  # a heading and a paragraph each
        assert plain(line) in cell_text
    body = document.element.body
    for field_element in ("w:fldSimple", "w:fldChar", "w:instrText"):
        assert body.xpath(f"//{field_element}") == []
    assert body.xpath("//*[local-name()='script']") == []
    assert "<script>" not in document_xml(raw)  # only as &lt;script&gt; inside w:t


def test_control_and_bidi_characters_are_dropped() -> None:
    document = read(Paper(Cover(title="a\x00b\x1b[1mc\u202ed\x7f"), (Paragraph("x\x0by"),)))
    assert document.paragraphs[0].text == "ab[1mcd"
    assert [p.text for p in document.paragraphs[1:] if p.text][:2] == ["x", "y"]


# --- the same paper, the same bytes ---------------------------------------------------------


def test_the_same_paper_gives_the_same_bytes() -> None:
    assert render_docx(action_plan_paper()) == render_docx(action_plan_paper())


# --- a board's reference document -----------------------------------------------------------


def make_reference(path: Path, *, drop_headings: bool = False) -> Path:
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Georgia"
    reference.styles["Heading 1"].font.color.rgb = RGBColor(0x7B, 0x1F, 0xA2)
    reference.styles["Heading 1"].font.size = Pt(20)
    reference.sections[0].header.paragraphs[0].text = "Sandwell Safeguarding Children Board"
    reference.sections[0].footer.paragraphs[0].text = "OFFICIAL"
    reference.add_paragraph("Template text the paper must not keep")
    if drop_headings:
        for level in (1, 2, 3):
            element = reference.styles[f"Heading {level}"].element
            element.getparent().remove(element)
    reference.save(str(path))
    return path


def test_a_reference_document_gives_its_styles_header_and_footer(tmp_path: Path) -> None:
    reference = make_reference(tmp_path / "reference.docx")
    document = read(action_plan_paper(), reference=reference)
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x7B, 0x1F, 0xA2)
    assert "Template text the paper must not keep" not in [p.text for p in document.paragraphs]
    assert document.sections[0].header.paragraphs[0].text == "Sandwell Safeguarding Children Board"
    for section in document.sections[1:]:  # the landscape section and after: the same header
        assert section.header.is_linked_to_previous
        assert section.footer.paragraphs[0].text == "OFFICIAL"
    assert [s.orientation for s in document.sections][1] == WD_ORIENT.LANDSCAPE


def test_a_reference_without_heading_styles_still_gets_real_headings(tmp_path: Path) -> None:
    reference = make_reference(tmp_path / "reference.docx", drop_headings=True)
    document = read(action_plan_paper(), reference=reference)
    heading = next(p for p in document.paragraphs if p.text == "Action plan 2015-16")
    assert heading.style.name == "Heading 1"
    outline = heading.style.element.find("w:pPr/w:outlineLvl", W_NS)
    assert outline.get(qn("w:val")) == "0"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not a zip", "not a Word document"),
        (b"", "not a Word document"),
    ],
)
def test_a_bad_reference_is_refused_by_name(tmp_path: Path, content: bytes, message: str) -> None:
    reference = tmp_path / "reference.docx"
    reference.write_bytes(content)
    with pytest.raises(AssureError, match=message) as caught:
        render_docx(action_plan_paper(), reference=reference)
    assert str(reference) in str(caught.value)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    reference = tmp_path / "reference.docx"
    with zipfile.ZipFile(reference, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(AssureError, match=r"reference\.docx"):
        render_docx(action_plan_paper(), reference=reference)


def test_a_symlinked_reference_is_not_followed(tmp_path: Path) -> None:
    target = make_reference(tmp_path / "elsewhere.docx")
    link = tmp_path / "reference.docx"
    os.symlink(target, link)
    with pytest.raises(AssureError, match="symbolic link"):
        render_docx(action_plan_paper(), reference=link)


def test_a_zip_bomb_reference_is_refused_before_it_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docx_template, "MAX_UNPACKED_BYTES", 1024 * 1024)
    reference = tmp_path / "reference.docx"
    with zipfile.ZipFile(reference, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (2 * 1024 * 1024))  # 2 KiB packed
    with pytest.raises(AssureError, match="unpacks to more than the limit"):
        render_docx(action_plan_paper(), reference=reference)


def test_a_reference_that_makes_word_fetch_a_remote_template_is_refused(tmp_path: Path) -> None:

    reference = docx.Document()
    reference.part._settings_part.relate_to(
        "http://192.0.2.1/template.dotm",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
        is_external=True,
    )
    reference.save(str(tmp_path / "reference.docx"))
    with pytest.raises(
        AssureError, match=r"links to files outside it \(attachedTemplate\)"
    ) as caught:
        render_docx(action_plan_paper(), reference=tmp_path / "reference.docx")
    assert "192.0.2.1" not in str(caught.value)


def test_a_hyperlink_in_a_reference_is_kept(tmp_path: Path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    reference = docx.Document()
    reference.part.relate_to("https://www.example.org/", RT.HYPERLINK, is_external=True)
    reference.save(str(tmp_path / "reference.docx"))
    document = read(action_plan_paper(), reference=tmp_path / "reference.docx")
    assert "https://www.example.org/" in [r.target_ref for r in document.part.rels.values()]


def test_landscape_takes_the_headings_and_short_sections_around_wide_tables() -> None:
    from assurance_cli.render.papers.docx import _landscape_flags

    wide = Table((Column("A"),), (), wide=True)
    narrow = Table((Column("A"),), ())
    chart = next(b for b in action_plan_paper().blocks if isinstance(b, Chart))
    blocks = (
        Heading(1, "Plan"),  # leads up to the first wide table
        Paragraph("Intro"),
        Heading(2, "a"),
        wide,
        Heading(2, "b"),  # between two wide tables
        Paragraph("No actions."),
        Heading(2, "c"),
        wide,
        Heading(2, "d"),  # a text-only section after the last one
        Paragraph("No actions."),
        Heading(1, "Charts"),  # a section with a chart: back to portrait
        chart,
        Heading(2, "e"),
        narrow,
    )
    assert _landscape_flags(blocks) == [True] * 10 + [False] * 4


@given(st.text(), st.text())
@settings(max_examples=40, deadline=None)
def test_any_text_stays_in_its_own_cell(first: str, second: str) -> None:
    rag = Rag("#C00000", "Off-track")
    row = (Cell.of(first), Cell.of(second, rag), Cell.of("end"))
    document = read(Paper(Cover(), (Table((Column("A"), Column("B"), Column("C")), (row,)),)))
    cells = document.tables[0].rows[1].cells
    assert [[p.text for p in c.paragraphs] for c in cells] == [
        list(cell.shown_lines()) or [""] for cell in row
    ]
