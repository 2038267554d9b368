"""Change records the way a careful person would, and write them safely. The only module that
imports ruamel.yaml, and the only one that writes a file.

- `edit_text`: one record's text in, new text out. Applies a few operations (set a field,
  append a log entry) through ruamel's round trip, keeping comments, key order, quoting and
  every untouched line, and proves the new text reads (through `yamlio`) as exactly the
  intended data.
- `new_record_text`: a new record with its schema modeline and every field in place.
- `write_atomic`: temporary file in the same folder, fsync, same mode, `os.replace`; refuses
  when the file changed on disk since it was read.
- `plan_*`: the edit commands as plain functions over a workspace. Each returns a `Change`
  (new bytes, a summary, and any problems the new text would bring) and writes nothing.
- `json_schemas`: the JSON Schemas editors use, generated from the models.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias, get_args, get_origin

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from assurance_cli.checks.across import did_you_mean, run_checks
from assurance_cli.dates import ONGOING, PartialDate
from assurance_cli.index.build import build_index
from assurance_cli.io.yaml_reader import read_document, resolve_plain_scalar
from assurance_cli.model.records import AUDIT_KIND_LABELS, ID_PATTERN, FindingKind
from assurance_cli.model.validation import RECORD_TYPES, Action, RecordModel
from assurance_cli.problems import AssureError, Problem
from assurance_cli.queries.show import resolve_id
from assurance_cli.repo.load import (
    DATA_DIR,
    LoadedAction,
    RecordFile,
    Repository,
    add_record,
    process_file,
)
from assurance_cli.repo.workspace import Workspace

Value: TypeAlias = "str | int | float | bool | date | list[Value] | dict[str, Value] | None"

WRAP_AT = 90  # house layout: long text is a folded block wrapped near 90 columns
SCHEMA_DIR = "schemas"
MODELINE = "# yaml-language-server: $schema={}\n"


# --- the YAML round trip ------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Indentation as ruamel's `indent(mapping, sequence, offset)`."""

    mapping: int
    sequence: int
    offset: int


HOUSE = Layout(2, 4, 2)  # `lead:` then `  - qpp-chair`
COMPACT = Layout(2, 2, 0)  # `lead:` then `- qpp-chair`, common in hand-written YAML
LAYOUTS = (HOUSE, COMPACT)


def _yaml(layout: Layout) -> YAML:
    """A fresh round-trip YAML per use (a reused one keeps state between files)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never re-wrap a line
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    yaml.representer.add_representer(type(None), _represent_null)
    yaml.representer.ignore_aliases = lambda _data: True  # one date in two places: no &anchor
    return yaml


def _represent_null(representer: Any, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _load(yaml: YAML, text: str) -> CommentedMap:
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel raises many types; the file was valid for `assure check`
        raise AssureError(f"cannot edit this file's YAML ({type(exc).__name__})") from None
    if not isinstance(data, CommentedMap):
        raise AssureError("the file is not a mapping of fields")
    return data


def _dump(yaml: YAML, data: CommentedMap) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def round_trips(text: str, layout: Layout = HOUSE) -> bool:
    """Does ruamel write `text` back byte for byte (is the file in this layout)?"""
    try:
        yaml = _yaml(layout)
        return _dump(yaml, _load(yaml, text)) == text
    except AssureError:
        return False


# --- scalars as the house writes them ------------------------------------------------------


def styled_text(text: str, key_col: int, key: str) -> str:
    """How a new text value is written after `key:` at column `key_col`: plain when it fits
    and reads back as text, a folded block (`>-`) wrapped near 90 columns when it is long,
    a literal block (`|-`) when it has line breaks, quoted when it must be."""
    styled: str = text
    if not all(char.isprintable() or char == "\n" for char in text) or any(
        char in text for char in "\x85\u2028\u2029"
    ):
        styled = DoubleQuotedScalarString(text)
    elif "\n" in text:
        lines = text.split("\n")
        simple = text[0] not in " \n" and not text.endswith("\n")
        if simple and all(line == line.rstrip(" ") for line in lines):
            styled = LiteralScalarString(text)
        else:
            styled = DoubleQuotedScalarString(text)
    elif len(" " * key_col + f"{key}: {text}") > WRAP_AT and _foldable(text):
        styled = FoldedScalarString(text)
        styled.fold_pos = _fold_positions(text, WRAP_AT - key_col - 2)  # type: ignore[attr-defined]
    elif resolve_plain_scalar(text) != (text, None):
        styled = SingleQuotedScalarString(text)  # `1.10`, `null`, `true`: text, not a value
    return styled


def _foldable(text: str) -> bool:
    return text == text.strip() and "  " not in text and "\t" not in text


def _fold_positions(text: str, width: int) -> list[int]:
    """Where to break (indexes of spaces) so that no line is longer than `width` if it can."""
    breaks: list[int] = []
    line_start = 0
    last_space = -1
    for index, char in enumerate(text):
        if char == " ":
            if index - line_start > width and last_space > line_start:
                breaks.append(last_space)
                line_start = last_space + 1
            last_space = index
    if len(text) - line_start > width and last_space > line_start:
        breaks.append(last_space)
    return breaks


def _node(value: Value, key_col: int, key: str, flow: bool = False) -> Any:
    """A Python value as a ruamel node in house style: dates stay dates (plain YYYY-MM-DD)."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for name, item in value.items():
            mapping[name] = _node(item, key_col, name, flow)
        if flow:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        # New lists are written in the house layout: items two columns in, `- ` then the item.
        seq = CommentedSeq(_node(item, key_col + 4, "-", flow) for item in value)
        if not value:
            seq.fa.set_flow_style()  # `[]`
        return seq
    if isinstance(value, str):
        if flow:  # inside [...] ruamel's plain scalars can read differently: always quote
            return DoubleQuotedScalarString(value)
        return styled_text(value, key_col, key)
    return value


def _plain(value: Value) -> Any:
    """A value as `yamlio` reads it back: dates are text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {name: _plain(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def date_value(when: PartialDate | date) -> date | str:
    """A day as a date (written plain YYYY-MM-DD), a month as its text YYYY-MM."""
    if isinstance(when, date):
        return when
    return when.last if when.day_given else when.iso


# --- operations on one record ---------------------------------------------------------------


@dataclass(frozen=True)
class SetField:
    """Set a top-level field (added in the format's order when missing)."""

    key: str
    value: Value


@dataclass(frozen=True)
class AppendEntry:
    """Append an entry (a mapping) to a top-level list such as `progress` (created when missing)."""

    key: str
    entry: dict[str, Value]


Operation: TypeAlias = SetField | AppendEntry


@dataclass(frozen=True)
class Edited:
    """A record's new text."""

    text: str
    reformatted: bool  # other lines had to be rewritten in the house layout (data unchanged)


def edit_text(text: str, operations: Sequence[Operation], field_order: Sequence[str]) -> Edited:
    """Apply `operations` to one record's YAML text (LF line endings) and return the new text.

    The file's own layout is kept when ruamel can write it back byte for byte (the house
    layout, or compact sequences); otherwise the edit is merged into the original lines, and
    only when that is impossible is the whole file rewritten in the house layout. Whatever is
    returned has been read back through `yamlio` and holds exactly the intended data."""
    expected = _expected_data(text, operations)
    layout = next((candidate for candidate in LAYOUTS if round_trips(text, candidate)), None)
    yaml = _yaml(layout or HOUSE)
    data = _load(yaml, text)
    baseline = text if layout else _dump(yaml, data)
    for operation in operations:
        _apply(data, operation, field_order, layout or HOUSE)
    edited = _dump(yaml, data)
    candidates = [Edited(edited, False)]
    if layout is None:
        merged = _merge(text, baseline, edited)
        candidates = [Edited(merged, False)] if merged is not None else []
        candidates.append(Edited(edited, True))
    for candidate in candidates:
        if _reads_as(candidate.text, expected):
            return candidate
    raise AssureError(
        "the change cannot be written without altering other values in the file; "
        "make it by hand in an editor"
    )


def _expected_data(text: str, operations: Sequence[Operation]) -> dict[str, Any]:
    document, _problems = read_document(text.encode("utf-8"), "record")
    if document is None:
        raise AssureError("the file does not read as a record; run `assure check` and fix it first")
    data: dict[str, Any] = document.data
    for operation in operations:
        if isinstance(operation, SetField):
            data[operation.key] = _plain(operation.value)
        else:
            data.setdefault(operation.key, []).append(_plain(operation.entry))
    return data


def _reads_as(text: str, expected: dict[str, Any]) -> bool:
    document, _problems = read_document(text.encode("utf-8"), "record")
    return document is not None and document.data == expected


def _apply(data: CommentedMap, operation: Operation, order: Sequence[str], layout: Layout) -> None:
    if isinstance(operation, SetField):
        node = _node(operation.value, 0, operation.key)
        if operation.key in data:
            data[operation.key] = _like(data[operation.key], node)
        else:
            _insert(data, operation.key, node, order)
        return
    item_col = layout.offset + 2  # where an item's keys start under a top-level key
    seq = data.get(operation.key)
    if not isinstance(seq, CommentedSeq):
        _insert(data, operation.key, CommentedSeq([_node(operation.entry, item_col, "")]), order)
        return
    flow = bool(seq) and bool(seq.fa.flow_style())
    if not seq:
        # An empty `progress: []` becomes a block list: every later entry is then an added
        # line, where a flow list would rewrite one ever-longer line on each edit.
        seq.fa.set_block_style()
    before = _last_leaf(data, operation.key)
    seq.append(_node(operation.entry, item_col, "", flow))
    if before is not None and not flow:
        _move_trailing_comment(before, _last_leaf(data, operation.key))


def _like(old: Any, new: Any) -> Any:
    """Keep the quote style of the value being replaced."""
    if isinstance(old, SingleQuotedScalarString | DoubleQuotedScalarString) and type(new) is str:
        return type(old)(new)
    return new


def _insert(data: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Insert a missing field after the last present field that comes before it in `order`."""
    rank = {name: number for number, name in enumerate(order)}
    keys = list(data)
    earlier = [k for k in keys if rank.get(k, -1) < rank.get(key, len(order))]
    before = _last_leaf(data, earlier[-1]) if earlier else None
    data.insert(keys.index(earlier[-1]) + 1 if earlier else 0, key, value)
    if before is not None:
        _move_trailing_comment(before, _last_leaf(data, key))


def _last_leaf(data: CommentedMap, key: str) -> tuple[CommentedMap, str] | None:
    """The mapping and key whose trailing comment holds the lines written after `data[key]`."""
    owner, name = data, key
    while True:
        value = owner[name]
        if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
            value = value[-1]
            if not isinstance(value, CommentedMap):
                return None
        if not isinstance(value, CommentedMap) or not value or value.fa.flow_style():
            return owner, name
        owner, name = value, list(value)[-1]


def _move_trailing_comment(
    source: tuple[CommentedMap, str] | None, target: tuple[CommentedMap, str] | None
) -> None:
    """Full-line comments and blank lines at the left margin after the `source` value introduce
    what follows in the file: move them below the new content (the `target` value), so that it
    goes above them. An end-of-line comment, and indented comment lines right after it, stay."""
    if source is None or target is None or source == target:
        return
    owner, key = source
    slots = owner.ca.items.get(key)
    if not slots or len(slots) < 3 or slots[2] is None:
        return
    token = slots[2]
    if _is_block(owner[key]):
        eol, lines = "", token.value.splitlines(keepends=True)
    else:
        eol, _newline, rest = token.value.partition("\n")
        lines = rest.splitlines(keepends=True)
    split = len(lines)
    for number, line in enumerate(lines):
        first_of_block = _is_block(owner[key]) and number == 0
        indent = len(line) - len(line.lstrip(" ")) + (token.column if first_of_block else 0)
        if not line.strip() or indent == 0:
            split = number
            break
    kept, moved = "".join(lines[:split]), "".join(lines[split:])
    if not moved:
        return
    if _is_block(owner[key]):
        slots[2] = CommentToken(kept, CommentMark(token.column)) if kept else None
    else:
        rest_of_line = f"{eol}\n{kept}"
        slots[2] = CommentToken(rest_of_line, CommentMark(token.column)) if eol or kept else None
    if all(slot is None for slot in slots):
        del owner.ca.items[key]
    new_owner, new_key = target
    text = moved if _is_block(new_owner[new_key]) else "\n" + moved
    new_owner.ca.items[new_key] = [None, None, CommentToken(text, CommentMark(0)), None]


def _is_block(value: Any) -> bool:
    return isinstance(value, FoldedScalarString | LiteralScalarString)


def _merge(original: str, baseline: str, edited: str) -> str | None:
    """Three-way merge by lines: `baseline` is ruamel's rewrite of `original`; apply the
    baseline->edited changes to `original`. None when an edit touches a rewritten line."""
    base = baseline.splitlines(keepends=True)
    ours = original.splitlines(keepends=True)
    theirs = edited.splitlines(keepends=True)
    layout_changes = _changes(base, ours)
    edits = _changes(base, theirs)
    if any(_overlap(edit[:2], change[:2]) for edit in edits for change in layout_changes):
        return None
    out: list[str] = []
    position = 0
    for start, end, lines in sorted(layout_changes + edits, key=lambda change: change[:2]):
        out += base[position:start] + lines
        position = end
    return "".join(out + base[position:])


def _overlap(one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Do two changed line ranges of the baseline clash? Lines added at the edge of a
    rewritten range clash with it (which side would they go?); two ranges that only meet
    do not."""
    (start, end), (other_start, other_end) = one, other
    if start == end:
        return other_start <= start <= other_end
    if other_start == other_end:
        return start <= other_start <= end
    return start < other_end and other_start < end


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [
        (i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


# --- new records ---------------------------------------------------------------------------


def field_names(model: type[RecordModel]) -> list[str]:
    """The model's fields, by the names written in files, in the documented order."""
    return [info.alias or name for name, info in model.model_fields.items()]


def new_record_text(model: type[RecordModel], values: dict[str, Value], schema_ref: str) -> str:
    """A new record: the schema modeline, then every field of the format in order, `[]` or
    `null` where no value is given."""
    full: dict[str, Value] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        full[key] = values.get(key, [] if get_origin(info.annotation) is list else None)
    unknown = set(values) - set(full)
    if unknown:
        raise ValueError(f"not fields of {model.__name__}: {sorted(unknown)}")
    data = CommentedMap((key, _node(value, 0, key)) for key, value in full.items())
    text = MODELINE.format(schema_ref) + _dump(_yaml(HOUSE), data)
    if not _reads_as(text, _plain(full)):
        raise AssureError("the new record cannot be written safely; check the text given")
    return text


def schema_ref(root: Path, record_path: Path, kind: str) -> str:
    """The modeline's path: from the record's folder to <root>/schemas/<kind>.schema.json."""
    target = root / SCHEMA_DIR / f"{kind}.schema.json"
    return Path(os.path.relpath(target, record_path.parent)).as_posix()


def next_ref(existing: Iterable[str], priority: int) -> str:
    """The next free ref in a priority: after 5h comes 5i (3d2 counts as 3d); in a plan
    numbered 2-1, 2-2..., after 2-5 comes 2-6."""
    refs = set(existing)
    lettered = [
        _letters_number(match[1])
        for ref in refs
        if (match := re.fullmatch(rf"{priority}([a-z]+)\d*", ref))
    ]
    numbered = [int(match[1]) for ref in refs if (match := re.fullmatch(rf"{priority}-(\d+)", ref))]
    if lettered:
        return f"{priority}{_letters(max(lettered) + 1)}"
    if numbered:
        return f"{priority}-{max(numbered) + 1}"
    plan_numbers = any(re.fullmatch(r"\d+-\d+", ref) for ref in refs)
    plan_letters = any(re.fullmatch(r"\d+[a-z]+\d*", ref) for ref in refs)
    return f"{priority}-1" if plan_numbers and not plan_letters else f"{priority}a"


def _letters_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (ord(char) - ord("a") + 1)
    return number


def _letters(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa."""
    out = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        out = chr(ord("a") + remainder) + out
    return out


# --- reading and writing files -------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes and mode as read, to write it back safely."""

    path: Path
    raw: bytes
    mode: int


def read_snapshot(path: Path) -> Snapshot:
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            raise AssureError(f"{path} is a symbolic link; edit the file it points to instead")
        return Snapshot(path, path.read_bytes(), stat.S_IMODE(info.st_mode))
    except OSError as exc:
        raise AssureError(f"cannot read {path} ({exc.strerror or 'I/O error'})") from None


@dataclass(frozen=True)
class Source:
    """A record's text as edited: LF line endings, no byte-order mark."""

    text: str
    bom: bool
    crlf: bool


def decode(raw: bytes) -> Source:
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise AssureError("the file is not UTF-8; run `assure check`") from None
    crlf = "\r" in text
    return Source(text.replace("\r\n", "\n").replace("\r", "\n"), bom, crlf)


def encode(source: Source, text: str) -> bytes:
    """The new text as bytes: LF line endings (a CRLF file is normalised), the BOM kept."""
    return (b"\xef\xbb\xbf" if source.bom else b"") + text.encode("utf-8")


def write_atomic(path: Path, content: bytes, original: Snapshot | None) -> None:
    """Write `content` to `path` atomically: a temporary file in the same folder, fsync, then
    rename over the target. With `original`, the file must still hold the bytes that were read
    (else it changed on disk meanwhile) and keeps its mode; without, it must not exist yet."""
    folder = path.parent
    if original is not None:
        try:
            current = path.read_bytes()
        except OSError:
            current = None
        if current != original.raw:
            raise AssureError(
                f"{path} changed on disk since it was read; nothing was written. "
                "Run the command again"
            )
        mode = original.mode
    else:
        if path.exists() or path.is_symlink():
            raise AssureError(f"{path} already exists; nothing was written")
        folder.mkdir(parents=True, exist_ok=True)
        mode = 0o666 & ~_umask()
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        if original is None:
            _create_exclusive(temporary, path)
        else:
            os.replace(temporary, path)
        _fsync_folder(folder)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _create_exclusive(temporary: str, path: Path) -> None:
    """Rename into place without ever replacing a file someone created meanwhile."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise AssureError(f"{path} already exists; nothing was written") from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise AssureError(f"{path} already exists; nothing was written") from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some platforms cannot open a folder
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)


# --- the edit commands over a workspace ----------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One record's new content, ready to write, and what it does."""

    path: Path
    rel: str  # as problems name it: relative to the root, forward slashes
    content: bytes
    original: Snapshot | None  # None: a new file
    summary: str
    notes: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()  # what the new content would break; do not write

    @property
    def valid(self) -> bool:
        return not self.problems


def apply_change(change: Change) -> None:
    """Write a valid change to disk, atomically. Never commits."""
    if not change.valid:
        raise AssureError(f"{change.rel}: the change is not valid; nothing was written")
    try:
        write_atomic(change.path, change.content, change.original)
    except OSError as exc:
        raise AssureError(
            f"cannot write {change.rel} ({exc.strerror or 'I/O error'}); nothing was changed"
        ) from None


def find_action(workspace: Workspace, wanted: str) -> LoadedAction:
    """The action `wanted` names (`2015-16/1c`, or `1c` when only one plan has it)."""
    index = workspace.index
    try:
        kind, found = resolve_id(index, wanted)
    except AssureError:
        broken = _broken_action_files(workspace, wanted)
        if broken and not any(a == wanted or a.endswith(f"/{wanted}") for a in index.actions):
            raise AssureError(
                f"{broken[0]} has errors, so it cannot be edited; run `assure check` and "
                "fix them first"
            ) from None
        raise
    if kind != "action":
        raise AssureError(f"'{wanted}' is {kind} {found}, not an action; give an action id")
    return index.actions[found]


def _broken_action_files(workspace: Workspace, wanted: str) -> list[str]:
    plan, _slash, ref = wanted.rpartition("/")
    pattern = re.compile(
        rf"{DATA_DIR}/actions/{re.escape(plan) if plan else '[^/]+'}/{re.escape(ref)}\.yaml"
    )
    return sorted({p.path for p in workspace.errors if pattern.fullmatch(p.path)})


def plan_status_change(
    workspace: Workspace,
    action_id: str,
    status_id: str,
    *,
    note: str | None,
    on: PartialDate | date,
) -> Change:
    """`set-status`: the new status, and a progress entry dated `on` when there is a note.
    Closing an action (a status with `closed: true`) needs a note."""
    action = find_action(workspace, action_id)
    index = workspace.index
    status = index.statuses.get(status_id)
    if status is None:
        known = ", ".join(index.statuses)
        raise AssureError(
            f"unknown status '{status_id}'{did_you_mean(status_id, index.statuses)}; "
            f"board.yaml defines: {known}"
        )
    old = action.record.status
    if status_id == old:
        raise AssureError(
            f"{action.id} is already '{status.label}'; add progress with `assure note`"
        )
    note = _clean(note, "--note") if note is not None else None
    if status.closed and note is None:
        raise AssureError(
            f"'{status.label}' closes the action: give --note saying what was done "
            "(it becomes the progress entry)"
        )
    operations: list[Operation] = [SetField("status", status_id)]
    summary = f"{action.id}: status {index.status_label(old)} -> {status.label}"
    if note is not None:
        operations.append(AppendEntry("progress", {"date": date_value(on), "text": note}))
        summary += f"; progress entry {_iso(on)} added"
    return _edit(workspace, action, operations, summary)


def plan_note(workspace: Workspace, action_id: str, text: str, *, on: PartialDate | date) -> Change:
    """`note`: a progress entry dated `on`."""
    action = find_action(workspace, action_id)
    entry: dict[str, Value] = {"date": date_value(on), "text": _clean(text, "the note")}
    return _edit(
        workspace,
        action,
        [AppendEntry("progress", entry)],
        f"{action.id}: progress entry {_iso(on)} added",
    )


def plan_reschedule(
    workspace: Workspace,
    action_id: str,
    due: PartialDate | date,
    *,
    reason: str,
    agreed: PartialDate | date | None,
) -> Change:
    """`reschedule`: a new due date and the due_history entry recording the amendment."""
    action = find_action(workspace, action_id)
    reason = _clean(reason, "--reason")
    old = action.record.due
    old_value: Value = date_value(old) if isinstance(old, PartialDate) else None
    new_value = date_value(due)
    if isinstance(old, PartialDate) and _iso(old) == _iso(due):
        raise AssureError(f"{action.id} is already due {_iso(due)}")
    change: dict[str, Value] = {
        "from": old_value,
        "to": new_value,
        "agreed": date_value(agreed) if agreed is not None else None,
        "reason": reason,
    }
    shown_old = _iso(old) if isinstance(old, PartialDate) else (old or "not set")
    summary = f"{action.id}: due {shown_old} -> {_iso(due)}; due_history entry added"
    notes: tuple[str, ...] = ()
    if old == ONGOING:
        notes = ("the action was 'ongoing': the due_history entry's 'from' is null",)
    result = _edit(
        workspace, action, [SetField("due", new_value), AppendEntry("due_history", change)], summary
    )
    return replace(result, notes=result.notes + notes)


def _edit(
    workspace: Workspace, action: LoadedAction, operations: Sequence[Operation], summary: str
) -> Change:
    root = workspace.repository.root
    path = root / action.path
    snapshot = read_snapshot(path)
    source = decode(snapshot.raw)
    try:
        edited = edit_text(source.text, operations, field_names(Action))
    except AssureError as exc:
        raise AssureError(f"{action.path}: {exc}") from None
    content = encode(source, edited.text)
    notes: list[str] = []
    if source.crlf:
        notes.append(f"{action.path}: line endings normalised from CRLF to LF")
    if edited.reformatted:
        notes.append(
            f"{action.path} was not in the house layout; other lines were rewritten in it "
            "(the data is unchanged)"
        )
    record_file = RecordFile(path, action.path, "action", action.plan)
    problems = problems_after(workspace, record_file, content)
    return Change(path, action.path, content, snapshot, summary, tuple(notes), tuple(problems))


def _clean(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise AssureError(f"{what} is empty; write what happened")
    return cleaned


def _iso(when: PartialDate | date) -> str:
    return when.isoformat() if isinstance(when, date) else when.iso


def problems_after(workspace: Workspace, record_file: RecordFile, content: bytes) -> list[Problem]:
    """What `content`, as the new text of `record_file`, would add to `assure check`: the read
    path, the model, then the cross-record checks on that record. Problems the record
    already had are not counted again."""
    rel = record_file.rel
    result = process_file(record_file, content)
    if result.record is None:
        return list(result.problems)
    document, _ = read_document(content, rel)
    repository = _without(workspace.repository, rel)
    add_record(repository, record_file, result.record, document.positions if document else None)
    after = [*result.problems]
    after += [p for p in run_checks(repository, build_index(repository)) if p.path == rel]
    before = Counter((p.code, p.message) for p in workspace.problems if p.path == rel)
    added: list[Problem] = []
    for problem in after:
        key = (problem.code, problem.message)
        if before[key]:
            before[key] -= 1
        else:
            added.append(problem)
    return added


def _without(repository: Repository, rel: str) -> Repository:
    """A copy of the repository without the file `rel` (in every list of loaded files)."""
    copy = replace(repository)
    for item in fields(copy):
        value = getattr(copy, item.name)
        if isinstance(value, list):
            setattr(copy, item.name, [v for v in value if getattr(v, "path", None) != rel])
    return copy


# --- new records over a workspace ----------------------------------------------------------


def plan_new_action(
    workspace: Workspace,
    *,
    plan: str,
    priority: int,
    title: str,
    lead: Sequence[str] = (),
    due: PartialDate | date | None = None,
    status: str | None = None,
) -> Change:
    """`new action`: the next free ref in the priority, every field in place."""
    index = workspace.index
    found_plan = index.plans.get(plan)
    if found_plan is None:
        raise AssureError(f"unknown plan '{plan}'{did_you_mean(plan, index.plans)}")
    numbers = [p.number for p in found_plan.priorities]
    if priority not in numbers:
        raise AssureError(
            f"plan '{plan}' has no priority {priority}; it has "
            + (", ".join(str(n) for n in numbers) or "none")
        )
    for lead_id in lead:
        if lead_id not in index.leads:
            raise AssureError(f"unknown lead '{lead_id}'{did_you_mean(lead_id, index.leads)}")
    status = status or _opening_status(workspace)
    if status not in index.statuses:
        raise AssureError(f"unknown status '{status}'{did_you_mean(status, index.statuses)}")
    root = workspace.repository.root
    folder = root / DATA_DIR / "actions" / plan
    on_disk = [entry.stem for entry in folder.glob("*.y*ml")] if folder.is_dir() else []
    existing = on_disk + [a.record.ref for a in workspace.repository.actions if a.plan == plan]
    ref = next_ref(existing, priority)
    values: dict[str, Value] = {
        "ref": ref,
        "priority": priority,
        "title": _clean(title, "--title"),
        "lead": list(lead),
        "due": date_value(due) if due is not None else None,
        "status": status,
    }
    path = folder / f"{ref}.yaml"
    return _new(workspace, RecordFile(path, _rel(root, path), "action", plan), values)


def _opening_status(workspace: Workspace) -> str:
    """`not-started` when the board has it, else its first open status."""
    statuses = workspace.index.statuses
    if "not-started" in statuses:
        return "not-started"
    for status in statuses.values():
        if not status.closed:
            return status.id
    raise AssureError("board.yaml has no open status; give --status")


def plan_new_audit(
    workspace: Workspace, *, audit_id: str, title: str, kind: str, when: PartialDate | date
) -> Change:
    """`new audit`: an assurance activity, every field in place."""
    _check_new_id(audit_id, "audit", workspace.index.audits)
    if kind not in AUDIT_KIND_LABELS:
        raise AssureError(
            f"unknown audit kind '{kind}'{did_you_mean(kind, AUDIT_KIND_LABELS)}; "
            f"kinds: {', '.join(AUDIT_KIND_LABELS)}"
        )
    values: dict[str, Value] = {
        "id": audit_id,
        "title": _clean(title, "--title"),
        "kind": kind,
        "date": date_value(when),
    }
    root = workspace.repository.root
    path = root / DATA_DIR / "audits" / f"{audit_id}.yaml"
    return _new(workspace, RecordFile(path, _rel(root, path), "audit"), values)


FINDING_KINDS: tuple[str, ...] = get_args(FindingKind)


def plan_new_finding(
    workspace: Workspace,
    *,
    finding_id: str,
    audits: Sequence[str],
    kind: str,
    text: str,
    themes: Sequence[str] = (),
) -> Change:
    """`new finding`: a learning point citing its audit(s), every field in place."""
    index = workspace.index
    _check_new_id(finding_id, "finding", index.findings)
    if not audits:
        raise AssureError("give the audit the finding comes from: --audit ID")
    for audit_id in audits:
        if audit_id not in index.audits:
            raise AssureError(f"unknown audit '{audit_id}'{did_you_mean(audit_id, index.audits)}")
    if kind not in FINDING_KINDS:
        raise AssureError(f"unknown finding kind '{kind}'; kinds: {', '.join(FINDING_KINDS)}")
    for theme in themes:
        if theme not in index.themes:
            raise AssureError(f"unknown theme '{theme}'{did_you_mean(theme, index.themes)}")
    values: dict[str, Value] = {
        "id": finding_id,
        "audits": list(audits),
        "themes": list(themes),
        "kind": kind,
        "text": _clean(text, "--text"),
    }
    root = workspace.repository.root
    path = root / DATA_DIR / "findings" / f"{finding_id}.yaml"
    return _new(workspace, RecordFile(path, _rel(root, path), "finding"), values)


def _check_new_id(record_id: str, kind: str, known: Iterable[str]) -> None:
    if not re.fullmatch(ID_PATTERN, record_id):
        raise AssureError(
            f"'{record_id}' is not a valid id: use lowercase letters, digits and '-' "
            "(e.g. cse-review-2015)"
        )
    if record_id in set(known):
        raise AssureError(f"{kind} '{record_id}' already exists; choose another id")


def _new(workspace: Workspace, record_file: RecordFile, values: dict[str, Value]) -> Change:
    root = workspace.repository.root
    path = Path(record_file.path)
    if path.exists() or path.is_symlink():
        raise AssureError(f"{record_file.rel} already exists; it was not overwritten")
    model = RECORD_TYPES[record_file.kind]
    text = new_record_text(model, values, schema_ref(root, path, record_file.kind))
    content = text.encode("utf-8")
    problems = problems_after(workspace, record_file, content)
    record_id = values.get("id") or f"{record_file.plan}/{values['ref']}"
    summary = f"created {record_file.rel} ({record_file.kind} {record_id})"
    notes: tuple[str, ...] = ()
    if not (root / SCHEMA_DIR / f"{record_file.kind}.schema.json").is_file():
        missing = f"{SCHEMA_DIR}/{record_file.kind}.schema.json"
        notes = (f"{missing} does not exist: run `assure schema` so editors can use it",)
    return Change(path, record_file.rel, content, None, summary, notes, tuple(problems))


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


# --- JSON Schemas for editors --------------------------------------------------------------

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def json_schemas() -> dict[str, bytes]:
    """`<kind>.schema.json` -> its bytes, for every record type. Draft-07 (what the common YAML
    editor extensions understand), keys sorted, so the same models give the same bytes."""
    return {
        f"{kind}.schema.json": _schema_bytes(kind, model) for kind, model in RECORD_TYPES.items()
    }


def _schema_bytes(kind: str, model: type[RecordModel]) -> bytes:
    schema = _draft_07(model.model_json_schema(by_alias=True, mode="validation"))
    schema["$schema"] = DRAFT_07
    schema["$comment"] = f"Generated by `assure schema` from the {kind} record model; do not edit."
    return (json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _draft_07(node: Any) -> Any:
    """Pydantic writes draft 2020-12: `$defs` become `definitions`, and a `$ref` with
    siblings (ignored beside `$ref` in draft-07) moves into an `allOf`."""
    if isinstance(node, list):
        return [_draft_07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        ("definitions" if key == "$defs" else key): _draft_07(value) for key, value in node.items()
    }
    if isinstance(out.get("$ref"), str):
        out["$ref"] = out["$ref"].replace("#/$defs/", "#/definitions/")
        if len(out) > 1:
            out["allOf"] = [{"$ref": out.pop("$ref")}]
    return out


def stale_schemas(folder: Path) -> list[str]:
    """The schema files in `folder` that are missing or differ from the models."""
    return [
        name
        for name, content in json_schemas().items()
        if not (folder / name).is_file() or (folder / name).read_bytes() != content
    ]


def write_schemas(folder: Path) -> list[str]:
    """Write every schema into `folder`; returns the names that changed."""
    written: list[str] = []
    for name, content in json_schemas().items():
        path = folder / name
        snapshot = read_snapshot(path) if path.exists() else None
        if snapshot is not None and snapshot.raw == content:
            continue
        try:
            write_atomic(path, content, snapshot)
        except OSError as exc:
            raise AssureError(f"cannot write {path} ({exc.strerror or 'I/O error'})") from None
        written.append(name)
    return written
