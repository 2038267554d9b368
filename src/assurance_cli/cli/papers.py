"""Report output: the format (Markdown, HTML, Word, PDF), the paper's cover options, and
writing the result. `cli/report.py` holds the commands; this module what they share.

The format comes from `--format`, else from `--output`'s extension, else Markdown. An unknown
extension, or a `--format` the extension contradicts, is refused (exit 2), so a paper is never
written in a format its name does not say. Markdown and HTML are text and print when there is
no `--output` (or `--output -`); Word and PDF are binary: they print only with an explicit
`--output -`, and never to a terminal.

python-docx, matplotlib and the paper modules are imported only when a paper is written, so
a Markdown report starts as fast as before.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assurance_cli.cli.app import EXIT_FOUND, fail, root_of, say

if TYPE_CHECKING:
    from assurance_cli.index.build import Index
    from assurance_cli.model.paper_file import PaperCover
    from assurance_cli.queries.reports import ReportContext
    from assurance_cli.queries.reports.exceptions import ExceptionsContext
    from assurance_cli.queries.reports.summary import PaperSummary
    from assurance_cli.repo.workspace import Reading

FORMATS = ("md", "html", "docx", "pdf")
EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}
EXTENSIONS[".pdf"] = "pdf"
BINARY = frozenset({"docx", "pdf"})
FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "docx": "Word", "pdf": "PDF"}
ARTICLES = {"md": "a", "html": "an", "docx": "a", "pdf": "a"}
STDOUT = "-"
OFFICE_MODULES = frozenset({"docx", "matplotlib", "docxtpl", "lxml"})

PANEL = "Paper (html, docx, pdf)"
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        help="Write to FILE (atomically) instead of printing; its extension (.md, .html, "
        ".docx, .pdf) gives the format. `-` prints.",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="md, html, docx or pdf. Default: from --output's extension, else md.",
        show_default=False,
    ),
]
TitleOption = Annotated[
    str | None,
    typer.Option(
        "--title", help="The cover's title (default: the report's).", rich_help_panel=PANEL
    ),
]
MeetingOption = Annotated[
    str | None,
    typer.Option("--meeting", help="The meeting the paper goes to.", rich_help_panel=PANEL),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", help="The paper's date (YYYY-MM-DD or as printed).", rich_help_panel=PANEL
    ),
]
AuthorOption = Annotated[
    str | None, typer.Option("--author", help="Who wrote the paper.", rich_help_panel=PANEL)
]
VersionOption = Annotated[
    str | None,
    typer.Option("--version", help="The paper's version, e.g. 1.0.", rich_help_panel=PANEL),
]
PurposeOption = Annotated[
    str | None, typer.Option("--purpose", help="What the paper is for.", rich_help_panel=PANEL)
]
RecommendationOption = Annotated[
    list[str] | None,
    typer.Option(
        "--recommendation",
        help="A recommendation to the board (repeat for several, in order).",
        rich_help_panel=PANEL,
    ),
]
PaperFileOption = Annotated[
    str | None,
    typer.Option(
        "--paper",
        help="Take the cover from papers/NAME.yaml (the options above override its fields).",
        rich_help_panel=PANEL,
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="The summary lists what changed since this git revision (tag, branch, commit) "
        "or day (YYYY-MM-DD: the last commit on or before it): closed, slipped, newly overdue.",
        rich_help_panel=PANEL,
    ),
]


@dataclass(frozen=True)
class PaperRequest:
    """Where and how to write a report, and what its paper's cover and summary say."""

    output: Path | None = None
    format: str | None = None
    title: str | None = None
    meeting: str | None = None
    date: str | None = None
    author: str | None = None
    version: str | None = None
    purpose: str | None = None
    recommendations: tuple[str, ...] = ()
    paper: str | None = None
    since: str | None = None

    def paper_options(self) -> list[str]:
        """The paper-only options given, as flags (for the refusal with Markdown)."""
        named = {
            "--title": self.title,
            "--meeting": self.meeting,
            "--date": self.date,
            "--author": self.author,
            "--version": self.version,
            "--purpose": self.purpose,
            "--recommendation": self.recommendations,
            "--paper": self.paper,
            "--since": self.since,
        }
        return [flag for flag, value in named.items() if value]


def paper_request(params: Mapping[str, object]) -> PaperRequest:
    """The request from a report command's parameters (its `locals()`): the options above
    are every command's last parameters, under these names."""

    def text(name: str) -> str | None:
        value = params.get(name)
        return value if isinstance(value, str) else None

    output = params.get("output")
    recommendations = params.get("recommendation") or []
    assert isinstance(recommendations, list)
    return PaperRequest(
        output=output if isinstance(output, Path) else None,
        format=text("format_"),
        title=text("title"),
        meeting=text("meeting"),
        date=text("paper_date"),
        author=text("author"),
        version=text("version"),
        purpose=text("purpose"),
        recommendations=tuple(str(item) for item in recommendations),
        paper=text("paper"),
        since=text("since"),
    )


def output_format(requested: str | None, output: Path | None) -> str:
    """The format to write: `--format`, checked against `--output`'s extension."""
    if requested is not None and requested not in FORMATS:
        fail(f"--format {requested}: choose one of {', '.join(FORMATS)}")
    if output is None or str(output) == STDOUT:
        return requested or "md"
    suffix = output.suffix.lower()
    inferred = EXTENSIONS.get(suffix)
    if inferred is None and not suffix and requested is not None:
        return requested  # a name with no extension, and the format given outright
    if inferred is None:
        known = ", ".join(EXTENSIONS)
        fail(
            f"--output {output}: cannot tell the format from "
            f"{f'the extension {suffix!r}' if suffix else 'a name with no extension'}; "
            f"name the file with one of {known}"
            + ("; or give --format (to print, --output -)" if not suffix else "")
        )
    if requested is not None and requested != inferred:
        fail(
            f"--format {requested} but --output {output} names {ARTICLES[inferred]} "
            f"{FORMAT_NAMES[inferred]} file; name it .{requested}, or leave --format out"
        )
    return inferred


def check_request(request: PaperRequest, fmt: str) -> None:
    """Refuse what cannot be done before any work: paper options with Markdown, a binary
    format with nowhere safe to go."""
    if fmt == "md" and request.paper_options():
        fail(
            f"{', '.join(request.paper_options())} shape a paper (html, docx or pdf); a "
            "Markdown report is its template alone. Give --format or an --output name ending "
            ".html, .docx or .pdf"
        )
    if fmt in BINARY:
        if request.output is None:
            fail(
                f"{FORMAT_NAMES[fmt]} is a binary file: give --output FILE.{fmt} "
                "(or --output - to write it to standard output)"
            )
        if str(request.output) == STDOUT and sys.stdout.isatty():
            fail(f"not writing a {FORMAT_NAMES[fmt]} file to a terminal: redirect it to a file")


def cover_given(root: Path, request: PaperRequest) -> PaperCover:
    """The cover from `--paper`'s file, with each option given overriding its field."""
    from assurance_cli.model.paper_file import PaperCover
    from assurance_cli.repo.paper_file import read_paper_file

    cover = PaperCover(None, None, None, None, None, None, ())
    if request.paper is not None:
        found, problems = read_paper_file(root, request.paper)
        if found is None:
            for problem in problems:
                say(str(problem), err=True)
            fail(f"the paper file has {len(problems)} problem(s); nothing written")
        cover = found
    cover = cover._replace(
        title=request.title or cover.title,
        meeting=request.meeting or cover.meeting,
        date=request.date or cover.date,
        author=request.author or cover.author,
        version=request.version or cover.version,
        purpose=request.purpose or cover.purpose,
    )
    if request.recommendations:
        cover = cover._replace(recommendations=request.recommendations)
    return cover


ContextOf = Callable[["Index"], "ReportContext"]
SummaryOf = Callable[["Index"], "PaperSummary"]
ExceptionsOf = Callable[["Index"], "ExceptionsContext"]


def emit(
    ctx: typer.Context,
    name: str,
    context_of: ContextOf,
    request: PaperRequest,
    *,
    summary_of: SummaryOf,
    as_of: date | None = None,
    exceptions_of: ExceptionsOf | None = None,
) -> None:
    """Render report `name` in the format asked for, and print or write it. The format and
    the output are checked before the records are read."""
    from assurance_cli.cli.app import open_for_reading, print_notice, reading_exit

    fmt = output_format(request.format, request.output)
    check_request(request, fmt)
    reading = open_for_reading(ctx)
    index = reading.index
    context = context_of(index)
    if fmt == "md":
        from assurance_cli.render.notices import with_notice
        from assurance_cli.render.templates import TemplateProblem, render_report

        try:
            text = render_report(root_of(ctx), name, context)
        except TemplateProblem as exc:  # the board's template is at fault: a problem found
            say(f"assure: error: {exc}", err=True)
            raise typer.Exit(EXIT_FOUND) from None
        data = with_notice(text, reading.omissions).encode("utf-8")
    else:
        summary = summary_of(index)
        exceptions = exceptions_of(index) if exceptions_of is not None else None
        try:
            data = paper_bytes(
                root_of(ctx), name, context, fmt, reading, request, summary, as_of, exceptions
            )
        except ModuleNotFoundError as exc:
            if (exc.name or "").split(".")[0] not in OFFICE_MODULES:
                raise
            fail(
                f"writing {FORMAT_NAMES[fmt]} papers needs the office extra (python-docx, "
                "matplotlib, docxtpl): pip install 'assurance-cli[office]'"
            )
    write_result(request, fmt, data)
    print_notice(reading)
    reading_exit(reading)


def paper_bytes(
    root: Path,
    name: str,
    context: ReportContext,
    fmt: str,
    reading: Reading,
    request: PaperRequest,
    summary: PaperSummary,
    as_of: date | None,
    exceptions: ExceptionsContext | None,
) -> bytes:
    """The report as a paper in `fmt` (html, docx or pdf), with the notice of any record
    left out or shown despite errors (at the top of the paper, under the cover)."""
    from assurance_cli.queries.reports.changes import changes_since
    from assurance_cli.render.notices import notice_lines
    from assurance_cli.render.report_papers import PaperParts, build_paper

    index = reading.index
    changes = None
    if request.since is not None:
        action_ids = [a.id for a in index.actions.values() if a.plan in summary.plans]
        changes = changes_since(root, request.since, index, action_ids, as_of)
    parts = PaperParts(
        cover=cover_given(root, request),
        summary=summary,
        changes=changes,
        notice=tuple(notice_lines(reading.omissions)),
    )
    if fmt == "docx":
        template = board_file(root, f"{name}.docx")
        if template is not None:
            from assurance_cli.render.papers.docx import render_docx_template
            from assurance_cli.render.report_papers.template_values import (
                template_values,
                with_notice,
            )

            filled = render_docx_template(template, template_values(context, parts))
            return with_notice(filled, parts.notice)
    paper = build_paper(context, parts, exceptions=exceptions)
    if fmt == "html":
        from assurance_cli.render.papers.html import render_html

        return render_html(paper).encode("utf-8")
    if fmt == "pdf":
        from assurance_cli.render.papers.pdf import render_pdf

        return render_pdf(paper)
    from assurance_cli.render.papers.docx import render_docx

    return render_docx(paper, reference=board_file(root, "reference.docx"))


def board_file(root: Path, name: str) -> Path | None:
    """`<root>/templates/<name>` when the board has one; refuses a templates folder that is
    a link (the file itself is opened without following one)."""
    folder = root / "templates"
    try:
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            fail(f"{folder} is a symbolic link; templates must be in the repository itself")
        os.lstat(folder / name)
    except FileNotFoundError:
        return None
    return folder / name


def write_result(request: PaperRequest, fmt: str, data: bytes) -> None:
    """Print the report, or write it atomically to `--output`."""
    write_output(request.output, fmt, data)


def write_output(output: Path | None, fmt: str, data: bytes) -> None:
    """`data` (a report in `fmt`) on stdout for no `--output` or `-`, else written atomically
    to the file, a regular file only."""
    from assurance_cli.io.files import write_atomic
    from assurance_cli.problems import AssureError

    if output is None or str(output) == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        write_atomic(output, data)
    except AssureError as exc:
        fail(f"{exc}; to print the paper, give `--output -`")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    say(f"wrote {output} ({FORMAT_NAMES[fmt]})", err=True)
