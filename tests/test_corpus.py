"""The corpus of broken and hostile input (tests/corpus/): every case through the loader, and
through `assure check` on a copy of the shipped data, where it must be reported at its file,
line and column, with exit 1, no traceback, and the untouched records still checked.

The expectations are a table, tests/corpus/expected.txt; the cases that cannot be committed as
files (symbolic links, a file over the size limit, an unreadable file) are built here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from assurance_cli.io import yaml_reader as yamlio
from assurance_cli.io.layout import RecordFile
from assurance_cli.io.yaml_reader import MAX_BYTES
from assurance_cli.problems import CODES
from assurance_cli.repo import load as loader
from assurance_cli.repo.load import process_file

from .conftest import SHIPPED, copy_shipped, run, run_process

CORPUS = Path(__file__).parent / "corpus"
SHIPPED_FILES = sum(1 for _ in (SHIPPED / "data").rglob("*.yaml"))
# A fault planted in an untouched record: it must still be reported beside every case.
PLANTED = "data/actions/2015-16/1c.yaml"
PLANTED_CODE = "dangling-ref"
# Codes that come from where a file stands, not from reading its bytes.
NOT_FROM_READING = {"wrong-extension"}
MARKER = "Zqxv7 secret marker"  # never in any output


@dataclass(frozen=True)
class Expected:
    path: str
    code: str
    line: int
    col: int
    words: str


def read_expectations() -> dict[str, list[Expected]]:
    """expected.txt: `path code line col [words]` rows, grouped by path; `ok` rows are empty."""
    found: dict[str, list[Expected]] = {}
    for row in (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        path, code, line, col, *words = row.split()
        cases = found.setdefault(path, [])
        if code != "ok":
            cases.append(Expected(path, code, int(line), int(col), " ".join(words)))
    return found


EXPECTED = read_expectations()
CASES = sorted(EXPECTED)


def corpus_files() -> list[str]:
    return sorted(
        p.relative_to(CORPUS).as_posix() for p in (CORPUS / "data").rglob("*") if p.is_file()
    )


def record_file(rel: str) -> RecordFile:
    parts = rel.split("/")
    kind = "action" if parts[1] == "actions" else "audit"
    plan = parts[2] if kind == "action" and len(parts) == 4 else ""
    return RecordFile(CORPUS / rel, rel, kind, plan)


def planted_copy(tmp_path: Path) -> tuple[Path, tuple[int, int]]:
    """A copy of the shipped data with one dangling reference planted; returns its place."""
    root = copy_shipped(tmp_path)
    target = root / PLANTED
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.startswith("related:"))
    lines[number] = "related: [9zz]\n"
    target.write_text("".join(lines), encoding="utf-8")
    return root, (number + 1, len("related: [") + 1)


def parse_text_output(stdout: str) -> list[tuple[str, int, int, str, str]]:
    pattern = re.compile(r"(.+?):(\d+):(\d+): (?:error|warning): (.*) \[([a-z-]+)\]")
    rows = []
    for line in stdout.splitlines():
        found = pattern.fullmatch(line)
        assert found, f"not a problem line: {line!r}"
        rows.append((found[1], int(found[2]), int(found[3]), found[5], found[4]))
    return rows


def assert_case_reported(rel: str, rows: list[tuple[str, int, int, str, str]]) -> None:
    mine = sorted((line, col, code) for path, line, col, code, _ in rows if path == rel)
    assert mine == sorted((e.line, e.col, e.code) for e in EXPECTED[rel]), rel
    messages = {(path, line, col, code): message for path, line, col, code, message in rows}
    for e in EXPECTED[rel]:
        assert e.words in messages[(rel, e.line, e.col, e.code)]


# --- the table itself -----------------------------------------------------------------------


def test_every_corpus_file_has_expectations_and_every_expectation_a_file() -> None:
    assert corpus_files() == CASES


def test_the_corpus_uses_only_registered_codes() -> None:
    assert {e.code for cases in EXPECTED.values() for e in cases} <= set(CODES)


# --- through the loader ---------------------------------------------------------------------


# A file in the wrong place or with the wrong extension is never read at all.
READ_CASES = [rel for rel in CASES if not {e.code for e in EXPECTED[rel]} & NOT_FROM_READING]


@pytest.mark.parametrize("rel", READ_CASES)
def test_loader_reports_each_case_at_its_place(rel: str) -> None:
    """What reading a file finds, the checks on its record included (not the privacy
    check: tested apart)."""
    wanted = sorted(
        (e for e in EXPECTED[rel] if not e.code.startswith("privacy-")),
        key=lambda e: (e.line, e.col, e.code),
    )
    result = process_file(record_file(rel), (CORPUS / rel).read_bytes())
    problems = sorted(
        (p for p in result.problems if not p.code.startswith("privacy-")),
        key=lambda p: (p.line, p.col, p.code),
    )
    assert [(p.line, p.col, p.code) for p in problems] == [(e.line, e.col, e.code) for e in wanted]
    assert all(p.path == rel for p in problems)
    for expected, problem in zip(wanted, problems, strict=True):
        assert expected.words in problem.message
    if not problems:
        assert result.record is not None


# --- through `assure check` on a copy of the shipped data -----------------------------------


@pytest.fixture(scope="module")
def shipped_with_plant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root, (line, col) = planted_copy(tmp_path_factory.mktemp("corpus"))
    yield root, f"{PLANTED}:{line}:{col}"


@pytest.mark.parametrize("rel", CASES)
def test_check_reports_each_case_and_still_checks_the_rest(
    rel: str, shipped_with_plant: tuple[Path, str]
) -> None:
    root, planted_at = shipped_with_plant
    target = root / rel
    shutil.copyfile(CORPUS / rel, target)
    try:
        result = run(root, "check", "--format", "json")
    finally:
        target.unlink()
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    document = json.loads(result.stdout)
    rows = [
        (p["path"], p["line"], p["column"], p["code"], p["message"]) for p in document["problems"]
    ]
    assert_case_reported(rel, rows)
    others = [(path, line, col, code) for path, line, col, code, _ in rows if path != rel]
    assert others == [(PLANTED, *map(int, planted_at.split(":")[1:]), PLANTED_CODE)]
    never_read = any(e.code in NOT_FROM_READING for e in EXPECTED[rel])
    assert document["files_checked"] == SHIPPED_FILES + (not never_read)


def test_whole_corpus_at_once_in_a_real_process(tmp_path: Path) -> None:
    """Every case together, plus the built ones, as CI runs it: one bad file never hides
    another, and no file's content (a symlink's target) reaches the output."""
    root, (line, col) = planted_copy(tmp_path)
    shutil.copytree(CORPUS / "data", root / "data", dirs_exist_ok=True)
    built = build_unusual_files(root, tmp_path)
    result = run_process(root, "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert MARKER not in result.stdout + result.stderr
    rows = parse_text_output(result.stdout)
    for rel in CASES:
        assert_case_reported(rel, rows)
    for rel, code in built.items():
        assert (rel, 1, 1, code) in [(p, n, c, k) for p, n, c, k, _ in rows]
    assert (PLANTED, line, col, PLANTED_CODE) in [(p, n, c, k) for p, n, c, k, _ in rows]
    expected_paths = {*EXPECTED, *built, PLANTED} - {
        r for r, cases in EXPECTED.items() if not cases
    }
    assert {row[0] for row in rows} == expected_paths


# --- the cases built here -------------------------------------------------------------------


def outside_secret(tmp_path: Path) -> Path:
    """A folder outside the board holding a file whose content must never be printed."""
    secret = tmp_path / "outside"
    secret.mkdir(exist_ok=True)
    (secret / "secret.yaml").write_text(
        f"id: secret\ntitle: [{MARKER}\nsummary: *{MARKER.split()[0]}\n", encoding="utf-8"
    )
    return secret


def build_unusual_files(root: Path, tmp_path: Path) -> dict[str, str]:
    """Symbolic links (to a file, to a folder) and a file over the size limit."""
    secret = outside_secret(tmp_path)
    (root / "data/audits/corpus-symlink.yaml").symlink_to(secret / "secret.yaml")
    (root / "data/reporting").symlink_to(secret, target_is_directory=True)
    (root / "data/actions/corpus-plan").symlink_to(secret, target_is_directory=True)
    big = "id: corpus-too-large\ntitle: Corpus case\nkind: other\ndate: null\nsummary: >-\n"
    big += "  words words words words words words words words words words\n" * 9000
    assert len(big.encode()) > MAX_BYTES
    (root / "data/audits/corpus-too-large.yaml").write_text(big, encoding="utf-8")
    return {
        "data/audits/corpus-symlink.yaml": "symlink",
        "data/reporting": "symlink",
        "data/actions/corpus-plan": "symlink",
        "data/audits/corpus-too-large.yaml": "file-too-large",
    }


def test_a_symlinked_record_is_refused_and_its_target_never_shown(tmp_path: Path) -> None:
    root, _ = planted_copy(tmp_path)
    secret = outside_secret(tmp_path)
    (root / "data/audits/corpus-symlink.yaml").symlink_to(secret / "secret.yaml")
    for fmt in ("text", "json", "github"):
        result = run(root, "check", "--format", fmt)
        assert result.exit_code == 1
        assert MARKER not in result.stdout + result.stderr
        assert str(secret) not in result.stdout + result.stderr
        assert "symlink" in result.stdout


def test_a_symlinked_data_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "board"
    root.mkdir()
    (root / "data").symlink_to(outside_secret(tmp_path), target_is_directory=True)
    result = run(root, "check")
    assert result.exit_code == 1
    assert result.stdout.startswith("data:1:1: error: ")
    assert "[symlink]" in result.stdout and MARKER not in result.stdout


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"id: x\n" + b"#" * (MAX_BYTES * 4))
    assert len(loader.read_record_bytes(big)) == MAX_BYTES + 1
    problems = process_file(
        RecordFile(big, "data/audits/big.yaml", "audit"), loader.read_record_bytes(big)
    ).problems
    assert [(p.code, p.line, p.col) for p in problems] == [("file-too-large", 1, 1)]


def test_an_unreadable_file_is_reported_and_the_rest_still_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, (line, col) = planted_copy(tmp_path)
    real_read = loader.read_record_bytes

    def refuse(path: str | Path) -> bytes:
        if Path(path).name == "1d.yaml":
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(loader, "read_record_bytes", refuse)
    result = run(root, "check")
    rows = [(p, n, c, k) for p, n, c, k, _ in parse_text_output(result.stdout)]
    assert ("data/actions/2015-16/1d.yaml", 1, 1, "unreadable") in rows
    assert (PLANTED, line, col, PLANTED_CODE) in rows
    assert result.exit_code == 1
    assert "Permission denied" in result.stdout


def test_a_fifo_where_a_record_should_be_is_never_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(OSError):
        loader.read_record_bytes(fifo)


def test_a_control_character_in_a_file_name_never_reaches_the_output(tmp_path: Path) -> None:
    root, _ = planted_copy(tmp_path)
    name = "corpus-\x1b[31m\n::error file=x::injected.yaml"
    (root / "data/audits" / name).write_text("id: [\n", encoding="utf-8")
    for fmt in ("text", "github"):
        result = run(root, "check", "--format", fmt)
        assert "\x1b" not in result.stdout
        assert "\n::error file=x" not in result.stdout
        assert len(result.stdout.splitlines()) == 2  # the planted fault and this file


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
@pytest.mark.parametrize(
    "rel",
    [
        "data/audits/corpus-deep-flow.yaml",
        "data/audits/corpus-deep-block.yaml",
        "data/audits/corpus-deep-mapping.yaml",
        "data/audits/corpus-alias-bomb.yaml",
    ],
)
def test_deep_nesting_and_alias_bombs_are_refused_at_once(
    rel: str, parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused where the limit is crossed: nothing past it is built, with either parser."""
    if parser == "pure-python":
        monkeypatch.setattr(yamlio, "_FastLoader", yaml.SafeLoader)
    start = time.perf_counter()
    document, problems = yamlio.read_document((CORPUS / rel).read_bytes(), rel)
    assert time.perf_counter() - start < 5  # a guard against a hang, not a speed target
    assert document is None
    assert [(p.line, p.col, p.code) for p in problems] == [
        (e.line, e.col, e.code) for e in EXPECTED[rel]
    ]
