"""The fast read path (libyaml, no positions kept) and the slow one (pure-Python parser,
positions kept) report the same problems at the same file:line:col on every corpus case."""

from __future__ import annotations

import pytest
import yaml

from assurance_cli.io import yaml_reader as yamlio
from assurance_cli.repo.load import process_file

from .test_corpus import CASES, CORPUS, record_file


def problems(rel: str) -> list[tuple[str, int, int, str]]:
    """Where and what (the two parsers word their syntax errors differently)."""
    found = process_file(record_file(rel), (CORPUS / rel).read_bytes()).problems
    return sorted((p.path, p.line, p.col, p.code) for p in found)


def test_the_c_parser_is_the_one_in_use() -> None:
    assert yamlio.C_PARSER_AVAILABLE and yamlio._FastLoader is yaml.CSafeLoader


@pytest.mark.parametrize("rel", CASES)
def test_c_and_pure_python_parsers_agree(rel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = problems(rel)
    monkeypatch.setattr(yamlio, "_FastLoader", yaml.SafeLoader)
    assert problems(rel) == fast


@pytest.mark.parametrize("rel", CASES)
def test_untracked_and_tracked_reads_agree(rel: str) -> None:
    raw = (CORPUS / rel).read_bytes()
    tracked, tracked_problems = yamlio.read_document(raw, rel)
    fast, fast_problems = yamlio.read_document(raw, rel, track=False)
    assert fast_problems == tracked_problems
    assert (fast is None) == (tracked is None)
    if fast is not None and tracked is not None:
        assert fast.data == tracked.data
