"""`assure init`: a new board repository holding only what was given, refused over a board."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assurance_cli.edit import init_board
from assurance_cli.problems import AssureError

from .conftest import REPO, run, run_process


def test_init_writes_a_board_that_checks_clean(tmp_path: Path) -> None:
    root = tmp_path / "new-board"
    done = run(None, "init", str(root), "--name", "Sandwell Safeguarding Children Board")
    assert done.exit_code == 0, done.stderr
    assert yaml.safe_load((root / "data" / "board.yaml").read_text()) == {
        "name": "Sandwell Safeguarding Children Board"
    }  # nothing invented: no plans, statuses or leads
    for rel in (".gitignore", ".pre-commit-config.yaml", ".github/workflows/assure.yml"):
        assert (root / rel).is_file(), rel
    assert "Sandwell Safeguarding Children Board" in (root / "README.md").read_text()
    assert (root / "schemas" / "action.schema.json").is_file()
    checked = run_process(root, "check")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    assert "0 errors, 0 warnings" in checked.stderr


def test_init_ci_files_are_the_ones_documented(tmp_path: Path) -> None:
    root = tmp_path / "b"
    assert run(None, "init", str(root), "--name", "B").exit_code == 0
    workflow = (root / ".github" / "workflows" / "assure.yml").read_text()
    assert workflow == (REPO / "examples" / "github-workflow.yml").read_text()
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert config["repos"][0]["hooks"] == [{"id": hooks[0]["id"]}]


def test_init_refuses_a_folder_holding_a_board(tmp_path: Path) -> None:
    root = tmp_path / "b"
    assert run(None, "init", str(root), "--name", "B").exit_code == 0
    before = (root / "data" / "board.yaml").read_bytes()
    again = run(None, "init", str(root), "--name", "Other")
    assert again.exit_code == 2
    assert "already holds a board" in again.stderr
    assert (root / "data" / "board.yaml").read_bytes() == before


def test_init_keeps_a_readme_already_there(tmp_path: Path) -> None:
    root = tmp_path / "b"
    root.mkdir()
    (root / "README.md").write_text("ours\n")
    done = run(None, "init", str(root), "--name", "B", "--short-name", "BB")
    assert done.exit_code == 0
    assert "kept" in done.stdout and "README.md" in done.stdout
    assert (root / "README.md").read_text() == "ours\n"
    assert yaml.safe_load((root / "data" / "board.yaml").read_text())["short_name"] == "BB"


def test_init_needs_a_name(tmp_path: Path) -> None:
    done = run(None, "init", str(tmp_path / "b"), "--name", "  ")
    assert done.exit_code == 2
    assert not (tmp_path / "b").exists()


def test_init_writes_nothing_when_a_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = init_board.write_atomic

    def failing(path: Path, content: bytes, **kwargs: object) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real(path, content, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(init_board, "write_atomic", failing)
    root = tmp_path / "b"
    with pytest.raises(AssureError, match="nothing was written"):
        init_board.init_board(root, name="B")
    assert len(calls) == 4
    assert [p for p in root.rglob("*")] == []  # no file, no folder it made


def test_the_init_excerpt_of_docs_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_doc_excerpts import assert_quoted, excerpt

    command = (
        'assure init our-board --name "Sandwell Safeguarding Children Board" --short-name SSCB'
    )
    monkeypatch.chdir(tmp_path)
    done = run(
        None,
        "init",
        "our-board",
        "--name",
        "Sandwell Safeguarding Children Board",
        "--short-name",
        "SSCB",
    )
    assert done.exit_code == 0
    assert_quoted(excerpt(command), done.stdout + done.stderr)


@pytest.mark.parametrize("name", ["Bad\x07Name", "Two\nLines", "Sandwell\u202eevil"])
def test_init_refuses_a_name_check_would_refuse(tmp_path: Path, name: str) -> None:
    done = run(None, "init", str(tmp_path / "b"), "--name", name)
    assert done.exit_code == 2
    assert "control character or a line break" in done.stderr
    assert not (tmp_path / "b").exists()


def test_init_under_a_file_says_so_without_an_internal_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    done = run(None, "init", str(tmp_path / "afile" / "sub"), "--name", "A Board")
    assert done.exit_code == 2
    assert "cannot make the folder" in done.stderr and "internal error" not in done.stderr
