"""The entry point: every command module registered on the app, and the last line of defence.

Importing a command module registers its commands on `app` (typer decorators), so this module
imports them all; nothing imports this one but the `assure` script and the tests.
"""

import gc
import sys

# In the order `assure --help` lists the commands.
# isort: off
from assurance_cli.cli import check, status, show, edit, new, schema, diff  # noqa: F401
from assurance_cli.cli import report, report_periods  # noqa: F401

# isort: on
from assurance_cli.cli.app import EXIT_CANNOT_RUN, app

__all__ = ["app", "main"]


def main() -> None:
    """Run the app; an unexpected error exits 2 with a short message, no dump."""
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
