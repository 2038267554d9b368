"""Board papers at scale, through the real command: a plan of 10,000 actions written as
Markdown, HTML and Word by `assure report action-plan --plan P --output plan.<ext>`, each
timed against the Markdown report in the same run.

The target (issue 16) is at most 3x Markdown. Every run is warm (the cache primed once), so
the figures compare the writing, not the parsing. The papers do more than the Markdown: a
cover, a summary with percentages and a chart (matplotlib) besides the same 10,000 rows; with
`--as-of` also the exceptions table. Times are medians of `--repeat` runs. The results go to
the "Papers" section of bench/RESULTS.md (after bench/run.py's tables).

    python bench/papers.py                  # 10,000 actions, median of 3
    python bench/papers.py --actions 2000 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

WORK = HERE / "work"
ASSURE = [sys.executable, "-m", "assurance_cli"]
TARGET_RATIO = 3.0
PLAN = "2000-01"
AS_OF = "2001-06-30"  # within the generated plan's year: many open actions are overdue
RESULTS = HERE / "RESULTS.md"
SECTION = "## Papers"


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: float
    size_bytes: int


def board(actions: int) -> Path:
    """A generated board whose first plan holds `actions` actions (cached in bench/work)."""
    root = WORK / f"papers-{actions}"
    marker = root / ".generated"
    if not marker.exists():
        print(f"generating a plan of {actions} actions...", flush=True)
        generate(root, records=-(-actions * 100 // 60), actions_per_plan=actions)
        marker.write_text("ok")
    return root


def timed(name: str, argv: list[str], output: Path, repeat: int) -> Timing:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    timing = Timing(name, statistics.median(samples), output.stat().st_size)
    print(f"  {name:<34} {timing.seconds:7.3f} s {timing.size_bytes / 1e6:6.1f} MB", flush=True)
    return timing


def bench(actions: int, repeat: int) -> list[Timing]:
    """Markdown first (the baseline), then the papers, with and without --as-of."""
    root = board(actions)
    out = WORK / "papers-out"
    out.mkdir(parents=True, exist_ok=True)
    base = [*ASSURE, "--root", str(root), "report", "action-plan", "--plan", PLAN]
    subprocess.run([*base, "--output", str(out / "prime.md")], check=True)  # prime the cache
    timings = []
    for label, extra in (("", []), (f" --as-of {AS_OF}", ["--as-of", AS_OF])):
        for ext, name in (("md", "Markdown"), ("html", "HTML"), ("docx", "Word (.docx)")):
            path = out / f"plan.{ext}"
            argv = [*base, *extra, "--output", str(path)]
            timings.append(timed(f"{name}{label}", argv, path, repeat))
    return timings


def table(timings: list[Timing], actions: int) -> list[str]:
    lines = [
        f"| {actions:,} actions, one plan | time | size | ratio to Markdown "
        f"| target <= {TARGET_RATIO:g}x |",
        "|---|---|---|---|---|",
    ]
    for number, timing in enumerate(timings):
        baseline = timings[number - number % 3]
        ratio = timing.seconds / baseline.seconds
        met = "baseline" if timing is baseline else ("yes" if ratio <= TARGET_RATIO else "**no**")
        lines.append(
            f"| {timing.name} | {timing.seconds:.3f} s | {timing.size_bytes / 1e6:.1f} MB "
            f"| {ratio:.2f}x | {met} |"
        )
    return lines


def write_section(lines: list[str]) -> None:
    """Replace the Papers section of RESULTS.md (or add it at the end)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    before = text.split(f"\n{SECTION}\n", 1)[0].rstrip("\n")
    section = [
        "",
        SECTION,
        "",
        f"Measured by `make bench` (bench/papers.py) on {time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} cores: `assure report action-plan` writing one plan, warm, "
        "median of the runs; each paper timed against the Markdown report of the same run.",
        "",
        *lines,
        "",
    ]
    RESULTS.write_text(before + "\n" + "\n".join(section), encoding="utf-8")
    print(f"wrote {RESULTS}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    lines = table(bench(options.actions, options.repeat), options.actions)
    print("\n".join(lines))
    write_section(lines)


if __name__ == "__main__":
    main()
