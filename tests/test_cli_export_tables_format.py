"""`assure export --format jsonl|csv|parquet` as a user runs it: files written, personal data refused unless
allowed, files with errors named as left out, Parquet read back through DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assurance_cli.queries.export_tables import SCHEMA

from .conftest import REPO, SHIPPED, make_repo, run, run_process
from .test_doc_excerpts import assert_quoted, excerpt

PERSONAL = "ref: 9z\ntitle: Tom Brown, aged 7, was placed on a plan\n"


def test_writes_one_file_per_table_and_the_manifest(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    done = run_process(
        root, "export", "--format", "jsonl", "--output", str(tmp_path / "out"), "--board-id", "b"
    )
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("wrote 18 tables (")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted([*(f"{t.name}.jsonl" for t in SCHEMA), "manifest.json"])
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["board"] == "b" and manifest["commit"] == "working-tree"
    actions = (tmp_path / "out" / "actions.jsonl").read_text(encoding="ascii").splitlines()
    assert len(actions) == manifest["tables"]["actions"]["rows"] == 3


def test_personal_data_is_refused_naming_each_problem(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"data/actions/2015-16/9z.yaml": PERSONAL})
    done = run(root, "export", "--format", "jsonl", "--output", str(tmp_path / "out"))
    assert done.exit_code == 2
    assert "data/actions/2015-16/9z.yaml:2:8: error:" in done.stderr
    assert "[privacy-child-name]" in done.stderr
    assert "not exported: the records may hold personal data (1 privacy error" in done.stderr
    assert "--allow-personal-data" in done.stderr
    assert "Tom Brown" not in done.stderr + done.stdout
    assert not (tmp_path / "out").exists()


def test_personal_data_is_exported_when_allowed(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"data/actions/2015-16/9z.yaml": PERSONAL})
    out = tmp_path / "out"
    done = run(root, "export", "--format", "jsonl", "--output", str(out), "--allow-personal-data")
    assert done.exit_code == 0, done.stderr
    assert "Tom Brown" in (out / "actions.jsonl").read_text(encoding="ascii")


def test_files_that_did_not_load_are_named_and_exit_1(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"data/actions/2015-16/9z.yaml": "ref: 9z\nstauts: x\n"})
    done = run(root, "export", "--output", str(tmp_path / "out"), "--format", "csv")
    assert done.exit_code == 1
    assert "assure: left out: data/actions/2015-16/9z.yaml:2:1: error:" in done.stderr
    assert (tmp_path / "out" / "actions.csv").read_text(encoding="utf-8").count("\n") == 4


def test_parquet_reads_back_typed_through_duckdb(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    root = make_repo(tmp_path)
    out = tmp_path / "out"
    done = run(root, "export", "--output", str(out), "--format", "parquet")
    assert done.exit_code == 0, done.stderr
    relation = duckdb.sql(f"SELECT action, due, falls_due FROM '{out / 'actions.parquet'}'")
    assert [str(kind) for kind in relation.types] == ["VARCHAR", "DATE", "DATE"]
    assert len(relation.fetchall()) == 3
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["format"] == "parquet"


def test_the_commands_page_quotes_what_it_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    command = "assure export --format jsonl --output exports/sandwell --board-id sandwell"
    done = run(SHIPPED, *command.split()[1:])
    assert done.exit_code == 0, done.stderr
    assert_quoted(excerpt(command), done.stdout + done.stderr)
    root = make_repo(tmp_path, {"data/actions/2015-16/9z.yaml": PERSONAL})
    done = run(root, "export", "--format", "jsonl", "--output", "exports/x")
    assert_quoted(
        excerpt("assure --root board-with-a-name export --format jsonl --output exports/x"),
        done.stdout + done.stderr,
    )


def test_with_at_every_row_carries_the_commit_read(tmp_path: Path) -> None:
    from .history_repo import build_history

    root = tmp_path / "history"
    build_history(root)
    out = tmp_path / "out"
    done = run(root, "--at", "2015-11-01", "export", "--format", "jsonl", "--output", str(out))
    assert done.exit_code == 0, done.stderr
    commit = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["commit"]
    assert len(commit) == 40 and commit.startswith(done.stderr.split("committed at ")[1][:7])
    rows = [json.loads(line) for line in (out / "actions.jsonl").read_text().splitlines()]
    assert rows and {row["commit"] for row in rows} == {commit}


def test_a_failed_export_leaves_the_export_already_there_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(REPO, "export", "--format", "jsonl", "--output", str(out)).exit_code == 0
    (out / "themes.jsonl").unlink()
    (out / "themes.jsonl").mkdir()  # a folder where a table's file belongs
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    shropshire = REPO / "examples" / "shropshire"
    done = run(shropshire, "export", "--format", "jsonl", "--output", str(out))
    assert done.exit_code == 2 and "themes.jsonl is not a regular file" in done.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_files_left_out_travel_in_the_manifest_to_the_region_report(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "board"
    shutil.copytree(REPO / "tests" / "cases" / "_base", root)
    broken = sorted((root / "data" / "actions").rglob("*.yaml"))[0]
    broken.write_text(broken.read_text() + "::: broken\n")
    out = tmp_path / "out"
    done = run(root, "export", "--format", "jsonl", "--output", str(out))
    assert done.exit_code == 1
    left_out = json.loads((out / "manifest.json").read_text())["left_out"]
    assert [entry["path"] for entry in left_out] == [broken.relative_to(root).as_posix()]
    report = run(None, "region", "report", "overdue", "--board", str(out), "--as-of", "2017-03-31")
    assert report.exit_code == 1
    assert f"left out: out: {left_out[0]['path']}" in report.stderr
    assert report.stdout.rstrip().endswith("| working-tree | 1 |")
