"""`assure check` as a user and a CI job run it: exit codes, formats, stderr apart."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import SHIPPED, copy_shipped, make_repo, run, run_process


def test_shipped_data_checks_clean() -> None:
    result = run(SHIPPED, "check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith("checked ")
    assert "0 errors, 0 warnings" in result.stderr


def test_shipped_data_clean_in_a_real_process() -> None:
    result = run_process(SHIPPED, "check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_no_data_folder_exits_2(tmp_path: Path) -> None:
    result = run_process(tmp_path, "check")
    assert result.exit_code == 2
    assert "no 'data/' folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_flag_exits_2(tmp_path: Path) -> None:
    result = run_process(make_repo(tmp_path), "check", "--format", "yaml")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_one_fault_in_a_copy_of_the_shipped_data_names_file_and_line(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    target = root / "data/actions/2015-16/1c.yaml"
    text = target.read_text()
    target.write_text(text.replace("status: on-track", "status: ontrack"))
    line = next(
        n for n, row in enumerate(target.read_text().splitlines(), 1) if row.startswith("status:")
    )
    result = run_process(root, "check")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"data/actions/2015-16/1c.yaml:{line}:9: error: unknown status")
    assert "[unknown-status]" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": "ref: 1b\npriority: 9\ntitle: x\nlead: [nobody]\n"
            "due: 2016-13-01\nstatus: done\n",
            "data/audits/broken.yaml": "id: broken\ntitle: [\n",
        },
    )
    result = run(root, "check")
    codes = [line.rsplit("[", 1)[1].rstrip("]") for line in result.stdout.splitlines()]
    assert "yaml-syntax" in codes and "bad-date" in codes
    assert result.exit_code == 1


def test_json_format_is_a_document_of_problems(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": "ref: 1b\npriority: 1\ntitle: x\nlead: []\ndue: null\nstatus: x\n"
        },
    )
    result = run(root, "check", "--format", "json")
    document = json.loads(result.stdout)
    assert document["errors"] == 1 and document["warnings"] == 0
    assert document["version"] == 1 and document["files_checked"] == 6
    (problem,) = document["problems"]
    assert problem == {
        "path": "data/actions/2015-16/1b.yaml",
        "line": 6,
        "column": 9,
        "severity": "error",
        "code": "unknown-status",
        "message": problem["message"],
    }
    assert result.exit_code == 1


def test_github_format_is_default_under_github_actions(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": "ref: 1b\npriority: 1\ntitle: x\nlead: []\ndue: null\nstatus: x\n"
        },
    )
    result = run_process(root, "check", env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith(
        "::error file=data/actions/2015-16/1b.yaml,line=6,col=9,title=unknown-status::"
    )


def test_github_annotation_escapes_workflow_commands() -> None:
    from assurance_cli.problems import error
    from assurance_cli.render.problems import github_annotation

    line = github_annotation(error("a,b:c.yaml", 1, 2, "x", "100% bad\n::error::injected\r"))
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=x::100%25 bad%0A::error::injected%0D"
    )


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": "ref: 1b\npriority: 1\ntitle: x\nlead: []\ndue: null\n"
            "status: on-track\nrelated: [1a]\n"
        },
    )
    assert run(root, "check").exit_code == 0
    assert run(root, "check", "--strict").exit_code == 1


def test_check_never_writes_in_the_repository(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    before = {p: p.is_file() and p.read_bytes() for p in root.rglob("*")}
    run(root, "--no-cache", "check")
    assert before == {p: p.is_file() and p.read_bytes() for p in root.rglob("*")}
    run(root, "check")  # with the cache, kept in the user's cache folder
    assert before == {p: p.is_file() and p.read_bytes() for p in root.rglob("*")}


def test_version_and_help() -> None:
    assert run(None, "--version").stdout.startswith("assure ")
    help_text = run(None, "--help").stdout
    for command in ("check", "status", "show"):
        assert command in help_text


def test_a_plan_that_ends_centuries_after_it_starts_is_a_warning(tmp_path: Path) -> None:
    """A plan ending in 2918 was accepted without a word."""
    root = make_repo(tmp_path)
    board = root / "data/board.yaml"
    board.write_text(board.read_text().replace("end: 2016-03-31}", "end: 2918-03-31}"))
    result = run(root, "check")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "warning: plan '2015-16' ends 2918, more than 10 years after it starts: a typo? "
        "[implausible-date]\n"
    )
    assert run(root, "check", "--strict").exit_code == 1
