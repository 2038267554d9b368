"""Charts for board papers: PNG for Word, SVG for HTML, and alt text written from the data.

matplotlib is imported inside the drawing functions (it costs about half a second), and only
its object API and Agg/SVG canvases are used: no pyplot, so no display, no backend chosen by
a `matplotlibrc`, and no figure left behind in a global registry. Every drawing runs inside
`rc_context` reset to matplotlib's own defaults first, so a `matplotlibrc` in a board's
folder cannot switch on LaTeX or mathtext: a `$` in a label is a dollar sign.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from assurance_cli.render.papers.colour import text_colour_on
from assurance_cli.render.papers.document import Chart, LineChart, Series, StackedBar, plain

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MARKERS = ("o", "s", "^", "D", "v", "P")
_LINE_STYLES = ("-", "--", ":", "-.")
_HATCHES = ("", "//", "..", "\\\\", "xx", "--", "++", "oo")
_SIZE_INCHES = (8.0, 4.5)
_PNG_DPI = 150

# Fixed settings for every chart: deterministic SVG ids, real <text> in SVG (selectable,
# searchable, small), no markup read from labels, no TeX.
_RC: dict[Any, Any] = {  # Any: matplotlib types its keys as a Literal of every name
    "svg.hashsalt": "assure-papers",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: the same PNG everywhere
    "font.size": 9.0,
    "hatch.linewidth": 0.6,
}


# --- alt text -------------------------------------------------------------------------------


def short_date(day: date) -> str:
    """`22 Sep 2015`, the same in every locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def alt_text(chart: Chart) -> str:
    """The chart's alt text: as given, else a description of its data."""
    return plain(chart.alt_text) if chart.alt_text else describe(chart.spec)


def describe(spec: StackedBar | LineChart) -> str:
    """A sentence per bar or date giving every count, so the alt text holds what the
    picture shows, e.g. `Stacked bar chart: Status by priority. Priority 1: 3 Completed,
    2 On track (5 in all).`"""
    if isinstance(spec, StackedBar):
        parts = [f"Stacked bar chart: {plain(spec.title)}."]
        for number, category in enumerate(spec.categories):
            counts = _counts(spec.series, number)
            total = sum(one.values[number] for one in spec.series)
            parts.append(f"{plain(category)}: {counts} ({total} in all).")
        return " ".join(parts)
    parts = [f"Line chart: {plain(spec.title)}."]
    for number, day in enumerate(spec.dates):
        parts.append(f"{short_date(day)}: {_counts(spec.series, number, keep_zero=True)}.")
    return " ".join(parts)


def _counts(series: tuple[Series, ...], number: int, *, keep_zero: bool = False) -> str:
    said = [
        f"{one.values[number]} {plain(one.name)}"
        for one in series
        if keep_zero or one.values[number]
    ]
    return ", ".join(said) if said else "none"


# --- drawing --------------------------------------------------------------------------------


def chart_png(spec: StackedBar | LineChart) -> bytes:
    """The chart as a PNG (for Word), the same bytes for the same data."""
    with _settings():
        figure = _draw(spec)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=_PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def chart_svg(spec: StackedBar | LineChart, *, id_prefix: str = "chart") -> str:
    """The chart as one `<svg>` element to place inline in HTML: no XML prologue, no
    metadata (matplotlib stamps the date), comments dropped, and every id prefixed so two
    charts on one page never share an id."""
    with _settings():
        figure = _draw(spec)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _inline_svg(buffer.getvalue(), id_prefix)


@contextmanager
def _settings() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # the library's defaults, not a matplotlibrc found on disk
        matplotlib.rcParams.update(_RC)
        yield


def _draw(spec: StackedBar | LineChart) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=_SIZE_INCHES, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if isinstance(spec, StackedBar):
        _draw_bars(axes, spec)
    else:
        _draw_lines(axes, spec)
    axes.set_title(plain(spec.title), loc="left", fontweight="bold")
    axes.set_ylabel(plain(spec.value_label))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    handles, labels = axes.get_legend_handles_labels()
    if isinstance(spec, StackedBar):  # top of the legend = top of the stack
        handles, labels = handles[::-1], labels[::-1]
    axes.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return figure


def _draw_bars(axes: Any, spec: StackedBar) -> None:
    positions = list(range(len(spec.categories)))
    bottoms = [0] * len(positions)
    for number, one in enumerate(spec.series):
        bars = axes.bar(
            positions,
            one.values,
            bottom=bottoms,
            color=one.colour,
            edgecolor="white",
            linewidth=0.6,
            hatch=_HATCHES[number % len(_HATCHES)],
            label=plain(one.name),
        )
        labels = [str(value) if value else "" for value in one.values]
        axes.bar_label(
            bars,
            labels=labels,
            label_type="center",
            color=text_colour_on(one.colour),
            bbox={"facecolor": one.colour, "edgecolor": "none", "pad": 4},  # over the hatch
        )
        bottoms = [b + v for b, v in zip(bottoms, one.values, strict=True)]
    # Wrap names to the width of a bar (about 80 characters fit across the plot).
    width = max(8, 80 // max(1, len(positions)))
    names = [textwrap.fill(plain(name), width, break_long_words=False) for name in spec.categories]
    axes.set_xticks(positions, names)


def _draw_lines(axes: Any, spec: LineChart) -> None:
    positions = list(range(len(spec.dates)))  # evenly spaced: one point per meeting
    for number, one in enumerate(spec.series):
        axes.plot(
            positions,
            one.values,
            color=one.colour,
            marker=_MARKERS[number % len(_MARKERS)],
            linestyle=_LINE_STYLES[number % len(_LINE_STYLES)],
            label=plain(one.name),
        )
    step = max(1, len(positions) // 12)  # at most about twelve date labels
    shown = positions[::step]
    axes.set_xticks(shown, [short_date(spec.dates[i]) for i in shown], rotation=30, ha="right")
    axes.set_ylim(bottom=0)


# --- SVG for inline HTML --------------------------------------------------------------------

_BEFORE_SVG = re.compile(r"\A.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_TAG = re.compile(r"<[^<>]+>")
_ID_REFERENCE = re.compile(r'\b(id="|href="#|url\(#)')


def _inline_svg(svg: str, id_prefix: str) -> str:
    svg = _BEFORE_SVG.sub("", svg, count=1)
    svg = _METADATA.sub("", svg)
    svg = _COMMENT.sub("", svg)
    # Only inside tags: text between tags is the chart's words and stays as it is.
    return _TAG.sub(lambda tag: _ID_REFERENCE.sub(rf"\1{id_prefix}-", tag.group(0)), svg)
