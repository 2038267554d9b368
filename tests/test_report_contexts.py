"""Typed report contexts: docs/report-contexts.md lists exactly their fields, and a board
template written from that page alone renders every variable it names."""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from assurance_cli.index.build import Index
from assurance_cli.io.git import Commit
from assurance_cli.problems import error
from assurance_cli.queries.past import Reading
from assurance_cli.queries.reports import CONTEXTS, REPORTS, ReportContext
from assurance_cli.queries.reports.action_plan import action_plan_context
from assurance_cli.queries.reports.business_plan import business_plan_context
from assurance_cli.queries.reports.common import days_coverage
from assurance_cli.queries.reports.digest import digest_context
from assurance_cli.queries.reports.exceptions import exceptions_context
from assurance_cli.queries.reports.learning import learning_context
from assurance_cli.queries.reports.loop import loop_context
from assurance_cli.queries.reports.since import Side, since_section
from assurance_cli.queries.reports.trend import trend_context
from assurance_cli.render.templates import render_report
from assurance_cli.repo.workspace import open_workspace

from .conftest import REPO, SHIPPED, make_repo, run

DOC = (REPO / "docs" / "report-contexts.md").read_text(encoding="utf-8")
SHROPSHIRE = REPO / "examples" / "shropshire"


def field_paths(cls: type, prefix: str = "") -> Iterator[str]:
    """Every variable a context type offers, as the page writes it: `sections[].rows[].ref`.
    A field ending in `_` (a Python keyword) is read by templates without it."""
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        name = field.name.rstrip("_")
        yield prefix + name
        inner, lists = hints[field.name], ""
        while True:
            if typing.get_origin(inner) is tuple:
                inner, lists = typing.get_args(inner)[0], lists + "[]"
            elif typing.get_origin(inner) in (typing.Union, types.UnionType):
                inner = next(a for a in typing.get_args(inner) if a is not type(None))
            else:
                break
        if dataclasses.is_dataclass(inner):
            yield from field_paths(typing.cast(type, inner), f"{prefix}{name}{lists}.")


def documented_paths(report: str) -> list[str]:
    section = DOC.split(f"\n## `{report}`\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_\[\].]+)` \|", section, flags=re.MULTILINE)


def test_every_report_has_a_context_type() -> None:
    assert [name for name, _ in REPORTS] == list(CONTEXTS)


@pytest.mark.parametrize("report", list(CONTEXTS))
def test_the_page_documents_every_field_once_and_nothing_else(report: str) -> None:
    documented = documented_paths(report)
    assert len(documented) == len(set(documented)), "a variable is listed twice"
    assert set(documented) == set(field_paths(CONTEXTS[report]))


def no_any(cls: type) -> Iterator[str]:
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        assert field.type is not typing.Any and "Any" not in str(hints[field.name]), field.name
        inner = hints[field.name]
        while typing.get_origin(inner) in {tuple, typing.Union}:
            inner = typing.get_args(inner)[0]
        if dataclasses.is_dataclass(inner):
            yield from no_any(typing.cast(type, inner))
        yield field.name


@pytest.mark.parametrize("report", list(CONTEXTS))
def test_contexts_are_frozen_and_typed(report: str) -> None:
    cls = CONTEXTS[report]
    assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert list(no_any(cls))


def probe_template(paths: list[str]) -> str:
    """A template that prints `@@path@@` and the value for every path it can reach: each
    list is looped over, so a path shows once some item along it exists."""
    parts = []
    for path in paths:
        steps = path.split(".")
        variable, closing = "", []
        for number, step in enumerate(steps[:-1]):
            name = step.removesuffix("[]")
            expression = f"{variable}.{name}" if variable else name
            if step.endswith("[]"):
                variable = f"v{number}"
                parts.append(f"{{% for {variable} in {expression} %}}")
                closing.append("{% endfor %}")
            else:  # an object that may be none (the digest's `since`)
                variable = expression
                parts.append(f"{{% if {variable} is not none %}}")
                closing.append("{% endif %}")
        last = steps[-1].removesuffix("[]")
        parts.append(f"@@{path}@@{{{{ {variable + '.' if variable else ''}{last} }}}}\n")
        parts.append("".join(reversed(closing)))
    return "".join(parts)


@cache
def index_of(root: Path) -> Index:
    return open_workspace(root).index


def earlier(index: Index) -> Index:
    """The index as it might have been a few months before: 2015-16/1a still open and due a
    month sooner, the last audit and finding not there yet."""
    action = index.actions["2015-16/1a"]
    record = action.record
    assert record.due is not None and not isinstance(record.due, str)
    before = dataclasses.replace(
        action,
        record=record._replace(
            status="on-track", due=record.due._replace(last=record.due.last - timedelta(days=30))
        ),
    )
    audits, findings = dict(index.audits), dict(index.findings)
    audits.pop(sorted(audits)[-1])
    findings.pop(sorted(findings)[-1])
    return dataclasses.replace(
        index, actions={**index.actions, "2015-16/1a": before}, audits=audits, findings=findings
    )


def trend_of(index: Index) -> ReportContext:
    commit = Commit("a" * 40, "b" * 40, datetime(2016, 3, 20, 12, tzinfo=UTC))
    unread = (error("data/actions/2015-16/9c.yaml", 1, 1, "yaml-syntax", "x"),)
    readings = [
        Reading(date(2015, 3, 31), "March 2015", None, None),
        Reading(date(2016, 3, 31), "March 2016", commit, earlier(index), unread),
        Reading(date(2016, 5, 31), "May 2016", commit, index),
    ]
    start = date(2015, 3, 1)
    baseline = Reading(start, "start", None, None)
    return trend_context(
        index, readings, baseline, start=start, end=date(2016, 5, 31), every="month"
    )


def digest_since(index: Index) -> ReportContext:
    then, now = date(2016, 1, 1), date(2016, 5, 31)
    unread = (error("data/audits/x.yaml", 1, 1, "yaml-syntax", "x"),)
    section = since_section(
        Side(earlier(index), then, unread),
        Side(index, now, unread),
        asked="board-2016-01",
        commit="abcdef1",
        committed=then,
        now="the working tree",
    )
    return digest_context(index, then, now, section)


Builder = Callable[[Index], ReportContext]
BASE = REPO / "tests" / "cases" / "_base"
NO_PLAN = REPO / "tests" / "fixtures" / "boards" / "findings-no-plan"
FINANCIAL_2018 = (date(2018, 4, 1), date(2019, 3, 31))
RUNS: dict[str, list[tuple[Path, Builder]]] = {
    "action-plan": [
        (SHIPPED, lambda i: action_plan_context(i, "2015-16", date(2016, 5, 31))),
        (SHROPSHIRE, lambda i: action_plan_context(i, "2016-18", None)),
    ],
    "learning": [
        (SHIPPED, lambda i: learning_context(i, "2015-16")),
        (SHIPPED, lambda i: learning_context(i, "2016-17")),
        (NO_PLAN, lambda i: learning_context(i, days_coverage(i, *FINANCIAL_2018))),
    ],
    "loop": [
        (SHIPPED, lambda i: loop_context(i, "2016-17")),
        (BASE, lambda i: loop_context(i, "2015-16")),
        (NO_PLAN, lambda i: loop_context(i, days_coverage(i, *FINANCIAL_2018))),
    ],
    "business-plan": [
        (SHIPPED, lambda i: business_plan_context(i, "2015-16")),
        (SHROPSHIRE, lambda i: business_plan_context(i, "2016-18")),
    ],
    "digest": [
        (SHIPPED, lambda i: digest_context(i, date(2016, 1, 1), date(2016, 12, 31))),
        (SHIPPED, lambda i: digest_context(i, date(2015, 4, 1), date(2016, 3, 31))),
        (SHIPPED, digest_since),
    ],
    "trend": [(SHIPPED, trend_of)],
    "exceptions": [
        (SHIPPED, lambda i: exceptions_context(i, "2015-16", date(2016, 5, 31))),
        (SHIPPED, lambda i: exceptions_context(i, "2015-16", date(2016, 5, 31), by_lead=True)),
    ],
}
# An unanswered finding has no action by definition: its list is always empty.
NEVER_FILLED = {"unanswered[].actions[].id", "unanswered[].actions[].title"}
NEVER_FILLED |= {"unanswered[].actions[].status"}


@pytest.mark.parametrize("report", list(CONTEXTS))
def test_a_template_written_from_the_page_reads_every_variable(report: str, tmp_path: Path) -> None:
    paths = documented_paths(report)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / f"{report}.md.j2").write_text(probe_template(paths))
    shown: set[str] = set()
    for root, build in RUNS[report]:
        text = render_report(tmp_path, report, build(index_of(root)))
        shown |= set(re.findall(r"^@@(.+?)@@", text, flags=re.MULTILINE))
    assert shown == set(paths) - NEVER_FILLED


def test_board_templates_read_fields_by_key_and_by_attribute(tmp_path: Path) -> None:
    template = (
        '{% for a in rescheduled %}{{ a.id }} {{ a["from"] }} {{ a.from }} -> {{ a["to"] }}\n'
        "{% endfor %}"
    )
    root = make_repo(tmp_path, {"templates/digest.md.j2": template})
    result = run(root, "report", "digest", "--from", "2015-01-01", "--to", "2016-12-31")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2015-16/2a 30 April 2016 30 April 2016 -> 31 October 2016\n"


def test_a_template_cannot_change_a_context(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"templates/loop.md.j2": "{{ answered.append(1) }}\n"})
    result = run(root, "report", "loop", "--period", "2015-16")
    assert result.exit_code == 1 and "loop.md.j2" in result.stderr  # a template problem
