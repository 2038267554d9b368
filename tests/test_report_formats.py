"""Report formats as a user meets them: the format from --output's extension, refusals with
exit 2 and a clear message (and nothing written), binary output to standard output only when
asked, paper options refused for Markdown, the paper file, and commands that write no paper
never importing python-docx or matplotlib."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SHIPPED, make_repo, run, run_process

PLAN = ("report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31")


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("plan.md", b"# SSCB Action Plan 2015-16\n"),
        ("plan.markdown", b"# SSCB Action Plan 2015-16\n"),
        ("plan.html", b"<!DOCTYPE html>\n"),
        ("PLAN.HTM", b"<!DOCTYPE html>\n"),
        ("plan.docx", b"PK\x03\x04"),
    ],
)
def test_the_format_comes_from_the_extension(name: str, start: bytes, tmp_path: Path) -> None:
    path = tmp_path / name
    result = run(SHIPPED, *PLAN, "--output", str(path))
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes().startswith(start)


def test_markdown_stays_the_default_on_stdout() -> None:
    result = run(SHIPPED, *PLAN)
    assert result.exit_code == 0
    assert result.stdout.startswith("# SSCB Action Plan 2015-16\n")
    assert result.stdout == run(SHIPPED, *PLAN, "--output", "-").stdout


def test_html_prints_when_asked_for() -> None:
    result = run(SHIPPED, *PLAN, "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--output", "plan.txt"), "cannot tell the format from the extension '.txt'"),
        (("--output", "plan"), "cannot tell the format from a name with no extension"),
        (("--output", "plan.doc"), "name the file with one of .md, .markdown, .html, .htm"),
        (("--output", "plan.html", "--format", "docx"), "names an HTML file; name it .docx"),
        (("--output", "plan.md", "--format", "html"), "names a Markdown file"),
        (("--format", "rtf"), "--format rtf: choose one of md, html, docx, pdf"),
        (("--format", "docx"), "Word is a binary file: give --output FILE.docx"),
        (("--format", "pdf"), "PDF is a binary file"),
        (("--title", "A paper"), "--title shape a paper (html, docx or pdf)"),
        (("--output", "plan.md", "--since", "HEAD"), "--since shape a paper"),
        (("--output", "x.html", "--paper", "../secret"), "give the name of a file in papers/"),
        (("--output", "x.html", "--paper", "none-such"), "no paper file papers/none-such.yaml"),
    ],
)
def test_refusals_exit_2_with_a_clear_message(
    args: tuple[str, ...], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(SHIPPED, *PLAN, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_a_binary_paper_goes_to_stdout_only_with_output_dash(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "assurance_cli", "--root", str(SHIPPED), *PLAN]
    done = subprocess.run(
        [*command, "--format", "docx", "--output", "-"],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"PK\x03\x04")
    (tmp_path / "piped.docx").write_bytes(done.stdout)
    import docx

    assert len(docx.Document(str(tmp_path / "piped.docx")).tables) > 9


def test_every_report_is_listed_with_its_template() -> None:
    result = run(SHIPPED, "report", "--list")
    assert "exceptions     Red and amber, overdue and rescheduled actions" in result.stdout


def test_the_same_paper_gives_the_same_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run(SHIPPED, *PLAN, "--output", str(tmp_path / f"{name}.docx")).exit_code == 0
        assert run(SHIPPED, *PLAN, "--output", str(tmp_path / f"{name}.html")).exit_code == 0
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


# --- the paper file ------------------------------------------------------------------------


def test_the_cover_comes_from_a_paper_file_and_options_override_it(tmp_path: Path) -> None:
    paper = (
        "title: Action plan progress\nmeeting: Board, 9 June 2016\ndate: 2016-06-02\n"
        "author: Business Manager\nrecommendations:\n  - Note progress.\n  - Agree dates.\n"
    )
    root = make_repo(tmp_path, {"papers/2016-06.yaml": paper})
    result = run(
        root, "report", "action-plan", "--plan", "2015-16", "--format", "html",
        "--paper", "2016-06", "--author", "Chair",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert "<h1>Action plan progress</h1>" in html
    assert "<dt>Meeting</dt><dd>Board, 9 June 2016</dd>" in html
    assert "<dt>Date</dt><dd>2 June 2016</dd>" in html
    assert "<dt>Author</dt><dd>Chair</dd>" in html
    assert "<li>Note progress.</li>\n<li>Agree dates.</li>" in html
    assert "<dt>Version</dt>" not in html and ">Purpose<" not in html


def test_a_bad_paper_file_is_refused_with_every_problem_at_its_place(tmp_path: Path) -> None:
    paper = "titel: A paper\nauthor: 3\nrecommendations:\n  - ''\n"
    root = make_repo(tmp_path, {"papers/bad.yaml": paper})
    out = tmp_path / "p.html"
    result = run(
        root, "report", "action-plan", "--plan", "2015-16", "--output", str(out),
        "--paper", "bad",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:3] == [
        "papers/bad.yaml:1:1: error: unknown field 'titel' (did you mean 'title'?) [unknown-field]",
        "papers/bad.yaml:2:9: error: field 'author': expected text, found a number; put it in "
        "quotes, e.g. ref: '1.10' [wrong-type]",
        "papers/bad.yaml:4:5: error: field 'recommendations[0]': must not be empty [empty-value]",
    ]
    assert not out.exists()


def test_a_paper_file_in_bad_yaml_is_refused_at_its_place(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"papers/bad.yaml": "title: [unclosed\n"})
    result = run(
        root, "report", "loop", "--period", "2015-16", "--format", "html", "--paper", "bad"
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("papers/bad.yaml:")
    assert "[yaml-syntax]" in result.stderr


def test_a_paper_file_that_is_a_link_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / "papers").mkdir()
    (tmp_path / "elsewhere.yaml").write_text("title: from outside\n")
    (root / "papers" / "linked.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    result = run(
        root, "report", "loop", "--period", "2015-16", "--format", "html", "--paper", "linked"
    )
    assert result.exit_code == 2
    assert "papers/linked.yaml:1:1: error: cannot read the file" in result.stderr


# --- what commands that write no paper import -------------------------------------------

PROBE = """
import json, sys
from assurance_cli.cli.main import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
heavy = ("docx", "matplotlib", "docxtpl", "lxml", "openpyxl")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
"""


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--as-of", "2016-05-31"),
        ("check",),
        PLAN,
        ("report", "exceptions", "--plan", "2015-16", "--as-of", "2016-05-31"),
    ],
)
def test_commands_that_write_no_paper_import_no_office_library(args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--root", str(SHIPPED), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_writing_a_paper_does_import_them(tmp_path: Path) -> None:
    """The probe above can see an import: the paper path does pull python-docx in."""
    out = tmp_path / "p.docx"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--root", str(SHIPPED), *PLAN, "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    imported = json.loads(done.stdout.splitlines()[-1])
    assert "docx" in imported and "matplotlib" in imported


def test_a_real_run_writes_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "paper.html"
    result = run_process(SHIPPED, *PLAN, "--output", str(out))
    assert result.exit_code == 0
    assert result.stderr == f"wrote {out} (HTML)\n"
    assert result.stdout == ""


@pytest.mark.parametrize(("module", "name"), [("docx", "paper.docx"), ("matplotlib", "paper.html")])
def test_without_the_office_extra_a_paper_is_refused_clearly(
    module: str, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for loaded in [m for m in sys.modules if m == module or m.startswith(f"{module}.")]:
        monkeypatch.delitem(sys.modules, loaded)
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now fails
    result = run(SHIPPED, *PLAN, "--output", str(tmp_path / name))
    assert result.exit_code == 2
    assert "needs the office extra" in result.stderr
    assert "pip install 'assurance-cli[office]'" in result.stderr
    assert not (tmp_path / name).exists()
