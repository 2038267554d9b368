"""`python -m assurance_cli` runs the `assure` command."""

from .cli import main

main()
