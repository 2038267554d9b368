"""`assure export --format jsonl|csv|parquet`: the board's records as the tables of the export
schema (the command itself is in export.py, beside the workbook)."""

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from assurance_cli.cli.app import (
    EXIT_CANNOT_RUN,
    EXIT_FOUND,
    EXIT_OK,
    fail,
    open_workspace,
    past_point,
    root_of,
    say,
)

if TYPE_CHECKING:
    from assurance_cli.queries.export_board import BoardExport


ALLOW_FLAG = "--allow-personal-data"


def write_tables(
    ctx: typer.Context, output: Path, fmt: str, board_id: str | None, allow_personal_data: bool
) -> NoReturn:
    """`assure export --format jsonl|csv|parquet`: the tables, after the privacy check."""
    from assurance_cli.queries.export_board import board_export
    from assurance_cli.repo.provenance import records_commit

    root = root_of(ctx)
    point = past_point(ctx)
    workspace = open_workspace(ctx)
    commit = point.commit.id if point is not None else records_commit(root)
    export = board_export(workspace, root, commit=commit, board_id=board_id)
    if export.personal_data and not allow_personal_data:
        refuse(export)
    files = write(output, export, fmt)
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
                output,
                export.tables,
                board_id=export.board_id,
                commit=export.commit,
                left_out=export.left_out,
            )
        return write_export(
            output,
            export.tables,
            fmt,
            board_id=export.board_id,
            commit=export.commit,
            left_out=export.left_out,
        )
    except OSError as exc:
        fail(f"cannot write into {output} ({exc.strerror or 'I/O error'})")
