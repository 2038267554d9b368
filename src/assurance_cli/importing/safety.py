"""What a plan file must pass before any parser sees it.

A `.xlsx` or `.docx` is a zip of XML parts, so the archive is checked from its central
directory before openpyxl or python-docx opens it: a zip bomb, a macro-enabled file, an
encrypted or old binary file, or XML with a document type declaration (entity expansion) is
refused with advice. The bytes are read once and the same bytes are parsed, so the file
cannot change between the check and the read.
"""

from __future__ import annotations

import re
import stat
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import Any

from assurance_cli.problems import AssureError, Problem, error

MiB = 1024 * 1024
# The first bytes of an OLE compound file: an encrypted (password-protected) .xlsx/.docx, or
# an old binary .xls/.doc saved with the new extension.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")
_PROLOG_SCAN = 64 * 1024
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".docm", ".dotm")
OLD_SUFFIXES = (".xls", ".doc")


@dataclass(frozen=True)
class Limits:
    """How much a plan file may hold. Real plans are far below every figure."""

    file_bytes: int = 50 * MiB
    unpacked_bytes: int = 200 * MiB  # all parts of a .xlsx/.docx together
    parts: int = 5000
    # A part this much smaller packed than unpacked is a zip bomb, once it is over 1 MiB:
    # spreadsheet XML packs about 10 to 1; a bomb packs 1000 to 1.
    ratio: int = 200
    ratio_floor: int = 1 * MiB
    rows: int = 10_000  # rows holding something, per table
    columns: int = 100
    tables: int = 1000
    cells: int = 2_000_000  # cells looked at, per file (styled empty cells count)


class ImportRefused(AssureError):
    """The file cannot be read safely or at all; `problem` says why and what to do."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def refuse(name: str, message: str, *, line: int = 1, col: int = 1) -> ImportRefused:
    return ImportRefused(error(name, line, col, "import-refused", message))


def read_source_bytes(path: Path, name: str, limits: Limits) -> bytes:
    """The file's bytes, refusing anything but a regular file within the size limit."""
    try:
        info = path.stat()
    except OSError as exc:
        raise refuse(name, f"cannot read the file ({exc.strerror or 'unreadable'})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise refuse(name, "not a regular file: give the path of a saved .xlsx, .docx or .csv")
    if info.st_size > limits.file_bytes:
        raise refuse(
            name,
            f"the file is {_size(info.st_size)}, over the {_size(limits.file_bytes)} limit "
            "for a plan: save the action table alone, without images",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.file_bytes + 1)
    except OSError as exc:
        raise refuse(name, f"cannot read the file ({exc.strerror or 'unreadable'})") from exc
    if len(data) > limits.file_bytes:
        raise refuse(name, "the file grew while it was read: save it and try again")
    return data


def check_office_zip(data: bytes, name: str, kind: str, limits: Limits) -> None:
    """Refuse a .xlsx/.docx that is not a plain, macro-free, reasonably sized zip."""
    label = {"xlsx": "Excel workbook", "docx": "Word document"}[kind]
    if data.startswith(_OLE_MAGIC):
        raise refuse(
            name,
            f"this is a password-protected or old-format {label}: remove the password or "
            f"save it again as .{kind}",
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise refuse(
            name, f"not a valid .{kind} file (not a zip archive): open it and save as .{kind}"
        ) from exc
    with archive:
        members = archive.infolist()
        _check_sizes(members, name, limits)
        _check_no_macros(archive, members, name, kind)
        _check_parts_present(archive, name, kind)
        _check_no_doctype(archive, members, name)


def _check_sizes(members: list[zipfile.ZipInfo], name: str, limits: Limits) -> None:
    # Declared sizes bound what zipfile will inflate (it stops at file_size and checks the
    # CRC), so checking them here bounds what the parsers can be made to read.
    if len(members) > limits.parts:
        raise refuse(
            name,
            f"the file has {len(members)} parts, over the limit of {limits.parts}: "
            "it is not an ordinary Office file",
        )
    total = sum(member.file_size for member in members)
    if total > limits.unpacked_bytes:
        raise refuse(
            name,
            f"the file unpacks to {_size(total)}, over the {_size(limits.unpacked_bytes)} "
            "limit (a zip bomb?): save the action table alone in a new file",
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise refuse(name, "the file has encrypted parts: remove the password and save it")
        packed = max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor and member.file_size / packed > limits.ratio:
            raise refuse(
                name,
                f"a part unpacks {member.file_size // packed} times larger than it is packed "
                "(a zip bomb): the file is refused; save the action table alone in a new file",
            )


def _check_no_macros(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str, kind: str
) -> None:
    for member in members:
        if PurePosixPath(member.filename).name.lower() in ("vbaproject.bin", "vbadata.xml"):
            raise _macro_refusal(name, kind)
    types = _small_part(archive, "[Content_Types].xml")
    if types is not None and b"macroenabled" in types.lower():
        raise _macro_refusal(name, kind)


def _macro_refusal(name: str, kind: str) -> ImportRefused:
    return refuse(
        name,
        f"the file contains macros, which are never opened: save a copy as a plain .{kind} "
        "(without macros) and import that",
    )


def _check_parts_present(archive: zipfile.ZipFile, name: str, kind: str) -> None:
    main = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}[kind]
    names = set(archive.namelist())
    if main not in names:
        raise refuse(name, f"not a .{kind} file (no {main}): open it and save as .{kind}")


def _check_no_doctype(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> None:
    # Office never writes a DTD; one in a part can only be there to expand entities.
    for member in members:
        if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(member) as part:
            head = part.read(_PROLOG_SCAN)
        root = _ROOT_ELEMENT.search(head)
        prolog = head if root is None else head[: root.start()]
        if _DOCTYPE.search(prolog) or (root is None and len(head) == _PROLOG_SCAN):
            raise refuse(
                name,
                f"the part {member.filename} declares a document type (XML entities), which "
                "Office never writes: the file is refused; save it again from Office",
            )


def _size(count: int) -> str:
    return f"{count / MiB:.1f} MiB" if count >= MiB else f"{count / 1024:.1f} KiB"


def _small_part(archive: zipfile.ZipFile, part: str) -> bytes | None:
    try:
        info = archive.getinfo(part)
    except KeyError:
        return None
    if info.file_size > MiB:
        return None
    return archive.read(info)


@contextmanager
def opened_workbook(data: bytes, name: str, *, data_only: bool) -> Iterator[Any]:
    """An openpyxl workbook of `data` (read only, links not followed), closed after use;
    refused (exit 2) when the library cannot read it. `data_only`: a formula cell's saved
    value, not its formula (the plan reader); the update reader takes formulas to refuse them."""
    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns about parts it skips (data validation extensions, print settings).
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(
                BytesIO(data), read_only=True, data_only=data_only, keep_links=False
            )
        except Exception as exc:  # any failure inside the library means "not readable"
            raise refuse(
                name,
                f"the workbook cannot be read ({type(exc).__name__}): open it in Excel and "
                "save it again as .xlsx",
            ) from exc
        try:
            yield book
        finally:
            book.close()
