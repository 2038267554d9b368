"""`python -m assurance_cli` runs the `assure` command."""

from assurance_cli.cli.main import main

main()
