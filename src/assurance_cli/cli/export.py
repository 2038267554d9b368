"""`assure export`: the records for use elsewhere. `--format xlsx` writes the leads' update
workbook (render/workbook.py), which `assure import-updates` reads back (cli/import_updates.py);
`--format jsonl|csv|parquet` the tables of the export schema (cli/export_tables.py), which
`assure region` reads.

Exit codes: 0 written; 1 written, but records were left out (withheld: they may hold personal
data) or shown despite errors, as the notice on stderr says; 2 the command cannot run.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assurance_cli.cli.app import (
    app,
    fail,
    open_for_reading,
    past_point,
    print_notice,
    reading_exit,
    say,
    today,
)
from assurance_cli.cli.export_tables import ALLOW_FLAG, write_tables

if TYPE_CHECKING:
    from assurance_cli.index.loaded import LoadedAction


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


@app.command()
def export(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="xlsx: the leads' update workbook; jsonl, csv or parquet (through DuckDB: "
            "the region extra): every record as the tables of the export schema.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="xlsx: the file to write (replaced if it exists); tables: the folder to "
            "write them into (made if missing).",
        ),
    ],
    plan: Annotated[
        str | None, typer.Option("--plan", help="Only this plan's actions (xlsx).")
    ] = None,
    lead: Annotated[
        str | None, typer.Option("--lead", help="Only the actions this lead leads (xlsx).")
    ] = None,
    board_id: Annotated[
        str | None,
        typer.Option(
            "--board-id",
            help="The id every table row carries. Default: the board's name, lower case, "
            "hyphens (tables).",
        ),
    ] = None,
    allow_personal_data: Annotated[
        bool,
        typer.Option(
            ALLOW_FLAG,
            help="Export the tables even when `assure check` finds personal data.",
        ),
    ] = False,
) -> None:
    """Write the records out: the leads' update workbook (--format xlsx), or every record as
    the tables of the export schema (--format jsonl, csv or parquet).

    The workbook has one row per action (of --plan, led by --lead), with its ref, title, due
    date and lead locked; a Status drop-down of the board's statuses, coloured by RAG with the
    status word; and columns for a new progress entry, a proposed new due date and its
    reason. Send it to the lead; when it comes back, `assure import-updates FILE` applies
    their changes. A hidden stamp of each record's content lets import-updates refuse a row
    whose record changed meanwhile. Records that may hold personal data are left out (the
    notice on stderr names them; exit 1).

    The tables (docs/export-schema.md) are one file per table (boards, plans, priorities,
    actions, milestones, progress, due-date changes, audits, findings, themes, links and the
    board's vocabulary), each row with the board's id and the commit read, then manifest.json:
    for DuckDB, `assure region`, a warehouse or a spreadsheet. Personal data stops them: when
    `assure check` finds any, nothing is written and it exits 2, naming the problems, unless
    --allow-personal-data is given. Exit 1 when files with errors were left out (named).

    Examples:

        assure export --format xlsx --plan 2015-16 --lead qpp-chair --output qpp-chair.xlsx

        assure export --format xlsx --output every-action.xlsx

        assure export --format jsonl --output exports/sandwell --board-id sandwell

        assure --at 2016-05-31 export --format csv --output exports/may-2016
    """
    if output_format is not ExportFormat.xlsx:
        for name, given in (("--plan", plan), ("--lead", lead)):
            if given is not None:
                fail(f"{name} is for --format xlsx; the tables hold every record")
        write_tables(ctx, output, output_format.value, board_id, allow_personal_data)
    if board_id is not None or allow_personal_data:
        name = "--board-id" if board_id is not None else ALLOW_FLAG
        fail(f"{name} is for the tables (--format jsonl, csv or parquet), not the workbook")
    if past_point(ctx) is not None:
        fail(
            "the workbook holds the records as they are now, for updates to come back to "
            "them; run it without --at or --at-meeting (the tables can be of a past commit)"
        )
    if output.suffix.lower() != ".xlsx":
        fail(f"--output {output}: the workbook's name must end in .xlsx")
    exported_on = today()
    reading = open_for_reading(ctx)
    from assurance_cli.io.files import read_record_bytes
    from assurance_cli.queries.export import update_sheet
    from assurance_cli.render.workbook import update_workbook

    root = reading.workspace.repository.root

    def read_bytes(action: LoadedAction) -> bytes:
        try:
            return read_record_bytes(root / action.path)
        except OSError as exc:
            fail(f"cannot read {action.path} ({exc.strerror or 'I/O error'})")

    sheet = update_sheet(reading.index, plan=plan, lead=lead, read_bytes=read_bytes)
    data = update_workbook(sheet, exported_on=exported_on)
    _write(output, data)
    count = len(sheet.rows)
    say(f"wrote {output} ({count} action{'s' * (count != 1)})", err=True)
    print_notice(reading)
    reading_exit(reading)


def _write(output: Path, data: bytes) -> None:
    from assurance_cli.io.files import write_atomic
    from assurance_cli.problems import AssureError

    try:
        write_atomic(output, data)
    except AssureError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
