"""WordprocessingML written as text: a paper's tables, and the package they are spliced into.

python-docx builds a table cell by cell through its objects, which takes about a minute for a
10,000-row plan; written here as text, the same table takes about a second (bench/papers.py).
docx.py puts a placeholder element where each table goes; `package_bytes` saves the document
and replaces each placeholder with its table's XML. Every text goes through `plain` and then
`escape`: record text can never make an element, so a record cannot move or repeat a table.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from assurance_cli.render.papers.colour import text_colour_on
from assurance_cli.render.papers.document import Cell, Table, plain, printable_lines

if TYPE_CHECKING:
    from docx.document import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Where a table goes: an element only docx.py writes. Record text can never make one (its `<`
# is always written `&lt;`), so a record cannot move or repeat a table.
PLACEHOLDER = "assure-table-placeholder"
_PLACEHOLDER_XML = re.compile(rb'<assure-table-placeholder n="(\d+)"/>')
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries' time: same paper, same bytes


# --- tables --------------------------------------------------------------------------------


def table_xml(table: Table, width_twips: int, style_id: str | None) -> str:
    total = sum(column.weight for column in table.columns)
    widths = [max(360, int(width_twips * column.weight / total)) for column in table.columns]
    parts = [f'<w:tbl xmlns:w="{W}"><w:tblPr>']
    if style_id:
        parts.append(f'<w:tblStyle w:val="{_attribute(style_id)}"/>')
    parts.append(f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>')
    if not style_id:
        parts.append(_TABLE_BORDERS)
    parts.append('<w:tblLayout w:type="fixed"/>')
    parts.append(
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
    )
    if table.caption:
        parts.append(f'<w:tblCaption w:val="{_attribute(plain(table.caption))}"/>')
    parts.append("</w:tblPr><w:tblGrid>")
    parts.extend(f'<w:gridCol w:w="{width}"/>' for width in widths)
    parts.append("</w:tblGrid>")
    # The header row: repeated at the top of every page, never split across two.
    parts.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
    for column, width in zip(table.columns, widths, strict=True):
        parts.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>'
            f"<w:r><w:rPr><w:b/></w:rPr>{_run_text(column.heading)}</w:r></w:p></w:tc>"
        )
    parts.append("</w:tr>")
    cell_starts = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>' for width in widths]
    for row in table.rows:
        parts.append("<w:tr>")
        for start, cell in zip(cell_starts, row, strict=True):
            parts.append(start)
            parts.append(_cell_body(cell))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _cell_body(cell: Cell) -> str:
    """The rest of a cell after its width: shading, then one paragraph per line."""
    lines = printable_lines(cell.shown_lines())
    if cell.rag is None:
        if not lines:
            return "</w:tcPr><w:p/></w:tc>"
        paragraphs = "".join(f"<w:p><w:r>{_run_text(line)}</w:r></w:p>" for line in lines)
        return f"</w:tcPr>{paragraphs}</w:tc>"
    fill = cell.rag.colour[1:]
    ink = text_colour_on(cell.rag.colour)[1:]
    run_start = f'<w:p><w:r><w:rPr><w:color w:val="{ink}"/></w:rPr>'
    return (
        f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>'
        + "".join(f"{run_start}{_run_text(line)}</w:r></w:p>" for line in lines)
        + "</w:tc>"
    )


_TABLE_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


def _run_text(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(plain(text))}</w:t>'


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return escape(text).replace('"', "&quot;")


# --- the package --------------------------------------------------------------------------------


def package_bytes(document: Document, tables: list[bytes]) -> bytes:
    """Save the document with the tables spliced in at their placeholders, and a fixed time
    on every zip entry (python-docx stamps the current time): the same paper, the same bytes."""
    from docx.opc.pkgwriter import PackageWriter

    # The three steps of PackageWriter.write, given our zip writer instead of python-docx's.
    steps: Any = PackageWriter
    package = document.part.package
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = _FixedTimeWriter(archive, document.part.partname, tables)
        steps._write_content_types_stream(writer, package.parts)
        steps._write_pkg_rels(writer, package.rels)
        steps._write_parts(writer, package.parts)
    return buffer.getvalue()


class _FixedTimeWriter:
    """The part of python-docx's physical package writer that PackageWriter uses."""

    def __init__(self, archive: zipfile.ZipFile, main: str, tables: list[bytes]) -> None:
        self.archive = archive
        self.main = main
        self.tables = tables

    def write(self, pack_uri: Any, blob: bytes) -> None:
        if pack_uri == self.main:
            blob = _PLACEHOLDER_XML.sub(lambda m: self.tables[int(m.group(1))], blob)
        info = zipfile.ZipInfo(pack_uri.membername, _FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        # Level 1: a 10,000-row plan packs in a third of the time, about 10% larger.
        self.archive.writestr(info, blob, compresslevel=1)
