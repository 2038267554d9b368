"""`assure export`: the records for use elsewhere. `--format xlsx` writes the leads' update
workbook (render/workbook.py), which `assure import-updates` reads back (cli/import_updates.py).

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

if TYPE_CHECKING:
    from assurance_cli.index.loaded import LoadedAction


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    jsonl = "jsonl"
    csv = "csv"


@app.command()
def export(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="xlsx: the leads' update workbook (jsonl and csv: every record as tables, "
            "not yet).",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The file to write (replaced if it exists)."),
    ],
    plan: Annotated[
        str | None, typer.Option("--plan", help="Only this plan's actions (xlsx).")
    ] = None,
    lead: Annotated[
        str | None, typer.Option("--lead", help="Only the actions this lead leads (xlsx).")
    ] = None,
) -> None:
    """Write the records out: the leads' update workbook (--format xlsx).

    The workbook has one row per action (of --plan, led by --lead), with its ref, title, due
    date and lead locked; a Status drop-down of the board's statuses, coloured by RAG with the
    status word; and columns for a new progress entry, a proposed new due date and its
    reason. Send it to the lead; when it comes back, `assure import-updates FILE` applies
    their changes. A hidden stamp of each record's content lets import-updates refuse a row
    whose record changed meanwhile. Records that may hold personal data are left out (the
    notice on stderr names them; exit 1).

    Examples:

        assure export --format xlsx --plan 2015-16 --lead qpp-chair --output qpp-chair.xlsx

        assure export --format xlsx --output every-action.xlsx
    """
    if past_point(ctx) is not None:
        fail(
            "export writes the records as they are now, for updates to come back to them; "
            "run it without --at or --at-meeting"
        )
    if output_format is not ExportFormat.xlsx:
        _export_tables(output_format)
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


def _export_tables(output_format: ExportFormat) -> None:
    # --- every record as JSONL or CSV tables (issue 19): not built yet. ----------------------
    fail(f"--format {output_format.value} is not yet available; --format xlsx is")


def _write(output: Path, data: bytes) -> None:
    from assurance_cli.io.files import write_atomic
    from assurance_cli.problems import AssureError

    try:
        write_atomic(output, data)
    except AssureError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
