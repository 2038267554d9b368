"""`assure schema`: the JSON Schemas editors use to validate and complete records."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from assurance_cli.cli.app import EXIT_FOUND, EXIT_OK, app, fail, root_of


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

    folder = output if output is not None else root_of(ctx) / SCHEMA_DIR
    if check:
        stale = stale_schemas(folder)
        for name in stale:
            typer.echo(f"{folder / name}: missing or stale; run `assure schema`", err=True)
        raise typer.Exit(EXIT_FOUND if stale else EXIT_OK)
    written = write_schemas(folder)
    for name in written:
        sys.stdout.write(f"wrote {folder / name}\n")
    if not written:
        sys.stdout.write(f"{folder}: schemas are up to date\n")


def write_schemas(folder: Path) -> list[str]:
    """Write every schema into `folder`; returns the names that changed."""
    from assurance_cli.io.files import read_whole, write_atomic
    from assurance_cli.model.schema import json_schemas

    written: list[str] = []
    for name, content in json_schemas().items():
        path = folder / name
        try:
            if path.is_file() and read_whole(path) == content:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(path, content)
        except OSError as exc:
            fail(f"cannot write {path} ({exc.strerror or 'I/O error'})")
        written.append(name)
    return written
