"""Reading a published plan from Word, Excel or CSV: the reading half of `assure import`.

tables.py reads a file into plain tables (excel.py and word.py hold the two Office readers,
safety.py what a file must pass first); columns.py finds each table's header and maps its
columns to fields; rows.py turns mapped tables into published rows (the types of
published.py), with progress.py (dated progress lines) and status.py (status words, RAG
letters and colours). Nothing here writes.
"""

from assurance_cli.importing.progress import ProgressEntry, split_progress
from assurance_cli.importing.published import (
    Milestone,
    Objective,
    PublishedPlan,
    PublishedRow,
    Unplaced,
    plain_ref,
)
from assurance_cli.importing.rows import read_plan, read_rows
from assurance_cli.importing.safety import ImportRefused, Limits
from assurance_cli.importing.status import StatusValue
from assurance_cli.importing.tables import Cell, Place, SourceTables, Table, read_tables

__all__ = [
    "Cell",
    "ImportRefused",
    "Limits",
    "Milestone",
    "Objective",
    "Place",
    "ProgressEntry",
    "PublishedPlan",
    "PublishedRow",
    "SourceTables",
    "StatusValue",
    "Table",
    "Unplaced",
    "plain_ref",
    "read_plan",
    "read_rows",
    "read_tables",
    "split_progress",
]
