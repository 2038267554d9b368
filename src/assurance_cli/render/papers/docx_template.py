"""A board's own Word template (`templates/<report>.docx`), filled in with docxtpl.

The template comes from the board's repository, so from many hands (and any pull request):
it is read without following a link, bounded in size, and rendered in a Jinja sandbox with
autoescape (record text cannot add XML) and StrictUndefined (a mistyped name fails with the
template's name instead of leaving a blank in a board paper).
"""

from __future__ import annotations

import io
import operator
import os
import stat
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from assurance_cli.problems import AssureError
from assurance_cli.render.papers.document import plain_lines

MAX_FILE_BYTES = 20 * 1024 * 1024  # a Word template with a logo is well under 1 MiB
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # refuses a zip bomb before any XML is parsed
MAX_MEMBERS = 2000
MAX_REPEAT = 100_000  # the sandbox allows 'x' * 10**9; a board paper never needs that


def safe_docx_bytes(path: Path) -> bytes:
    """A .docx file's bytes: a regular file (not a link), a zip within the size limits, that
    makes Word fetch nothing from elsewhere when the paper is opened."""
    raw = _read_regular_file(path)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise AssureError(
                    f"{path}: the Word document unpacks to more than the limit (200 MiB)"
                )
            kinds = _outside_links(archive)
    except (zipfile.BadZipFile, ElementTree.ParseError):
        raise AssureError(f"{path}: not a Word document (.docx is a zip file)") from None
    if kinds:
        raise AssureError(
            f"{path}: the document links to files outside it ({', '.join(kinds)}), which Word "
            "would fetch when a paper made from it is opened; remove those links"
        )
    return raw


def _outside_links(archive: zipfile.ZipFile) -> list[str]:
    """The kinds of external relationship a document has, other than hyperlinks (followed
    only when clicked): a remote attached template, a linked picture, a linked frame..."""
    kinds = set()
    for name in archive.namelist():
        if not name.endswith(".rels"):
            continue
        for relationship in ElementTree.fromstring(archive.read(name)):
            kind = relationship.get("Type", "").rsplit("/", 1)[-1]
            if relationship.get("TargetMode") == "External" and kind != "hyperlink":
                kinds.add(kind)
    return sorted(kinds)


def _read_regular_file(path: Path) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        reason = "a symbolic link" if path.is_symlink() else exc.strerror
        raise AssureError(f"{path}: cannot be read ({reason})") from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise AssureError(f"{path}: not a regular file")
        if status.st_size > MAX_FILE_BYTES:
            raise AssureError(f"{path}: larger than the limit for a Word document (20 MiB)")
        return handle.read(MAX_FILE_BYTES + 1)


def render_docx_template(template: Path, context: Mapping[str, Any]) -> bytes:
    """The board's Word template filled in with `context`, as .docx bytes. Any problem in
    the template is an AssureError that names it."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError, TemplateSyntaxError
    from jinja2.exceptions import SecurityError
    from lxml.etree import XMLSyntaxError

    raw = safe_docx_bytes(template)
    try:
        document = DocxTemplate(io.BytesIO(raw))
        document.render(dict(_clean(context)), jinja_env=_sandbox(), autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    except TemplateSyntaxError as exc:
        raise AssureError(f"template {template}: {exc.message}") from None
    except (TemplateError, SecurityError) as exc:
        raise AssureError(f"template {template}: {exc}") from None
    except (KeyError, ValueError, XMLSyntaxError, zipfile.BadZipFile) as exc:
        raise AssureError(
            f"template {template}: not a Word template docxtpl can fill ({exc})"
        ) from None
    return buffer.getvalue()


def _sandbox() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        """A sandbox that also refuses huge string or list repeats."""

        intercepted_binops = frozenset({"*"})

        def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
            if op == "*":
                for sequence, times in ((left, right), (right, left)):
                    if (
                        isinstance(sequence, str | list | tuple)
                        and isinstance(times, int)
                        and len(sequence) * times > MAX_REPEAT
                    ):
                        raise SecurityError("a template repeated text beyond the allowed size")
                return operator.mul(left, right)
            return super().call_binop(context, op, left, right)

    return BoundedSandbox(undefined=StrictUndefined, autoescape=True)


def _clean(value: Any) -> Any:
    """Record text without control characters, which docxtpl would otherwise read as
    paragraph or page breaks (`\\a`, `\\f`) or write as XML no reader accepts."""
    if isinstance(value, str):
        return "\n".join(plain_lines(value))
    if isinstance(value, Mapping):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value
