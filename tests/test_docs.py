"""The README stays true to the code: every command and every problem code is documented."""

from __future__ import annotations

import re

from assurance_cli.cli.main import app
from assurance_cli.problems import CODES

from .conftest import CASES, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_problem_code_is_in_the_readme_table() -> None:
    section = README.split("#### Problem codes", 1)[1].split("\n#", 1)[0]
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.MULTILINE))
    assert documented == set(CODES)


def test_every_code_the_cases_show_is_registered() -> None:
    shown = set()
    for expected in CASES.glob("*/expected.txt"):
        shown |= set(re.findall(r"\[([a-z-]+)\]$", expected.read_text(), flags=re.MULTILINE))
    assert shown <= set(CODES)


def test_every_command_has_a_readme_section_and_help() -> None:
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        name = name.replace("_", "-")
        assert f"### `assure {name}" in README, name
        assert command.callback is not None and command.callback.__doc__, name


def _every_command_help() -> list[tuple[str, str]]:
    """(command path, help text) for every command and group, and every option's help."""
    import typer.main

    found: list[tuple[str, str]] = []
    stack = [("assure", typer.main.get_command(app))]
    while stack:
        name, command = stack.pop()
        found.append((name, command.help or ""))
        found += [(f"{name} {p.name}", getattr(p, "help", None) or "") for p in command.params]
        for sub_name, sub in getattr(command, "commands", {}).items():
            stack.append((f"{name} {sub_name}", sub))
    return found


def test_no_help_text_has_a_placeholder_markdown_would_swallow() -> None:
    """Help is rendered as Markdown: `<root>` vanished, leaving `put a file in /templates/`
    and `Writes data/actions//.yaml`."""
    swallowed = re.compile(r"<[A-Za-z][\w-]*>")
    holes = [(name, text) for name, text in _every_command_help() if swallowed.search(text)]
    assert holes == []
    assert len(_every_command_help()) > 40  # every command was walked
