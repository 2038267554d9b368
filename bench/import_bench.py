"""Bench `assure import`: a 1,000-row workbook to published rows (the reading half), and the
whole command writing it into a fresh `assure init` board.

The figures are ratios to a baseline measured in the same run on the same file: openpyxl
opening the workbook read-only and walking every cell's value, the least any reader of the
file must do. The reading half adds the safety checks on the zip, the pass over the sheet's
XML for merges and formulas, fills and number formats, column mapping, and the row rules.
The command (`assure import --add-vocabulary`, a real process, each run into a new board)
adds the start-up, the records planned and proved together through the check pipeline, the
files written, and `assure check` over the result.

    python bench/import_bench.py                 # 1,000 rows, 5 runs each
    python bench/import_bench.py --rows 5000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STATUSES = ["R=off-track", "A=not-started", "G=on-track", "B=completed"]


def build_workbook(path: Path, rows: int) -> Path:
    """A plan of `rows` actions in 20 objectives: merged objective rows, multi-line dated
    progress cells, RAG fills on a colour-only status column."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    fills = [
        PatternFill("solid", fgColor="FF" + colour)
        for colour in ("FF0000", "FFC000", "00B050", "0070C0")
    ]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet.append(
        ["Ref", "Action", "Desired outcome", "Due", "Lead", "Outcome measure", "Progress", "RAG"]
    )
    line = 2
    for number in range(rows):
        if number % (rows // 20 or 1) == 0:
            sheet.cell(line, 1, f"{number // (rows // 20 or 1) + 1}. Objective heading text")
            sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=8)
            line += 1
        sheet.append(
            [
                f"{number}a",
                f"Action number {number} to improve practice",
                "Outcome " * 8,
                "31 March 2016",
                "Chair of QPP Subgroup",
                "Measure " * 6,
                "12/01/2016 - first update\n15/02/2016 - second update\nMarch 2016: third",
                None,
            ]
        )
        sheet.cell(line, 8).fill = fills[number % 4]
        line += 1
    book.save(str(path))
    return path


def baseline(path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    for row in book.active.iter_rows():  # type: ignore[union-attr]
        for cell in row:
            _ = cell.value
    book.close()


def extract(path: Path) -> int:
    from assurance_cli.importing.rows import read_plan

    plan = read_plan(path, statuses=STATUSES)
    assert not plan.unmapped_statuses
    return len(plan.rows)


def median_seconds(task: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_import_workbook(rows: int = 1000, repeat: int = 5) -> dict[str, float]:
    """Median seconds to read a `rows`-action workbook into published rows, the baseline's,
    and their ratio."""
    with tempfile.TemporaryDirectory() as folder:
        path = build_workbook(Path(folder) / "plan.xlsx", rows)
        assert extract(path) == rows  # warm imports, and check the result is whole
        base = median_seconds(lambda: baseline(path), repeat)
        read = median_seconds(lambda: extract(path), repeat)
    return {"rows": rows, "extract_s": read, "baseline_s": base, "ratio": read / base}


def _assure(*args: str) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": os.environ.get("BENCH_CACHE", tempfile.gettempdir())}
    done = subprocess.run(
        [sys.executable, "-m", "assurance_cli", *args], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise SystemExit(f"assure {' '.join(args[:3])}... failed:\n{done.stdout}{done.stderr}")


def bench_import_command(rows: int = 1000, repeat: int = 3) -> dict[str, float]:
    """Median seconds of `assure import` writing a `rows`-action workbook into a fresh board
    (a real process), the baseline's, and their ratio."""
    with tempfile.TemporaryDirectory() as folder:
        path = build_workbook(Path(folder) / "plan.xlsx", rows)
        times = []
        for run in range(repeat + 1):  # the first run warms the disk cache and is not kept
            board = Path(folder) / f"board-{run}"
            _assure("init", str(board), "--name", "Bench Board")
            start = time.perf_counter()
            _assure(
                "--root",
                str(board),
                "import",
                str(path),
                "--plan",
                "bench",
                "--add-vocabulary",
                *(f"--status={status}" for status in STATUSES),
            )
            times.append(time.perf_counter() - start)
            written = len(list((board / "data" / "actions" / "bench").glob("*.yaml")))
            assert written == rows, written
        command = statistics.median(times[1:])
        base = median_seconds(lambda: baseline(path), repeat)
    return {"rows": rows, "command_s": command, "baseline_s": base, "ratio": command / base}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    result = bench_import_workbook(args.rows, args.repeat)
    print(
        f"import: {result['rows']:.0f}-row workbook read in {result['extract_s']:.3f} s "
        f"(openpyxl read-only walk of every cell: {result['baseline_s']:.3f} s; "
        f"ratio {result['ratio']:.2f})"
    )
    command = bench_import_command(args.rows, min(args.repeat, 3))
    print(
        f"import: `assure import` of the {command['rows']:.0f}-row workbook into a new board "
        f"(written, then checked) in {command['command_s']:.3f} s "
        f"(ratio {command['ratio']:.2f} to the same walk)"
    )


if __name__ == "__main__":
    main()
