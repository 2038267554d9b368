"""A board's templates can fail, but never read the machine, hang, exhaust memory, quote
record text in an error, or pass for a bug in assure: every failure names the template and
line and exits 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assurance_cli.queries.reports.loop import LoopContext
from assurance_cli.render.bounds import Limits
from assurance_cli.render.templates import TemplateProblem, render_report

from .conftest import make_repo, run, run_process

LOOP = ("report", "loop", "--period", "2015-16")
CANARY = "canary-7f3a9c1e-not-to-be-read"


def board_with_template(tmp_path: Path, text: str, name: str = "loop.md.j2") -> Path:
    return make_repo(tmp_path, {f"templates/{name}": text})


def canary(tmp_path: Path) -> Path:
    path = tmp_path / "outside.txt"
    path.write_text(f"{CANARY}\n")
    return path


def assert_template_problem(result: object, *phrases: str) -> None:
    exit_code, stdout, stderr = (getattr(result, a) for a in ("exit_code", "stdout", "stderr"))
    assert exit_code == 1, (stdout, stderr)
    assert "bug in assure" not in stderr
    assert CANARY not in stdout + stderr
    for phrase in phrases:
        assert phrase in stderr, stderr


def test_a_linked_template_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "loop.md.j2").symlink_to(canary(tmp_path))
    assert_template_problem(run(root, *LOOP), "templates/loop.md.j2", "symbolic link")
    assert "refused" in run(root, "report", "--list").stdout


def test_a_linked_templates_folder_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "loop.md.j2").write_text(f"{{% include 'x' %}}{CANARY}\n")
    (root / "templates").symlink_to(elsewhere)
    assert_template_problem(run(root, *LOOP), "symbolic link")


@pytest.mark.parametrize(
    "name",
    ["/proc/self/environ", "/etc/passwd", "../../outside.txt", "../board/data/board.yaml", ""],
)
def test_an_include_outside_the_templates_folder_is_refused(tmp_path: Path, name: str) -> None:
    canary(tmp_path)
    root = board_with_template(tmp_path, f"first line\n{{% include '{name}' %}}\n")
    assert_template_problem(run(root, *LOOP), "loop.md.j2, line 2", "refused")


def test_an_include_of_an_absolute_path_never_prints_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSURE_TEST_SECRET", CANARY)
    root = board_with_template(tmp_path, "{% include '/proc/self/environ' %}\n")
    for name in ("import", "extends"):
        root2 = board_with_template(
            tmp_path / name,
            "{% extends '/proc/self/environ' %}\n"
            if name == "extends"
            else "{% import '/proc/self/environ' as e %}\n",
        )
        assert_template_problem(run(root2, *LOOP), "refused")
    assert_template_problem(run(root, *LOOP), "refused")


def test_an_include_through_a_linked_subfolder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "part.md.j2").write_text(CANARY)
    root = board_with_template(tmp_path, "{% include 'parts/part.md.j2' %}\n")
    (root / "templates" / "parts").symlink_to(outside)
    assert_template_problem(run(root, *LOOP), "symbolic link")


def test_an_include_from_a_real_subfolder_works(tmp_path: Path) -> None:
    root = board_with_template(tmp_path, "{% include 'parts/part.md.j2' %}\n")
    (root / "templates" / "parts").mkdir()
    (root / "templates" / "parts" / "part.md.j2").write_text("from the part\n")
    result = run(root, *LOOP)
    assert result.exit_code == 0 and result.stdout == "from the part\n"


def test_a_fifo_template_is_refused_without_waiting(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / "templates").mkdir()
    os.mkfifo(root / "templates" / "loop.md.j2")
    result = run_process(root, *LOOP, timeout=60)
    assert_template_problem(result, "not a regular file")


@pytest.mark.parametrize("missing", ["include", "extends", "import", "from"])
def test_a_missing_included_template_is_named(tmp_path: Path, missing: str) -> None:
    statement = {
        "include": "{% include 'nowhere.md.j2' %}",
        "extends": "{% extends 'nowhere.md.j2' %}",
        "import": "{% import 'nowhere.md.j2' as n %}",
        "from": "{% from 'nowhere.md.j2' import m %}",
    }[missing]
    root = board_with_template(tmp_path, f"first\n{statement}\n")
    assert_template_problem(run(root, *LOOP), "no template 'nowhere.md.j2'", "loop.md.j2")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("ok\n{{ 1/0 }}\n", "ZeroDivisionError"),
        ("ok\n{% for i in range(10**12) %}{% endfor %}\n", "OverflowError"),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}\n", "recursion"),
        ("ok\n{{ [1][5] }}\n", "loop.md.j2"),
        ("ok\n{{ 'a'.index('b') }}\n", "ValueError"),
    ],
)
def test_a_runtime_error_is_the_templates_and_exits_1(
    tmp_path: Path, text: str, phrase: str
) -> None:
    root = board_with_template(tmp_path, text)
    assert_template_problem(run(root, *LOOP), "loop.md.j2, line", phrase)


def test_a_lookup_error_does_not_quote_record_text(tmp_path: Path) -> None:
    root = board_with_template(tmp_path, "ok\n{{ board[board.title] }}\n")
    result = run(root, *LOOP)
    assert_template_problem(result, "loop.md.j2, line 2")
    assert "Test Safeguarding" not in result.stderr and "TSCB" not in result.stderr


def test_a_mistyped_name_is_still_quoted(tmp_path: Path) -> None:
    root = board_with_template(tmp_path, "ok\n{{ board.titel }}\n")
    assert_template_problem(run(root, *LOOP), "loop.md.j2, line 2", "'titel'")


def test_a_template_that_runs_too_long_is_stopped(tmp_path: Path) -> None:
    root = board_with_template(
        tmp_path,
        "ok\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
    )
    with pytest.raises(TemplateProblem, match=r"line 2: the template ran longer than 0\.5 s"):
        render_report(root, "loop", _loop_context(root), limits=Limits(seconds=0.5))


def test_a_template_that_writes_too_much_is_stopped(tmp_path: Path) -> None:
    root = board_with_template(
        tmp_path, "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}\n"
    )
    with pytest.raises(TemplateProblem, match="wrote more than 1 MiB"):
        render_report(root, "loop", _loop_context(root), limits=Limits(output_chars=2**20))


@pytest.mark.parametrize(
    "text",
    [
        "{{ 'x' | center(4000000000) }}\n",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s | length }}\n",
        "{{ '{:>4000000000}'.format(1) }}\n",
    ],
)
def test_strings_of_gigabytes_stop_with_a_clear_error(tmp_path: Path, text: str) -> None:
    """In a real process (the limit is on the process's memory), with a time limit."""
    root = board_with_template(tmp_path, text)
    result = run_process(root, *LOOP, timeout=120)
    assert_template_problem(result, "loop.md.j2")
    assert "memory" in result.stderr or "wrote more than" in result.stderr


def test_control_characters_a_template_writes_are_made_visible(tmp_path: Path) -> None:
    root = board_with_template(tmp_path, "a\x1b[2Jb\u202ec\x07\n")
    result = run(root, *LOOP)
    assert result.exit_code == 0
    assert result.stdout == "a\\x1b[2Jb\\u202ec\\x07\n"


def _loop_context(root: Path) -> LoopContext:
    from assurance_cli.queries.reports.loop import loop_context
    from assurance_cli.repo.workspace import open_workspace

    return loop_context(open_workspace(root).index, "2015-16")


def test_the_limits_are_lifted_after_a_render(tmp_path: Path) -> None:
    import resource
    import signal

    before = (resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGALRM))
    root = board_with_template(tmp_path, "{{ 'x' | center(2000000000) }}\n")
    with pytest.raises(TemplateProblem, match="needed more than 64 MiB of memory"):
        render_report(root, "loop", _loop_context(root), limits=Limits(memory_bytes=64 * 2**20))
    assert render_report(make_repo(tmp_path / "b"), "loop", _loop_context(root)).startswith("# ")
    assert (resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGALRM)) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
