"""The `assure` script registers only the module of the command it is given (cli/entry.py):
every command must be reachable that way, and the rest of the command line untouched."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from assurance_cli.cli.entry import COMMAND_MODULES, command_named, every_module, modules_for
from assurance_cli.cli.main import app


def registered_names() -> set[str]:
    return set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_every_registered_command_has_its_module() -> None:
    assert registered_names() == set(COMMAND_MODULES)


@pytest.mark.parametrize("name", sorted(COMMAND_MODULES))
def test_each_command_registers_from_its_own_modules(name: str) -> None:
    """In a fresh interpreter, registering only the command's modules makes it reachable."""
    code = (
        "from assurance_cli.cli.entry import register, modules_for\n"
        "from assurance_cli.cli.app import app\n"
        "import typer\n"
        f"register(modules_for([{name!r}]))\n"
        "names = set(typer.main.get_command(app).commands)\n"
        f"assert {name!r} in names, names\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["check", "--strict"], "check"),
        (["--root", "check", "status"], "status"),  # a folder named check
        (["--at", "2016-05-31", "--no-cache", "report", "loop"], "report"),
        (["--at-meeting", "show", "show", "1a"], "show"),
        (["--version"], None),
        ([], None),
    ],
)
def test_the_command_is_found_past_the_global_options(args: list[str], name: str | None) -> None:
    assert command_named(args) == name


def test_help_and_unknown_commands_get_every_command() -> None:
    assert modules_for(["--help"]) == every_module()
    assert modules_for(["chek"]) == every_module()  # for click's did-you-mean
    assert modules_for(["note", "1a", "x"]) == ["edit"]
