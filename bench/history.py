"""`make bench`, history: `assure report trend` over a board of 300 records with 200 commits,
a board meeting on the day of each commit, so the trend reads every one of the 200 versions.

Cold: no history cache and no warm cache (every version of every file is parsed). Warm: the
same command again. Each is compared with `git log` (and `git log -p`, which reads every
changed file) over the same commits, measured in the same run on the same repository. Writes
bench/RESULTS-history.md. Nothing here is asserted in the test suite.

    python bench/history.py [--commits 200] [--records 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import STATUSES, generate  # noqa: E402

WORK = HERE / "work"
ASSURE = [sys.executable, "-m", "assurance_cli"]
FIRST_DAY = date(2000, 6, 5)
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_SYSTEM": "/dev/null",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}
_STATUS = re.compile(r"^status: .*$", re.M)
_DUE = re.compile(r"^due: (\d{4})-(\d{2})-(\d{2})$", re.M)


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV, **(env or {})},
    )
    return done.stdout


def commit_days(commits: int) -> list[date]:
    return [FIRST_DAY + timedelta(days=7 * n) for n in range(commits)]


def build(root: Path, records: int, commits: int) -> None:
    """A board of `records` files whose history has `commits` weekly commits, each changing
    the status of three actions and moving the due date of one."""
    generate(root, records)
    board = root / "data" / "board.yaml"
    meetings = "".join(
        f"  - id: board-{day.isoformat()}\n    name: Board {day.isoformat()}\n"
        f"    date: {day.isoformat()}\n"
        for day in commit_days(commits)
    )
    board.write_text(board.read_text() + "meetings:\n" + meetings)
    git(root, "init", "-q", "-b", "main")
    rng = random.Random(18)
    actions = sorted((root / "data" / "actions").rglob("*.yaml"))
    # A due date moves only where no amendment is recorded yet: the records stay valid.
    movable = [path for path in actions if "due_history: []" in path.read_text()]
    for number, day in enumerate(commit_days(commits)):
        if number:
            for path in rng.sample(actions, 3):
                text = _STATUS.sub(f"status: {rng.choice(STATUSES)}", path.read_text())
                path.write_text(text)
            moved = rng.choice(movable)
            moved.write_text(_DUE.sub(lambda m: _later(m, rng), moved.read_text()))
        stamp = f"{day.isoformat()}T12:00:00+00:00"
        git(root, "add", "-A")
        git(
            root,
            "commit",
            "-q",
            "-m",
            f"records on {day.isoformat()}",
            env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
        )


def _later(match: re.Match[str], rng: random.Random) -> str:
    due = date(int(match[1]), int(match[2]), int(match[3])) + timedelta(days=rng.randint(7, 90))
    return f"due: {due.isoformat()}"


def timed(argv: list[str], cwd: Path, env: dict[str, str], before: object = None) -> float:
    if callable(before):
        before()
    start = time.perf_counter()
    subprocess.run(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True
    )
    return time.perf_counter() - start


def median(
    argv: list[str], cwd: Path, env: dict[str, str], repeat: int, before: object = None
) -> float:
    return statistics.median(timed(argv, cwd, env, before) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = WORK / f"history-{args.records}x{args.commits}"
    marker = root / ".generated"
    if not marker.exists():
        print(f"generating {args.records} records with {args.commits} commits...", flush=True)
        build(root, args.records, args.commits)
        marker.write_text("ok")
    xdg = WORK / "xdg-history"
    env = {**os.environ, "XDG_CACHE_HOME": str(xdg), **GIT_ENV}
    days = commit_days(args.commits)
    trend = [
        *ASSURE,
        "--root",
        str(root),
        "report",
        "trend",
        "--from",
        days[0].isoformat(),
        "--to",
        days[-1].isoformat(),
    ]

    def clear() -> None:
        shutil.rmtree(xdg, ignore_errors=True)
        shutil.rmtree(root / ".assure-cache", ignore_errors=True)

    log = median(["git", "log"], root, env, args.repeat * 3)
    log_p = median(["git", "log", "-p"], root, env, args.repeat)
    cold = median(trend, root, env, args.repeat, clear)
    timed(trend, root, env)  # fill the caches
    warm = median(trend, root, env, args.repeat)
    lines = [
        f"| `git log` ({args.commits} commits) | {log:.3f} s | 1.00x |",
        f"| `git log -p` (every changed file) | {log_p:.3f} s | {log_p / log:.2f}x |",
        f"| `report trend`, cold (no caches) | {cold:.3f} s | {cold / log:.1f}x |",
        f"| `report trend`, warm | {warm:.3f} s | {warm / log:.1f}x |",
    ]
    print("\n".join(lines))
    met = "yes" if warm < 2 else "**no**"
    out = [
        "# Benchmark results: history",
        "",
        f"Measured by `make bench` (bench/history.py) on {time.strftime('%Y-%m-%d')}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}.",
        f"`assure report trend` over a synthetic board of {args.records} records "
        f"(bench/generate.py) with {args.commits} weekly commits, each changing three "
        "statuses and one due date, and a meeting on each commit's day: the trend reads "
        f"all {args.commits} versions. Times are medians of {args.repeat} runs; ratios are to "
        "`git log` over the same commits, measured in the same run.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| warm trend, {args.commits} commits x {args.records} records: under 2 s "
        f"| {warm:.3f} s | {met} |",
        "",
        "| command | time | ratio to `git log` |",
        "|---|---|---|",
        *lines,
        "",
    ]
    (HERE / "RESULTS-history.md").write_text("\n".join(out))
    print(f"wrote {HERE / 'RESULTS-history.md'}")


if __name__ == "__main__":
    main()
