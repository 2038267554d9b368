"""What a board's own Word template (`templates/<report>.docx`, filled in by docxtpl) gets:
the report's context, as documented in docs/report-contexts.md, plus `cover` and `summary`
(docs/papers.md), all as plain dictionaries, lists and text.

Plain values, not the context's dataclasses: the docxtpl renderer cleans every string it
finds in dictionaries and lists of control characters, and a template reads `row.ref` from a
dictionary as from an object. A field named `from_` (a Python keyword) is also given as
`from`, as the Markdown templates read it. `notice` lists the lines of the notice of
records left out or shown despite errors; `with_notice` puts them first in the document
whatever the template does.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from assurance_cli.queries.reports import ReportContext
from assurance_cli.render.report_papers.common import PaperParts, cover_of


def template_values(context: ReportContext, parts: PaperParts) -> dict[str, Any]:
    values: dict[str, Any] = _plain(context)
    cover = cover_of(parts.cover, context.board)
    values["cover"] = _plain(cover)
    values["summary"] = _plain(parts.summary)
    values["changes"] = _plain(parts.changes) if parts.changes is not None else None
    values["notice"] = list(parts.notice)
    return values


def with_notice(document: bytes, notice: tuple[str, ...]) -> bytes:
    """A filled-in board template with the notice of records left out put first in its
    body (bold), whatever the template does with `notice`: it cannot drop it."""
    if not notice:
        return document
    import io

    import docx

    filled = docx.Document(io.BytesIO(document))
    body = filled.element.body
    first = body[0] if len(body) else None
    for number, line in enumerate(notice):
        paragraph = filled.add_paragraph()
        paragraph.add_run(line.strip()).bold = number == 0
        if first is not None:
            first.addprevious(paragraph._p)
    buffer = io.BytesIO()
    filled.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = {
            field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
        if "from_" in found:
            found["from"] = found["from_"]
        return found
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
