"""Jinja rendering: the only module that imports jinja2.

Templates ship inside the package (`assurance_cli/templates/`); a board overrides any of
them by putting a file of the same name in `<root>/templates/`. The environment is
sandboxed (board templates come from many hands) and strict: a mistyped variable fails
with the template's name and line instead of leaving a blank cell in a board paper.
"""

from __future__ import annotations

import operator
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from assurance_cli.problems import AssureError
from assurance_cli.queries.reports import ReportContext
from assurance_cli.render.markdown import (
    escape_cell,
    escape_inline,
    escape_paragraph,
    join_cell_lines,
)
from assurance_cli.words import count, plural

TEMPLATE_SUFFIX = ".md.j2"
MAX_REPEAT = 100_000  # the sandbox allows 'x' * 10**9; a board paper never needs that


@dataclass(frozen=True)
class TemplateSource:
    name: str
    origin: str  # "built-in" or the overriding file's path


class _BoundedSandbox(SandboxedEnvironment):
    """A sandbox that also refuses huge string or list repeats."""

    intercepted_binops = frozenset({"*"})

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            for sequence, times in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | list | tuple)
                    and isinstance(times, int)
                    and len(sequence) * times > MAX_REPEAT
                ):
                    raise SecurityError("a template repeated text beyond the allowed size")
            return operator.mul(left, right)
        return super().call_binop(context, op, left, right)


def _cells(lines: Sequence[str]) -> str:
    """Several lines of record text as one table cell."""
    return join_cell_lines([escape_cell(line) for line in lines])


FILTERS: dict[str, Callable[..., str]] = {
    "cell": escape_cell,  # one table cell
    "cells": _cells,  # a list of lines, one table cell
    "inline": escape_inline,  # inside a line of text
    "para": escape_paragraph,  # a line of its own
    "plural": plural,  # {{ plan.priority_label | plural }}: Priorities
    "count": lambda number, noun: count(number, noun),  # {{ n | count("finding") }}: 1 finding
}


def make_environment(root: Path) -> SandboxedEnvironment:
    env = _BoundedSandbox(
        loader=ChoiceLoader(
            [
                FileSystemLoader(str(root / "templates")),
                PackageLoader("assurance_cli", "templates"),
            ]
        ),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown, not HTML: escaping is explicit, per place, by filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def template_source(root: Path, name: str) -> TemplateSource:
    override = root / "templates" / (name + TEMPLATE_SUFFIX)
    return TemplateSource(name, str(override) if override.is_file() else "built-in")


def render_report(root: Path, name: str, context: ReportContext) -> str:
    """Render report `name` with `context`; template problems become an AssureError that
    names the template and line."""
    env = make_environment(root)
    file_name = name + TEMPLATE_SUFFIX
    try:
        template = env.get_template(file_name)
        return template.render(template_variables(context))
    except TemplateNotFound:
        raise AssureError(f"no template '{file_name}'") from None
    except TemplateSyntaxError as exc:
        raise AssureError(
            f"template {exc.filename or exc.name or file_name}, line {exc.lineno}: {exc.message}"
        ) from None
    except (TemplateError, SecurityError) as exc:
        raise AssureError(f"template {_failing_line(exc, file_name)}: {exc}") from None


def template_variables(context: ReportContext) -> dict[str, object]:
    """The context's fields as the template's top-level variables. Nested values stay typed:
    Jinja reads `row.ref` (and `row["ref"]`) from an attribute as it would from a key."""
    return {field.name: getattr(context, field.name) for field in fields(context)}


def _failing_line(exc: BaseException, file_name: str) -> str:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}, line {frame.lineno}"
    return file_name
