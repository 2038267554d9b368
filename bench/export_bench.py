"""The leads' workbook at scale, through the real commands: `assure export --format xlsx` of a
plan of 10,000 actions, and `assure import-updates` reading that workbook back (100 rows
changed, planned, proved and written), each timed against the Markdown report of the same
plan in the same run (`report action-plan --output plan.md`: the same records, read warm,
written as text).

The export does more than the Markdown: it reads each record file again for its content
stamp and writes a styled, protected workbook (openpyxl). The import reads the whole
workbook (the safety checks, then every cell streamed), checks the changed rows' stamps,
plans and proves 100 edits, writes them and builds the diff. Every run is warm (the cache primed
once). The results go to bench/RESULTS-export.md.

    python bench/export_bench.py                  # 10,000 actions, median of 3
    python bench/export_bench.py --actions 2000 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from papers import ASSURE, PLAN, WORK, board  # noqa: E402

RESULTS = HERE / "RESULTS-export.md"
CHANGED_ROWS = 100
ON = "2001-12-31"  # after the generated progress entries


def seconds(argv: list[str], repeat: int, before: object = None) -> float:
    samples = []
    for _ in range(repeat):
        if callable(before):
            before()
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def fill(workbook: Path, rows: int) -> None:
    """A lead's changes: a progress entry on `rows` rows."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    sheet = book["Actions"]
    for row in range(2, 2 + rows):
        sheet.cell(row, 7).value = f"Progress reported for row {row}"
    book.save(workbook)


def bench(actions: int, repeat: int) -> list[tuple[str, float, int]]:
    source = board(actions)
    out = WORK / "export-out"
    out.mkdir(parents=True, exist_ok=True)
    base = [*ASSURE, "--root", str(source)]
    subprocess.run(
        [*base, "report", "action-plan", "--plan", PLAN, "--output", str(out / "p.md")],
        check=True,
        stderr=subprocess.DEVNULL,
    )  # prime the cache
    markdown = out / "plan.md"
    workbook = out / "plan.xlsx"
    results = []
    argv = [*base, "report", "action-plan", "--plan", PLAN, "--output", str(markdown)]
    results.append(("Markdown report (baseline)", seconds(argv, repeat), markdown.stat().st_size))
    argv = [*base, "export", "--format", "xlsx", "--plan", PLAN, "--output", str(workbook)]
    results.append(("export --format xlsx", seconds(argv, repeat), workbook.stat().st_size))
    # import-updates writes: each run gets a fresh copy of the board and of the workbook.
    fill(workbook, CHANGED_ROWS)
    copy = WORK / "export-import-copy"

    def fresh() -> None:
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(source, copy)

    argv = [*ASSURE, "--root", str(copy), "import-updates", str(workbook), "--on", ON]
    fresh()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)  # it works, and warms the cache
    results.append(
        (f"import-updates ({CHANGED_ROWS} rows changed)", seconds(argv, repeat, fresh), 0)
    )
    shutil.rmtree(copy, ignore_errors=True)
    return results


def table(results: list[tuple[str, float, int]], actions: int) -> list[str]:
    lines = [
        f"| {actions:,} actions, one plan | time | size | ratio to Markdown |",
        "|---|---|---|---|",
    ]
    baseline = results[0][1]
    for name, taken, size in results:
        shown = f"{size / 1e6:.1f} MB" if size else ""
        lines.append(f"| {name} | {taken:.3f} s | {shown} | {taken / baseline:.2f}x |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    lines = table(bench(options.actions, options.repeat), options.actions)
    print("\n".join(lines))
    RESULTS.write_text(
        "# The leads' workbook: export and import-updates\n\n"
        f"Measured by `make bench` (bench/export_bench.py) on {time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} cores: warm runs, median of {options.repeat}; each timed against "
        "the Markdown report of the same plan in the same run.\n\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
