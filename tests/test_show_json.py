"""The JSON contracts of `show` and `status` (docs/json.md): golden documents, a JSON Schema
for each (written here, from the page), every shipped record valid against it, and the page
listing exactly the keys the schemas allow."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from assurance_cli.queries.show import build_detail
from assurance_cli.render.show_json import detail_json
from assurance_cli.repo.workspace import open_workspace

from .conftest import CASES, REPO, SHIPPED, make_repo, run
from .test_reports import GOLDEN

DOC = (REPO / "docs" / "json.md").read_text(encoding="utf-8")
SHROPSHIRE = REPO / "examples" / "shropshire"
AS_OF = "2016-05-31"

DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DAY_OR_MONTH = {"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}
# A due no rule reads as a date ("To be confirmed") is kept as its wording.
DUE = {"anyOf": [DAY_OR_MONTH, {"type": "string"}, {"type": "null"}]}
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": TEXT}
OPTIONAL_TEXT = {"type": ["string", "null"]}
OPTIONAL_INT = {"type": ["integer", "null"]}
PRIORITY = {"type": ["integer", "string", "null"]}  # a number, or a label such as "WS2"
RAG = {"enum": ["red", "amber", "green", "blue", "grey", None]}  # None: the key has no colours
OPTIONAL_DATE = {"anyOf": [DAY_OR_MONTH, {"type": "null"}]}
# An audit's dates may be periods as published ("during 2015-16"): an ISO interval.
INTERVAL = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$"}
AUDIT_DATE = {"anyOf": [DAY_OR_MONTH, INTERVAL, {"type": "null"}]}
ACTION_ID = {"type": "string", "pattern": r"^[^/]+/[^/]+$"}


def strict(properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these keys, every one present."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def link(kind: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": strict({"kind": {"const": kind}, "id": TEXT, "exists": {"type": "boolean"}}),
    }


FIGURES = {
    "type": "array",
    "items": strict(
        {
            "label": TEXT,
            "value": {"type": "number"},
            "unit": OPTIONAL_TEXT,
            "period": OPTIONAL_TEXT,
        }
    ),
}
PROGRESS = {"type": "array", "items": strict({"date": OPTIONAL_DATE, "text": TEXT})}
ACTION = strict(
    {
        "version": {"const": 1},
        "kind": {"const": "action"},
        "id": ACTION_ID,
        "plan": TEXT,
        "ref": TEXT,
        "path": TEXT,
        "as_of": DAY,
        "title": OPTIONAL_TEXT,
        "plan_title": OPTIONAL_TEXT,
        "priority": PRIORITY,
        "priority_label": OPTIONAL_TEXT,
        "priority_title": OPTIONAL_TEXT,
        "lead": TEXTS,
        "lead_labels": TEXTS,
        "subgroup": OPTIONAL_TEXT,
        "due": DUE,
        "due_as_published": OPTIONAL_TEXT,
        "review_by": {"anyOf": [DAY, {"type": "null"}]},
        "status": OPTIONAL_TEXT,
        "status_label": TEXT,
        "rag": RAG,
        "closed": {"type": "boolean"},
        "overdue": {"type": "boolean"},
        "days_overdue": {"type": ["integer", "null"], "minimum": 1},
        "desired_outcome": OPTIONAL_TEXT,
        "outcome_measure": OPTIONAL_TEXT,
        "themes": TEXTS,
        "theme_titles": TEXTS,
        "impact": OPTIONAL_TEXT,
        "parent": OPTIONAL_TEXT,
        "answers": TEXTS,
        "order": OPTIONAL_INT,
        "due_history": {
            "type": "array",
            "items": strict(
                {
                    "from": DUE,
                    "from_as_published": OPTIONAL_TEXT,
                    "to": TEXT,
                    "to_as_published": OPTIONAL_TEXT,
                    "agreed": OPTIONAL_DATE,
                    "reason": OPTIONAL_TEXT,
                }
            ),
        },
        "progress": PROGRESS,
        "milestones": {
            "type": "array",
            "items": strict(
                {
                    "number": {"type": "integer", "minimum": 1},
                    "title": OPTIONAL_TEXT,
                    "due": DUE,
                    "due_as_published": OPTIONAL_TEXT,
                    "status": OPTIONAL_TEXT,
                    "status_label": TEXT,
                    "closed": {"type": "boolean"},
                    "overdue": {"type": "boolean"},
                    "days_overdue": {"type": ["integer", "null"], "minimum": 1},
                    "progress": PROGRESS,
                }
            ),
        },
        "questions": {
            "type": "array",
            "items": strict({"priority": PRIORITY, "text": TEXT, "heading": OPTIONAL_TEXT}),
        },
        "links": strict(
            {
                "related": link("action"),
                "related_from": link("action"),
                "responds_to": link("finding"),
                "parent": {**link("action"), "maxItems": 1},
                "children": link("action"),
                "audits": link("audit"),
            }
        ),
    }
)
AUDIT = strict(
    {
        "version": {"const": 1},
        "kind": {"const": "audit"},
        "id": TEXT,
        "path": TEXT,
        "title": OPTIONAL_TEXT,
        "audit_kind": OPTIONAL_TEXT,
        "audit_kind_label": TEXT,
        "date": AUDIT_DATE,
        "date_as_published": OPTIONAL_TEXT,
        "end": AUDIT_DATE,
        "end_as_published": OPTIONAL_TEXT,
        "reported": AUDIT_DATE,
        "reported_as_published": OPTIONAL_TEXT,
        "period": OPTIONAL_TEXT,
        "commissioned_by": OPTIONAL_TEXT,
        "led_by": OPTIONAL_TEXT,
        "sample_size": OPTIONAL_INT,
        "sample": OPTIONAL_TEXT,
        "agencies": TEXTS,
        "summary": OPTIONAL_TEXT,
        "source": OPTIONAL_TEXT,
        "cadence": OPTIONAL_TEXT,
        "author": OPTIONAL_TEXT,
        "introduction": OPTIONAL_TEXT,
        "figures": FIGURES,
        "order": OPTIONAL_INT,
        "links": strict({"findings": link("finding"), "actions": link("action")}),
    }
)
FINDING = strict(
    {
        "version": {"const": 1},
        "kind": {"const": "finding"},
        "id": TEXT,
        "path": TEXT,
        "title": TEXT,
        "finding_kind": {"enum": ["strength", "concern", "recommendation", "mixed", None]},
        "themes": TEXTS,
        "theme_titles": TEXTS,
        "source": OPTIONAL_TEXT,
        "figures": FIGURES,
        "response": OPTIONAL_TEXT,
        "order": OPTIONAL_INT,
        "links": strict(
            {
                "audits": link("audit"),
                "actions": link("action"),
                "repeats": link("finding"),
                "repeated_by": link("finding"),
            }
        ),
    }
)
SHOW = {"oneOf": [ACTION, AUDIT, FINDING]}

STATUS_ROW = {
    "version": {"const": 1},
    "id": ACTION_ID,
    "plan": TEXT,
    "ref": TEXT,
    "priority": PRIORITY,
    "title": OPTIONAL_TEXT,
    "lead": TEXTS,
    "lead_labels": TEXTS,
    "due": DUE,
    "due_as_published": OPTIONAL_TEXT,
    "review_by": {"anyOf": [DAY, {"type": "null"}]},
    "status": OPTIONAL_TEXT,
    "status_label": TEXT,
    "rag": RAG,
    "closed": {"type": "boolean"},
    "overdue": {"type": "boolean"},
    "days_overdue": {"type": ["integer", "null"]},
    "due_amendments": {"type": "integer", "minimum": 0},
    "overdue_milestones": TEXTS,
    "themes": TEXTS,
    "path": TEXT,
}
STATUS = {"type": "array", "items": strict(STATUS_ROW)}
GROUP = {
    "version": {"const": 1},
    "by": {"enum": ["lead", "priority", "theme", "status"]},
    "group": TEXT,
    "label": TEXT,
    "count": {"type": "integer", "minimum": 1},
    "actions": {
        "type": "array",
        "items": strict({k: v for k, v in STATUS_ROW.items() if k != "version"}),
    },
}
STATUS_GROUPS = {"type": "array", "items": strict(GROUP)}

for schema in (SHOW, STATUS, STATUS_GROUPS):
    Draft202012Validator.check_schema(schema)


def valid(document: object, schema: dict[str, Any]) -> bool:
    errors = list(Draft202012Validator(schema).iter_errors(document))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    return True


SHOW_GOLDEN = {
    "show-2015-16-1d.json": "2015-16/1d",  # milestones, each with its progress
    "show-2015-16-3d2.json": "2015-16/3d2",  # an amended due date
    "show-2015-16-1c.json": "2015-16/1c",  # overdue at AS_OF
    "show-2016-17-3d.json": "2016-17/3d",  # themes, and the findings it answers
    "show-cse-assurance-review-2015.json": "cse-assurance-review-2015",
    "show-cse-review-2015-risks-higher.json": "cse-review-2015-risks-higher",
}


@pytest.mark.parametrize("golden", sorted(SHOW_GOLDEN))
def test_show_json_matches_golden_file(golden: str, update_golden: bool) -> None:
    result = run(SHIPPED, "show", SHOW_GOLDEN[golden], "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / golden
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest --update-golden"
    assert result.stdout == path.read_text(encoding="utf-8")
    assert valid(json.loads(result.stdout), SHOW)


def test_golden_documents_hold_what_the_records_say() -> None:
    milestones = json.loads((GOLDEN / "show-2015-16-1d.json").read_text())
    assert [m["due"] for m in milestones["milestones"]] == [
        "2015-06-30",
        "2015-10-31",
        "2015-11-30",
    ]
    assert milestones["milestones"][1]["progress"][0]["date"] is None  # undated stays null
    amended = json.loads((GOLDEN / "show-2015-16-3d2.json").read_text())
    assert amended["due_history"] == [
        {
            "from": "2016-04-30",
            "from_as_published": None,  # ISO in the record: its own wording
            "to": "2016-10-31",
            "to_as_published": None,
            "agreed": "2016-03",
            "reason": "During the March Chairs' Group meeting it was agreed that this should be "
            "undertaken during the Autumn 2016.",
        }
    ]
    audit = json.loads((GOLDEN / "show-cse-assurance-review-2015.json").read_text())
    assert audit["sample_size"] == 20 and audit["date"] == "2015-09"
    finding = json.loads((GOLDEN / "show-cse-review-2015-risks-higher.json").read_text())
    assert {"label": "CSE cases audited", "value": 15, "unit": "cases", "period": None} in (
        finding["figures"]
    )


@pytest.mark.parametrize("root", [SHIPPED, SHROPSHIRE, CASES / "dangling-refs"], ids=str)
def test_every_record_shows_as_a_valid_document(root: Path) -> None:
    index = open_workspace(root).index
    ids = [*index.actions, *index.audits, *index.findings]
    assert ids
    for record_id in ids:
        for as_of in (date(2016, 5, 31), date(2030, 1, 1)):
            document = detail_json(build_detail(index, record_id, as_of))
            assert valid(json.loads(json.dumps(document)), SHOW)


def test_a_dangling_link_is_kept_and_marked(tmp_path: Path) -> None:
    root = shutil.copytree(CASES / "dangling-refs", tmp_path / "board")
    result = run(root, "show", "2015-16/1b", "--format", "json")
    links = json.loads(result.stdout)["links"]
    assert {"kind": "action", "id": "2015-16/2b", "exists": False} in links["related"]
    assert links["responds_to"] == [{"kind": "finding", "id": "cse-review-risk", "exists": False}]


STATUS_RUNS = [
    (root, args, schema)
    for root in (SHIPPED, SHROPSHIRE)
    for args, schema in [
        (("--as-of", AS_OF), STATUS),
        *((("--by", by, "--as-of", AS_OF), STATUS_GROUPS) for by in GROUP["by"]["enum"]),
    ]
]
STATUS_RUNS.append((SHIPPED, ("--overdue", "--as-of", "2017-01-01"), STATUS))


@pytest.mark.parametrize(("root", "args", "schema"), STATUS_RUNS)
def test_status_json_is_valid_and_versioned(
    root: Path, args: tuple[str, ...], schema: dict[str, Any]
) -> None:
    result = run(root, "status", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document and all(item["version"] == 1 for item in document)
    assert valid(document, schema)


def documented_keys(heading: str) -> list[str]:
    section = DOC.split(heading, 1)[1]
    table = section.split("\n\n| key |", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("heading", "keys"),
    [
        ("## `assure status --format json`", list(STATUS_ROW)),
        ("With `--by`, an array of groups", list(GROUP)),
        ("### An action", list(ACTION["properties"])),
        ("### An audit", list(AUDIT["properties"])),
        ("### A finding", list(FINDING["properties"])),
        ("### Links", ["kind", "id", "exists"]),
    ],
)
def test_the_page_lists_every_key_in_order(heading: str, keys: list[str]) -> None:
    assert documented_keys(heading) == keys


LATE_MILESTONE = """\
ref: 1b
priority: 1
title: Commission external reviews
lead: [business-manager]
due: 2016-11-30
status: {status}
milestones:
  - due: 2015-06-30
    status: completed
  - due: 2016-01
    status: on-track
"""


@pytest.mark.parametrize(("status", "late"), [("on-track", 10), ("completed", None)])
def test_each_milestone_says_whether_it_is_overdue(
    tmp_path: Path, status: str, late: int | None
) -> None:
    text = LATE_MILESTONE.format(status=status)
    root = make_repo(tmp_path, {"data/actions/2015-16/1b.yaml": text})
    result = run(root, "show", "2015-16/1b", "--as-of", "2016-02-10", "--format", "json")
    document = json.loads(result.stdout)
    assert [(m["due"], m["overdue"], m["days_overdue"]) for m in document["milestones"]] == [
        ("2015-06-30", False, None),
        ("2016-01", late is not None, late),
    ]
    assert document["days_overdue"] == late and valid(document, SHOW)
