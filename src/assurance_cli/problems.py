"""Problems are values: every bad input becomes a Problem, collected and reported together.

An `AssureError` means the command cannot run at all (no `data/`, a bad flag value); the CLI
maps it to exit code 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place: `path:line:col: severity: message [code]`.

    `path` is relative to the repository root, with forward slashes. `line` and `col` are
    1-based. Messages name ids, fields and kinds of problem, never record text.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"


FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class FieldProblem:
    """A problem found in a record's data, at a field path (`('progress', 2, 'date')`).

    Checks work on records, which keep no positions: they yield these, and one pass
    (`checks.place`) reads each file that has any once and places them at their line and
    column. `at_key` places it at the field's key rather than its value."""

    path: str  # the file, as Problem.path
    field: FieldPath
    code: str
    message: str
    severity: Severity = Severity.ERROR
    at_key: bool = False


class AssureError(Exception):
    """The command cannot run (as opposed to a problem in a record)."""


def error(path: str, line: int, col: int, code: str, message: str) -> Problem:
    return Problem(path, line, col, code, message, Severity.ERROR)


def warning(path: str, line: int, col: int, code: str, message: str) -> Problem:
    return Problem(path, line, col, code, message, Severity.WARNING)


# The one message for a board.yaml that did not load, wherever its vocabulary is needed.
NO_BOARD = (
    "data/board.yaml is missing or has errors, so the board's plans are unknown; run `assure check`"
)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when `name` is close to one of `known`, else nothing."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown(kind: str, name: str, known: Iterable[str]) -> str:
    return f"unknown {kind} '{name}'{did_you_mean(name, known)}"


# Every problem code `assure check` can report, with what it means. Codes are stable: scripts
# and CI may match on them. docs/problems.md lists them in these groups; a test holds it equal.
CODES: dict[str, str] = {
    # reading a file
    "file-too-large": "the file is over the size limit (512 KiB)",
    "encoding": "the file is not UTF-8",
    "control-character": "a control character (NUL, BEL, ESC, DEL...) or a bidirectional "
    "control (U+202E...), in the file or from an escape such as `\\e` or `\\u202e`",
    "symlink": "a symbolic link where a record file should be",
    "unreadable": "the file cannot be read, or the folder cannot be listed",
    "wrong-file-type": "a FIFO, folder, socket or device where a record file belongs, or a "
    "file where a record folder (`data/actions`, a plan...) belongs",
    "wrong-extension": "a `.yml` file (warning: record files end in `.yaml`)",
    "missing-board": "`data/board.yaml` is missing",
    # YAML and the strict subset
    "yaml-syntax": "the YAML does not parse (unclosed brackets...), or a tab stands outside "
    "quoted text, a block or a comment",
    "yaml-anchor": "an anchor `&name`",
    "yaml-alias": "an alias `*name`",
    "yaml-merge-key": "a merge key `<<`",
    "yaml-tag": "an explicit tag `!name`, `!!type` or a bare `!`",
    "yaml-directive": "a `%YAML` or `%TAG` directive",
    "multiple-documents": "more than one YAML document (`---`) in a file",
    "duplicate-key": "the same key twice in one mapping",
    "bad-key": "a list or mapping used as a key",
    "too-deep": "nesting deeper than the limit (32)",
    "number-too-large": "a number too large or not finite (`1e999`, 5000 digits)",
    "empty-record": "an empty or comment-only file",
    "not-a-mapping": "the file is not a mapping of fields",
    # one record's fields
    "unknown-field": "a field the format does not have (with did-you-mean)",
    "missing-field": "a required field is missing",
    "wrong-type": "text where a number belongs, a number where text belongs...",
    "bad-date": "an impossible date, or a date field no rule of docs/dates.md reads (a due "
    "keeps any wording: see `due-not-a-date`)",
    "bad-id": "an id that is not lowercase letters, digits and `-`",
    "bad-value": "a value outside the allowed list (audit kind, RAG colour...)",
    "empty-value": "an empty text or list where one is required",
    "invalid-field": "any other invalid field value",
    # across records
    "filename-mismatch": "a record's ref or id differs from its file name",
    "duplicate-id": "two records (or two board entries) with one id",
    "unknown-plan": "an action folder that is not a plan in board.yaml",
    "unknown-priority": "a priority number the plan does not have",
    "unknown-status": "a status board.yaml does not define",
    "unknown-lead": "a lead board.yaml does not define",
    "unknown-theme": "a theme board.yaml does not define",
    "unknown-audit-kind": "an audit kind that is not in board.yaml's audit_kinds (or, when it "
    "has none, the default list)",
    "unknown-subgroup": "a subgroup board.yaml does not define",
    "unknown-meeting": "a meeting board.yaml does not define",
    "dangling-ref": "a related action, finding or audit that does not exist",
    "self-reference": "an action listing itself as related, or naming itself as its parent",
    "parent-cycle": "actions whose parents lead back to themselves (1.1 under 1.1b under 1.1)",
    "one-sided-related": "a cross-reference only one side records (warning)",
    "due-history-mismatch": "`due` differs from the last due_history entry's `to`",
    "missing-review-date": "an `ongoing` action without `review_by` (warning): never overdue",
    "due-not-a-date": "due wording no date can be read from (warning): kept as published, "
    "never overdue",
    "progress-order": "progress entries not oldest first (warning)",
    "duplicate-lead": "the same lead twice in one action (warning)",
    "implausible-date": "a plan longer than 10 years, or an action's date (due, a milestone's "
    "due, review_by, an amended due) more than 5 years from its plan "
    "(warning): most likely a typo",
    "due-before-plan": "a due date (or a milestone's) before the action's plan starts (warning)",
    "finding-without-theme": "a finding with no theme (warning): the learning report lists it "
    "under 'Not themed'",
    "bad-period": "a period that ends before it starts",
    "bad-check-setting": "a code in board.yaml's `checks: {allow, strict}` that is no "
    "warning: unknown, an error, or in both lists",
    # personal data in any text value or comment (checks/privacy/); the value is never printed
    "privacy-nhs-number": "an NHS number: 10 digits passing the mod-11 check, spaced 3-3-4, "
    "near `NHS` or written as a number",
    "privacy-upn": "a Unique Pupil Number (passing its check letter)",
    "privacy-date-of-birth": "a date after `DOB`, `born` or `date of birth`",
    "privacy-child-name": "a first and last name with a child or family word, a family role or "
    "an age (`child Jane Smith`, `Tom Brown, aged 7`; `Child A`, initials are fine)",
    "privacy-postcode": "a full UK postcode",
    "privacy-phone": "a UK mobile or landline phone number",
    "privacy-ni-number": "a National Insurance number",
    "privacy-address": "a street address (`12 Acacia Avenue`)",
    "privacy-email": "a personal e-mail address (not a team or role mailbox)",
    # rules on change, between a git revision and now (`check --base REV`)
    "due-without-history": "`due` changed since REV without a new due_history entry",
    "history-rewritten": "an earlier due_history or progress entry was changed, or a new "
    "entry put before it (the logs are append-only)",
    "history-deleted": "an earlier due_history or progress entry was deleted",
    "due-change-without-reason": "a due_history entry added since REV without a reason",
    "due-already-past": "a due_history entry added since REV moving the due date to a date "
    "already past when it was agreed",
    "closed-without-progress": "an action closed since REV without a new dated progress entry",
    "reopened-without-progress": "a closed action reopened since REV without a new dated "
    "progress entry",
    "status-change-without-progress": "a status changed since REV (e.g. on-track to "
    "off-track) without a new dated progress entry",
    # a region file (region.yaml: the boards `assure region` compares, docs/region.md)
    "region-board-source": "a board of the region file with none, or more than one, of "
    "`path`, `export` and `git`",
    "unknown-region-term": "a board's status or theme mapped to a word the region file does "
    "not list",
    # reading a plan from Word, Excel or CSV (importing/)
    "import-refused": "the file cannot be read safely: a zip bomb, macros, too large, too many "
    "rows or columns, an encrypted or old-format file",
    "import-encoding": "a CSV file that is not UTF-8, read as Windows-1252 (warning)",
    "import-control-character": "control or bidirectional characters removed from a cell (warning)",
    "import-formula": "a formula cell: never evaluated; its last saved value is used (warning), "
    "or it has none and reads as empty (error)",
    "import-nested-table": "a table inside a table cell, read as a table of its own (warning)",
    "import-no-header": "a table with no recognisable header row, skipped (warning)",
    "import-no-table": "no action table found in the file",
    "import-unmapped-column": "a column whose heading maps to no field; its cells are kept "
    "aside (warning)",
    "import-duplicate-column": "two columns mapped to one field; the second is kept aside "
    "(warning)",
    "import-unused-column-option": "a `--column` heading no table has (warning)",
    "import-empty-row": "an empty row between rows of a table (warning)",
    "import-duplicate-ref": "a ref already used by an earlier row",
    "import-split-row": "a row with no ref but with action text, as when a row breaks across "
    "pages: not placed",
    "import-orphan-row": "a continuation row (no ref) with no action above it: not placed",
    "import-lead-split": "a lead cell naming several leads, split on line breaks and `;` (warning)",
    "import-due-number": "a due cell holding a plain number (an unformatted Excel date?), "
    "kept as published (warning)",
    "import-unknown-status": "a status value, RAG letter or colour with no mapping (warning); "
    "for `assure import`, a colour no status can be made from (error)",
    # writing an imported plan (`assure import`)
    "import-row-left-out": "a row not imported: it has no ref, or its ref names the same file "
    "as an earlier row's",
    "import-note-not-placed": "a `Note:` line naming no other ref of the plan: no field holds "
    "it, so it is not written (warning)",
    "import-progress-differs": "a re-imported file whose earlier progress entries differ from "
    "the record's: the record keeps its own, progress being append-only (warning)",
    # leads' workbooks returned to `assure import-updates` (a refused row: nothing is written)
    "update-formula": "a formula in a returned workbook: never evaluated or taken; the workbook "
    "is refused",
    "update-stale": "a returned row whose record changed (or went) since the workbook was "
    "exported, or a row assure did not export: refused",
    "update-invalid": "a returned update assure cannot take: an unknown status, a date no rule "
    "reads, a new status without a progress entry, a new due date without its reason...",
}

# The codes `assure check` reports as warnings: those a board can allow or make strict in
# board.yaml's `checks` (tests/test_check_settings.py holds it to the warnings the cases show).
WARNING_CODES = frozenset(
    {
        "wrong-extension",
        "one-sided-related",
        "missing-review-date",
        "due-not-a-date",
        "progress-order",
        "duplicate-lead",
        "implausible-date",
        "due-before-plan",
        "finding-without-theme",
    }
)
