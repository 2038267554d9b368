"""Problems as text lines, a JSON document or GitHub workflow annotations. A message can
quote an id read from a record: control characters are made visible in every format, so no
record can start a line, a terminal sequence or a workflow command."""

from __future__ import annotations

from collections.abc import Sequence

from assurance_cli.problems import Problem, Severity
from assurance_cli.render import json as jsonout
from assurance_cli.render.escape import escape_controls, escape_line
from assurance_cli.words import count

FORMATS = ("text", "json", "github")


def format_problems(
    problems: Sequence[Problem], fmt: str, files_checked: int, at: dict[str, object] | None = None
) -> str:
    if fmt == "json":
        return problems_json(problems, files_checked, at)
    if fmt == "github":
        return "".join(github_annotation(p) + "\n" for p in problems)
    return "".join(escape_line(str(p)) + "\n" for p in problems)


# Changes when a key changes meaning or goes away (docs/json.md); new keys may be added.
CHECK_JSON_VERSION = 1


def problem_json(problem: Problem) -> dict[str, object]:
    """One problem as every JSON document gives it (check, diff, import, import-updates)."""
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.col,
        "severity": problem.severity.value,
        "code": problem.code,
        "message": problem.message,
    }


def problems_json(
    problems: Sequence[Problem], files_checked: int, at: dict[str, object] | None = None
) -> str:
    document: dict[str, object] = {
        "version": CHECK_JSON_VERSION,
        "files_checked": files_checked,
        "errors": sum(p.severity is Severity.ERROR for p in problems),
        "warnings": sum(p.severity is Severity.WARNING for p in problems),
        "problems": [problem_json(p) for p in problems],
    }
    if at is not None:  # read with --at: which commit (docs/json.md)
        document["at"] = at
    return jsonout.dumps(document) + "\n"


def _escape_data(text: str) -> str:
    """GitHub's escaping for an annotation's message: no new workflow command can start
    (and no control character reaches the log, which shows terminal colours)."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape_controls(escaped)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    level = "error" if problem.severity is Severity.ERROR else "warning"
    return (
        f"::{level} file={_escape_property(problem.path)},line={problem.line},"
        f"col={problem.col},title={_escape_property(problem.code)}::"
        f"{_escape_data(problem.message)}"
    )


def summary_line(problems: Sequence[Problem], files_checked: int) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    return (
        f"checked {count(files_checked, 'file')}: {count(errors, 'error')}, "
        f"{count(warnings, 'warning')}"
    )
