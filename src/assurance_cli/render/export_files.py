"""The export's files: one per table of the export schema (docs/export-schema.md), as JSON
Lines or CSV, and a `manifest.json` written last that names them.

- JSONL: one JSON object per line, keys in the schema's column order, dates as ISO days,
  null for nothing; the text exactly as the records hold it (JSON escapes, ASCII only).
- CSV: a header row of column names, then one row per record; an empty cell is null, true
  and false are booleans. CSV files are opened in spreadsheets, so a text cell starting
  with = + - @ gets a leading ' (as `assure status --format csv` does) and control
  characters are made visible: use JSONL or Parquet for the exact text.
- Parquet (`export_parquet.py`) goes through DuckDB, from these JSONL files.

Each file is written atomically (a reader sees the old file or the new one, never half),
the manifest last: a folder whose manifest names the schema version it was read with is a
whole export.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from assurance_cli.io.files import (
    PlannedWrite,
    Snapshot,
    read_snapshot,
    write_all_or_none,
    write_atomic,
)
from assurance_cli.problems import Problem
from assurance_cli.queries.export_board import MANIFEST
from assurance_cli.queries.export_tables import (
    SCHEMA,
    SCHEMA_VERSION,
    Row,
    Table,
    schema_fingerprint,
)
from assurance_cli.render.problems import problem_json
from assurance_cli.render.status import neutralise

TEXT_FORMATS = ("jsonl", "csv")


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def table_jsonl(table: Table, rows: Sequence[Row]) -> bytes:
    """A table as JSON Lines."""
    names = table.column_names
    lines = [
        json.dumps(dict(zip(names, map(_json_value, row), strict=True)), separators=(",", ":"))
        for row in rows
    ]
    return "".join(line + "\n" for line in lines).encode("ascii")


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def table_csv(table: Table, rows: Sequence[Row]) -> bytes:
    """A table as CSV, with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def file_name(table: Table, fmt: str) -> str:
    return f"{table.name}.{fmt}"


def manifest(
    tables: Mapping[str, Sequence[Row]],
    fmt: str,
    board_id: str,
    commit: str,
    left_out: Sequence[Problem] = (),
) -> bytes:
    """What the folder holds: the schema version and fingerprint, the board, the commit,
    each table's file and row count, and the record files left out (with errors, not
    loaded), so that whoever reads the export is told, as `assure export` was."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "schema_fingerprint": schema_fingerprint(),
        "format": fmt,
        "board": board_id,
        "commit": commit,
        "tables": {
            table.name: {"file": file_name(table, fmt), "rows": len(tables[table.name])}
            for table in SCHEMA
        },
        "left_out": [problem_json(p) for p in left_out],
    }
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def write_export(
    folder: Path,
    tables: Mapping[str, Sequence[Row]],
    fmt: str,
    *,
    board_id: str,
    commit: str,
    left_out: Sequence[Problem] = (),
) -> list[Path]:
    """Write every table into `folder` (made if missing) as `fmt` (jsonl or csv), then the
    manifest, all together or none (a folder where a file belongs, a full disk: the export
    already there stays whole); returns the files written, the manifest last."""
    folder.mkdir(parents=True, exist_ok=True)
    encode = table_jsonl if fmt == "jsonl" else table_csv
    contents = {file_name(table, fmt): encode(table, tables[table.name]) for table in SCHEMA}
    contents[MANIFEST] = manifest(tables, fmt, board_id, commit, left_out)
    writes = [
        PlannedWrite(folder / name, content, _existing(folder / name))
        for name, content in contents.items()
    ]
    write_all_or_none(writes, within=folder)
    return [write.path for write in writes]


def _existing(path: Path) -> Snapshot | None:
    """The file the export replaces (AssureError when it is not a regular file), or None."""
    return read_snapshot(path) if path.exists() or path.is_symlink() else None


def write_manifest(
    folder: Path,
    tables: Mapping[str, Sequence[Row]],
    fmt: str,
    *,
    board_id: str,
    commit: str,
    left_out: Sequence[Problem] = (),
) -> Path:
    path = folder / MANIFEST
    write_atomic(path, manifest(tables, fmt, board_id, commit, left_out))
    return path
