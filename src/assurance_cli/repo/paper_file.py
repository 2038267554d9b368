"""Reading a paper file, `<root>/papers/<name>.yaml`: the cover of a board paper.

The file is read as a record is (never through a link, bounded in size, the strict YAML
subset) and checked against `model/paper_file.PaperCover`; every problem is placed at its
line and column. `--paper NAME` takes a name, not a path: letters, digits, `-`, `_` and `.`.
"""

from __future__ import annotations

import re
from pathlib import Path

from assurance_cli.model.paper_file import PaperCover, validate_paper
from assurance_cli.problems import AssureError, Problem
from assurance_cli.repo.load import read_checked_file

PAPERS_DIR = "papers"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def paper_path(root: Path, name: str) -> Path:
    """Where paper `name`'s file is; AssureError for a name that is not a plain name."""
    stem = name.removesuffix(".yaml")
    if not _NAME.fullmatch(stem) or ".." in stem:
        raise AssureError(
            f"--paper '{name}': give the name of a file in {PAPERS_DIR}/ (letters, digits, "
            "'-', '_' and '.'), e.g. --paper 2016-06-board for papers/2016-06-board.yaml"
        )
    return root / PAPERS_DIR / f"{stem}.yaml"


def read_paper_file(root: Path, name: str) -> tuple[PaperCover | None, list[Problem]]:
    """Paper `name`'s cover, or None and its problems (each at its line and column)."""
    path = paper_path(root, name)
    rel = f"{PAPERS_DIR}/{path.name}"
    missing = f"no paper file {rel} (see docs/papers.md for its fields)"
    cover, _document, problems = read_checked_file(path, rel, missing, validate_paper)
    return cover, problems
