"""The plain records (records.py) and the pydantic models (models.py) describe the same fields."""

from __future__ import annotations

import pickle
from pathlib import Path

from assurance_cli.dates import PartialDate
from assurance_cli.model import records
from assurance_cli.model.validation import RUNTIME_TYPES, RecordModel
from assurance_cli.repo.load import load_repository

ROOT = Path(__file__).resolve().parents[1]


def test_every_model_has_a_record_with_the_same_fields_in_the_same_order() -> None:
    for model, runtime in RUNTIME_TYPES.items():
        assert runtime.__name__ == model.__name__
        assert runtime._fields == tuple(model.model_fields), model.__name__
        aliases = {name: info.alias for name, info in model.model_fields.items() if info.alias}
        assert {name: records.file_key(name) for name in aliases} == aliases


def _named_tuples() -> dict[str, type]:
    return {
        name: value
        for name, value in vars(records).items()
        if isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields")
    }


def test_every_record_class_has_a_model() -> None:
    named_tuples = set(_named_tuples()) - {"PartialDate"}  # a value, not a record
    assert named_tuples == {model.__name__ for model in RUNTIME_TYPES}
    assert all(issubclass(model, RecordModel) for model in RUNTIME_TYPES)


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
