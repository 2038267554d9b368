"""`assure import-updates --format json`: what was applied from the returned workbooks, what
was refused, and the `assure diff` of the applied changes (docs/json.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from assurance_cli.problems import Problem
from assurance_cli.queries.diff_values import Diff
from assurance_cli.render import json as jsonout
from assurance_cli.render.diff import diff_json
from assurance_cli.render.problems import problem_json

# Changes when a key changes meaning or goes away (docs/json.md); new keys may be added.
UPDATES_JSON_VERSION = 1


@dataclass(frozen=True)
class Applied:
    action_id: str
    path: str
    summary: str


def updates_json(
    *,
    files: Sequence[str],
    rows: int,
    updated_rows: int,
    applied: Sequence[Applied],
    problems: Sequence[Problem],
    written: bool,
    branch: str | None,
    commit: str | None,
    diff: Diff | None,
) -> str:
    document = {
        "version": UPDATES_JSON_VERSION,
        "files": list(files),
        "rows": rows,
        "updated_rows": updated_rows,
        "written": written,
        "applied": [
            {"id": item.action_id, "path": item.path, "summary": item.summary} for item in applied
        ],
        "problems": [problem_json(p) for p in problems],
        "branch": branch,
        "commit": commit,
        "diff": json.loads(diff_json(diff)) if diff is not None else None,
    }
    return jsonout.dumps(document) + "\n"
