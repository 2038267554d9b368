"""The entry point (the `assure` script runs `main`): the command modules registered on the
app, and the last line of defence.

Importing a command module registers its commands on `app` (typer decorators). `main()`
registers only the module of the command it was given, because typer builds every registered
command's options on every run, which was a tenth of a warm `check`. `assurance_cli.cli.main`
registers them all, for the tests.
"""

import gc
import importlib
import sys
from collections.abc import Sequence

from assurance_cli.cli.app import EXIT_CANNOT_RUN, app

__all__ = ["main"]

# Each command's module, in the order `assure --help` lists the commands.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "init": ("init",),
    "import": ("import_plan",),
    "check": ("check",),
    "status": ("status",),
    "show": ("show",),
    "set-status": ("edit",),
    "reschedule": ("edit",),
    "note": ("edit",),
    "new": ("new",),
    "export": ("export",),
    "import-updates": ("import_updates",),
    "schema": ("schema",),
    "diff": ("diff",),
    "report": ("report", "report_periods"),
    "region": ("region",),
}
# The global options that take a value (see app.py), so that it is not read as a command.
_OPTIONS_WITH_VALUE = frozenset({"--root", "--at", "--at-meeting"})


def register(modules: Sequence[str]) -> None:
    for name in modules:
        importlib.import_module(f"assurance_cli.cli.{name}")


def command_named(args: Sequence[str]) -> str | None:
    """The command a command line names (`--root x check --strict` -> `check`), or None."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def every_module() -> list[str]:
    return list(dict.fromkeys(name for names in COMMAND_MODULES.values() for name in names))


def modules_for(args: Sequence[str]) -> list[str]:
    """The modules to register for this command line: the named command's alone, or every
    one (for `--help`, a misspelt command's did-you-mean, or no command at all)."""
    found = COMMAND_MODULES.get(command_named(args) or "")
    return list(found) if found is not None else every_module()


def main() -> None:
    """Run the app; an unexpected error exits 2 with a short message, no dump."""
    register(modules_for(sys.argv[1:]))
    _run()


def _run() -> None:
    # One command is one short process that builds tens of thousands of long-lived records
    # and almost no reference cycles: the cycle collector would only walk them again and
    # again (about a fifth of a cold check). Forked workers inherit this.
    gc.disable()
    try:
        app(prog_name="assure")
    except KeyboardInterrupt:
        sys.stderr.write("assure: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: never print record data
        sys.stderr.write(
            f"assure: internal error ({type(exc).__name__}). This is a bug in assure, not in "
            "your records; please report it with the command you ran.\n"
        )
        sys.exit(EXIT_CANNOT_RUN)
