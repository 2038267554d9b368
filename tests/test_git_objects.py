"""One `git cat-file --batch` process reads old versions (io/git_objects.py): the files it lists
are those `git ls-tree` lists, batches of any size come back whole, a file over the limit is
never held, and what git cannot give is a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assurance_cli.io.git import first_parent_log, list_data_files, locate
from assurance_cli.io.git_objects import ObjectReader, parse_tree
from assurance_cli.io.layout import classify_tree
from assurance_cli.problems import AssureError

from .conftest import SHIPPED
from .git_helpers import commit_all, git, init_repo


def test_the_files_listed_are_those_ls_tree_lists(tmp_path: Path) -> None:
    # a board in a subfolder, with an action outside any plan, a .yml file, a deeper folder
    root = init_repo(tmp_path / "work")
    board = root / "boards" / "sandwell"
    shutil.copytree(SHIPPED / "data", board / "data")
    (board / "data" / "actions" / "stray.yaml").write_text("ref: x\n")
    (board / "data" / "audits" / "old.yml").write_text("id: old\n")
    (board / "data" / "audits" / "deeper").mkdir()
    (board / "data" / "audits" / "deeper" / "x.yaml").write_text("id: x\n")
    (board / "data" / "notes").mkdir()
    (board / "data" / "notes" / "n.yaml").write_text("n: 1\n")
    commit_all(root)
    location = locate(board)
    (commit,) = first_parent_log(location)
    expected = classify_tree(board, list_data_files(location, commit.id))
    with ObjectReader(location) as reader:
        (tree,) = reader.data_trees([commit]).values()
        assert tree is not None
        folders = reader.data_files([tree])[tree]
    listed = [entry for folder in folders for entry in folder.files]
    files, problems = classify_tree(board, listed)
    assert files == expected[0] and sorted(problems) == sorted(expected[1])
    assert {p.code for p in problems} == {"wrong-extension"}
    assert any(f.rel.endswith("actions/stray.yaml") and f.plan == "" for _, f in files)


def test_a_large_batch_comes_back_whole(tmp_path: Path) -> None:
    """Far more than a pipe holds, both ways: git answers while it is still being asked."""
    root = init_repo(tmp_path / "many")
    for number in range(3000):
        (root / f"f{number}.txt").write_text(f"file {number}\n" * 20)
    commit_all(root)
    listing = git(root, "ls-tree", "HEAD").splitlines()
    ids = [line.split()[2] for line in listing]
    with ObjectReader(locate(root)) as reader:
        found = reader.blobs(ids, limit=1 << 20)
    assert len(found) == 3000
    assert found[ids[0]] == (root / listing[0].split("\t")[1]).read_bytes()


def test_a_file_over_the_limit_is_never_held_and_the_next_still_reads(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "big")
    (root / "big.txt").write_bytes(b"x" * 300_000)
    (root / "small.txt").write_bytes(b"small\n")
    commit_all(root)
    ids = {
        line.split("\t")[1]: line.split()[2] for line in git(root, "ls-tree", "HEAD").splitlines()
    }
    with ObjectReader(locate(root)) as reader:
        found = reader.read([ids["big.txt"], ids["small.txt"]], limit=1000)
    assert found[ids["big.txt"]].data is None and found[ids["big.txt"]].size == 300_000
    assert found[ids["small.txt"]].data == b"small\n"


def test_an_object_git_does_not_have_is_a_clear_error(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "one")
    (root / "a.txt").write_text("a\n")
    commit_all(root)
    blob = git(root, "rev-parse", "HEAD:a.txt").strip()
    with ObjectReader(locate(root)) as reader:
        with pytest.raises(AssureError, match="git has no object 0123456"):
            reader.read(["0123456789" * 4, blob])
        assert reader.blobs([blob], limit=100) == {blob: b"a\n"}  # a fresh process answers


@pytest.mark.parametrize(
    "raw", [b"100644 a.txt\0short", b"no space here", b"100644 a\0" + b"x" * 5]
)
def test_a_damaged_tree_is_a_clear_error(raw: bytes) -> None:
    with pytest.raises(AssureError, match="assure cannot read"):
        parse_tree(raw, 20)


def test_a_tree_reads_as_git_writes_it(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "tree")
    (root / "a file.txt").write_text("a\n")
    (root / "sub").mkdir()
    (root / "sub" / "b.txt").write_text("b\n")
    (root / "link").symlink_to("a file.txt")
    commit_all(root)
    tree = git(root, "rev-parse", "HEAD^{tree}").strip()
    with ObjectReader(locate(root)) as reader:
        entries = reader.trees([tree])[tree]
    listed = {
        (line.split()[0].lstrip("0") or "0", line.split("\t")[1], line.split()[2])
        for line in git(root, "ls-tree", "HEAD").splitlines()
    }
    assert {(e.mode.lstrip("0"), e.name, e.object_id) for e in entries} == listed
