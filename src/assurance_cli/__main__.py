"""`python -m assurance_cli` runs the `assure` command."""

from assurance_cli.cli.entry import main

main()
