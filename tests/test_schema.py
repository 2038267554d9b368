"""`assure schema`: JSON Schemas for editors, generated from the models, committed, never stale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from assurance_cli.io.layout import find_record_files
from assurance_cli.io.yaml_reader import read_document
from assurance_cli.model.models import RECORD_TYPES
from assurance_cli.model.schema import json_schemas

from .conftest import REPO, make_repo, run

COMMITTED = REPO / "schemas"
BOARDS = [REPO, REPO / "examples/shropshire"]
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def schema(kind: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((COMMITTED / f"{kind}.schema.json").read_bytes())
    return loaded


@pytest.mark.parametrize("committed", [COMMITTED, REPO / "examples/shropshire/schemas"])
def test_committed_schemas_are_up_to_date(tmp_path: Path, committed: Path) -> None:
    result = run(None, "schema", "--output", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    fresh = sorted(p.name for p in tmp_path.iterdir())
    assert fresh == sorted(p.name for p in committed.glob("*.schema.json"))
    for name in fresh:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), (
            f"{committed}/{name} is stale: run `assure schema` and commit the result"
        )


def test_one_schema_per_record_type() -> None:
    assert sorted(json_schemas()) == sorted(f"{kind}.schema.json" for kind in RECORD_TYPES)


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_schemas_are_draft_07(kind: str) -> None:
    document = schema(kind)
    assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(document)
    text = (COMMITTED / f"{kind}.schema.json").read_text()
    assert "$defs" not in text
    assert text.endswith("}\n")


def test_generation_is_deterministic() -> None:
    assert json_schemas() == json_schemas()


def test_dates_are_text_as_the_paper_prints_them() -> None:
    """A date field takes what a paper prints (`31 March 2016`, `Q3 2015/16`): no ISO
    pattern an editor would flag it against; check reads the wording by docs/dates.md."""
    due_change = schema("action")["definitions"]["DueChange"]  # type: ignore[index]
    to = due_change["properties"]["to"]
    text, year = to["anyOf"]
    assert text == {"type": "string", "minLength": 1}
    # `due: 2016` is a number to YAML and a year to the paper.
    assert year == {"type": "integer", "minimum": 1000, "maximum": 9999}
    assert "docs/dates.md" in to["description"]


def shipped_records() -> list[tuple[str, Path, str]]:
    found = []
    for root in BOARDS:
        files, problems = find_record_files(root)
        assert not problems
        found += [(f.kind, Path(f.path), Path(f.path).relative_to(REPO).as_posix()) for f in files]
    return found


@pytest.mark.parametrize(("kind", "path", "name"), shipped_records(), ids=lambda v: str(v))
def test_every_shipped_record_is_valid_against_its_schema(kind: str, path: Path, name: str) -> None:
    document, problems = read_document(path.read_bytes(), name)
    assert document is not None, problems
    validator = jsonschema.Draft7Validator(schema(kind))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document.data)]
    assert errors == []


def test_the_schema_rejects_what_check_rejects() -> None:
    validator = jsonschema.Draft7Validator(schema("action"))
    good = {"ref": "1a", "priority": 1, "title": "x", "lead": [], "due": None, "status": "done"}
    assert not list(validator.iter_errors(good))
    for bad in (
        {**good, "stauts": "done"},
        {**good, "due": ""},
        {**good, "ref": ""},
        {**good, "priority": [1]},
        {key: value for key, value in good.items() if key != "ref"},
    ):
        assert list(validator.iter_errors(bad)), bad


def test_shipped_modelines_point_at_the_committed_schemas() -> None:
    files, _problems = find_record_files(REPO)
    for record in files:
        path = Path(record.path)
        first = path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
        match = MODELINE.fullmatch(first)
        assert match, record.rel
        target = (path.parent / match[1]).resolve()
        assert target == (COMMITTED / f"{record.kind}.schema.json").resolve(), record.rel


def test_schema_writes_into_the_repository_by_default(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    result = run(root, "schema")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (root / "schemas").iterdir()) == sorted(json_schemas())
    assert "wrote" in result.stdout
    again = run(root, "schema")
    assert again.exit_code == 0 and "up to date" in again.stdout


def test_schema_check_exits_1_when_stale(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    assert run(root, "schema", "--check").exit_code == 1
    run(root, "schema")
    assert run(root, "schema", "--check").exit_code == 0
    (root / "schemas/action.schema.json").write_text("{}\n")
    stale = run(root, "schema", "--check")
    assert stale.exit_code == 1
    assert "action.schema.json: missing or stale" in stale.stderr
    assert (root / "schemas/action.schema.json").read_text() == "{}\n"
