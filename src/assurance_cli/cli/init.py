"""`assure init`: start a new board repository."""

from pathlib import Path
from typing import Annotated

import typer

from assurance_cli.cli.app import EXIT_OK, app, say


@app.command()
def init(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DIR]",
            help="The folder of the new board repository (made if missing). Default: the "
            "folder given with --root, else the current one.",
            show_default=False,
        ),
    ] = None,
    name: Annotated[str, typer.Option("--name", help="The board's name, as it publishes it.")] = "",
    short_name: Annotated[
        str | None, typer.Option("--short-name", help="Its abbreviation, e.g. SSCB.")
    ] = None,
) -> None:
    """Start a new board repository: data/board.yaml, schemas, CI and a README.

    Writes data/board.yaml holding only the name (and short name) given, the JSON Schemas
    for editors, a .gitignore, a pre-commit config and a GitHub workflow that run
    `assure check` (annotating pull requests), and a short README for the board's staff.
    Every file is written or none. A folder that already holds a board is refused (exit 2);
    a README or .gitignore already there is kept.

    Then bring the plan in with `assure import`.

    Example:

        assure init sandwell-board --name "Sandwell Safeguarding Children Board" \\
            --short-name SSCB
    """
    from assurance_cli.cli.app import fail, root_of
    from assurance_cli.edit.init_board import init_board

    if not name.strip():
        fail('give the board\'s name: --name "Sandwell Safeguarding Children Board"')
    root = folder if folder is not None else root_of(ctx)
    new = init_board(root, name=name, short_name=short_name)
    for rel in new.files:
        if not rel.startswith("schemas/"):
            say(f"wrote {_shown(root, rel)}")
    schemas = sum(1 for rel in new.files if rel.startswith("schemas/"))
    if schemas:
        say(f"wrote {schemas} schemas in {_shown(root, 'schemas')}/")
    for rel in new.kept:
        say(f"kept {_shown(root, rel)} (already there)")
    at = f"--root {root} " if root != Path(".") else ""
    say(f"next: assure {at}import PLAN.xlsx --plan ID --dry-run")
    raise typer.Exit(EXIT_OK)


def _shown(root: Path, rel: str) -> str:
    return (root / rel).as_posix() if root != Path(".") else rel
