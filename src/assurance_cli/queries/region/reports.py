"""The regional reports' contexts, from the SQL files beside this module run on a loaded
region: frozen dataclasses that the templates (`templates/region-<name>.md.j2`) only loop
over. The numbers come from SQL; ordering and wording are here, in tested Python."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import TypeAlias

from assurance_cli.queries.region.load import Region
from assurance_cli.repo.provenance import WORKING_TREE
from assurance_cli.words import NOT_STATED

REGION_REPORTS: tuple[tuple[str, str], ...] = (
    ("overdue", "Overdue and slippage rates per board, side by side, and actions by status"),
    ("themes", "Themes of findings across boards: counts and the boards where each appears"),
    ("responses", "Actions that answer the same kind of finding in different boards"),
)


def sql(name: str) -> str:
    """The text of `queries/region/<name>.sql`."""
    return resources.files(__package__ or "").joinpath(f"{name}.sql").read_text("utf-8")


@dataclass(frozen=True)
class BoardSource:
    """Where a board's rows came from, for every report's list of sources."""

    id: str
    name: str
    source: str
    commit: str  # the short id, or working-tree
    left_out: int  # files with errors that did not load


@dataclass(frozen=True)
class BoardRates:
    board: str
    actions: int
    open: int
    overdue: int
    overdue_rate: str  # of open actions: "33.3%"; "-" when none is open
    slipped: int
    slippage_rate: str  # of all actions
    statuses: tuple[int, ...]  # actions per region status, in region.yaml's order
    not_stated: int  # actions with no status
    not_mapped: tuple[str, ...]  # "Not yet started (not-started): 3", never guessed


@dataclass(frozen=True)
class RegionOverdueContext:
    region: str
    as_of: str
    boards: tuple[BoardSource, ...]
    status_titles: tuple[str, ...]
    rows: tuple[BoardRates, ...]


@dataclass(frozen=True)
class ThemeRow:
    title: str
    findings: int
    boards: tuple[str, ...]  # "sandwell (12)", in region.yaml's order of boards


@dataclass(frozen=True)
class UnmappedTheme:
    board: str
    theme: str  # the board's theme id
    title: str
    findings: int


@dataclass(frozen=True)
class RegionThemesContext:
    region: str
    boards: tuple[BoardSource, ...]
    themes: tuple[ThemeRow, ...]  # every region theme, in region.yaml's order
    not_mapped: tuple[UnmappedTheme, ...]
    no_theme: tuple[str, ...]  # "sandwell: 3 findings"


@dataclass(frozen=True)
class ResponseRow:
    board: str
    action: str
    title: str
    status: str  # the region's word, or the board's own label marked not mapped
    findings: str


@dataclass(frozen=True)
class ResponseGroup:
    title: str  # the region theme
    boards: tuple[str, ...]
    rows: tuple[ResponseRow, ...]


@dataclass(frozen=True)
class RegionResponsesContext:
    region: str
    boards: tuple[BoardSource, ...]
    groups: tuple[ResponseGroup, ...]


RegionContext: TypeAlias = RegionOverdueContext | RegionThemesContext | RegionResponsesContext


def sources(region: Region) -> tuple[BoardSource, ...]:
    return tuple(
        BoardSource(
            board.id,
            board.name or NOT_STATED,
            board.source,
            (board.commit if board.commit == WORKING_TREE else board.commit[:7]) or NOT_STATED,
            len({problem.path for problem in board.left_out}),
        )
        for board in region.boards
    )


def _rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def overdue_context(region: Region, as_of: date) -> RegionOverdueContext:
    words = [term.id for term in region.region.statuses]
    by_status: dict[str, dict[str | None, int]] = defaultdict(dict)
    not_mapped: dict[str, list[str]] = defaultdict(list)
    not_stated: dict[str, int] = defaultdict(int)
    for board, word, status, label, count in region.query(sql("statuses")):
        if word is not None:
            by_status[board][word] = count
        elif status is None:
            not_stated[board] += count
        else:
            not_mapped[board].append(f"{label or status} ({status}): {count}")
    rows = tuple(
        BoardRates(
            board=board,
            actions=actions,
            open=open_,
            overdue=overdue,
            overdue_rate=_rate(overdue, open_),
            slipped=slipped,
            slippage_rate=_rate(slipped, actions),
            statuses=tuple(by_status[board].get(word, 0) for word in words),
            not_stated=not_stated[board],
            not_mapped=tuple(not_mapped[board]),
        )
        for board, actions, open_, overdue, slipped in region.query(sql("overdue"), as_of=as_of)
    )
    return RegionOverdueContext(
        region=region.region.name,
        as_of=as_of.isoformat(),
        boards=sources(region),
        status_titles=tuple(term.title for term in region.region.statuses),
        rows=rows,
    )


def themes_context(region: Region) -> RegionThemesContext:
    order = [board.id for board in region.boards]
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    unmapped: list[UnmappedTheme] = []
    no_theme: dict[str, int] = {}
    for board, word, theme, title, findings in region.query(sql("themes")):
        if word is not None:
            counts[word][board] = findings
        elif theme is None:
            no_theme[board] = findings
        else:
            unmapped.append(UnmappedTheme(board, theme, title or theme, findings))
    themes = tuple(
        ThemeRow(
            term.title,
            sum(counts[term.id].values()),
            tuple(f"{b} ({counts[term.id][b]})" for b in order if b in counts[term.id]),
        )
        for term in region.region.themes
    )
    unmapped.sort(key=lambda row: (order.index(row.board), -row.findings, row.theme))
    return RegionThemesContext(
        region=region.region.name,
        boards=sources(region),
        themes=themes,
        not_mapped=tuple(unmapped),
        no_theme=tuple(
            f"{b}: {no_theme[b]} finding{'s' if no_theme[b] != 1 else ''}"
            for b in order
            if b in no_theme
        ),
    )


def responses_context(region: Region) -> RegionResponsesContext:
    titles = {term.id: term.title for term in region.region.themes}
    words = {term.id: term.title for term in region.region.statuses}
    grouped: dict[str, list[ResponseRow]] = defaultdict(list)
    for theme, board, action, title, status, word, label, findings in region.query(
        sql("responses")
    ):
        if word is not None:
            shown = words[word]
        elif status is None:
            shown = NOT_STATED
        else:
            shown = f"{label or status} (not mapped)"
        grouped[theme].append(ResponseRow(board, action, title or NOT_STATED, shown, findings))
    groups = tuple(
        ResponseGroup(titles[theme], tuple(dict.fromkeys(r.board for r in rows)), tuple(rows))
        for theme, rows in grouped.items()
    )
    return RegionResponsesContext(region.region.name, sources(region), groups)
