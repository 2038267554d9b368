"""Fuzzing the reader: whatever the bytes, `read_document`, `parse_record_file` and the privacy
check only ever return problems. Never a ValueError, RecursionError, KeyError, UnicodeError
or a hang: each example has a deadline, and the whole file runs in a few seconds.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assurance_cli.checks.privacy import check_file, find_personal_data
from assurance_cli.io.yaml_reader import Document, read_document
from assurance_cli.model.models import RECORD_TYPES, Action
from assurance_cli.model.validation import validate_record
from assurance_cli.problems import CODES, Problem
from assurance_cli.repo.load import located_problems
from assurance_cli.repo.workspace import open_workspace

from .conftest import BASE_CASE

BOUNDED = settings(
    max_examples=100,
    deadline=timedelta(seconds=2),
    database=None,  # no example database written into the work tree
    suppress_health_check=[HealthCheck.too_slow],
)
REL = "data/audits/fuzz.yaml"
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

# Pieces of YAML that matter to the strict subset, to the scanner and to line counting.
TOKENS = [
    *("a", "id", "title", "due", "kind", "x y", "é€😀", "Child Jane Smith", "07700 900123"),
    *(": ", ":", "- ", "? ", ", ", "\n", "\r\n", "\r", "  ", "\t", "\u2028", "\x85", "\ufeff"),
    *("[", "]", "{", "}", "'", '"', "''", '\\"', "\\x", "#", " # assure: allow privacy-phone"),
    *("|", ">-", "|+2", "&a ", "*a", "!t ", "!!str ", "!<tag:x> ", "<<", "%YAML 1.1\n"),
    *("%TAG ! x\n", "---\n", "...\n", "1e999", "9" * 40, ".inf", "-.nan", "~", "null", "yes"),
    *("2016-02-30", "31/03/2016", "2e5", "1.10", "0x1F", "\x00", "\x07", "\x7f", "\ufffe"),
]
yamlish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=80).map(
    "".join
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(["2016-03-31", "2016-06", "ongoing", "on-track", "qpp-chair", "1a"]),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=25,
)


def field_names(model: Any) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def record_like(model: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Records with the model's own field names and values of any type: the validation
    error mapping sees every kind of mismatch, at every depth."""
    return st.dictionaries(st.sampled_from(field_names(model)), structures, max_size=12)


def dump(data: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=60)


def line_count(raw: bytes) -> int:
    """Lines as YAML counts them: LF, CR, CRLF, NEL, LS and PS all end one."""
    return len(LINE_BREAK.findall(raw.decode("utf-8", errors="replace"))) + 1


def assert_only_problems(raw: bytes, document: Document | None, problems: list[Problem]) -> None:
    lines = line_count(raw)
    for problem in problems:
        assert problem.code in CODES, problem
        assert problem.path == REL
        assert 1 <= problem.line <= lines and problem.col >= 1, problem
        assert "\n" not in problem.message and "\r" not in problem.message
    assert (document is None) == bool(problems)
    if document is not None:
        assert isinstance(document.data, dict)
        for problem in check_file(REL, document):
            assert problem.code.startswith("privacy-")
            assert 1 <= problem.line <= lines and problem.col >= 1


def read_every_way(raw: bytes, kinds: tuple[str, ...] = tuple(RECORD_TYPES)) -> None:
    """Read the bytes, then validate them as each kind of record (one parse, many models)."""
    document, problems = read_document(raw, REL)
    assert_only_problems(raw, document, problems)
    if document is None:
        return
    for kind in kinds:
        record, field_errors = validate_record(RECORD_TYPES[kind], document.data)
        problems = located_problems(field_errors, document, REL)
        assert (record is None) == bool(problems)
        assert all(p.code in CODES and p.line >= 1 and p.col >= 1 for p in problems)


@BOUNDED
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    read_every_way(text.encode())


@BOUNDED
@given(st.binary(max_size=400))
def test_any_bytes(raw: bytes) -> None:
    read_every_way(raw)


@BOUNDED
@given(yamlish)
def test_yaml_ish_token_soup(text: str) -> None:
    read_every_way(text.encode())


@settings(BOUNDED, max_examples=60)
@given(structures, st.data())
def test_valid_yaml_with_one_hostile_token_spliced_in(data: Any, draw: st.DataObject) -> None:
    text = dump({"id": "x", "body": data})
    at = draw.draw(st.integers(0, len(text)))
    token = draw.draw(st.sampled_from(TOKENS))
    read_every_way((text[:at] + token + text[at:]).encode())


@settings(BOUNDED, max_examples=50)
@given(st.sampled_from(["action", "audit", "finding", "board"]), st.data())
def test_record_shaped_data_of_any_type(kind: str, draw: st.DataObject) -> None:
    data = draw.draw(record_like(RECORD_TYPES[kind]))
    read_every_way(dump(data).encode(), (kind,))


@BOUNDED
@given(st.text(max_size=300))
def test_privacy_detections_lie_inside_the_text(text: str) -> None:
    previous_end = 0
    for detection in find_personal_data(text):
        assert previous_end <= detection.start < detection.end <= len(text)
        previous_end = detection.end


@settings(BOUNDED, max_examples=15, deadline=timedelta(seconds=10))
@given(st.lists(record_like(Action), min_size=1, max_size=3))
def test_the_whole_check_survives_odd_records(records: list[dict[str, Any]]) -> None:
    """Records that validate can still be odd (huge numbers, empty lists, self links): the
    cross-record checks and the privacy check must take them."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "board"
        shutil.copytree(BASE_CASE, root)
        for number, data in enumerate(records):
            fixed = {"priority": 1, "title": "x", "lead": [], "due": None, "status": "on-track"}
            data = {**fixed, **data, "ref": f"f{number}"}
            (root / f"data/actions/2015-16/f{number}.yaml").write_text(dump(data))
        workspace = open_workspace(root)
        assert all(p.code in CODES for p in workspace.problems)
        assert all(not math.isnan(p.line) for p in workspace.problems)
