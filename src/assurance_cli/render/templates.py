"""Jinja rendering: the only module that imports jinja2.

Templates ship inside the package (`assurance_cli/templates/`); a board overrides any of
them by putting a file of the same name in `<root>/templates/` (read by `template_loader`:
regular files inside that folder only). The environment is sandboxed (board templates come
from many hands) and strict: a mistyped variable fails with the template's name and line
instead of leaving a blank cell in a board paper. A render runs under limits of time, memory
and output (`bounds`). Whatever goes wrong in a template is a `TemplateProblem` naming the
template and line, and never quoting record text.
"""

from __future__ import annotations

import builtins
import operator
import re
import traceback
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    PackageLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplatesNotFound,
    TemplateSyntaxError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from assurance_cli.problems import AssureError
from assurance_cli.queries.reports import ReportContext
from assurance_cli.render.bounds import Limits, RenderStopped, memory_limit, time_limit
from assurance_cli.render.escape import escape_controls, escape_line
from assurance_cli.render.markdown import (
    escape_cell,
    escape_inline,
    escape_paragraph,
    join_cell_lines,
)
from assurance_cli.render.template_loader import (
    BoardLoader,
    TemplateRefused,
    board_template_origin,
)
from assurance_cli.words import count, plural

if TYPE_CHECKING:
    from assurance_cli.queries.region.reports import RegionContext

TEMPLATE_SUFFIX = ".md.j2"
MAX_REPEAT = 100_000  # the sandbox allows 'x' * 10**9; a board paper never needs that
LIMITS = Limits()


class TemplateProblem(AssureError):
    """A template that cannot be used or fails while rendering: the board's template is at
    fault, not the records and not assure (the CLI exits 1)."""


@dataclass(frozen=True)
class TemplateSource:
    name: str
    origin: str  # "built-in", the overriding file's path, or why that file is refused


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


class _SourcesKept(ChoiceLoader):
    """The board's templates, then the built-in ones; keeps the words of every template it
    served (names and string literals), so that an error message quotes a name only when a
    template wrote it."""

    def __init__(self, loaders: list[BaseLoader]) -> None:
        super().__init__(loaders)
        self.words: set[str] = set()

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = super().get_source(environment, template)
        self.words.update(_WORD.findall(source))
        self.words.update(a or b for a, b in _QUOTED.findall(source))  # string literals
        return source, filename, uptodate

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        # ChoiceLoader.load asks each loader to load; through get_source, the words are kept.
        return BaseLoader.load(self, environment, name, globals)


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r"'([^'\n]*)'|\"([^\"\n]*)\"")


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
        loader=_SourcesKept([BoardLoader(root), PackageLoader("assurance_cli", "templates")]),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown, not HTML: escaping is explicit, per place, by filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def template_source(root: Path, name: str) -> TemplateSource:
    return TemplateSource(name, board_template_origin(root, name + TEMPLATE_SUFFIX))


def render_report(
    root: Path, name: str, context: ReportContext | RegionContext, *, limits: Limits = LIMITS
) -> str:
    """Render report `name` with `context`. Whatever stops the template (a syntax error, a
    missing or refused template, a mistyped variable, a runtime error, a limit) becomes a
    TemplateProblem naming the template and line. Control characters in the output are
    made visible."""
    env = make_environment(root)
    file_name = name + TEMPLATE_SUFFIX
    try:
        # Compiling is bounded too: Jinja folds constant expressions as it compiles. The
        # timer is inside, so that it is stopped before the memory limit is lifted.
        with memory_limit(limits.memory_bytes), time_limit(limits.seconds):
            template = env.get_template(file_name)
            return escape_controls(
                _render_output(template, template_variables(context), limits.output_chars)
            )
    except TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or file_name}, line {exc.lineno}"
        raise _problem(where, exc.message or "syntax error", env) from None
    except TemplatesNotFound as exc:
        missing = ", ".join(f"'{t}'" for t in exc.templates)
        raise _problem(_failing_line(exc, file_name), f"no template {missing}", env) from None
    except TemplateNotFound as exc:
        missing = f"no template '{exc.name}'"
        if exc.name == file_name:
            raise TemplateProblem(missing) from None
        raise _problem(_failing_line(exc, file_name), missing, env) from None
    except TemplateRefused as exc:
        where = _failing_line(exc, file_name)
        if where == file_name:  # the report's own template: the message names it
            raise TemplateProblem(str(exc.message)) from None
        raise _problem(where, str(exc.message), env) from None
    except RenderStopped as exc:
        raise _problem(_failing_line(exc, file_name), str(exc), None) from None
    except MemoryError as exc:
        raise _problem(
            _failing_line(exc, file_name),
            f"the template needed more than {limits.memory_bytes // 2**20} MiB of memory",
            None,
        ) from None
    except RecursionError as exc:
        message = "recursion too deep (a macro or include that calls itself without end)"
        raise _problem(_failing_line(exc, file_name), message, None) from None
    except Exception as exc:  # any other error is the template's runtime error
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise _problem(_failing_line(exc, file_name), message, env) from None


def _render_output(template: Template, context: dict[str, Any], most: int) -> str:
    pieces: list[str] = []
    written = 0
    for piece in template.generate(context):
        written += len(piece)
        if written > most:
            raise RenderStopped(f"the template wrote more than {most // 2**20} MiB")
        pieces.append(piece)
    return "".join(pieces)


def _problem(where: str, message: str, env: Environment | None) -> TemplateProblem:
    words = env.loader.words if env is not None and isinstance(env.loader, _SourcesKept) else set()
    return TemplateProblem(f"template {escape_line(where)}: {_quiet(message, words)}")


_TYPE_NAMES = frozenset(name for name, value in vars(builtins).items() if isinstance(value, type))


def _quiet(message: str, words: Iterable[str]) -> str:
    """`message` with every quoted value that no template wrote hidden: a lookup such as
    `x[action.title]` must not put the record's text in a CI log."""
    known = set(words)

    def keep(match: re.Match[str]) -> str:
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if inner in known or _is_type_name(inner):
            return match.group()
        return "'…'"

    return escape_line(_QUOTED.sub(keep, message))


def _is_type_name(text: str) -> bool:
    """`dict`, `dict object`, `assurance_cli.model.records.Action object`: how Jinja and
    Python name a type in their messages."""
    name = text.removesuffix(" object")
    return name in _TYPE_NAMES or name.startswith(("assurance_cli.", "jinja2."))


def _failing_line(exc: BaseException, file_name: str) -> str:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}, line {frame.lineno}"
    return file_name


def template_variables(context: ReportContext | RegionContext) -> dict[str, object]:
    """The context's fields as the template's top-level variables. Nested values stay typed:
    Jinja reads `row.ref` (and `row["ref"]`) from an attribute as it would from a key."""
    return {field.name: getattr(context, field.name) for field in fields(context)}
