"""A Paper as one self-contained HTML file.

- Nothing is fetched: CSS is inline, charts are inline SVG, no font, script or image is
  linked, and a Content-Security-Policy forbids the browser to load anything at all.
- Accessible: one `<h1>` (the title) with the paper's headings below it, tables with a
  caption and `<th scope="col">` headers, each RAG cell with its status word (colour is
  never the only signal) and its text in black or white, whichever contrasts more with the
  fill (always at least 4.5:1, WCAG AA), charts with alt text and their data in words.
- Printable: A4 landscape, table headers repeated on every page, RAG fills printed.
- Every text is escaped (`_text`): record text is never read as HTML.
"""

from __future__ import annotations

from html import escape

from assurance_cli.render.papers.colour import text_colour_on
from assurance_cli.render.papers.document import (
    BulletList,
    Cell,
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

from . import charts

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; "
    "script-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
)

STYLE = """
:root { color-scheme: light; }
body { font-family: "Segoe UI", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 11pt; line-height: 1.4; color: #1a1a1a; background: #ffffff;
  max-width: 90rem; margin: 1.5rem auto; padding: 0 1rem; overflow-wrap: break-word; }
h1, h2, h3, h4 { line-height: 1.2; break-after: avoid; }
.cover { margin-bottom: 2rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0 0 1.5rem; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #595959; padding: 0.25rem 0.4rem; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #e7e6e6; }
thead { display: table-header-group; }
td.rag { font-weight: bold; }
.notice { border: 2px solid #1a1a1a; background: #f2f2f2; padding: 0.5rem 1rem;
  margin: 1rem 0; }
.notice p { margin: 0.25rem 0; }
figure.chart { margin: 1rem 0 1.5rem; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-style: italic; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9pt; }
  .cover { break-after: page; }
  tr, figure { break-inside: avoid; }
  td.rag, thead th, .notice { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render_html(paper: Paper) -> str:
    """The paper as one HTML document (a string), the same text for the same paper."""
    # With a title, it is the one <h1> and the paper's headings sit one level below it.
    shift = 1 if paper.cover.title else 0
    parts = [
        "<!DOCTYPE html>\n",
        f'<html lang="{_attribute(paper.language)}">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{_text(paper.title())}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
    ]
    parts.extend(_cover(paper.cover, shift))
    parts.append("<main>\n")
    chart_number = 0
    for block in paper.blocks:
        if isinstance(block, Chart):
            chart_number += 1
            parts.extend(_chart(block, chart_number))
        else:
            parts.extend(_block(block, shift))
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)


def _cover(cover: Cover, shift: int) -> list[str]:
    facts = cover.facts()
    if not (cover.title or facts or cover.purpose or cover.recommendations):
        return []
    parts = ['<header class="cover">\n']
    if cover.title:
        parts.append(f"<h1>{_text(cover.title)}</h1>\n")
    if facts:
        parts.append('<dl class="facts">\n')
        parts.extend(f"<dt>{label}</dt><dd>{_text(value)}</dd>\n" for label, value in facts)
        parts.append("</dl>\n")
    if cover.purpose:
        parts.extend(_block(Heading(1, "Purpose"), shift))
        parts.extend(_block(Paragraph(cover.purpose), shift))
    if cover.recommendations:
        parts.extend(_block(Heading(1, "Recommendations"), shift))
        parts.append("<ol>\n")
        parts.extend(f"<li>{_text(item)}</li>\n" for item in cover.recommendations)
        parts.append("</ol>\n")
    parts.append("</header>\n")
    return parts


def _block(block: Heading | Paragraph | BulletList | Table | Notice, shift: int) -> list[str]:
    if isinstance(block, Heading):
        level = block.level + shift
        return [f"<h{level}>{_text(block.text)}</h{level}>\n"]
    if isinstance(block, Paragraph):
        return [f"<p>{_lines([block.text])}</p>\n"]
    if isinstance(block, BulletList):
        return ["<ul>\n", *(f"<li>{_text(item)}</li>\n" for item in block.items), "</ul>\n"]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Notice):
        return [
            '<aside class="notice" role="note">\n',
            f"<p><strong>{_text(block.title)}</strong></p>\n",
            *(f"<p>{_text(line)}</p>\n" for line in block.lines),
            "</aside>\n",
        ]
    raise TypeError(f"not a paper block: {type(block).__name__}")  # pragma: no cover


def _table(table: Table) -> list[str]:
    total = sum(column.weight for column in table.columns)
    parts = ['<table class="wide">\n' if table.wide else "<table>\n"]
    if table.caption:
        parts.append(f"<caption>{_text(table.caption)}</caption>\n")
    parts.append("<colgroup>")
    parts.extend(
        f'<col style="width: {100 * column.weight / total:.2f}%">' for column in table.columns
    )
    parts.append("</colgroup>\n<thead>\n<tr>")
    parts.extend(f'<th scope="col">{_text(column.heading)}</th>' for column in table.columns)
    parts.append("</tr>\n</thead>\n<tbody>\n")
    for row in table.rows:
        parts.append("<tr>")
        parts.extend(_cell(cell) for cell in row)
        parts.append("</tr>\n")
    parts.append("</tbody>\n</table>\n")
    return parts


def _cell(cell: Cell) -> str:
    text = _lines(cell.shown_lines())
    if cell.rag is None:
        return f"<td>{text}</td>"
    fill, ink = cell.rag.colour, text_colour_on(cell.rag.colour)
    return f'<td class="rag" style="background-color: {fill}; color: {ink}">{text}</td>'


def _chart(chart: Chart, number: int) -> list[str]:
    alt = _attribute(charts.alt_text(chart))
    svg = charts.chart_svg(chart.spec, id_prefix=f"chart{number}")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{alt}" ', 1)
    return [
        '<figure class="chart">\n',
        svg.rstrip(),
        f"\n<figcaption>{_text(chart.caption)}</figcaption>\n",
        f"<details><summary>The chart's data in words</summary><p>{alt}</p></details>\n",
        "</figure>\n",
    ]


def _lines(lines: tuple[str, ...] | list[str]) -> str:
    return "<br>".join(escape(line, quote=False) for line in printable_lines(lines))


def _text(text: str) -> str:
    return escape(plain(text), quote=False)


def _attribute(text: str) -> str:
    return escape(plain(text), quote=True)
