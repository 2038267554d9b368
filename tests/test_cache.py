"""The warm cache: the same answers as a cold run, a changed file re-read alone, and a
stale, corrupt or foreign cache ignored and rebuilt, never trusted. (What a hostile repository
or cache folder can try is in test_cache_safety.py.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assurance_cli.repo import cache as cache_module
from assurance_cli.repo import load as loader
from assurance_cli.repo.cache import open_cache, save_cache
from assurance_cli.repo.load import load_repository

from .conftest import SHIPPED, copy_shipped, make_repo, run


def cache_dir(root: Path) -> Path:
    """Where the cache of the repository at `root` lives (in the user's cache folder)."""
    home = cache_module.cache_home()
    assert home is not None
    return home / cache_module.repository_id(root)


def shard_file(root: Path, shard: int) -> Path:
    return cache_dir(root) / cache_module.shard_name(shard)


def cached_check(root: Path) -> tuple[int, str]:
    result = run(root, "check", "--format", "json")
    return result.exit_code, result.stdout


def count_parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record which files are parsed from then on."""
    parsed: list[str] = []
    real = loader.process_file

    def spy(record_file: loader.RecordFile, raw: bytes) -> loader.FileResult:
        parsed.append(record_file.rel)
        return real(record_file, raw)

    monkeypatch.setattr(loader, "process_file", spy)
    return parsed


def test_warm_run_gives_the_cold_answer_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_shipped(tmp_path)
    (root / "data/actions/2015-16/1c.yaml").write_text(
        (root / "data/actions/2015-16/1c.yaml").read_text().replace("on-track", "ontrack")
    )
    cold = run(root, "--no-cache", "check", "--format", "json")
    first = cached_check(root)  # writes the cache
    parsed = count_parsed(monkeypatch)
    warm = cached_check(root)
    assert cold.stdout == first[1] == warm[1]
    assert warm[0] == cold.exit_code == 1
    assert parsed == []  # nothing parsed: every record came from the cache
    assert '"unknown-status"' in warm[1]


def test_a_changed_file_is_parsed_again_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path)
    cached_check(root)
    target = root / "data/actions/2015-16/1b.yaml"
    target.write_text(target.read_text().replace("status: completed", "status: on-track"))
    parsed = count_parsed(monkeypatch)
    rows = run(root, "status", "--format", "json").stdout
    assert parsed == ["data/actions/2015-16/1b.yaml"]
    assert '"status": "on-track"' in rows


def test_a_deleted_file_leaves_the_cache(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    cached_check(root)
    (root / "data/findings/cse-review-risks.yaml").unlink()
    result = run(root, "check")
    assert "unknown finding 'cse-review-risks'" in result.stdout


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    root = make_repo(tmp_path)
    expected = cached_check(root)
    shards = sorted(cache_dir(root).glob("records-*.pickle"))
    assert shards
    damaged = {}
    for path in shards:
        blob = path.read_bytes()
        damaged[path] = {
            "truncate": blob[: len(blob) // 2],
            "flip": blob[:-1] + bytes([blob[-1] ^ 1]),
            "garbage": os.urandom(200),
            "empty": b"",
        }[damage]
        path.write_bytes(damaged[path])
    assert cached_check(root) == expected
    assert all(path.read_bytes() != damaged[path] for path in shards)  # rebuilt


def test_a_cache_from_other_code_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path)
    cached_check(root)
    monkeypatch.setattr(cache_module, "code_version", lambda: b"other code" * 4)
    cache = open_cache(root)
    assert cache is not None and cache.entries == {}


def test_no_cache_flag_neither_reads_nor_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path)
    run(root, "--no-cache", "check")
    assert not cache_dir(root).exists()
    cached_check(root)
    parsed = count_parsed(monkeypatch)
    run(root, "--no-cache", "check")
    assert len(parsed) == 6


def test_a_cache_folder_that_cannot_be_made_just_means_no_cache(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    cache_dir(root).parent.mkdir(parents=True, exist_ok=True)
    cache_dir(root).write_text("a file where the folder should be")
    result = run(root, "check")
    assert result.exit_code == 0
    assert open_cache(root) is None


def test_cache_round_trip_keeps_records_equal(tmp_path: Path) -> None:
    cache = open_cache(SHIPPED)
    assert cache is not None
    cold, _ = load_repository(SHIPPED, cache=None, parallel=False)
    fresh = cache_module.RecordCache(tmp_path, cache.key, cache.version)
    load_repository(SHIPPED, cache=fresh)
    fresh.root = tmp_path
    fresh.repository = cache_module.repository_id(tmp_path)
    save_cache(fresh)
    reopened = open_cache(tmp_path)
    assert reopened is not None and len(reopened.entries) == cold.files_read
    warm, _ = load_repository(SHIPPED, cache=reopened)
    assert [a.record for a in warm.actions] == [a.record for a in cold.actions]
    assert [f.record for f in warm.findings] == [f.record for f in cold.findings]


def test_parallel_and_sequential_reading_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "PARALLEL_FROM", 10)
    sequential, problems_1 = load_repository(SHIPPED, parallel=False)
    parallel, problems_2 = load_repository(SHIPPED, parallel=True)
    assert problems_1 == problems_2
    assert [a.record for a in sequential.actions] == [a.record for a in parallel.actions]


def test_a_change_rewrites_only_its_own_shard(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    cached_check(root)
    before = {path: path.stat().st_mtime_ns for path in cache_dir(root).glob("records-*")}
    assert len(before) > 1
    target = root / "data/actions/2015-16/1b.yaml"
    target.write_text(target.read_text() + "# touched\n")
    cached_check(root)
    rewritten = [p for p, stamp in before.items() if p.stat().st_mtime_ns != stamp]
    assert rewritten == [shard_file(root, cache_module.shard_of("data/actions/2015-16/1b.yaml"))]


def test_an_edit_of_the_same_size_with_its_time_set_back_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A modification time can be set back (`touch -d`, `rsync -t`, an editor); the inode's
    change time cannot: the cache compares it too."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # no digest to fall back on
    root = make_repo(tmp_path)
    target = root / "data/actions/2015-16/1b.yaml"
    assert cached_check(root)[0] == 0
    before = target.stat()
    text = target.read_text()
    edited = text.replace("status: completed", "status: completex")
    assert len(edited) == len(text)
    target.write_text(edited)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    code, output = cached_check(root)
    assert code == 1 and '"unknown-status"' in output


def test_a_file_written_again_in_the_same_tick_is_checked_by_its_bytes(tmp_path: Path) -> None:
    """On a coarse clock a second write in the same tick leaves every time as it was: a file
    cached just after it changed keeps a digest of its bytes, checked on the next run."""
    root = make_repo(tmp_path)
    target = root / "data/actions/2015-16/1b.yaml"
    cache = open_cache(root)
    assert cache is not None
    load_repository(root, cache=cache, parallel=False)
    entry = cache.entries["data/actions/2015-16/1b.yaml"]
    assert entry[2] is not None  # written just now: racy, so its digest is kept
    stamp = entry[0]
    record_file = loader.RecordFile(target, "data/actions/2015-16/1b.yaml", *stamp)
    assert cache.get_all([record_file]) == [entry[1]]  # same bytes: the result is used
    target.write_text(target.read_text().replace("completed", "completex"))
    # The same stamp, as a clock that did not tick would leave it: the bytes tell.
    assert cache.get_all([record_file]) == [None]


def test_a_racy_entry_settles_once_it_is_old_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path)
    cached_check(root)
    cache = open_cache(root)
    assert cache is not None
    assert all(entry[2] is not None for entry in cache.entries.values())
    monkeypatch.setattr(cache_module, "RACY_NS", -(10**18))  # as if every file were old
    cache = open_cache(root)
    assert cache is not None
    load_repository(root, cache=cache, parallel=False)
    assert all(entry[2] is None for entry in cache.entries.values())
    assert cache.dirty  # written again without the digests


def test_a_cold_cache_filled_in_workers_holds_what_a_sequential_run_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "PARALLEL_FROM", 10)
    root = copy_shipped(tmp_path)
    bad = root / "data/actions/2015-16/1c.yaml"
    bad.write_text(bad.read_text().replace("on-track", "ontrack"))
    # One file cannot be read (a chmod would not stop root): it is reported, never cached.
    unreadable = root / "data/audits/cse-missing-audit-2016.yaml"
    real_read = loader.read_record_bytes

    def read(path: str | Path) -> bytes:
        if Path(path) == unreadable:
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(loader, "read_record_bytes", read)  # forked workers inherit it
    expected, expected_problems = load_repository(root, parallel=False)
    assert [p.code for p in expected_problems if p.path.endswith(unreadable.name)] == ["unreadable"]
    cache = open_cache(root)
    assert cache is not None and not cache.entries
    filled, problems = load_repository(root, cache=cache, parallel=True)
    assert cache.encoded  # the workers pickled the shards: nothing pickled here
    assert sorted(problems) == sorted(expected_problems)
    assert_same_records(filled, expected)
    save_cache(cache)

    monkeypatch.setattr(loader, "read_record_bytes", real_read)
    reopened = open_cache(root)
    assert reopened is not None and not reopened.dirty
    assert "data/audits/cse-missing-audit-2016.yaml" not in reopened.entries
    warm, warm_problems = load_repository(root, cache=reopened, parallel=False)
    now, now_problems = load_repository(root, parallel=False)
    assert not any(p.code == "unreadable" for p in warm_problems)  # read afresh, not cached
    assert sorted(warm_problems) == sorted(now_problems)
    assert_same_records(warm, now)


def assert_same_records(found: loader.Repository, expected: loader.Repository) -> None:
    assert [a.record for a in found.actions] == [a.record for a in expected.actions]
    assert [a.record for a in found.audits] == [a.record for a in expected.audits]
    assert [f.record for f in found.findings] == [f.record for f in expected.findings]
    assert found.files_read == expected.files_read
