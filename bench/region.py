"""`make bench`: the export and the regional reports over many generated boards.

1. Generates `--distinct` boards of `--records` records each (bench/generate.py, one seed
   each) and times `assure --no-cache export --format jsonl` on each (cold: every file read and
   checked): time and peak memory per board.
2. For each number of boards in `--boards`, writes a region file listing that many boards,
   each with a folder of its own holding one of the exports in turn (hard links: DuckDB
   reads and parses every board's files, as it would distinct boards'), and times:
   - DuckDB alone: loading every board's JSONL files and running the reports' SQL
     (queries/region), in a fresh process;
   - each `assure region report` as a user runs it (start-up, load, SQL, Markdown).
3. States the laptop's limit: the most boards x records whose load and SQL, and whose
   overdue report, finish in under 10 s here.

Writes bench/RESULTS-region.md. Nothing is asserted in the test suite: speed is a property
of a machine.

    python bench/region.py                                  # 50 .. 400 boards x 1,000
    python bench/region.py --boards 10 100 --distinct 2     # quicker
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

WORK = HERE / "work" / "region"
ASSURE = [sys.executable, "-m", "assurance_cli"]
LIMIT_SECONDS = 10.0
REGION_STATUSES = {
    "off-track": "red",
    "not-started": "amber",
    "on-track": "green",
    "completed": "complete",
    "not-applicable": "withdrawn",
}
THEMES = {"communication": "communication", "workforce": "workforce", "practice": "practice"}

# Load every board and run every report's SQL, in a fresh process: DuckDB's share alone.
DUCKDB_ONLY = """
import sys, time
from datetime import date
from pathlib import Path
start = time.perf_counter()
from assurance_cli.queries.region import reports
from assurance_cli.queries.region.load import exported_board, open_region
from assurance_cli.repo.region import read_region_file
config = Path(sys.argv[1])
region, problems = read_region_file(config)
assert region is not None, problems
boards = [exported_board(b.id, config.parent / b.export, b.export) for b in region.boards]
loaded_at = time.perf_counter()
with open_region(region, boards) as loaded:
    ready = time.perf_counter()
    reports.overdue_context(loaded, date(2010, 3, 31))
    reports.themes_context(loaded)
    responses = reports.responses_context(loaded)
    rows = loaded.query("SELECT count(*) FROM actions")[0][0]
done = time.perf_counter()
print(ready - start, done - ready, rows)
"""


@dataclass
class Sample:
    seconds: float
    peak_mib: float
    stdout: str = ""


def timed(argv: list[str], cwd: Path | None = None) -> Sample:
    """Run `argv`; its wall time and peak resident memory (of that process alone)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    # The process is reaped by communicate(); RUSAGE_CHILDREN keeps the largest child's peak,
    # so each run is measured in a process of its own (below) to read its own peak.
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed:\n{stderr}")
    return Sample(seconds, 0.0, stdout)


def measured(argv: list[str], cwd: Path | None = None) -> Sample:
    """As `timed`, in a wrapper process that reports the run's own peak memory."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "sys.stderr.buffer.write(done.stderr)\n"
        "sys.stdout.buffer.write(done.stdout)\n"
        "print(f'\\n@@ {seconds} {peak} {done.returncode}')\n"
    )
    sample = timed([sys.executable, "-c", wrapper, *argv], cwd)
    last = sample.stdout.rstrip().splitlines()[-1].split()
    if last[3] not in ("0", "1"):
        raise SystemExit(f"{' '.join(argv)} failed")
    output = sample.stdout.rsplit("\n@@ ", 1)[0]
    return Sample(float(last[1]), float(last[2]), output)


def export_boards(distinct: int, records: int) -> tuple[list[Path], list[Sample]]:
    exports, samples = [], []
    for number in range(distinct):
        board = WORK / "boards" / f"board-{number}"
        generate(board, records, seed=2016 + number)
        out = WORK / "exports" / f"board-{number}"
        shutil.rmtree(out, ignore_errors=True)
        argv = [*ASSURE, "--no-cache", "--root", str(board), "export", "--format", "jsonl"]
        argv += ["--output", str(out)]
        samples.append(measured(argv))
        exports.append(out)
    return exports, samples


def region_file(boards: int, exports: list[Path]) -> Path:
    lines = ["name: Synthetic region", "statuses:"]
    lines += [f"  - {{id: {word}, title: {word.title()}}}" for word in REGION_STATUSES.values()]
    lines += ["themes:"]
    lines += [f"  - {{id: {word}, title: {word.title()}}}" for word in THEMES.values()]
    lines += ["boards:"]
    statuses = ", ".join(f"{k}: {v}" for k, v in REGION_STATUSES.items())
    themes = ", ".join(f"{k}: {v}" for k, v in THEMES.items())
    for number in range(boards):
        export = WORK / "linked" / f"board-{number:05d}"
        if not export.exists():
            export.mkdir(parents=True)
            for file in exports[number % len(exports)].iterdir():
                os.link(file, export / file.name)
        lines += [
            f"  - id: board-{number:05d}",
            f"    export: {export}",
            f"    statuses: {{{statuses}}}",
            f"    themes: {{{themes}}}",
        ]
    config = WORK / f"region-{boards}.yaml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def bench_region(boards: int, exports: list[Path]) -> dict[str, Sample | tuple[float, float, int]]:
    config = region_file(boards, exports)
    found: dict[str, Sample | tuple[float, float, int]] = {}
    duck = measured([sys.executable, "-c", DUCKDB_ONLY, str(config)])
    load, sql, rows = duck.stdout.split()
    found["duckdb"] = Sample(float(load) + float(sql), duck.peak_mib)
    found["split"] = (float(load), float(sql), int(rows))
    for name in ("overdue", "themes", "responses"):
        argv = [*ASSURE, "region", "report", name, "--config", str(config)]
        found[name] = measured([*argv, "--as-of", "2010-03-31", "--output", str(WORK / "r.md")])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--boards", type=int, nargs="+", default=[50, 100, 200, 400])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--distinct", type=int, default=4)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    exports, export_samples = export_boards(args.distinct, args.records)
    shutil.rmtree(WORK / "linked", ignore_errors=True)
    per_board = statistics.median(s.seconds for s in export_samples)
    lines = [
        "# Benchmark results: export and regional reports",
        "",
        f"Measured by `make bench` (bench/region.py) on {date.today().isoformat()}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}. "
        f"Boards of {args.records:,} records generated by bench/generate.py ({args.distinct} "
        "seeds; a region of N boards gives each board a folder of its own holding one of those "
        "exports, hard-linked, so DuckDB reads N boards' files). Peak memory is the "
        "resident set of the process measured.",
        "",
        "## Export (`assure --no-cache export --format jsonl`, one board, cold)",
        "",
        "| board | records | time | peak memory |",
        "|---|---|---|---|",
    ]
    for number, sample in enumerate(export_samples):
        lines.append(
            f"| board-{number} | {args.records:,} | {sample.seconds:.2f} s | "
            f"{sample.peak_mib:.0f} MiB |"
        )
    lines += [
        "",
        f"Median {per_board:.2f} s a board: one process per board, so 100 boards export in "
        f"about {100 * per_board:.0f} s on one core (each board exports on its own, in "
        "parallel where there are cores).",
        "",
        "## Regional reports over the exports",
        "",
        "| boards | records | actions rows | DuckDB: load | DuckDB: SQL | DuckDB peak | "
        "`report overdue` | `report themes` | `report responses` | peak (overdue) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    limit_duck = limit_report = 0
    for boards in args.boards:
        found = bench_region(boards, exports)
        load, sql, rows = found["split"]  # type: ignore[misc]
        duck, overdue = found["duckdb"], found["overdue"]
        assert isinstance(duck, Sample) and isinstance(overdue, Sample)
        times = []
        for name in ("overdue", "themes", "responses"):
            sample = found[name]
            assert isinstance(sample, Sample)
            times.append(f"{sample.seconds:.2f} s")
        lines.append(
            f"| {boards:,} | {boards * args.records:,} | {rows:,} | {load:.2f} s | {sql:.2f} s | "
            f"{duck.peak_mib:.0f} MiB | {' | '.join(times)} | {overdue.peak_mib:.0f} MiB |"
        )
        print(lines[-1], flush=True)
        if duck.seconds < LIMIT_SECONDS:
            limit_duck = max(limit_duck, boards)
        if overdue.seconds < LIMIT_SECONDS:
            limit_report = max(limit_report, boards)
    lines += [
        "",
        "## The laptop's limit",
        "",
        f"Under {LIMIT_SECONDS:.0f} s here: DuckDB loads and queries {limit_duck:,} boards x "
        f"{args.records:,} records ({limit_duck * args.records:,} records), and `assure region "
        f"report overdue` answers over {limit_report:,} boards x {args.records:,} records "
        "(the largest sizes measured that finished in time). Beyond that, docs/scale.md.",
    ]
    (HERE / "RESULTS-region.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
