"""The export as Parquet files, written by DuckDB (the `region` extra): the only module of
the export that imports duckdb, and only inside its function.

Why DuckDB and not pyarrow: the region reports need DuckDB anyway, and it writes Parquet
itself (`COPY ... TO ... (FORMAT parquet)`) with the schema's column types; pyarrow would be
a second, larger dependency doing the same.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from assurance_cli.problems import AssureError, Problem
from assurance_cli.queries.export_tables import SCHEMA, Row, Table
from assurance_cli.render.export_files import table_jsonl, write_manifest


def duckdb_columns(table: Table) -> str:
    """The `columns` argument of DuckDB's read_json for a table: `{'board': 'VARCHAR', ...}`."""
    return "{" + ", ".join(f"'{c.name}': '{c.type}'" for c in table.columns) + "}"


def write_parquet(
    folder: Path,
    tables: Mapping[str, Sequence[Row]],
    *,
    board_id: str,
    commit: str,
    left_out: Sequence[Problem] = (),
) -> list[Path]:
    """Each table as `<name>.parquet` in `folder` (made if missing), each written to a
    temporary name and then renamed into place; then the manifest."""
    try:
        import duckdb
    except ImportError:
        raise AssureError(
            "--format parquet needs DuckDB: install the region extra "
            "(pip install 'assurance-cli[region]'), or export --format jsonl"
        ) from None
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    try:
        with tempfile.TemporaryDirectory(prefix="assure-export-") as scratch:
            for table in SCHEMA:
                source = Path(scratch) / f"{table.name}.jsonl"
                source.write_bytes(table_jsonl(table, tables[table.name]))
                target = folder / f"{table.name}.parquet"
                temporary = folder / f".{table.name}.parquet.tmp"
                connection.execute(
                    f"COPY (SELECT * FROM read_json(?, format='newline_delimited', "
                    f"columns={duckdb_columns(table)})) TO '{_quoted(temporary)}' "
                    "(FORMAT parquet)",
                    [str(source)],
                )
                os.replace(temporary, target)
                written.append(target)
    finally:
        connection.close()
    written.append(
        write_manifest(
            folder, tables, "parquet", board_id=board_id, commit=commit, left_out=left_out
        )
    )
    return written


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
