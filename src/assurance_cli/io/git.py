"""Git plumbing: where a board repository stands in its work tree, which commit a revision
names, the files of a tree and their bytes. Every call runs `git` in a subprocess with a
hardened environment; anything that stops git answering is an `AssureError`.

The board repository (`--root`) may be a subfolder of the git work tree: paths are mapped so
that every path returned is relative to the board repository, as `check` prints them.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from assurance_cli.io.layout import DATA_DIR, TreeFile
from assurance_cli.problems import AssureError

GIT_TIMEOUT = 120  # seconds, for any one git command
_BLOB = "blob"
_SUBMODULE = "commit"  # a gitlink: another repository's commit, its files not in this one
_SYMLINK_MODE = "120000"


@dataclass(frozen=True)
class GitLocation:
    """Where the board repository stands in its git work tree."""

    toplevel: Path
    prefix: str  # the board repository's folder inside the work tree: "" or "boards/x/"
    shallow: bool


def locate(root: Path) -> GitLocation:
    """Find the git work tree holding `root`; AssureError when there is none."""
    if not root.is_dir():
        raise AssureError(f"'{root}' is not a folder")
    result = run_git(root, "rev-parse", "--show-toplevel", "--show-prefix", check=False)
    if result.returncode != 0:
        raise AssureError(
            f"'{root}' is not in a git repository; `assure diff` and `check --base` compare "
            "git revisions (run `git init`, or pass --root to a board inside a git repository)"
        )
    lines = result.stdout.decode("utf-8", errors="replace").split("\n")
    if len(lines) < 2 or not lines[0]:
        raise AssureError(f"'{root}' is inside a git folder but not in a work tree")
    shallow = run_git(root, "rev-parse", "--is-shallow-repository", check=False)
    return GitLocation(
        toplevel=Path(lines[0]),
        prefix=lines[1],
        shallow=shallow.stdout.strip() == b"true",
    )


def resolve_revision(location: GitLocation, revision: str) -> str:
    """The commit a revision names (a branch, tag, `HEAD~1`, a hash...)."""
    if not revision or revision.startswith("-") or "\0" in revision:
        raise AssureError(f"'{revision}' is not a git revision")
    result = run_git(
        location.toplevel, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False
    )
    if result.returncode != 0:
        hint = ""
        if location.shallow:
            hint = (
                "; this is a shallow clone, so older commits may be missing: fetch them "
                "(`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
            )
        elif "/" in revision:
            hint = "; if it is a remote branch, fetch it first (`git fetch origin`)"
        raise AssureError(f"no revision '{revision}' in this git repository{hint}")
    return result.stdout.decode("ascii").strip()


@dataclass(frozen=True)
class Commit:
    """A commit as history reads it: its id, its root tree and when it was committed."""

    id: str
    tree: str
    when: datetime  # the committer date, in the committer's own time zone

    @property
    def day(self) -> date:
        """The day it was committed, as the committer's clock read it."""
        return self.when.date()

    @property
    def short(self) -> str:
        return self.id[:7]


_LOG_FORMAT = "--format=%H %T %cI"


def first_parent_log(location: GitLocation, start: str = "HEAD") -> list[Commit]:
    """The commits of `start`'s own line of history (first parents: a merged branch's
    commits are not the branch's states), newest first, with one `git log`."""
    result = run_git(
        location.toplevel, "log", "--first-parent", _LOG_FORMAT, start, "--", check=False
    )
    if result.returncode != 0:
        head = run_git(location.toplevel, "rev-parse", "--verify", "--quiet", start, check=False)
        if head.returncode != 0:
            raise AssureError("this git repository has no commits yet: there is no history to read")
        raise AssureError(f"git log failed: {_last_line(result.stderr)}")
    return [_commit(line) for line in result.stdout.decode("ascii").splitlines() if line]


def commit_of(location: GitLocation, commit_id: str) -> Commit:
    """One commit's tree and date."""
    result = run_git(location.toplevel, "log", "-1", _LOG_FORMAT, commit_id, "--")
    return _commit(result.stdout.decode("ascii").strip())


def _commit(line: str) -> Commit:
    commit_id, tree, when = line.split(" ")
    return Commit(commit_id, tree, datetime.fromisoformat(when))


def list_data_files(location: GitLocation, commit: str) -> list[TreeFile]:
    """Every file under the board's data/ at `commit`, with paths relative to the board."""
    data = f"{location.prefix}{DATA_DIR}"
    result = run_git(
        location.toplevel, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", data
    )
    files = []
    for line in result.stdout.split(b"\0"):
        if not line:
            continue
        meta, _, raw_path = line.partition(b"\t")
        mode, kind, object_id, size = meta.decode("ascii").split()
        # As the file system gives an undecodable name (surrogates), which the layout then
        # prints as `?`: a file reads the same at a revision and on disk.
        full = raw_path.decode("utf-8", errors="surrogateescape")
        if not full.startswith(location.prefix):
            continue
        rel = full[len(location.prefix) :]
        if kind == _SUBMODULE:
            raise _submodule_error(rel, commit)
        if kind != _BLOB:
            continue
        size_bytes = int(size) if size.isdigit() else 0
        files.append(TreeFile(rel, object_id, size_bytes, mode == _SYMLINK_MODE))
    return files


def _submodule_error(rel: str, commit: str) -> AssureError:
    """A submodule holds files of another repository, which this one does not have: read as
    nothing, every record in it would look added (or removed), and the rules on change would
    not apply to any of them. So the comparison is refused."""
    shown = "".join(c if c.isprintable() else "?" for c in rel)
    return AssureError(
        f"{shown} is a git submodule at {commit[:7]}: the records must be committed in this "
        "repository itself to be compared, so assure cannot compare this revision"
    )


def read_blobs(location: GitLocation, object_ids: list[str]) -> dict[str, bytes]:
    """Read many blobs with one `git cat-file --batch`."""
    wanted = list(dict.fromkeys(object_ids))
    if not wanted:
        return {}
    request = "".join(f"{object_id}\n" for object_id in wanted).encode("ascii")
    output = run_git(location.toplevel, "cat-file", "--batch", stdin=request).stdout
    blobs: dict[str, bytes] = {}
    at = 0
    for object_id in wanted:
        header_end = output.index(b"\n", at)
        header = output[at:header_end].decode("ascii").split(" ")
        if len(header) != 3 or header[1] != _BLOB:
            raise AssureError(f"git could not read object {object_id}")
        size = int(header[2])
        start = header_end + 1
        blobs[header[0]] = output[start : start + size]
        at = start + size + 1  # the content is followed by a newline
    return blobs


def run_git(
    cwd: Path, *args: str, check: bool = True, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=git_env(),
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise AssureError("git is not installed (or not on PATH); it is needed here") from None
    except subprocess.TimeoutExpired:
        raise AssureError(f"git {args[0]} took longer than {GIT_TIMEOUT}s") from None
    if check and result.returncode != 0:
        raise AssureError(f"git {args[0]} failed: {_last_line(result.stderr)}")
    return result


def git_env() -> dict[str, str]:
    """The environment every git process runs in."""
    # Literal pathspecs: a board folder named `x*` means that folder, not a pattern. No
    # pager, no prompts, and the user's locale cannot change what we parse.
    return {
        **os.environ,
        "GIT_LITERAL_PATHSPECS": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_PAGER": "cat",
        "LC_ALL": "C",
    }


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", errors="replace").strip().splitlines()
    return "".join(c if c.isprintable() else "?" for c in lines[-1]) if lines else "no message"


def commit_on_or_before(location: GitLocation, day: date) -> str | None:
    """The last commit of HEAD's history made on or before `day` (committer date, to the
    end of that day in the committer's zone as git reads it), or None when there is none."""
    result = run_git(
        location.toplevel, "rev-list", "-1", f"--before={day.isoformat()} 23:59:59", "HEAD"
    )
    found = result.stdout.decode("ascii").strip()
    return found or None


def commit_day(location: GitLocation, commit: str) -> date:
    """The day a commit was made (its committer date)."""
    result = run_git(location.toplevel, "show", "-s", "--format=%cs", commit)
    return date.fromisoformat(result.stdout.decode("ascii").strip())


# --- committing an import on a new branch (`import-updates --branch`) -----------------------


@dataclass(frozen=True)
class BranchStart:
    """Where a new branch starts: the branch (or commit) it leaves, and its first commit."""

    location: GitLocation
    name: str
    previous: str  # the branch checked out before, or the commit when HEAD was detached
    base: str  # the commit the new branch starts at


def start_branch(root: Path, name: str, paths: list[str]) -> BranchStart:
    """Check that a new branch `name` can take a commit of `paths` (relative to the board
    repository), then create it at HEAD and check it out. AssureError, with nothing changed,
    when: not a git work tree, no commit yet, a bad or existing branch name, uncommitted
    changes under data/ (they would go into the commit), or no committer identity."""
    location = locate(root)
    top = location.toplevel
    if not name or name.startswith("-") or "\0" in name:
        raise AssureError(f"'{name}' is not a branch name")
    if run_git(top, "check-ref-format", "--branch", name, check=False).returncode != 0:
        raise AssureError(f"'{name}' is not a valid git branch name")
    head = run_git(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    if head.returncode != 0:
        raise AssureError("this git repository has no commit yet: commit the records first")
    exists = run_git(top, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}", check=False)
    if exists.returncode == 0:
        raise AssureError(f"a branch named '{name}' already exists: choose another name")
    status = run_git(
        top, "status", "--porcelain", "--untracked-files=all", "--", f"{location.prefix}{DATA_DIR}"
    )
    if status.stdout.strip():
        raise AssureError(
            "there are uncommitted changes under data/: commit or stash them first, so that "
            "the branch's commit holds the updates alone"
        )
    if run_git(top, "var", "GIT_COMMITTER_IDENT", check=False).returncode != 0:
        raise AssureError(
            "git does not know who is committing: set user.name and user.email (git config)"
        )
    current = run_git(top, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    base = head.stdout.decode("ascii").strip()
    previous = (
        current.stdout.decode("utf-8", "replace").strip() if current.returncode == 0 else base
    )
    run_git(top, "checkout", "--quiet", "-b", name)
    return BranchStart(location, name, previous, base)


def commit_paths(start: BranchStart, paths: list[str], message: str) -> str:
    """Commit `paths` (relative to the board repository) on the branch; the commit's id."""
    top = start.location.toplevel
    full = [f"{start.location.prefix}{path}" for path in paths]
    run_git(top, "add", "--", *full)
    run_git(top, "commit", "--quiet", "-m", message, "--only", "--", *full)
    return run_git(top, "rev-parse", "HEAD").stdout.decode("ascii").strip()


def leave_branch(start: BranchStart) -> None:
    """Go back to where `start_branch` started and delete the new branch (nothing was
    committed on it)."""
    top = start.location.toplevel
    run_git(top, "checkout", "--quiet", start.previous, check=False)
    run_git(top, "branch", "--quiet", "-D", start.name, check=False)
