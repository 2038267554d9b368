"""A hostile repository, as a pull request could make it (tests/hostile/, plus what git cannot
hold, made here), under `check`, `status`, `show`, `report`, `diff` and `schema` run as real
processes, twice each (a cold cache, then a warm one): no code runs, nothing outside the
repository is written (but the user's own cache), nothing outside it is read, every run ends
within its time limit with a clear exit code, and no output carries a raw control character.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from .git_helpers import commit_all, git, init_repo

HOSTILE = Path(__file__).parent / "hostile"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
MARKER = "PWNED-BY-PICKLE"  # what the planted pickles would create, in the working folder
TIME_LIMIT = 120  # seconds per run: generous; a hang is what it catches, not slowness


def build(place: Path) -> tuple[Path, str]:
    """The hostile repository at place/repo, a canary file beside it, the planted cache,
    and a commit ('submodule') whose data/ is a git submodule. Returns (root, canary)."""
    canary = f"canary-{uuid.uuid4()}"
    (place / "canary.txt").write_text(f"{canary}\n")
    (place / "outside-schemas").mkdir()
    root = place / "repo"
    shutil.copytree(HOSTILE, root, symlinks=True)
    (root / ".assure-cache" / ".gitignore").symlink_to("../data/board.yaml")
    names = [
        "data/audits/evil\x1b[2J\x1b]0;title\x07.yaml",
        "data/audits/line\nfake.yaml:1:1: error: injected [x].yaml",
        "data/actions/2015-16\x1b[31m/1z.yaml",
        "data/findings/\u202ereversed.yaml",
    ]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text('id: "x\\e[2J"\ntitle: "\\e]8;;https://evil.example/\\aclick"\n')
    undecodable = os.fsencode(root / "data" / "findings") + b"/bad-\xff\xfe.yaml"
    with open(undecodable, "wb") as stream:
        stream.write(b"id: bad\n")
    init_repo(root)
    commit_all(root, "a hostile pull request")
    _commit_with_submodule(root)
    os.mkfifo(root / "data" / "findings" / "waiting.yaml")
    os.mkfifo(root / "templates" / "fifo.md.j2")
    action = root / "data/actions/2015-16/1a.yaml"
    action.write_text(action.read_text().replace("status: on-track", "status: completed"))
    return root, canary


def _commit_with_submodule(root: Path) -> None:
    """Branch `submodule`: the same tree with data/ replaced by a gitlink, made with an
    index of its own so the working tree is left as it is."""
    index = root / ".git" / "submodule-index"
    env = {**os.environ, "GIT_INDEX_FILE": str(index)}
    head = git(root, "rev-parse", "HEAD").strip()

    def plumbing(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    plumbing("read-tree", head)
    plumbing("rm", "-r", "-q", "--cached", "data")
    plumbing("update-index", "--add", "--cacheinfo", f"160000,{head},data")
    tree = plumbing("write-tree")
    commit = git(root, "commit-tree", tree, "-p", head, "-m", "data as a submodule").strip()
    git(root, "branch", "submodule", commit)
    index.unlink()


def plant_cache(xdg: Path, root: Path) -> Path:
    """Shards in the user's cache folder that are a link to /dev/zero, a FIFO, and a pickle
    that would run code (unsigned)."""
    from assurance_cli.repo.cache import repository_id

    folder = xdg / "assure" / repository_id(root)
    folder.mkdir(parents=True, mode=0o700)
    (xdg / "assure").chmod(0o700)
    (folder / "records-00.pickle").symlink_to("/dev/zero")
    os.mkfifo(folder / "records-01.pickle", 0o600)
    (folder / "records-02.pickle").write_bytes(
        (root / ".assure-cache/records-00.pickle").read_bytes()
    )
    return folder


COMMANDS: list[tuple[str, ...]] = [
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format", "github"),
    ("check", "--strict"),
    ("check", "--base", "HEAD"),
    ("check", "--base", "submodule"),
    ("status",),
    ("status", "--format", "json"),
    ("status", "--format", "csv"),
    ("status", "--format", "markdown"),
    ("status", "--by", "lead"),
    ("status", "--overdue", "--as-of", "9999-12-31", "--due-within", "1"),
    ("show", "2015-16/1a"),
    ("show", "cse-review-2015", "--format", "json"),
    ("report", "--list"),
    ("report", "action-plan", "--plan", "2015-16"),
    ("report", "learning", "--period", "2015-16"),
    ("report", "loop", "--period", "2015-16"),
    ("report", "business-plan", "--plan", "2015-16"),
    ("report", "digest", "--from", "2015-01-01", "--to", "2016-12-31"),
    ("report", "action-plan", "--plan", "2015-16", "--output", "ROOT/paper.md"),
    ("report", "action-plan", "--plan", "2015-16", "--output", "/dev/null"),
    ("diff", "HEAD"),
    ("diff", "HEAD", "--format", "json"),
    ("diff", "HEAD", "--format", "markdown"),
    ("diff", "HEAD", "submodule"),
    ("schema",),
    ("schema", "--check"),
]


def snapshot(folder: Path, skip: tuple[Path, ...] = ()) -> dict[str, tuple[int, bytes | str]]:
    """Every entry under `folder` (not following links): its type and content."""
    found: dict[str, tuple[int, bytes | str]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            if any(path.is_relative_to(s) for s in skip):
                continue
            info = path.lstat()
            if path.is_symlink():
                content: bytes | str = os.readlink(path)
            elif path.is_file():
                content = path.read_bytes()
            else:
                content = b""
            found[os.fsdecode(path.relative_to(folder))] = (info.st_mode, content)
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    place = tmp_path_factory.mktemp("hostile")
    root, canary = build(place)
    xdg, home, work = place / "xdg", place / "home", place / "work"
    home.mkdir()
    work.mkdir()
    cache = plant_cache(xdg, root)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "XDG_CACHE_HOME")}
    env.update(
        {
            "XDG_CACHE_HOME": str(xdg),
            "HOME": str(home),
            "NO_COLOR": "1",
            "PYTHONIOENCODING": "utf-8",
            "ASSURE_TEST_SECRET": canary,  # what an include of /proc/self/environ would print
        }
    )
    outside_before = snapshot(place, skip=(root, xdg))
    inside_before = snapshot(root, skip=(root / ".git",))
    runs = []
    for args in COMMANDS:
        for _ in range(2):  # a cold cache, then a warm one
            given = [arg.replace("ROOT/", f"{root}/") for arg in args]
            argv = [sys.executable, "-m", "assurance_cli", "--root", str(root), *given]
            done = subprocess.run(
                argv, cwd=work, env=env, capture_output=True, timeout=TIME_LIMIT, check=False
            )
            runs.append((args, done))
    return {
        "place": place,
        "root": root,
        "canary": canary,
        "cache": cache,
        "work": work,
        "runs": runs,
        "outside_before": outside_before,
        "outside_after": snapshot(place, skip=(root, xdg)),
        "inside_before": inside_before,
        "inside_after": snapshot(root, skip=(root / ".git",)),
    }


def runs_of(
    hostile: dict[str, object],
) -> list[tuple[tuple[str, ...], subprocess.CompletedProcess[bytes]]]:
    runs = hostile["runs"]
    assert isinstance(runs, list)
    return runs


def test_every_run_ends_with_a_clear_exit_code(hostile: dict[str, object]) -> None:
    for args, done in runs_of(hostile):
        stderr = done.stderr.decode("utf-8", "replace")
        assert done.returncode in (0, 1, 2), (args, stderr)
        assert "bug in assure" not in stderr, (args, stderr)
        assert "Traceback" not in stderr, (args, stderr)


def test_no_output_carries_a_raw_control_character(hostile: dict[str, object]) -> None:
    for args, done in runs_of(hostile):
        for stream in (done.stdout, done.stderr):
            text = stream.decode("utf-8")  # strictly: no undecodable bytes either
            found = RAW.search(text)
            assert found is None, (args, text[max(0, found.start() - 60) : found.end() + 60])


def test_nothing_outside_the_repository_is_read(hostile: dict[str, object]) -> None:
    canary = hostile["canary"]
    assert isinstance(canary, str)
    for args, done in runs_of(hostile):
        assert canary.encode() not in done.stdout + done.stderr, args
        assert b"root:x:0:0" not in done.stdout + done.stderr, args  # /etc/passwd


def test_no_code_runs(hostile: dict[str, object]) -> None:
    place = hostile["place"]
    assert isinstance(place, Path)
    assert not [path for path in place.rglob(MARKER)]


def test_nothing_outside_the_repository_is_written(hostile: dict[str, object]) -> None:
    assert hostile["outside_after"] == hostile["outside_before"]


def test_nothing_inside_the_repository_is_written_but_the_paper_asked_for(
    hostile: dict[str, object],
) -> None:
    before, after = hostile["inside_before"], hostile["inside_after"]
    assert isinstance(before, dict) and isinstance(after, dict)
    assert set(after) - set(before) == {"paper.md"}
    assert {k: v for k, v in after.items() if k != "paper.md"} == before


def test_planted_cache_files_are_replaced_never_read(hostile: dict[str, object]) -> None:
    cache = hostile["cache"]
    assert isinstance(cache, Path)
    shards = [cache / f"records-{n:02d}.pickle" for n in range(3)]
    assert all(shard.is_file() and not shard.is_symlink() for shard in shards)


def test_the_refusals_say_why(hostile: dict[str, object]) -> None:
    said = {
        " ".join(args): (done.returncode, done.stderr.decode()) for args, done in runs_of(hostile)
    }
    assert said["diff HEAD submodule"][0] == 2 and "submodule" in said["diff HEAD submodule"][1]
    assert said["check --base submodule"][0] == 2
    assert said["schema"][0] == 2 and "symbolic link" in said["schema"][1]
    assert said["report learning --period 2015-16"][0] == 1
    assert "symbolic link" in said["report learning --period 2015-16"][1]
    assert "refused" in said["report loop --period 2015-16"][1]
    assert "refused" in said["report digest --from 2015-01-01 --to 2016-12-31"][1]
    assert "symbolic link" in said["report business-plan --plan 2015-16"][1]
    assert said["report action-plan --plan 2015-16 --output /dev/null"][0] == 2
    check = next(d for a, d in runs_of(hostile) if a == ("check",)).stdout.decode()
    for expected in ("[symlink]", "[wrong-file-type]", "data/findings/waiting.yaml"):
        assert expected in check
