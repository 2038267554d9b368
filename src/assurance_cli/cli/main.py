"""Every command registered on `app`, as `assure --help` lists them: for the tests and for
anything that drives the app in-process. The `assure` script runs `entry.main`, which
registers only the command it was given."""

from assurance_cli.cli.app import app
from assurance_cli.cli.entry import every_module, main, register

__all__ = ["app", "main"]

register(every_module())
