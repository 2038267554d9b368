"""Control and bidi characters in record text, in ids and in file names reach no output raw:
terminal, text, GitHub annotations, Markdown, CSV, JSON, reports. Bare URLs, e-mail addresses
and mentions in record text never become links in GitHub's Markdown."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from assurance_cli.render.escape import escape_controls, escape_line
from assurance_cli.render.markdown import escape_cell, escape_inline, escape_paragraph

from .conftest import run
from .git_helpers import commit_all, init_repo

HOSTILE = Path(__file__).parent / "hostile"
# Raw controls an output must never hold: all C0 but tab and line feed, DEL, C1, bidi
# controls, line and paragraph separators, lone surrogates.
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def hostile_records(tmp_path: Path) -> Path:
    """The hostile fixture's records alone (no templates, no links), in a git repository
    with one commit, then edited (so `diff` has changes to show)."""
    root = init_repo(tmp_path / "board")
    shutil.copytree(HOSTILE / "data", root / "data", symlinks=True)
    for link in [p for p in (root / "data").rglob("*") if p.is_symlink()]:
        link.unlink()
    commit_all(root)
    action = root / "data/actions/2015-16/1a.yaml"
    text = action.read_text().replace("status: on-track", "status: completed")
    entry = '  - date: 2016-01-02\n    text: "closed \\e]0;t\\a at https://x.example"\n'
    action.write_text(text.replace("related: [2a]", entry + "related: [2a]"))
    return root


def assert_clean(output: str) -> None:
    found = RAW.search(output)
    assert found is None, (
        f"raw {found.group()!r} in output: {output[max(0, found.start() - 40) : found.end() + 40]!r}"
    )


COMMANDS = [
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format", "github"),
    ("status",),
    ("status", "--format", "json"),
    ("status", "--format", "csv"),
    ("status", "--format", "markdown"),
    ("status", "--by", "lead"),
    ("status", "--by", "status", "--format", "markdown"),
    ("show", "2015-16/1a"),
    ("show", "2015-16/1a", "--format", "json"),
    ("show", "cse-review-2015"),
    ("show", "cse-review-risks", "--format", "json"),
    ("report", "action-plan", "--plan", "2015-16"),
    ("report", "learning", "--period", "2015-16"),
    ("report", "loop", "--period", "2015-16"),
    ("report", "business-plan", "--plan", "2015-16"),
    ("report", "digest", "--from", "2015-01-01", "--to", "2016-12-31"),
    ("diff", "HEAD"),
    ("diff", "HEAD", "--format", "json"),
    ("diff", "HEAD", "--format", "markdown"),
    ("set-status", "2015-16/1a", "nonsense\x1b[2J"),
    ("note", "2015-16/1a", "x", "--on", "2016-13-01"),
]


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_records(tmp_path_factory.mktemp("escapes"))


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_output_carries_a_raw_control_character(
    hostile_root: Path, args: tuple[str, ...]
) -> None:
    result = run(hostile_root, "--no-cache", *args)
    assert result.exit_code in (0, 1, 2), result
    assert result.stdout or result.stderr
    assert_clean(result.stdout)
    assert_clean(result.stderr)


def test_the_record_text_is_there_made_visible(hostile_root: Path) -> None:
    shown = run(hostile_root, "show", "cse-review-2015").stdout
    assert "\\x1b]8;;https://evil.example/\\x07click here" in shown
    assert "\\u202eevil\\u202c" in shown
    rows = json.loads(run(hostile_root, "status", "--format", "json").stdout)
    assert any("\x1b]8;;" in row["title"] for row in rows)  # JSON keeps the data itself


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_message_cannot_inject_a_problem_line(fmt: str) -> None:
    """Messages quote ids, and an id is read from a record: whatever it holds, a problem
    stays one line (one annotation) and no terminal sequence gets through."""
    from assurance_cli.problems import error
    from assurance_cli.render.problems import format_problems

    message = "unknown lead 'x\x1b[2J\nfake.yaml:1:1: error: injected [x]\r::error::also'"
    output = format_problems([error("data/a.yaml", 1, 1, "unknown-lead", message)], fmt, 1)
    assert_clean(output)
    if fmt != "json":
        assert len(output.splitlines()) == 1
        assert "\\x1b[2J" in output


def test_a_key_that_tries_to_inject_a_line_is_not_echoed(hostile_root: Path) -> None:
    lines = run(hostile_root, "check").stdout.splitlines()
    assert not any(line.startswith("fake.yaml") for line in lines)
    assert "a key that is no field of this record (not shown)" in "\n".join(lines)


def test_a_terminal_gets_no_escape_sequence_but_its_own_colours(hostile_root: Path) -> None:
    from datetime import date

    from assurance_cli.queries.show import build_detail
    from assurance_cli.queries.status import StatusFilter, select_actions
    from assurance_cli.render.show_text import detail_view
    from assurance_cli.render.terminal import print_detail, print_status
    from assurance_cli.repo.workspace import open_workspace

    index = open_workspace(hostile_root).index
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=200)
    rows = select_actions(index, StatusFilter(), date(2016, 5, 31))
    print_status(console, rows, None, "summary")
    print_detail(console, detail_view(build_detail(index, "2015-16/1a", date(2016, 5, 31))))
    colours = re.compile(r"\x1b\[[0-9;]*m")  # rich's own SGR colour codes, nothing else
    assert_clean(colours.sub("", buffer.getvalue()))


def test_control_characters_in_file_and_folder_names_are_made_visible(tmp_path: Path) -> None:
    root = hostile_records(tmp_path)
    names = [
        "data/audits/evil\x1b[2J\x1b]0;title\x07.yaml",
        "data/audits/x\nfake.yaml:1:1: error: injected [x].yaml",
        "data/actions/2015-16\x1b[31m/1z.yaml",
        "data/findings/\u202ereversed.yaml",
    ]
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("id: [broken\n")
    commit_all(root, "files with hostile names")
    for name in names:
        (root / name).write_text("not: [closed\n")
    for args in (
        ("check",),
        ("check", "--format", "github"),
        ("diff", "HEAD~1"),
        ("diff", "HEAD~1", "--format", "markdown"),
        ("diff", "HEAD", "--format", "json"),
    ):
        result = run(root, "--no-cache", *args)
        assert_clean(result.stdout)
        assert_clean(result.stderr)
        assert not any(
            line.startswith("fake.yaml") for line in (result.stdout + result.stderr).splitlines()
        )


GFM = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table"])


@pytest.mark.parametrize(
    "text",
    [
        "see https://evil.example/login now",
        "http://evil.example",
        "ftp://evil.example/x",
        "www.evil.example/path",
        "WWW.EVIL.EXAMPLE",
        "mail jane.smith@evil.example",
        "mailto:jane@evil.example",
        "xmpp:jane@evil.example",
        "ask @octocat",
        "<https://evil.example>",
        "[click](https://evil.example)",
    ],
)
def test_bare_urls_and_addresses_never_become_links(text: str) -> None:
    for escaped in (escape_inline(text), escape_paragraph(text), escape_cell(text)):
        html = GFM.render(escaped)
        assert "<a " not in html, (escaped, html)
        assert "evil" not in text or "evil" in html  # the text itself is still there


def test_escaped_text_reads_as_written() -> None:
    text = "Review at https://x.example/a?b=1 with jane@x.example, @team, www.x.example"
    html = GFM.render(escape_paragraph(text))
    assert html == f"<p>{text.replace('&', '&amp;')}</p>\n"


def test_escape_makes_every_control_visible_and_nothing_else() -> None:
    assert escape_controls("a\x1b[2Jb\x07c\u202ed\x9be\x00\tf\ng") == (
        "a\\x1b[2Jb\\x07c\\u202ed\\x9be\\x00\tf\ng"
    )
    assert escape_line("a\nb\rc") == "a\\x0ab\\x0dc"
    assert escape_controls("Plain text, é, 日本, emoji 🎉") == "Plain text, é, 日本, emoji 🎉"
    assert escape_controls(escape_controls("\x1b")) == escape_controls("\x1b")
