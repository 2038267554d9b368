"""Several boards' exports in one embedded DuckDB: the export schema's tables (every board's
rows together), the boards in the region file's order, and the region's vocabulary with each
board's mapping to it. The only module of `queries/` that imports duckdb, inside functions.

Every board reaches the database through its export files: a board given by `export` is read
from that folder once its manifest's schema version is checked; one given by `path` is first
exported into a temporary folder (render/region_exports.py), as `assure export --format jsonl`
would.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assurance_cli.problems import AssureError, Problem, error
from assurance_cli.queries.export_board import MANIFEST
from assurance_cli.queries.export_tables import SCHEMA, SCHEMA_VERSION, Table

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

    from assurance_cli.model.region_file import RegionFile


@dataclass(frozen=True)
class BoardFiles:
    """One board's export files, as the region reads them."""

    id: str  # the region file's id for the board: every row gets it
    folder: Path
    format: str  # jsonl, csv or parquet
    source: str  # where the records came from, as the region file gives it
    commit: str
    name: str | None = None  # from its board.yaml (set once loaded)
    left_out: tuple[Problem, ...] = ()  # files with errors that did not load
    personal_data: tuple[Problem, ...] = ()  # privacy errors (exported only when allowed)
    rows: tuple[tuple[str, int], ...] = ()  # each table's rows, as its manifest counts them


@dataclass
class Region:
    """The region file, its boards as loaded, and the database holding their tables."""

    region: RegionFile
    boards: list[BoardFiles]
    connection: DuckDBPyConnection

    def query(self, sql: str, **parameters: Any) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, parameters).fetchall()


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise AssureError(
            "assure region needs DuckDB: install the region extra "
            "(pip install 'assurance-cli[region]')"
        ) from None
    return duckdb


def _columns(table: Table) -> str:
    return "{" + ", ".join(f"'{c.name}': '{c.type}'" for c in table.columns) + "}"


@contextmanager
def open_region(region: RegionFile, boards: list[BoardFiles]) -> Iterator[Region]:
    """Every board's export files in a new in-memory DuckDB, with the region's vocabulary."""
    duckdb = _duckdb()
    # No progress bar: DuckDB draws one on stdout for a long query, into the report.
    connection = duckdb.connect(":memory:")
    connection.execute("SET enable_progress_bar = false")
    try:
        _load_tables(connection, boards)
        _check_row_counts(connection, boards)
        _load_region(connection, region)
        yield Region(region, _with_names(connection, boards), connection)
    finally:
        connection.close()


def exported_board(board: str, folder: Path, source: str) -> BoardFiles:
    """A folder `assure export --format jsonl` wrote, after its manifest is checked:
    AssureError when there is none, it is of another schema version, or a table's file is
    missing or does not hold the rows the manifest counts."""
    try:
        manifest: Any = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise AssureError(
            f"board '{board}': no readable {MANIFEST} in {folder}; give a folder "
            "`assure export --format jsonl` wrote"
        ) from None
    if not isinstance(manifest, dict):
        raise AssureError(_broken(board, folder, "it is not a JSON object"))
    version = manifest.get("schema_version")
    if type(version) is not int or version != SCHEMA_VERSION:
        raise AssureError(
            f"board '{board}': the export in {folder} is of schema version {version!r}; this "
            f"assure reads version {SCHEMA_VERSION}: export the board again"
        )
    fmt = manifest.get("format")
    if not isinstance(fmt, str) or fmt not in _READERS:
        raise AssureError(f"board '{board}': {MANIFEST} in {folder} names no known format")
    rows = _table_files(board, folder, fmt, manifest.get("tables"))
    commit = manifest.get("commit")
    return BoardFiles(
        board,
        folder,
        fmt,
        source,
        commit if isinstance(commit, str) else "",
        left_out=_left_out(board, folder, manifest.get("left_out", [])),
        rows=rows,
    )


def _left_out(board: str, folder: Path, entries: Any) -> tuple[Problem, ...]:
    """The record files the export left out, as its manifest names them: the region's
    report names them too, never counting the board as whole."""
    found: list[Problem] = []
    if not isinstance(entries, list):
        raise AssureError(_broken(board, folder, "'left_out' is not a list"))
    for entry in entries:
        try:
            found.append(
                error(
                    str(entry["path"]),
                    int(entry["line"]),
                    int(entry["column"]),
                    str(entry["code"]),
                    str(entry["message"]),
                )
            )
        except (TypeError, KeyError, ValueError):
            raise AssureError(_broken(board, folder, "a 'left_out' entry it cannot read")) from None
    return tuple(found)


def _broken(board: str, folder: Path, why: str) -> str:
    return (
        f"board '{board}': {MANIFEST} in {folder} does not describe an export ({why}); "
        "export the board again"
    )


def _table_files(board: str, folder: Path, fmt: str, tables: Any) -> tuple[tuple[str, int], ...]:
    """Each table of the schema has its file, as a regular file, and a row count in the
    manifest; the counts, which the loaded rows must match (`_check_row_counts`)."""
    if not isinstance(tables, dict):
        raise AssureError(_broken(board, folder, "no 'tables'"))
    counts = []
    for table in SCHEMA:
        entry = tables.get(table.name)
        rows = entry.get("rows") if isinstance(entry, dict) else None
        if type(rows) is not int:
            raise AssureError(_broken(board, folder, f"no row count for table {table.name}"))
        path = folder / f"{table.name}.{fmt}"
        if not path.is_file() or path.is_symlink():
            raise AssureError(
                f"board '{board}': {path} is missing (or not a regular file); the manifest "
                "lists it: export the board again"
            )
        counts.append((table.name, rows))
    return tuple(counts)


def _check_row_counts(connection: DuckDBPyConnection, boards: list[BoardFiles]) -> None:
    """Each board's rows of each table, as loaded, against its manifest's count: a truncated
    or changed export is refused, not read short. (Counted by DuckDB, so no file is read
    twice.)"""
    for table in SCHEMA:
        query = f"SELECT board, count(*) FROM {table.name} GROUP BY board"
        loaded = dict(connection.execute(query).fetchall())
        for board in boards:
            expected = dict(board.rows).get(table.name)
            found = loaded.get(board.id, 0)
            if expected is not None and found != expected:
                path = board.folder / f"{table.name}.{board.format}"
                raise AssureError(
                    f"board '{board.id}': {path} holds {found} rows where {MANIFEST} counts "
                    f"{expected}: a truncated or changed export; export the board again"
                )


_READERS = {
    "jsonl": "read_json(?, format='newline_delimited', columns={columns}, filename=true)",
    "csv": "read_csv(?, header=true, columns={columns}, filename=true, nullstr='')",
    "parquet": "read_parquet(?, filename=true)",
}


def _load_tables(connection: DuckDBPyConnection, boards: list[BoardFiles]) -> None:
    """Every table of the schema, each board's rows with the region's id for the board."""
    duckdb = _duckdb()
    connection.execute("CREATE TABLE export_files (board VARCHAR, file VARCHAR)")
    for table in SCHEMA:
        columns = ", ".join(f"{c.name} {c.type}" for c in table.columns)
        connection.execute(f"CREATE TABLE {table.name} ({columns})")
        for fmt in ("jsonl", "csv", "parquet"):
            paths = [
                (board.id, str(board.folder / f"{table.name}.{fmt}"))
                for board in boards
                if board.format == fmt
            ]
            if not paths:
                continue
            connection.execute("DELETE FROM export_files")
            connection.executemany("INSERT INTO export_files VALUES (?, ?)", paths)
            reader = _READERS[fmt].format(columns=_columns(table))
            # Each file read once, joined to every board that names it (a folder two boards
            # share would otherwise be read, and matched, once per board: squared).
            try:
                connection.execute(
                    f"INSERT INTO {table.name} SELECT t.* EXCLUDE (filename) REPLACE (f.board "
                    f"AS board) FROM {reader} t JOIN export_files f ON t.filename = f.file",
                    [sorted({path for _board, path in paths})],
                )
            except duckdb.Error as exc:  # a file that is not what its manifest says
                names = ", ".join(sorted({board for board, _path in paths}))
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable"
                raise AssureError(
                    f"the {fmt} files of table {table.name} (boards: {names}) cannot be read "
                    f"({reason}); export those boards again"
                ) from None


def _load_region(connection: DuckDBPyConnection, region: RegionFile) -> None:
    """The region's boards (in order), words and mappings as tables the SQL joins."""
    statements = (
        (
            "region_boards (board VARCHAR, position INTEGER)",
            [(b.id, n) for n, b in enumerate(region.boards, 1)],
        ),
        (
            "region_statuses (region_status VARCHAR, title VARCHAR, position INTEGER)",
            [(t.id, t.title, n) for n, t in enumerate(region.statuses, 1)],
        ),
        (
            "region_themes (region_theme VARCHAR, title VARCHAR, position INTEGER)",
            [(t.id, t.title, n) for n, t in enumerate(region.themes, 1)],
        ),
        (
            "status_map (board VARCHAR, status VARCHAR, region_status VARCHAR)",
            [(b.id, k, v) for b in region.boards for k, v in b.statuses.items()],
        ),
        (
            "theme_map (board VARCHAR, theme VARCHAR, region_theme VARCHAR)",
            [(b.id, k, v) for b in region.boards for k, v in b.themes.items()],
        ),
    )
    for declaration, rows in statements:
        connection.execute(f"CREATE TABLE {declaration}")
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            connection.executemany(f"INSERT INTO {declaration.split()[0]} VALUES ({marks})", rows)


def _with_names(connection: DuckDBPyConnection, boards: list[BoardFiles]) -> list[BoardFiles]:
    names = dict(connection.execute("SELECT board, name FROM boards").fetchall())
    return [replace(board, name=names.get(board.id)) for board in boards]


def unknown_mappings(region: Region) -> list[str]:
    """The region file's mappings of statuses and themes a board does not have (a misspelt
    id would otherwise map nothing, silently)."""
    found = region.query(
        "SELECT m.board, 'status', m.status FROM status_map m WHERE NOT EXISTS "
        "(SELECT 1 FROM statuses s WHERE s.board = m.board AND s.status = m.status) "
        "UNION ALL SELECT m.board, 'theme', m.theme FROM theme_map m WHERE NOT EXISTS "
        "(SELECT 1 FROM themes t WHERE t.board = m.board AND t.theme = m.theme) "
        "ORDER BY 1, 2, 3"
    )
    return [
        f"region file maps {kind} '{word}' of board '{board}', which that board does not have"
        for board, kind, word in found
    ]
