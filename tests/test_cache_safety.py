"""The cache can never run code, whatever its bytes, and never writes into the repository:
what a hostile pull request (or anyone who can write where the cache lives) can try."""

from __future__ import annotations

import io
import os
import pickle
import stat
from pathlib import Path

import pytest

from assurance_cli.repo import cache as cache_module
from assurance_cli.repo.cache import SHARDS, open_cache

from .conftest import make_repo, run, run_process


class Exploit:
    """A pickle that runs a command when loaded, as a forger would write it."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.target}",))


def exploit(target: Path) -> bytes:
    evil = pickle.dumps(Exploit(target))
    assert not target.exists()
    return evil


def cache_dir(root: Path) -> Path:
    home = cache_module.cache_home()
    assert home is not None
    return home / cache_module.repository_id(root)


def signed_shard(key: bytes, root: Path, shard: int, body: bytes) -> bytes:
    """A shard as the cache writes one, signed with `key`."""
    cache = cache_module.RecordCache(
        root, key, cache_module.code_version(), cache_module.repository_id(root)
    )
    signature = cache_module._signature(cache, shard)
    signature.update(body)
    return signature.digest() + cache.version + body


def plant_shards(folder: Path, key: bytes, root: Path, body: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for shard in range(SHARDS):
        (folder / cache_module.shard_name(shard)).write_bytes(signed_shard(key, root, shard, body))


def test_a_cache_committed_to_the_repository_is_never_read_nor_written(tmp_path: Path) -> None:
    """The old in-repository cache folder, as a pull request could commit it: a forged
    shard, a .gitignore that links to a record, a shard that links to /dev/zero."""
    root = make_repo(tmp_path)
    marker = tmp_path / "pwned"
    committed = root / ".assure-cache"
    committed.mkdir()
    for shard in range(SHARDS):
        (committed / f"records-{shard:02d}.pickle").write_bytes(
            b"\0" * 32 + cache_module.code_version() + exploit(marker)
        )
    (committed / ".gitignore").symlink_to("../data/board.yaml")
    board = (root / "data/board.yaml").read_bytes()
    assert run(root, "check").exit_code == 0
    assert run(root, "check").exit_code == 0  # warm
    assert not marker.exists()
    assert (root / "data/board.yaml").read_bytes() == board


def test_a_linked_cache_folder_in_the_repository_is_never_written_through(
    tmp_path: Path,
) -> None:
    root = make_repo(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".assure-cache").symlink_to(elsewhere)
    assert run(root, "check").exit_code == 0
    assert list(elsewhere.iterdir()) == []


def test_a_relative_cache_home_is_ignored(tmp_path: Path) -> None:
    """XDG_CACHE_HOME=.cache, run at the root of a repository that commits .cache/: the
    key and the shards would be the repository's own. A relative path is ignored (as the XDG
    specification says): the cache goes to $HOME/.cache."""
    root = make_repo(tmp_path)
    marker = tmp_path / "pwned"
    key = b"k" * 32
    planted = root / ".cache" / "assure"
    planted.mkdir(parents=True, mode=0o700)
    (planted / "cache-key").write_bytes(key)
    (planted / "cache-key").chmod(0o600)
    plant_shards(planted / cache_module.repository_id(root), key, root, exploit(marker))
    home = tmp_path / "home"
    home.mkdir()
    env = {"XDG_CACHE_HOME": ".cache", "HOME": str(home)}
    for _ in range(2):
        result = run_process(Path("."), "check", env=env, cwd=root)
        assert result.exit_code == 0, result.stderr
    assert not marker.exists()
    assert (home / ".cache" / "assure" / "cache-key").stat().st_size == 32


def test_a_cache_home_inside_the_repository_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An absolute XDG_CACHE_HOME inside the checkout (a CI job's choice): the repository
    could supply the key, so no cache is kept at all."""
    root = make_repo(tmp_path)
    marker = tmp_path / "pwned"
    key = b"k" * 32
    planted = root / "ci-cache" / "assure"
    planted.mkdir(parents=True, mode=0o700)
    (planted / "cache-key").write_bytes(key)
    (planted / "cache-key").chmod(0o600)
    plant_shards(planted / cache_module.repository_id(root), key, root, exploit(marker))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "ci-cache"))
    assert open_cache(root) is None
    assert run(root, "check").exit_code == 0
    assert not marker.exists()


@pytest.mark.parametrize("size", [0, 1, 31])
def test_a_short_key_is_replaced_never_trusted(tmp_path: Path, size: int) -> None:
    """A first run cut short (a full disk, a file-size limit) left a short or empty key:
    shards signed with it are forgeable, so the key is made again and they are ignored."""
    root = make_repo(tmp_path)
    marker = tmp_path / "pwned"
    home = cache_module.cache_home()
    assert home is not None
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_file = home / "cache-key"
    key_file.unlink(missing_ok=True)
    short = b"s" * size
    key_file.write_bytes(short)
    key_file.chmod(0o600)
    plant_shards(cache_dir(root), short, root, exploit(marker))
    assert run(root, "check").exit_code == 0
    assert not marker.exists()
    new_key = key_file.read_bytes()
    assert len(new_key) == 32 and new_key != short
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("attack", ["symlink", "readable-by-others", "another-owner", "fifo"])
def test_a_key_file_that_is_not_private_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    root = make_repo(tmp_path)
    marker = tmp_path / "pwned"
    home = tmp_path / "xdg" / "assure"
    home.mkdir(parents=True, mode=0o700)
    key = b"k" * 32
    key_file = home / "cache-key"
    if attack == "symlink":
        (tmp_path / "somebody-elses-key").write_bytes(key)
        (tmp_path / "somebody-elses-key").chmod(0o600)
        key_file.symlink_to(tmp_path / "somebody-elses-key")
    elif attack == "fifo":
        os.mkfifo(key_file, 0o600)
    else:
        key_file.write_bytes(key)
        key_file.chmod(0o644 if attack == "readable-by-others" else 0o600)
        if attack == "another-owner":
            if os.geteuid() != 0:
                pytest.skip("only root can give a file to another user")
            os.chown(key_file, 4242, 4242)
    plant_shards(cache_dir(root), key, root, exploit(marker))
    assert open_cache(root) is None
    assert run(root, "check").exit_code == 0
    assert not marker.exists()


def test_the_cache_and_key_are_private(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    assert run(root, "check").exit_code == 0
    folder = cache_dir(root)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder.parent / "cache-key").stat().st_mode) == 0o600
    shards = list(folder.iterdir())
    assert shards and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in shards)


def test_a_linked_cache_folder_is_not_used(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    folder = cache_dir(root)
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.symlink_to(elsewhere)
    assert open_cache(root) is None
    assert run(root, "check").exit_code == 0
    assert list(elsewhere.iterdir()) == []


def test_shards_that_are_links_fifos_or_devices_are_refused_not_read(tmp_path: Path) -> None:
    """Run as a real process with a time limit: a FIFO read would wait for ever, and
    /dev/zero would fill the memory."""
    root = make_repo(tmp_path)
    xdg = tmp_path / "xdg"
    env = {"XDG_CACHE_HOME": str(xdg)}
    assert run_process(root, "check", env=env).exit_code == 0
    folder = xdg / "assure" / cache_module.repository_id(root)
    shards = sorted(folder.glob("records-*.pickle"))
    assert len(shards) >= 3
    shards[0].unlink()
    shards[0].symlink_to("/dev/zero")
    shards[1].unlink()
    os.mkfifo(shards[1])
    shards[2].unlink()
    (tmp_path / "target").write_bytes(shards[3].read_bytes())
    shards[2].symlink_to(tmp_path / "target")
    result = run_process(root, "check", env=env)
    assert result.exit_code == 0, result.stderr
    assert all(not shard.is_symlink() and shard.is_file() for shard in shards[:3])  # rebuilt


def test_a_signed_shard_still_cannot_name_anything_but_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: even with the user's own key (stolen, say), a shard can build
    only records, dates and problems; it cannot call anything else."""
    root = make_repo(tmp_path)
    marker = tmp_path / "pwned"
    cache = open_cache(root)
    assert cache is not None
    plant_shards(cache_dir(root), cache.key, root, exploit(marker))
    reopened = open_cache(root)
    assert reopened is not None and reopened.entries == {}
    assert not marker.exists()
    assert run(root, "check").exit_code == 0
    assert not marker.exists()


@pytest.mark.parametrize(
    "payload",
    [
        # getattr reaches anything from a class: only tuple.__new__ is given
        b"cbuiltins\ngetattr\n(cbuiltins\ntuple\nV__subclasses__\ntR)R.",
        b"cbuiltins\neval\n(V1\ntR.",
        b"cos\nsystem\n(Vtrue\ntR.",
        b"cassurance_cli.repo.cache\nopen_cache\n.",
        b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x8c\x04open\x93.",
    ],
)
def test_the_record_unpickler_refuses_every_other_global(payload: bytes) -> None:
    with pytest.raises(pickle.UnpicklingError):
        cache_module.RecordUnpickler(io.BytesIO(payload)).load()


def test_the_record_unpickler_reads_what_the_cache_writes(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    run(root, "check")
    cache = open_cache(root)
    assert cache is not None and len(cache.entries) == 6


def test_no_home_and_no_password_entry_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A container running as a uid with no entry in /etc/passwd, and no HOME."""
    import pwd

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    root = make_repo(tmp_path)
    assert cache_module.cache_home() is None
    for args in (["check"], ["status"], ["report", "action-plan", "--plan", "2015-16"]):
        result = run(root, *args)
        assert result.exit_code == 0, (args, result.stderr)
