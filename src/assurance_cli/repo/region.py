"""Reading a region file (`region.yaml`, docs/region.md): read as a record is (never through
a link, bounded in size, the strict YAML subset), checked against `model/region_file`, then
across its entries; every problem at its line and column."""

from __future__ import annotations

import re
from pathlib import Path

from assurance_cli.io.yaml_reader import Document
from assurance_cli.model.region_file import RegionFile, validate_region
from assurance_cli.problems import AssureError, FieldPath, Problem, error
from assurance_cli.repo.load import read_checked_file


def read_region_file(path: Path) -> tuple[RegionFile | None, list[Problem]]:
    """The region file at `path`, or None and its problems. AssureError when it is missing."""
    rel = path.name
    missing = f"no region file {path} (docs/region.md says what it holds)"
    region, document, problems = read_checked_file(path, rel, missing, validate_region)
    if region is None or document is None:
        return None, problems
    problems = sorted(_across(region, document, rel))
    return (None, problems) if problems else (region, [])


def _across(region: RegionFile, document: Document, rel: str) -> list[Problem]:
    found: list[Problem] = []

    def report(path: FieldPath, code: str, message: str) -> None:
        where = document.positions.of_value(path)
        found.append(error(rel, where.line, where.col, code, message))

    statuses = {term.id for term in region.statuses}
    themes = {term.id for term in region.themes}
    seen: set[str] = set()
    for number, board in enumerate(region.boards):
        at: FieldPath = ("boards", number)
        if board.id in seen:
            report((*at, "id"), "duplicate-id", f"board '{board.id}' is listed twice")
        seen.add(board.id)
        if sum(source is not None for source in (board.path, board.export, board.git)) != 1:
            report(
                at,
                "region-board-source",
                f"board '{board.id}': give one of `path`, `export`, `git`",
            )
        for kind, one, mapping, known in (
            ("statuses", "status", board.statuses, statuses),
            ("themes", "theme", board.themes, themes),
        ):
            for word, mapped in mapping.items():
                if mapped not in known:
                    report(
                        (*at, kind, word),
                        "unknown-region-term",
                        f"board '{board.id}' maps {one} '{word}' to '{mapped}', which is "
                        f"not one of the region's {kind} (list it under `{kind}:`)",
                    )
    return found


def looks_like_git_url(text: str) -> bool:
    """`https://host/board.git`, `ssh://...`, `git@host:board.git`, `file:///...`."""
    return "://" in text or (text.startswith("git@") and ":" in text)


def clone_board(url: str, folder: Path) -> Path:
    """A shallow clone of the board repository at `url` into `folder` (its default branch);
    AssureError when git cannot clone it. No hook runs, no submodule is fetched."""
    from assurance_cli.io.git import run_git

    shown = without_credentials(url)
    if url.startswith("-") or "\0" in url:
        raise AssureError(f"'{shown}' is not a git URL")
    folder.parent.mkdir(parents=True, exist_ok=True)
    result = run_git(
        folder.parent,
        # Only the transports a board's repository is published on: no `ext::` command, no
        # `fd::` (which waits on a descriptor), nothing else git may learn later.
        "-c",
        "protocol.allow=never",
        *(arg for name in _TRANSPORTS for arg in ("-c", f"protocol.{name}.allow=always")),
        "-c",
        "core.hooksPath=/dev/null",
        "clone",
        "--quiet",
        "--depth",
        "1",
        "--no-tags",
        "--",
        url,
        str(folder),
        check=False,
    )
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        # git's own reason is its `fatal:` line; what follows it is advice about it.
        fatal = [line for line in lines if line.startswith("fatal:")]
        reason = fatal[0] if fatal else (lines[-1] if lines else "")
        reason = without_credentials("".join(c if c.isprintable() else "?" for c in reason))
        raise AssureError(f"cannot clone {shown}: {reason or 'git failed'}")
    return folder


_TRANSPORTS = ("https", "http", "ssh", "git", "file")
_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


def without_credentials(url: str) -> str:
    """`https://user:secret@host/x.git` -> `https://host/x.git`: never print a password."""
    return _CREDENTIALS.sub("", url)
