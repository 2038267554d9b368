"""A Paper as a Word document (.docx), written with python-docx.

What a reader of the paper gets:
- real Word headings (Heading 1 to 3), so the navigation pane and a table of contents work;
- tables with a header row that repeats on every page (`w:tblHeader`), no merged cells, a
  caption, and RAG cells shaded (`w:shd`) *and* carrying their status word;
- wide tables in landscape sections (the headings and short text leading to them too), back
  to portrait after;
- charts as PNG pictures with alt text (`wp:docPr/@descr`);
- record text as text: a Word field code such as `{ DATE }` is typed characters, never a
  field (no `w:fldSimple`, `w:fldChar` or `w:instrText` is ever written).

Tables are written as WordprocessingML text (docx_xml.py) and spliced into the document's
XML when it is saved, not built cell by cell through python-docx's objects (nor parsed and
moved into the document, which lxml makes walk every node again): a 10,000-row plan takes
about a second that way and about a minute cell by cell (see bench/papers.py). Every text
goes through `plain` (and, in a table, docx_xml's `escape`).

A board's `templates/reference.docx` gives the look: its styles, fonts, colours, page
size, margins, headers and footers (a logo) are kept and its body is emptied.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assurance_cli.problems import AssureError
from assurance_cli.render.papers.document import (
    Block,
    BulletList,
    Chart,
    Cover,
    Heading,
    Notice,
    Paper,
    Paragraph,
    Table,
    plain,
    printable_lines,
)
from assurance_cli.render.papers.docx_template import render_docx_template, safe_docx_bytes
from assurance_cli.render.papers.docx_xml import PLACEHOLDER, W, package_bytes, table_xml

from . import charts

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["render_docx", "render_docx_template"]

_A4 = (11906, 16838)  # twips (1/1440 inch), portrait width and height
_TWIPS_PER_EMU = 1 / 635
_CHART_WIDTH_TWIPS = 9000  # about 15.9 cm: fits A4 portrait with usual margins
_NOTICE_FILL = "F2F2F2"


def render_docx(paper: Paper, *, reference: Path | None = None) -> bytes:
    """The paper as .docx bytes; with `reference`, in that document's styles and layout."""
    document = _start(reference)
    writer = _Writer(document)
    writer.cover(paper.cover)
    for block, landscape in zip(paper.blocks, _landscape_flags(paper.blocks), strict=True):
        writer.orient(landscape)
        writer.block(block)
    _set_properties(document, paper)
    return package_bytes(document, writer.tables)


# --- the starting document ------------------------------------------------------------------


def _start(reference: Path | None) -> Document:
    import docx

    if reference is None:
        document = docx.Document()
        section = document.sections[0]
        section.page_width, section.page_height = (_emu(twips) for twips in _A4)
        return document
    try:
        document = docx.Document(io.BytesIO(safe_docx_bytes(reference)))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise AssureError(
            f"{reference}: not a Word document (.docx) python-docx can read: {exc}"
        ) from None
    document.element.body.clear_content()  # keeps the last section: page setup, headers
    return document


def _emu(twips: int) -> Any:
    from docx.shared import Twips

    return Twips(twips)


# --- portrait and landscape -----------------------------------------------------------------


def _landscape_flags(blocks: tuple[Block, ...]) -> list[bool]:
    """Which blocks go in landscape, so that a plan of wide tables does not flip the page at
    every heading: wide tables; the headings and paragraphs leading up to one; short text
    between two landscape blocks; and, after a landscape run, the sections at its own
    heading level or below that hold only text (an objective with "No actions.")."""
    flags = [_is_wide(b) for b in blocks]
    for number in range(len(blocks) - 2, -1, -1):
        if flags[number + 1] and isinstance(blocks[number], Heading | Paragraph):
            flags[number] = True
    landscape = [n for n, flag in enumerate(flags) if flag]
    for first, second in itertools.pairwise(landscape):
        if all(_is_text(b) for b in blocks[first + 1 : second]):
            flags[first + 1 : second] = [True] * (second - first - 1)
    _extend_runs(blocks, flags)
    return flags


def _extend_runs(blocks: tuple[Block, ...], flags: list[bool]) -> None:
    number = 0
    while number < len(blocks):
        if not flags[number]:
            number += 1
            continue
        end = number
        while end + 1 < len(blocks) and flags[end + 1]:
            end += 1
        levels = [b.level for b in blocks[number : end + 1] if isinstance(b, Heading)]
        follow = end + 1
        while levels and follow < len(blocks):
            block = blocks[follow]
            if not isinstance(block, Heading) or block.level < min(levels):
                break
            section_end = _section_end(blocks, follow, block.level)
            if not all(_is_text(b) or _is_wide(b) for b in blocks[follow:section_end]):
                break
            flags[follow:section_end] = [True] * (section_end - follow)
            follow = section_end
        number = follow


def _section_end(blocks: tuple[Block, ...], heading: int, level: int) -> int:
    """Where the section under the heading at `heading` ends: the next heading as high."""
    for number in range(heading + 1, len(blocks)):
        block = blocks[number]
        if isinstance(block, Heading) and block.level <= level:
            return number
    return len(blocks)


def _is_wide(block: Block) -> bool:
    return isinstance(block, Table) and block.wide


def _is_text(block: Block) -> bool:
    return isinstance(block, Heading | Paragraph | BulletList | Notice)


# --- writing blocks -------------------------------------------------------------------------


class _Writer:
    """Adds blocks to one document, keeping track of its current page orientation."""

    def __init__(self, document: Document) -> None:
        self.document = document
        section = document.sections[-1]
        width, height = (
            int(section.page_width or _emu(_A4[0])),
            int(section.page_height or _emu(_A4[1])),
        )
        self.portrait_size = (min(width, height), max(width, height))
        self.landscape = False
        self.styles = {style.name: style for style in document.styles}
        self.chart_number = 0
        self.tables: list[bytes] = []  # WordprocessingML, spliced in at the placeholders

    # sections

    def orient(self, landscape: bool) -> None:
        if landscape == self.landscape:
            return
        from docx.enum.section import WD_ORIENT, WD_SECTION

        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        short, long = self.portrait_size
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = long, short
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = short, long
        self.landscape = landscape

    def text_width_twips(self) -> int:
        section = self.document.sections[-1]
        usable = (
            int(section.page_width or 0)
            - int(section.left_margin or 0)
            - int(section.right_margin or 0)
        )
        return max(1440, round(usable * _TWIPS_PER_EMU))

    # styles

    def style(self, name: str) -> Any:
        """A style by name; a missing heading style is made (Word needs one for the
        navigation pane), any other missing style falls back to the default (None)."""
        if name in self.styles:
            return self.styles[name]
        if name.startswith("Heading "):
            self.styles[name] = _add_heading_style(self.document, int(name.split()[1]))
            return self.styles[name]
        return None

    # the cover

    def cover(self, cover: Cover) -> None:
        written = False
        if cover.title:
            self.document.add_paragraph(_text(cover.title), style=self.style("Title"))
            written = True
        for label, value in cover.facts():
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(_text(value))
            written = True
        if cover.purpose:
            self.block(Heading(1, "Purpose"))
            self.block(Paragraph(cover.purpose))
            written = True
        if cover.recommendations:
            self.block(Heading(1, "Recommendations"))
            self.numbered(cover.recommendations)
            written = True
        if written:
            from docx.enum.text import WD_BREAK

            self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # blocks

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            style = self.style(f"Heading {block.level}")
            self.document.add_paragraph(_text(block.text), style=style)
        elif isinstance(block, Paragraph):
            for line in printable_lines([block.text]):
                self.document.add_paragraph(line)
        elif isinstance(block, BulletList):
            self.bullets(block.items)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Chart):
            self.chart(block)
        elif isinstance(block, Notice):
            self.notice(block)
        else:  # pragma: no cover - Block is a closed union
            raise TypeError(f"not a paper block: {type(block).__name__}")

    def bullets(self, items: Iterable[str]) -> None:
        style = self.style("List Bullet")
        for item in items:
            text = _text(item)
            self.document.add_paragraph(text if style else f"\u2022 {text}", style=style)

    def numbered(self, items: Iterable[str]) -> None:
        style = self.style("List Number")
        for number, item in enumerate(items, start=1):
            text = _text(item)
            self.document.add_paragraph(text if style else f"{number}. {text}", style=style)

    def caption(self, text: str) -> None:
        paragraph = self.document.add_paragraph(_text(text), style=self.style("Caption"))
        paragraph.paragraph_format.keep_with_next = True

    def table(self, table: Table) -> None:
        from lxml import etree

        if table.caption:
            self.caption(table.caption)
        grid = self.style("Table Grid")
        xml = table_xml(table, self.text_width_twips(), grid.style_id if grid else None)
        self.tables.append(xml.encode())
        placeholder = etree.Element(PLACEHOLDER, n=str(len(self.tables) - 1))
        self.document.add_paragraph()._p.addprevious(placeholder)  # a paragraph after it:
        # Word needs one between two tables.

    def chart(self, chart: Chart) -> None:
        from docx.shared import Twips

        self.chart_number += 1
        png = charts.chart_png(chart.spec)
        width = min(_CHART_WIDTH_TWIPS, self.text_width_twips())
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Twips(width))
        doc_pr = shape._inline.docPr
        doc_pr.set("name", f"Chart {self.chart_number}")
        doc_pr.set("descr", charts.alt_text(chart))
        self.caption(chart.caption)

    def notice(self, notice: Notice) -> None:
        from docx.oxml import parse_xml

        paragraphs = [(notice.title, True)] + [(line, False) for line in notice.lines]
        for text, bold in paragraphs:
            paragraph = self.document.add_paragraph()
            paragraph._p.get_or_add_pPr().append(parse_xml(_NOTICE_BORDER))
            paragraph._p.get_or_add_pPr().append(parse_xml(_NOTICE_SHADING))
            paragraph.add_run(_text(text)).bold = bold


def _add_heading_style(document: Document, level: int) -> Any:
    """A heading style for a reference document that has none: bold, with its outline level."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.shared import Pt

    style = document.styles.add_style(f"Heading {level}", WD_STYLE_TYPE.PARAGRAPH)
    style.font.bold = True
    style.font.size = Pt((16, 13, 12)[level - 1])
    style.paragraph_format.keep_with_next = True
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:outlineLvl xmlns:w="{W}" w:val="{level - 1}"/>')
    )
    return style


_NOTICE_BORDER = (
    f'<w:pBdr xmlns:w="{W}">'
    + "".join(
        f'<w:{side} w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right")
    )
    + "</w:pBdr>"
)
_NOTICE_SHADING = f'<w:shd xmlns:w="{W}" w:val="clear" w:color="auto" w:fill="{_NOTICE_FILL}"/>'


def _text(text: str) -> str:
    """Record text for python-docx's API, which escapes it itself: cleaned, one line."""
    return plain(text)


# --- properties and the package -------------------------------------------------------------


def _set_properties(document: Document, paper: Paper) -> None:
    """The file's own properties say what the paper says, nothing from the reference's
    author or a previous use of it."""
    properties = document.core_properties
    properties.title = paper.title()
    properties.author = plain(paper.cover.author or "")
    properties.subject = plain(paper.cover.purpose or "")[:255]
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.last_modified_by = ""
    properties.language = paper.language
    properties.revision = 1
