"""`assure region report NAME`: several boards compared, through DuckDB (docs/region.md)."""

import re
import tempfile
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assurance_cli.cli.app import (
    AS_OF_HELP,
    EXIT_CANNOT_RUN,
    EXIT_FOUND,
    EXIT_OK,
    app,
    as_of_option,
    command_group,
    fail,
    note,
    options_of,
    say,
)
from assurance_cli.cli.papers import FormatOption, OutputOption, output_format, write_output

if TYPE_CHECKING:
    from assurance_cli.model.region_file import RegionFile
    from assurance_cli.queries.region.load import BoardFiles

region_app = command_group(
    help=(
        "Compare several boards: their exports in an embedded DuckDB (the `region` extra), "
        "reported side by side. region.yaml lists the boards and maps each board's statuses "
        "and themes to the region's words (docs/region.md)."
    ),
    no_args_is_help=True,
)
app.add_typer(region_app, name="region")


class RegionReport(str, Enum):
    overdue = "overdue"
    themes = "themes"
    responses = "responses"


@region_app.command("report")
def region_report(
    ctx: typer.Context,
    name: Annotated[RegionReport, typer.Argument(help="overdue, themes or responses.")],
    config: Annotated[
        Path | None,
        typer.Option("--config", help="The region file. Default: region.yaml, if there is one."),
    ] = None,
    board: Annotated[
        list[str] | None,
        typer.Option(
            "--board",
            metavar="PATH|GIT_URL",
            help="Also compare this board (a board repository, a folder `assure export "
            "--format jsonl` wrote, or a git URL, cloned); repeatable. Its words are not "
            "mapped.",
        ),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output: OutputOption = None,
    format_: FormatOption = None,
    allow_personal_data: Annotated[
        bool,
        typer.Option(
            "--allow-personal-data",
            help="Read boards even when `assure check` finds personal data in them.",
        ),
    ] = False,
) -> None:
    """A regional report over several boards: `overdue` (overdue and slippage rates per board,
    side by side, and actions by the region's status words), `themes` (the themes of
    findings across boards, with counts and the boards where each appears) or `responses`
    (actions answering the same kind of finding in different boards). Markdown, or a paper
    (--output x.html, .docx, .pdf).

    A board with personal data is not read (exit 2, its problems named) unless
    --allow-personal-data; files that did not load are named, exit 1.

    Examples:

        assure region report overdue --config examples/region/region.yaml --as-of 2016-05-31

        assure region report themes --config region.yaml --output themes.html

        assure region report overdue --board ../sandwell --board ../shropshire
    """
    from assurance_cli.render.region_exports import PersonalData, region_files

    fmt = output_format(format_, output)
    region, base = _region(config, board or [])
    when = as_of_option(as_of, ctx)
    with tempfile.TemporaryDirectory(prefix="assure-region-") as scratch:
        try:
            files = region_files(
                region,
                base,
                Path(scratch),
                allow_personal_data=allow_personal_data,
                use_cache=options_of(ctx).use_cache,
            )
        except PersonalData as exc:
            for board_id, problems in exc.found.items():
                for problem in problems:
                    say(f"{board_id}: {problem}", err=True)
            say(f"assure: error: {exc}", err=True)
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        data = _render(name.value, region, files, base, when, fmt)
    write_output(output, fmt, data)
    left_out = [(b.id, p) for b in files for p in b.left_out]
    for board_id, problem in left_out:
        say(f"assure: left out: {board_id}: {problem}", err=True)
    raise typer.Exit(EXIT_FOUND if left_out else EXIT_OK)


def _region(config: Path | None, boards: list[str]) -> "tuple[RegionFile, Path]":
    """The region file (and the folder its paths are relative to), with the --board boards."""
    from assurance_cli.model.region_file import RegionBoard, RegionFile
    from assurance_cli.repo.region import looks_like_git_url, read_region_file

    if config is None and not boards:
        config = Path("region.yaml")
    base = Path.cwd()
    region = RegionFile("Region", (), (), ())
    if config is not None:
        found, problems = read_region_file(config)
        for problem in problems:
            say(f"{config.parent / problem.path}:{str(problem).split(':', 1)[1]}", err=True)
        if found is None:
            fail(f"{config}: the region file has problems (listed above)")
        region, base = found, config.parent
    extra = []
    for given in boards:
        if not given.strip():
            fail("--board is empty; give a board repository, an export folder or a git URL")
        if looks_like_git_url(given):
            name = given.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
            extra.append(RegionBoard(_board_id(name), None, None, given, {}, {}))
            continue
        folder = Path(given).resolve()
        exported = not (folder / "data").is_dir()
        source = str(folder)
        extra.append(
            RegionBoard(
                _board_id(folder.name),
                None if exported else source,
                source if exported else None,
                None,
                {},
                {},
            )
        )
    ids = [b.id for b in (*region.boards, *extra)]
    twice = sorted({board_id for board_id in ids if ids.count(board_id) > 1})
    if twice:
        fail(
            f"two boards have the same id ({', '.join(twice)}); give boards with different "
            "ids or folder names"
        )
    return region._replace(boards=(*region.boards, *extra)), base


def _board_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "board"


def _render(
    name: str,
    region: "RegionFile",
    files: "list[BoardFiles]",
    base: Path,
    when: "object",
    fmt: str,
) -> bytes:
    from datetime import date

    from assurance_cli.queries.region import reports
    from assurance_cli.queries.region.load import open_region, unknown_mappings

    assert isinstance(when, date)
    with open_region(region, files) as loaded:
        for message in unknown_mappings(loaded):
            note(message)
        if name == "overdue":
            context: reports.RegionContext = reports.overdue_context(loaded, when)
        elif name == "themes":
            context = reports.themes_context(loaded)
        else:
            context = reports.responses_context(loaded)
    if fmt == "md":
        from assurance_cli.render.templates import render_report

        return render_report(base, f"region-{name}", context).encode("utf-8")
    from assurance_cli.render.region_papers import region_paper

    paper = region_paper(context)
    if fmt == "html":
        from assurance_cli.render.papers.html import render_html

        return render_html(paper).encode("utf-8")
    if fmt == "docx":
        from assurance_cli.render.papers.docx import render_docx

        return render_docx(paper)
    from assurance_cli.render.papers.pdf import render_pdf

    return render_pdf(paper)
