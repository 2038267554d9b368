"""Board papers at scale: a 10,000-row action table as Word and as HTML, each timed against
the same rows as a Markdown table (markdown.py's escaping and `table()`), in the same run.

The target (issue 16) is at most 3x Markdown. Each format starts from the same plain rows:
Markdown escapes every cell and builds the table; Word and HTML build the Paper (cells with
their RAG colour) and render it. Times are the median of `--repeat` runs in this process.

    python bench/papers.py                 # 10,000 rows, median of 3
    python bench/papers.py --rows 1000 --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from assurance_cli.markdown import escape_cell, join_cell_lines, table

from assurance_cli.render.papers.document import Cell, Column, Cover, Heading, Paper, Rag, Table
from assurance_cli.render.papers.docx import render_docx
from assurance_cli.render.papers.html import render_html

HEADINGS = (
    "Ref",
    "Activity",
    "Desired Outcome",
    "Due Date",
    "Lead",
    "Outcome Measure",
    "Progress",
    "Status",
)
STATUSES = (
    ("#0070C0", "Completed"),
    ("#00B050", "Not yet completed but on-track"),
    ("#C00000", "Not yet completed but off-track"),
    ("#FFC000", "Not yet started"),
)
TARGET_RATIO = 3.0

Row = tuple[list[str], ...]


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: float
    size_bytes: int


def plan_rows(count: int) -> list[Row]:
    """Rows like seed 002's: each cell a list of lines, the last one the status word."""
    rows = []
    for number in range(count):
        rows.append(
            (
                [f"{number // 10 + 1}{chr(97 + number % 10)}"],
                [f"Subject S11 submissions to rigorous challenge, action {number}"],
                ["Partnership working is effective and all key partners are well engaged"],
                ["31 March 2016", "Revised: 30 June 2016"],
                ["QPP Chair"],
                ["The Board has convened Scrutiny Panels with each agency & partner"],
                [f"22 September 2015: ASC <{number}>", "13 October 2015: YOS | CSC"],
                [STATUSES[number % len(STATUSES)][1]],
            )
        )
    return rows


def markdown_table(rows: list[Row]) -> str:
    cells = [
        [join_cell_lines([escape_cell(line) for line in cell]) for cell in row] for row in rows
    ]
    return table([escape_cell(heading) for heading in HEADINGS], cells)


def paper(rows: list[Row]) -> Paper:
    rag = {word: Rag(colour, word) for colour, word in STATUSES}
    table_rows = tuple(
        (*(Cell(tuple(cell)) for cell in row[:-1]), Cell((), rag[row[-1][0]])) for row in rows
    )
    columns = tuple(Column(heading) for heading in HEADINGS)
    return Paper(
        Cover(title="Generated plan"),
        (Heading(1, "All actions"), Table(columns, table_rows, wide=True)),
    )


def timed(name: str, work: Callable[[], str | bytes], repeat: int) -> Timing:
    samples, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        output = work()
        samples.append(time.perf_counter() - start)
        size = len(output.encode() if isinstance(output, str) else output)
    return Timing(name, statistics.median(samples), size)


def bench_papers(rows: int = 10_000, repeat: int = 3) -> list[Timing]:
    """Markdown, HTML and Word timings for `rows` rows; Markdown first (the baseline)."""
    data = plan_rows(rows)
    render_docx(paper(data[:10]))  # import python-docx and lxml before timing
    return [
        timed("Markdown table", lambda: markdown_table(data), repeat),
        timed("HTML paper", lambda: render_html(paper(data)), repeat),
        timed("Word paper (.docx)", lambda: render_docx(paper(data)), repeat),
    ]


def report(timings: list[Timing], rows: int) -> list[str]:
    baseline = timings[0].seconds
    lines = [
        f"| {rows:,} rows | time | size | ratio to Markdown | target <= {TARGET_RATIO:g}x |",
        "|---|---|---|---|---|",
    ]
    for timing in timings:
        ratio = timing.seconds / baseline
        met = "baseline" if timing is timings[0] else ("yes" if ratio <= TARGET_RATIO else "no")
        lines.append(
            f"| {timing.name} | {timing.seconds:.3f} s | {timing.size_bytes / 1e6:.1f} MB "
            f"| {ratio:.2f}x | {met} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    print("\n".join(report(bench_papers(options.rows, options.repeat), options.rows)))


if __name__ == "__main__":
    main()
