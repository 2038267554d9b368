"""Messages never carry record text: problem messages name ids, fields and kinds of problem.

Records here hold one marker in every field of every type (and in keys, anchors, tags and
syntax errors); whatever `check` says about them, in any format, must not contain it. Ids are
the one legitimate echo, and the marker is never a valid id (it has capitals).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated
from uuid import UUID

import pytest
import yaml
from pydantic import Field

from assurance_cli.cli import main as cli
from assurance_cli.io import yaml_reader as yamlio
from assurance_cli.io.yaml_reader import read_document
from assurance_cli.model.models import RecordModel
from assurance_cli.model.validation import validate_record

from .conftest import SHIPPED, make_repo, run

MARKER = "ZqxvMarker7"
M = MARKER

WRONG_EVERYWHERE = {
    "data/actions/2015-16/1b.yaml": f"""\
ref: {M}
priority: {M}
title: [{M}]
subgroup: {M}
desired_outcome: {{{M}: {M}}}
lead: [{M}]
due: {M}
review_by: {M}
due_history: [{{from: {M}, to: {M}, agreed: {M}, reason: [{M}]}}]
status: {M}
progress: [{{date: {M}, text: {{a: {M}}}}}, {M}]
related: [{M}, "{M} {M}"]
responds_to: [{M}]
themes: [{M}]
milestones: [{{title: [{M}], due: {M}, status: {M}, {M}: x}}]
questions: [{{priority: {M}, text: [{M}]}}]
impact: [{M}]
{M}: unknown key
"{M} with spaces": unknown key
""",
    "data/actions/2015-16/2a.yaml": f"""\
ref: 2a
priority: 2
title: "{M}: every text field of a valid record"
desired_outcome: {M}
outcome_measure: {M}
lead: [qpp-chair]
due: 2016-10-31
due_history:
  - {{from: 2016-04-30, to: 2016-10-31, agreed: 2016-03, reason: {M}}}
status: not-started
progress: [{{date: 2016-01, text: {M}}}]
milestones: [{{title: {M}, due: 2016-01-31, status: completed, progress: [{{text: {M}}}]}}]
questions: [{{priority: 1, text: {M}}}]
impact: {M}
""",
    "data/audits/marker-audit.yaml": f"""\
id: {M}
title: {M}
kind: {M}
date: {M}
end: 2016-13-01
reported: 31/12/2016
commissioned_by: [{M}]
sample_size: {M}
agencies: {M}
summary: {{{M}: {M}}}
""",
    "data/findings/marker-finding.yaml": f"""\
id: marker-finding
audits: [{M}]
themes: [{M}]
kind: {M}
text: ""
figures: [{{label: {M}, value: {M}, unit: [{M}]}}]
""",
    "data/reporting/marker-report.yaml": f"""\
id: marker-report
topic: {M}
reported_to: {M}
due: {M}
action: "{M}/1a"
frequency: [{M}]
""",
    "data/audits/anchor.yaml": f"id: anchor\ntitle: &{M} x\n",
    "data/audits/alias.yaml": f"id: alias\ntitle: *{M}\n",
    "data/audits/tag.yaml": f"id: tag\ntitle: !{M} x\n",
    "data/audits/tag-handle.yaml": f"id: tag-handle\ntitle: !{M}!x x\n",
    "data/audits/tag-directive.yaml": f"%TAG !{M}! tag:example.com,2000:\n---\nid: x\n",
    "data/audits/duplicate.yaml": f"{M}: 1\n{M}: 2\n",
    "data/audits/merge.yaml": f"id: merge\n<<: {{{M}: 1}}\n",
    "data/audits/escape.yaml": f'id: escape\ntitle: "\\q{M}"\n',
    "data/audits/mapping-in-value.yaml": f"id: x\ntitle: {M}: {M}\n",
    "data/audits/unclosed.yaml": f"id: x\ntitle: [{M}, {M}\n",
    "data/audits/unclosed-quote.yaml": f"id: x\ntitle: '{M}\n",
    "data/audits/long-key.yaml": f"{M * 120}: x\n",
    "data/audits/tab.yaml": f"id: x\nagencies:\n\t- {M}\n",
    "data/audits/control.yaml": f"id: x\ntitle: {M}\x07{M}\n",
    "data/audits/latin1.yaml": f"id: x\ntitle: {M}\xe9{M}\n".encode("latin-1"),
    "data/audits/number.yaml": f"id: x\nsample_size: 1e999\ntitle: {M}\n",
    "data/audits/second.yaml": f"id: x\n---\n{M}: {M}\n",
    "data/audits/list-key.yaml": f"? [{M}]\n: {M}\n",
    "data/audits/not-a-mapping.yaml": f"- {M}\n",
    "data/audits/scalar.yaml": f"{M}\n",
    "data/audits/unknown-directive.yaml": f"%{M} {M}\n---\nid: x\n",
}


@pytest.fixture
def marked_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path, WRONG_EVERYWHERE)


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_no_record_text_in_any_format(marked_repo: Path, fmt: str) -> None:
    result = run(marked_repo, "check", "--format", fmt)
    assert result.exit_code == 1
    assert MARKER not in result.stdout + result.stderr
    assert MARKER.lower() not in (result.stdout + result.stderr).lower()


def test_every_file_was_reported(marked_repo: Path) -> None:
    """The marker stays out of the output because messages leave it out, not because
    nothing was said: each broken file has at least one problem."""
    result = run(marked_repo, "check", "--format", "json")
    paths = {problem["path"] for problem in json.loads(result.stdout)["problems"]}
    broken = set(WRONG_EVERYWHERE) - {"data/actions/2015-16/2a.yaml"}
    assert broken <= paths
    assert "data/actions/2015-16/2a.yaml" not in paths


def test_github_annotations_are_one_command_per_line(marked_repo: Path) -> None:
    result = run(marked_repo, "check", "--format", "github")
    assert all(line.startswith(("::error ", "::warning ")) for line in result.stdout.splitlines())


@pytest.mark.parametrize(
    "name", sorted(k for k in WRONG_EVERYWHERE if k.startswith("data/audits/"))
)
def test_the_pure_python_parser_words_leak_nothing_either(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where libyaml is missing, PyYAML's own parser quotes tokens in its messages."""
    monkeypatch.setattr(yamlio, "_FastLoader", yaml.SafeLoader)
    content = WRONG_EVERYWHERE[name]
    raw = content if isinstance(content, bytes) else content.encode()
    _, problems = read_document(raw, name)
    assert all(MARKER not in problem.message for problem in problems)


def test_only_a_misspelt_field_is_named_and_no_other_key() -> None:
    """A key may be record text in the wrong place: a name, a date of birth."""
    root_problems = validate_record_messages(
        {
            "sumary": 1,
            "Jane Smith": 2,
            "JaneSmith": 3,
            "jane_smith": 4,
            "child-jane-smith-dob-2015-01-02": 5,
        }
    )
    assert "unknown field 'sumary' (did you mean 'summary'?)" in root_problems
    assert "jane" not in root_problems.lower() and "2015" not in root_problems


def validate_record_messages(extra: dict[str, object]) -> str:
    from assurance_cli.model.models import Audit

    data = {"id": "x", "title": "x", "kind": "other", "date": None, **extra}
    _, errors = validate_record(Audit, data)
    return "\n".join(error.message for error in errors)


class _Probe(RecordModel):
    identifier: UUID | None = None
    count: Annotated[int, Field(gt=0)] = 1


def test_unmapped_pydantic_errors_are_not_quoted() -> None:
    """Some pydantic messages quote the input; only those stating a schema limit are kept."""
    _, errors = validate_record(_Probe, {"identifier": f"{MARKER}-not-a-uuid"})
    assert [(e.code, e.message) for e in errors] == [
        ("invalid-field", "field 'identifier': not a valid value for this field")
    ]
    _, errors = validate_record(_Probe, {"count": 0})
    assert [(e.code, e.message) for e in errors] == [
        ("invalid-field", "field 'count': Input should be greater than 0")
    ]


def test_an_internal_error_exits_2_with_a_short_message_and_no_data(
    marked_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(root: Path, **options: object) -> None:
        raise RuntimeError(f"secret record text {MARKER}")

    monkeypatch.setattr("assurance_cli.repo.workspace.open_workspace", explode)
    monkeypatch.setattr(sys, "argv", ["assure", "--root", str(marked_repo), "check"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("assure: internal error (RuntimeError).")
    assert "report" in err
    assert MARKER not in err and "Traceback" not in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("report", "digest", "--from", "2016-02-30", "--to", "2016-03-31"),
            "assure: error: --from: no such date: February has 29 days that year\n",
        ),
        (
            ("report", "digest", "--from", "2016-01-01", "--to", "31/03/2016"),
            "assure: error: --to: write the date as YYYY-MM-DD (e.g. 2016-05-31)\n",
        ),
        (
            ("status", "--as-of", "31/05/2016"),
            "assure: error: --as-of: write the date as YYYY-MM-DD (e.g. 2016-05-31)\n",
        ),
        (
            ("status", "--as-of", "2016-05"),
            "assure: error: --as-of: give a full date, YYYY-MM-DD (e.g. 2016-05-31), not a month\n",
        ),
    ],
)
def test_every_date_error_names_its_option_and_advises_what_it_takes(
    args: tuple[str, ...], message: str
) -> None:
    result = run(SHIPPED, *args)
    assert result.exit_code == 2
    assert result.stderr == message
