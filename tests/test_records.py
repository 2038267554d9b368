"""Each record type is declared once (model/records.py); validation and the JSON Schemas are
built from that declaration, and records are plain named tuples that pickle quickly."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import get_type_hints

from assurance_cli.dates import PartialDate
from assurance_cli.model import records
from assurance_cli.model.fields import OPTIONAL, Default
from assurance_cli.model.models import MODELS, Action, RecordModel, to_record
from assurance_cli.model.schema import json_schemas
from assurance_cli.model.validation import validate_record
from assurance_cli.repo.load import load_repository

ROOT = Path(__file__).resolve().parents[1]


def _named_tuples() -> dict[str, type]:
    return {
        name: value
        for name, value in vars(records).items()
        if isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields")
    }


def test_every_record_type_gets_a_model_with_its_fields_in_its_order() -> None:
    named_tuples = set(_named_tuples()) - {"PartialDate"}  # a value, not a record
    assert named_tuples == {record_type.__name__ for record_type in MODELS}
    for record_type, model in MODELS.items():
        assert issubclass(model, RecordModel)
        assert model.__name__ == record_type.__name__
        assert tuple(model.model_fields) == record_type._fields


def test_the_declaration_decides_what_may_be_left_out_and_what_a_left_out_field_holds() -> None:
    """OPTIONAL and Default in records.py, and only they, make a field optional."""
    for record_type, model in MODELS.items():
        hints = get_type_hints(record_type, include_extras=True)
        for name, info in model.model_fields.items():
            markers = getattr(hints[name], "__metadata__", ())
            may_be_left_out = OPTIONAL in markers or any(isinstance(m, Default) for m in markers)
            assert info.is_required() is not may_be_left_out, f"{record_type.__name__}.{name}"
    data = {"ref": "1a", "priority": None, "title": "T", "lead": [], "due": None, "status": "s"}
    action, problems = validate_record(Action, data)
    assert problems == [] and action is not None
    record = to_record(action)
    assert isinstance(record, records.Action)
    assert (record.progress, record.review_by, record.impact) == ((), None, None)
    period = {"start": "2015-04", "end": "2016-03"}
    plan = validate_record(MODELS[records.Plan], {"id": "p", "title": "P", "period": period})[0]
    assert plan is not None
    plan_record = to_record(plan)
    assert isinstance(plan_record, records.Plan) and plan_record.priority_label == "Priority"


def test_markers_become_the_rules_of_the_json_schema() -> None:
    action = json.loads(json_schemas()["action.schema.json"])
    properties = action["properties"]
    assert properties["themes"]["items"]["pattern"] == r"^[a-z0-9][a-z0-9-]*$"  # ID
    # A ref is kept as published ("1.1b", "3 (ii)"), so only its being non-empty is a rule.
    assert properties["ref"]["minLength"] == 1 and "pattern" not in properties["ref"]
    assert properties["related"]["items"]["minLength"] == 1  # ACTION_REF
    assert "ongoing" in json.dumps(properties["due"]).lower()  # DUE
    # Nothing a real paper may leave out is required: an action needs only its ref.
    assert action["required"] == ["ref"]
    due_change = action["definitions"]["DueChange"]
    assert "from" in due_change["properties"] and "from_" not in due_change["properties"]
    finding = json.loads(json_schemas()["finding.schema.json"])
    assert finding["properties"]["audits"]["minItems"] == 1  # NON_EMPTY


def test_loaded_records_are_plain_and_survive_pickling() -> None:
    repository, problems = load_repository(ROOT, parallel=False)
    assert problems == []
    assert isinstance(repository.board.record if repository.board else None, records.Board)
    action = repository.actions[0].record
    assert isinstance(action, records.Action)
    assert all(isinstance(entry, records.ProgressEntry) for entry in action.progress)
    assert pickle.loads(pickle.dumps(action)) == action


def test_every_named_tuple_unpickles_through_tuple_new_and_keeps_its_type() -> None:
    """The cache relies on this for speed; a new record class must not be left out."""
    repository, _ = load_repository(ROOT, parallel=False)
    for name, cls in _named_tuples().items():
        assert "__reduce__" in vars(cls), name
    with_dates = next(
        a.record for a in repository.actions if a.record.progress and a.record.progress[0].date
    )
    copy = pickle.loads(pickle.dumps(with_dates, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == with_dates
    assert type(copy.progress[0]) is records.ProgressEntry
    assert type(copy.progress[0].date) is PartialDate
    assert str(copy.progress[0].date) == str(with_dates.progress[0].date)
