"""`make bench`: time assure on synthetic boards of 1,000, 10,000 and 100,000 records.

Every figure is a ratio to a baseline measured in the same run on the same files:
interpreter start-up, reading every file's bytes, and parsing every file with the fastest
C YAML loader installed; the edit commands (`note`, `set-status`, `reschedule`), to a warm
`status`. Writes the table to bench/RESULTS.md. Nothing here is asserted in
the test suite: speed is a property of a machine, not of the code alone.

    python bench/run.py                     # all sizes
    python bench/run.py --sizes 1000 10000  # quicker
    python bench/run.py --baseline f30c0ae  # also time that revision, in the same run

With `--baseline REV`, the revision's `src/` is installed into a temporary venv from this
checkout's lock (the same third-party code, so only assure's own code differs) and every
command at 1,000 and 10,000 records (`--baseline-sizes`) is timed on both, runs interleaved
(baseline, this code, baseline...) so that a machine's drift falls on both alike.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

WORK = HERE / "work"
REPO = HERE.parent
ASSURE = [sys.executable, "-m", "assurance_cli"]
# Where assure before the cache moved out of the repository (before the security work) kept it.
OLD_CACHE = ".assure-cache"

READ_BYTES = """
import sys, time
from pathlib import Path
start = time.perf_counter()
total = sum(len(p.read_bytes()) for p in sorted(Path(sys.argv[1], "data").rglob("*.yaml")))
print(time.perf_counter() - start)
"""

C_PARSE = """
import sys, time
from pathlib import Path
import yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
raws = [p.read_bytes() for p in sorted(Path(sys.argv[1], "data").rglob("*.yaml"))]
start = time.perf_counter()
for raw in raws:
    yaml.load(raw, Loader=loader)
print(time.perf_counter() - start, loader.__name__)
"""


@dataclass
class Sample:
    seconds: float
    peak_mib: float


def run_once(argv: list[str], env: dict[str, str] | None = None) -> tuple[Sample, str]:
    """Run a command; wall time and the child's own peak resident memory."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})}
    )
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Sample(seconds, usage.ru_maxrss / 1024), output


def median(argv: list[str], repeat: int, before: object = None) -> Sample:
    return interleaved({"": argv}, repeat, before)[""]


def interleaved(
    argvs: dict[str, list[str]], repeat: int, before: object = None
) -> dict[str, Sample]:
    """Each command's median time and peak memory over `repeat` runs, the commands taking
    turns (`before` is called before every run), so that drift in the machine's speed during
    the measurement falls on each alike."""
    samples: dict[str, list[Sample]] = {name: [] for name in argvs}
    for _ in range(repeat):
        for name, argv in argvs.items():
            if callable(before):
                before()
            samples[name].append(run_once(argv)[0])
    return {
        name: Sample(statistics.median(s.seconds for s in got), max(s.peak_mib for s in got))
        for name, got in samples.items()
    }


def minimal_typer_app(commands: int) -> Path:
    """A typer app with as many commands as assure, for the --help floor."""
    folder = Path(tempfile.mkdtemp(prefix="assure-bench-"))
    lines = ["import typer", "app = typer.Typer()"]
    for number in range(commands):
        lines += [
            "@app.command()",
            f"def command{number}(name: str = 'x') -> None:",
            f"    '''Command {number}.'''",
        ]
    lines += ["app()"]
    script = folder / "minimal.py"
    script.write_text("\n".join(lines) + "\n")
    return script


def cache_folder(root: Path) -> Path:
    """Where assure keeps the warm cache of the board at `root` (the user's cache folder)."""
    from assurance_cli.repo.cache import cache_home, repository_id

    home = cache_home()
    assert home is not None, "no cache folder: set HOME or XDG_CACHE_HOME"
    return home / repository_id(root)


def count_commands() -> int:
    from assurance_cli.cli.main import app

    return len(app.registered_commands) + len(app.registered_groups)


@dataclass
class Row:
    size: int
    name: str
    sample: Sample
    baseline: str
    ratio: float
    before: Sample | None = None  # the --baseline revision's, measured in the same runs


@dataclass(frozen=True)
class Baseline:
    """A revision of assure installed apart, to time against this code in the same run."""

    revision: str
    commit: str
    command: list[str]


def prepare_baseline(revision: str) -> Baseline:
    """`revision`'s tree in a temporary folder, installed (editable, byte-compiled, as this
    checkout is) into a venv made from this checkout's lock: only assure's code differs."""
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", f"{revision}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix=f"assure-baseline-{commit[:12]}-"))
    tree = folder / "tree"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit, "src", "pyproject.toml", "README.md"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    venv = folder / "venv"
    python = str(venv / "bin" / "python")
    print(f"installing the baseline {revision} ({commit[:12]}) into {venv}...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    lock = REPO / "requirements" / "lock.txt"
    pip = [python, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--require-hashes", "-r", str(lock)], check=True)
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(tree)], check=True)
    subprocess.run([python, "-m", "compileall", "-q", str(tree / "src")], check=True)
    return Baseline(revision, commit, [python, "-m", "assurance_cli"])


def bench_size(
    size: int, repeat: int, baseline: Baseline | None = None
) -> tuple[list[Row], dict[str, float]]:
    root = WORK / f"board-{size}"
    marker = root / ".generated"
    if not marker.exists():
        print(f"generating {size} records...", flush=True)
        generate(root, size)
        marker.write_text("ok")
    cache = cache_folder(root)
    startup = median([sys.executable, "-c", "pass"], 5).seconds
    read = float(run_once([sys.executable, "-c", READ_BYTES, str(root)])[1].split()[0])
    parse_out = run_once([sys.executable, "-c", C_PARSE, str(root)])[1].split()
    parse = float(parse_out[0])
    baselines = {"startup": startup, "read": read, "parse": parse, "start+read": startup + read}
    print(
        f"{size:>7} records: start-up {startup:.3f}s, read {read:.3f}s, "
        f"{parse_out[1]} parse {parse:.3f}s",
        flush=True,
    )
    plans = sorted(p.name for p in (root / "data" / "actions").iterdir())
    commands = {
        "check": ["check"],
        "status --overdue --format json": [
            "status",
            "--overdue",
            "--format",
            "json",
            "--as-of",
            "2030-01-01",
        ],
        "report action-plan": ["report", "action-plan", "--plan", plans[0]],
    }
    touched = sorted((root / "data" / "findings").iterdir())[0]

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(root / OLD_CACHE, ignore_errors=True)  # a baseline's, if it kept one

    def change_one_file() -> None:
        with touched.open("a") as stream:
            stream.write("# touched\n")

    rows = []
    for name, args in commands.items():
        argvs = {"this": [*ASSURE, "--root", str(root), *args]}
        if baseline is not None:  # first, so that it never has the warmer page cache
            argvs = {"before": [*baseline.command, "--root", str(root), *args], **argvs}
        cold = interleaved(argvs, repeat, clear_cache)
        for argv in argvs.values():
            run_once(argv)  # prime the cache
        warm = interleaved(argvs, repeat)
        changed = interleaved(argvs, repeat, change_one_file)
        for label, both in (("cold", cold), ("warm", warm), ("one file changed", changed)):
            sample = both["this"]
            # Cold runs parse everything: compare with the C loader's parse alone. Warm runs
            # should cost little more than starting Python and reading the bytes.
            reference = "parse" if label == "cold" else "start+read"
            rows.append(
                Row(
                    size,
                    f"{name} ({label})",
                    sample,
                    reference,
                    sample.seconds / baselines[reference],
                    both.get("before"),
                )
            )
            before = both.get("before")
            against = f"  baseline {before.seconds:7.3f}s" if before else ""
            print(
                f"  {name:<32} {label:<17} {sample.seconds:7.3f}s "
                f"{sample.peak_mib:7.1f} MiB  {rows[-1].ratio:5.2f}x {reference}{against}",
                flush=True,
            )
    rows += bench_edits(root, size, plans[0], repeat)
    return rows, baselines


# The edits `make bench` times, each against a warm `status` of the same board in the same
# run: what a lead runs before a meeting should be as quick as what they read.
EDIT_STATUS = ["status", "--overdue", "--format", "json", "--as-of", "2030-01-01"]


def edit_commands(action_id: str, text: str, plan_start: int) -> dict[str, list[str]]:
    """`note`, `set-status` and `reschedule` on one action, dated after everything in it (a
    synthetic plan's dates are in its first two years), each a valid edit."""
    on = f"{plan_start + 2}-01-15"
    current = next(line.split()[1] for line in text.splitlines() if line.startswith("status:"))
    new_status = "off-track" if current != "off-track" else "on-track"
    return {
        "note": ["note", action_id, "Reported to the Board", "--on", on],
        "set-status": ["set-status", action_id, new_status, "--note", "Chased", "--on", on],
        "reschedule": [
            *("reschedule", action_id, f"{plan_start + 2}-06-30"),
            *("--reason", "Agreed at the Board", "--agreed", on),
        ],
    }


def bench_edits(root: Path, size: int, plan: str, repeat: int) -> list[Row]:
    """Each edit command on one action of `root`, against a warm `status`. Before each run the
    action's file gets its original bytes back, so every run does the same work: one file
    changed since the cache saw it (as after the previous edit), the edit, one file written."""
    path = root / "data" / "actions" / plan / "1a.yaml"
    original = path.read_bytes()

    def restore() -> None:
        path.write_bytes(original)

    status_argv = [*ASSURE, "--root", str(root), *EDIT_STATUS]
    run_once(status_argv)  # the cache is warm for every file
    status = median(status_argv, repeat)
    edits = edit_commands(f"{plan}/1a", original.decode(), int(plan[:4]))
    rows = []
    try:
        for name, args in edits.items():
            argv = [*ASSURE, "--root", str(root), *args]
            restore()
            done = subprocess.run(argv, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"bench: `assure {' '.join(args)}` failed:\n{done.stderr}")
            sample = median(argv, repeat, restore)
            ratio = sample.seconds / status.seconds
            rows.append(Row(size, f"{name} (edit)", sample, "status", ratio))
            print(
                f"  {name:<32} {'edit':<17} {sample.seconds:7.3f}s "
                f"{sample.peak_mib:7.1f} MiB  {rows[-1].ratio:5.2f}x warm status "
                f"({status.seconds:.3f}s)",
                flush=True,
            )
    finally:
        restore()
    return rows


def bench_startup(repeat: int) -> tuple[list[str], float]:
    """Table lines for --version and --help, and --help's ratio to a minimal typer app."""
    commands = count_commands()
    minimal = minimal_typer_app(commands)
    bare = median([sys.executable, "-c", "pass"], repeat).seconds
    floor = median([sys.executable, str(minimal), "--help"], repeat).seconds
    lines = []
    help_ratio = 0.0
    for label, argv in (
        ("assure --version", [*ASSURE, "--version"]),
        ("assure --help", [*ASSURE, "--help"]),
    ):
        seconds = median(argv, repeat).seconds
        help_ratio = seconds / floor  # the last one is --help
        lines.append(
            f"| `{label}` | {seconds * 1000:.0f} ms | {seconds / floor:.2f}x the "
            f"--help of a minimal typer app with {commands} commands "
            f"({floor * 1000:.0f} ms; bare python {bare * 1000:.0f} ms) |"
        )
        print(lines[-1], flush=True)
    shutil.rmtree(minimal.parent, ignore_errors=True)
    return lines, help_ratio


def target_lines(rows: list[Row], help_ratio: float) -> list[str]:
    """The issue's targets, each with what this run measured and whether it is met."""
    found = {(row.size, row.name): row for row in rows}
    lines = []

    def add(target: str, measured: str, met: bool) -> None:
        lines.append(f"| {target} | {measured} | {'yes' if met else '**no**'} |")

    cold = found.get((10_000, "check (cold)"))
    if cold:
        add(
            "cold `check`, 10,000 records: at most 2x the C parse",
            f"{cold.ratio:.2f}x",
            cold.ratio <= 2,
        )
    warm = found.get((10_000, "check (warm)"))
    if warm:
        seconds = warm.sample.seconds
        add("warm `check`, 10,000 records: under 0.5 s", f"{seconds:.3f} s", seconds < 0.5)
        add(
            "warm `check`, 10,000 records: at most 5x start-up + read",
            f"{warm.ratio:.2f}x",
            warm.ratio <= 5,
        )
    for name in ("status --overdue --format json", "report action-plan"):
        row = found.get((10_000, f"{name} (warm)"))
        if row:
            seconds = row.sample.seconds
            add(f"warm `{name}`, 10,000 records: under 1 s", f"{seconds:.3f} s", seconds < 1)
    for name in edit_names():
        row = found.get((10_000, f"{name} (edit)"))
        if row:
            add(
                f"`{name}`, 10,000 records: at most 1.5x a warm `status`",
                f"{row.sample.seconds:.3f} s, {row.ratio:.2f}x",
                row.ratio <= 1.5,
            )
    for label in ("warm", "cold"):
        row = found.get((10_000, f"check ({label})"))
        if row and row.before:
            ratio = row.sample.seconds / row.before.seconds
            add(
                f"{label} `check`, 10,000 records: within 10% of the baseline, or faster",
                f"{row.sample.seconds:.3f} s against {row.before.seconds:.3f} s: {ratio:.2f}x",
                ratio <= 1.10,
            )
    large = [row for row in rows if row.size == 100_000]
    if large:
        peak = max(row.sample.peak_mib for row in large)
        add("100,000 records: completes, peak memory under 1 GiB", f"{peak:.0f} MiB", peak < 1024)
    add(
        "`assure --help`: at most 1.5x a minimal typer app", f"{help_ratio:.2f}x", help_ratio <= 1.5
    )
    return lines


def edit_names() -> list[str]:
    return list(edit_commands("p/1a", "status: on-track\n", 2000))


def baseline_lines(rows: list[Row], baseline: Baseline) -> list[str]:
    """The table of this code against the baseline revision, command by command."""
    lines = [
        "",
        "## Against the baseline",
        "",
        f"The revision `{baseline.revision}` ({baseline.commit[:12]}) installed into a "
        "temporary venv from this checkout's lock, and timed in the same runs as this code, "
        "the two taking turns. A ratio under 1 means this code is faster.",
        "",
        "| records | command | this code | baseline | ratio | peak memory (this, baseline) |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row.before is None:
            continue
        lines.append(
            f"| {row.size:,} | {row.name} | {row.sample.seconds:.3f} s | "
            f"{row.before.seconds:.3f} s | {row.sample.seconds / row.before.seconds:.2f}x | "
            f"{row.sample.peak_mib:.0f} MiB, {row.before.peak_mib:.0f} MiB |"
        )
    return lines


def write_results(
    rows: list[Row],
    baselines: dict[int, dict[str, float]],
    startup: list[str],
    targets: list[str],
    baseline: Baseline | None = None,
) -> None:
    out = [
        "# Benchmark results",
        "",
        f"Measured by `make bench` (bench/run.py) on {time.strftime('%Y-%m-%d')}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}.",
        "Synthetic boards from bench/generate.py (about 1.5 KB a record: 60% actions, "
        "15% audits, 25% findings). Times are medians; memory is the peak resident set of "
        "the assure process. Ratios are to baselines measured in the same run.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *targets,
        "",
        "## Baselines",
        "",
        "| records | interpreter start-up | read every file's bytes "
        "| C YAML loader: parse every file |",
        "|---|---|---|---|",
    ]
    for size, base in baselines.items():
        out.append(
            f"| {size:,} | {base['startup']:.3f} s | {base['read']:.3f} s | {base['parse']:.3f} s |"
        )
    out += [
        "",
        "## assure",
        "",
        "| records | command | time | peak memory | ratio | baseline |",
        "|---|---|---|---|---|---|",
    ]
    names = {
        "parse": "C parse",
        "start+read": "start-up + read",
        "status": "warm `status --overdue --format json`",
    }
    for row in rows:
        out.append(
            f"| {row.size:,} | {row.name} | {row.sample.seconds:.3f} s | "
            f"{row.sample.peak_mib:.0f} MiB | {row.ratio:.2f}x | {names[row.baseline]} |"
        )
    if baseline is not None:
        out += baseline_lines(rows, baseline)
    out += ["", "## Start-up", "", "| command | time | ratio |", "|---|---|---|", *startup, ""]
    (HERE / "RESULTS.md").write_text("\n".join(out))
    print(f"wrote {HERE / 'RESULTS.md'}")


def byte_compile_assure() -> None:
    """Compile assure's modules to bytecode, as `pip install` does for a regular install.
    An editable install leaves that to the first import, and under PYTHONDONTWRITEBYTECODE
    (set on this machine and on many CI images) no run ever writes it: every command would
    compile every module again (about 40 ms) and the bench would time the compiler."""
    import assurance_cli

    source = Path(assurance_cli.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also time this git revision of assure, in the same runs (e.g. f30c0ae, the last "
        "commit before the packages by data flow)",
    )
    parser.add_argument("--baseline-sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--baseline-repeat", type=int, default=5, help="runs of each side where both are timed"
    )
    args = parser.parse_args()
    byte_compile_assure()
    baseline = prepare_baseline(args.baseline) if args.baseline else None
    rows: list[Row] = []
    baselines: dict[int, dict[str, float]] = {}
    for size in args.sizes:
        against = baseline if size in args.baseline_sizes else None
        repeat = 1 if size >= 100_000 else args.baseline_repeat if against else args.repeat
        size_rows, baselines[size] = bench_size(size, repeat, against)
        rows += size_rows
    startup, help_ratio = bench_startup(args.repeat * 3)
    targets = target_lines(rows, help_ratio)
    print("\n".join(targets))
    write_results(rows, baselines, startup, targets, baseline)
    if baseline is not None:
        shutil.rmtree(Path(baseline.command[0]).parents[2], ignore_errors=True)


if __name__ == "__main__":
    main()
