"""The history cache (repo/blobcache.py): every record and problem reads back as it was
written, and anything it did not write whole is ignored, never trusted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assurance_cli.io.layout import find_record_files
from assurance_cli.repo import blobcache
from assurance_cli.repo.blobcache import BlobCache, blob_key, encode, open_blob_cache
from assurance_cli.repo.load import FileResult, read_and_process

from .conftest import CASES, SHIPPED

SHROPSHIRE = SHIPPED / "examples" / "shropshire"


def every_result() -> list[tuple[str, FileResult]]:
    """The result of every shipped record file and every test case's file (problems of
    every kind among them)."""
    found = []
    roots = [SHIPPED, SHROPSHIRE, *sorted(p for p in CASES.iterdir() if (p / "data").is_dir())]
    for root in roots:
        files, _ = find_record_files(root)
        for record_file in files:
            found.append((f"{root.name}:{record_file.rel}", read_and_process(record_file)))
    return found


def test_every_result_reads_back_equal(tmp_path: Path) -> None:
    results = every_result()
    assert any(result.problems for _, result in results)
    assert any(result.record is None for _, result in results)
    cache = BlobCache(tmp_path, "v1")
    for number, (name, result) in enumerate(results):
        cache.put(f"{number:040x} x {name}", result)
    cache.save()
    fresh = BlobCache(tmp_path, "v1")
    fresh.load()
    assert len(fresh.entries) == len(results)
    for number, (name, result) in enumerate(results):
        back = fresh.get(f"{number:040x} x {name}")
        assert back == result
        assert type(back.record) is type(result.record)  # named tuples compare as tuples


def test_the_files_are_data_only(tmp_path: Path) -> None:
    cache = BlobCache(tmp_path, "v1")
    cache.put("a" * 40 + " action x", every_result()[0][1])
    cache.save()
    (shard,) = tmp_path.glob("blobs-*.json")
    document = json.loads(shard.read_text(encoding="ascii"))
    assert document["format"] == blobcache.FORMAT and document["code"] == "v1"


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: text.replace('"code":"v1"', '"code":"v0"'),  # other code
        lambda text: text.replace('"t":"Action"', '"t":"Popen"'),  # a type it may not build
        lambda text: text.replace('"t":"Action","f":[', '"t":"Action","f":["extra",'),
        lambda text: text.replace('"entries":{', '"entries":{"x":1,'),  # not a result
        lambda text: "\0\xff" + text,
    ],
)
def test_a_damaged_shard_is_ignored(tmp_path: Path, damage: object) -> None:
    assert callable(damage)
    result = next(r for _, r in every_result() if type(r.record).__name__ == "Action")
    cache = BlobCache(tmp_path, "v1")
    cache.put("b" * 40 + " action x", result)
    cache.save()
    (shard,) = tmp_path.glob("blobs-*.json")
    shard.write_bytes(damage(shard.read_text(encoding="ascii")).encode("utf-8", "surrogateescape"))
    fresh = BlobCache(tmp_path, "v1")
    fresh.load()
    assert fresh.entries == {}


def test_a_shard_that_is_not_a_regular_file_is_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "blobs-00.json")
    (tmp_path / "target.json").write_text("{}")
    os.symlink(tmp_path / "target.json", tmp_path / "blobs-01.json")
    cache = BlobCache(tmp_path, "v1")
    cache.load()  # would hang on the FIFO if it opened it for reading without O_NONBLOCK
    assert cache.entries == {}


def test_a_folder_open_to_others_or_inside_the_repository_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = tmp_path / "repo"
    repository.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert open_blob_cache(repository, "").folder is not None
    folder = open_blob_cache(repository, "").folder
    assert folder is not None
    folder.chmod(0o755)
    assert open_blob_cache(repository, "").folder is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(repository / ".cache"))
    assert open_blob_cache(repository, "").folder is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert open_blob_cache(repository, "").folder == open_blob_cache(repository, "").folder
    assert str(open_blob_cache(repository, "").folder).startswith(str(tmp_path / "home"))
    assert open_blob_cache(repository, "", use_cache=False).folder is None


def test_the_key_names_the_blob_the_kind_and_the_path() -> None:
    files, _ = find_record_files(SHIPPED)
    record_file = files[0]
    assert blob_key("c" * 40, record_file) == f"{'c' * 40} {record_file.kind} {record_file.rel}"


def test_only_the_record_types_can_be_kept() -> None:
    with pytest.raises(TypeError):
        encode(object())
