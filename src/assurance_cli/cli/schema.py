"""`assure schema`: the JSON Schemas editors use to validate and complete records."""

from pathlib import Path
from typing import Annotated

import typer

from assurance_cli.cli.app import EXIT_FOUND, EXIT_OK, app, fail, root_of, say


@app.command()
def schema(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Folder to write into. Default: schemas/ in the repository."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 when a schema is missing or stale."),
    ] = False,
) -> None:
    """Write a JSON Schema for each record type, for editors to validate and complete fields.

    Writes board, action, audit, finding and reporting .schema.json (draft-07), generated
    from assure's own record formats. Records point at them with their first line, e.g.
    `# yaml-language-server: $schema=../../../schemas/action.schema.json`.

    Examples:

        assure schema

        assure schema --check   # in CI: fail when the committed schemas are stale
    """
    from assurance_cli.model.schema import SCHEMA_DIR, stale_schemas

    # The repository's own schemas/ folder may be a link a pull request committed; a folder
    # the user names is theirs to choose.
    within = root_of(ctx) if output is None else None
    folder = output if output is not None else root_of(ctx) / SCHEMA_DIR
    if check:
        stale = stale_schemas(folder)
        for name in stale:
            say(f"{folder / name}: missing or stale; run `assure schema`", err=True)
        raise typer.Exit(EXIT_FOUND if stale else EXIT_OK)
    written = write_schemas(folder, within)
    for name in written:
        say(f"wrote {folder / name}")
    if not written:
        say(f"{folder}: schemas are up to date")


def write_schemas(folder: Path, within: Path | None = None) -> list[str]:
    """Write every schema into `folder` (never through a link inside `within`); returns the
    names that changed."""
    from assurance_cli.io.files import read_whole, refuse_linked_folders, write_atomic
    from assurance_cli.model.schema import json_schemas

    if within is not None:
        refuse_linked_folders(folder, within)
    written: list[str] = []
    for name, content in json_schemas().items():
        path = folder / name
        try:
            if path.is_file() and not path.is_symlink() and read_whole(path) == content:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(path, content, within=within)
        except OSError as exc:
            fail(f"cannot write {path} ({exc.strerror or 'I/O error'})")
        written.append(name)
    return written
