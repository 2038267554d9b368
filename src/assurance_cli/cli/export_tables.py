"""`assure export-tables`: the board's records as the tables of the export schema."""

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assurance_cli.cli.app import (
    EXIT_CANNOT_RUN,
    EXIT_FOUND,
    EXIT_OK,
    app,
    fail,
    open_workspace,
    past_point,
    root_of,
    say,
)

if TYPE_CHECKING:
    from assurance_cli.queries.export_board import BoardExport


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


ALLOW_FLAG = "--allow-personal-data"


@app.command("export-tables")
def export_tables(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option("--output", help="The folder to write the tables into (made if missing)."),
    ],
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="jsonl (default), csv, or parquet (through DuckDB: the region extra).",
        ),
    ] = ExportFormat.jsonl,
    board_id: Annotated[
        str | None,
        typer.Option(
            "--board-id",
            help="The id every row carries. Default: the board's name, lower case, hyphens.",
        ),
    ] = None,
    allow_personal_data: Annotated[
        bool,
        typer.Option(
            ALLOW_FLAG,
            help="Export even when `assure check` finds personal data in the records.",
        ),
    ] = False,
) -> None:
    """Write the records as one file per table of the export schema (docs/export-schema.md):
    boards, plans, priorities, actions, milestones, progress, due-date changes, audits,
    findings, themes, links and the board's vocabulary, each row with the board's id and the
    commit read; then manifest.json. For DuckDB, a warehouse or a spreadsheet.

    Personal data stops it: when `assure check` finds any (privacy errors), nothing is
    written and it exits 2, naming the problems, unless --allow-personal-data is given.
    Exit 1 when files with errors were left out (they are named), else 0.

    Examples:

        assure export-tables --output exports/sandwell --board-id sandwell

        assure export-tables --format csv --output exports/csv

        assure --at 2016-05-31 export-tables --output exports/may-2016
    """
    from assurance_cli.queries.export_board import board_export
    from assurance_cli.repo.provenance import records_commit

    root = root_of(ctx)
    point = past_point(ctx)
    workspace = open_workspace(ctx)
    commit = point.commit.id if point is not None else records_commit(root)
    export = board_export(workspace, root, commit=commit, board_id=board_id)
    if export.personal_data and not allow_personal_data:
        refuse(export)
    files = write(output, export, output_format.value)
    rows = sum(len(rows) for rows in export.tables.values())
    say(f"wrote {len(files) - 1} tables ({rows} rows) and manifest.json to {output}")
    for problem in export.left_out:
        say(f"assure: left out: {problem}", err=True)
    raise typer.Exit(EXIT_FOUND if export.left_out else EXIT_OK)


def refuse(export: "BoardExport") -> None:
    """Name each personal-data problem (kind and place, never the value) and exit 2."""
    for problem in export.personal_data:
        say(str(problem), err=True)
    count = len(export.personal_data)
    say(
        f"assure: error: not exported: the records may hold personal data ({count} privacy "
        f"error{'s' if count != 1 else ''}, listed above); remove it, or pass {ALLOW_FLAG} "
        "if the export stays where the records are",
        err=True,
    )
    raise typer.Exit(EXIT_CANNOT_RUN)


def write(output: Path, export: "BoardExport", fmt: str) -> list[Path]:
    from assurance_cli.render.export_files import write_export

    try:
        if fmt == "parquet":
            from assurance_cli.render.export_parquet import write_parquet

            return write_parquet(
                output, export.tables, board_id=export.board_id, commit=export.commit
            )
        return write_export(
            output, export.tables, fmt, board_id=export.board_id, commit=export.commit
        )
    except OSError as exc:
        fail(f"cannot write into {output} ({exc.strerror or 'I/O error'})")
