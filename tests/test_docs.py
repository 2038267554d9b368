"""The documentation stays true to the code: every problem code is listed in docs/problems.md
(in the order and groups of `CODES`), every command and subcommand is described in
docs/commands.md and has an example in the README, and every link between the pages leads
somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import click
import typer.main

from assurance_cli.cli.main import app
from assurance_cli.problems import CODES

from .conftest import CASES, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = REPO / "docs"
PROBLEMS = (DOCS / "problems.md").read_text(encoding="utf-8")
COMMANDS = (DOCS / "commands.md").read_text(encoding="utf-8")
# Options that come before the command, with the value each takes (if any).
GLOBAL_OPTIONS = {"--root": 1, "--no-cache": 0, "--at": 1, "--at-meeting": 1}


def test_docs_problems_lists_every_code_in_the_order_of_codes() -> None:
    listed = re.findall(r"^\| `([a-z-]+)` \| (.+) \|$", PROBLEMS, flags=re.MULTILINE)
    assert [code for code, _ in listed] == list(CODES)
    assert dict(listed) == CODES  # each meaning as the code's own


def test_docs_problems_groups_the_codes_as_codes_does() -> None:
    """Each `## group` of the page holds one commented group of CODES, in its order."""
    source = (REPO / "src" / "assurance_cli" / "problems.py").read_text(encoding="utf-8")
    body = source.split("CODES: dict[str, str] = {", 1)[1].split("\n}\n", 1)[0]
    in_source: list[list[str]] = []
    for line in body.splitlines():
        if line.strip().startswith("#"):
            in_source.append([])
        elif found := re.match(r'\s*"([a-z-]+)":', line):
            in_source[-1].append(found[1])
    sections = PROBLEMS.split("\n## ")[1:]
    on_page = [re.findall(r"^\| `([a-z-]+)` \|", s, flags=re.MULTILINE) for s in sections]
    assert [group for group in on_page if group] == in_source


def test_every_code_the_cases_show_is_registered() -> None:
    shown = set()
    for expected in CASES.glob("*/expected.txt"):
        shown |= set(re.findall(r"\[([a-z-]+)\]$", expected.read_text(), flags=re.MULTILINE))
    assert shown <= set(CODES)


def command_paths() -> list[tuple[str, click.Command]]:
    """Every command and subcommand as a user types it (`check`, `report action-plan`)."""
    found: list[tuple[str, click.Command]] = []
    stack: list[tuple[str, click.Command]] = [("", typer.main.get_command(app))]
    while stack:
        path, command = stack.pop()
        if path:
            found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            stack.append((f"{path} {name}".strip(), sub))
    return sorted(found, key=lambda item: item[0])


def test_the_walk_finds_every_command() -> None:
    paths = [path for path, _ in command_paths()]
    assert {"check", "report", "report trend", "new action", "set-status"} <= set(paths)
    assert len(paths) == 26


def test_every_command_has_a_section_in_docs_commands_and_help() -> None:
    headings = re.findall(r"^#{2,4} `assure ([^`]+)`", COMMANDS, flags=re.MULTILINE)
    for path, command in command_paths():
        named = [h for h in headings if re.match(rf"{re.escape(path)}(\s|\[|$)", h)]
        grouped = [h for h in headings if h.startswith("new ") and path.startswith("new ")]
        assert named or (grouped and path.split()[1] in grouped[0]), path
        assert command.help, path


def readme_examples() -> list[str]:
    """Each `assure ...` line of the README's code blocks, its global options dropped."""
    blocks = re.findall(r"^```(?:console|sh)\n(.*?)^```", README, flags=re.MULTILINE | re.S)
    examples = []
    for block in blocks:
        for line in block.splitlines():
            words = line.removeprefix("$ ").split()
            if not words or words[0] != "assure":
                continue
            rest = words[1:]
            while rest and rest[0] in GLOBAL_OPTIONS:
                rest = rest[1 + GLOBAL_OPTIONS[rest[0]] :]
            examples.append(" ".join(rest))
    return examples


def test_every_command_has_an_example_in_the_readme() -> None:
    examples = readme_examples()
    for path, command in command_paths():
        if isinstance(command, click.Group):
            continue  # a group (report, new) is shown by its subcommands
        assert any(e == path or e.startswith(path + " ") for e in examples), path


def test_every_global_option_has_an_example_in_the_readme() -> None:
    blocks = "\n".join(re.findall(r"^```(?:console|sh)\n(.*?)^```", README, re.M | re.S))
    for option in GLOBAL_OPTIONS:
        assert re.search(rf"^(\$ )?assure {option}\b", blocks, flags=re.MULTILINE), option


def github_slug(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {github_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE)}


def test_every_link_between_the_docs_leads_somewhere() -> None:
    pages = sorted(DOCS.glob("*.md"))
    assert len(pages) >= 13
    checked = 0
    for page in pages:
        text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.exists(), f"{page.name}: {target}"
            if anchor and linked.suffix == ".md":
                assert anchor in anchors(linked), f"{page.name}: {target}"
            checked += 1
    assert checked > 40


def _every_command_help() -> list[tuple[str, str]]:
    """(command path, help text) for every command and group, and every option's help."""
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
