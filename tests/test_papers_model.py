"""The paper model: plain text, colours and contrast, the checks a Paper makes on itself,
and charts (deterministic PNG and SVG, alt text from the data, no markup in labels)."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assurance_cli.render.papers import charts
from assurance_cli.render.papers.colour import (
    AA_NORMAL_TEXT,
    BLACK,
    WHITE,
    contrast_ratio,
    text_colour_on,
)
from assurance_cli.render.papers.document import (
    Cell,
    Column,
    Cover,
    Heading,
    LineChart,
    Rag,
    Series,
    StackedBar,
    Table,
    plain,
    plain_lines,
)

BAR = StackedBar(
    "Status by priority",
    ("Priority 1", "Priority 2"),
    (
        Series("Completed", "#0070C0", (3, 0)),
        Series("On track", "#00B050", (2, 0)),
        Series("Off-track", "#C00000", (0, 1)),
    ),
)
LINE = LineChart(
    "Open and overdue actions",
    (date(2015, 9, 22), date(2016, 5, 31)),
    (Series("open", "#0070C0", (40, 12)), Series("overdue", "#C00000", (3, 0))),
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# --- plain text -----------------------------------------------------------------------------


@given(st.text())
def test_plain_text_has_no_control_bidi_or_line_break(text: str) -> None:
    for char in plain(text):
        assert unicodedata.category(char) not in ("Cc", "Cs", "Zl", "Zp")
        assert char not in BIDI_CONTROLS
        assert char not in "\ufffe\uffff"


@given(st.text())
def test_plain_keeps_every_other_character(text: str) -> None:
    def kept(char: str) -> bool:
        dropped = unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in BIDI_CONTROLS
        return not dropped and char not in "\ufffe\uffff "

    assert [c for c in plain(text) if c != " "] == [c for c in text if kept(c)]


def test_plain_lines_split_at_every_kind_of_line_break() -> None:
    assert plain_lines("a\r\nb\rc\nd\u2028e\x0bf") == ["a", "b", "c", "d", "e", "f"]
    assert plain("tab\there") == "tab here"
    assert plain("{ DATE } | <b>") == "{ DATE } | <b>"


# --- colour ---------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=0xFFFFFF))
def test_text_on_any_fill_meets_wcag_aa(value: int) -> None:
    fill = f"#{value:06X}"
    assert contrast_ratio(fill, text_colour_on(fill)) >= AA_NORMAL_TEXT


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio("#777777", WHITE) == pytest.approx(4.48, abs=0.01)  # just fails AA
    assert text_colour_on("#FFC000") == BLACK  # amber
    assert text_colour_on("#C00000") == WHITE  # red


# --- the model checks itself ----------------------------------------------------------------


@pytest.mark.parametrize("colour", ["red", "#FFF", "#GGGGGG", "C00000", "#C00000 "])
def test_colours_are_hex(colour: str) -> None:
    with pytest.raises(ValueError, match="#RRGGBB"):
        Rag(colour, "Off-track")


def test_a_rag_colour_needs_its_word() -> None:
    with pytest.raises(ValueError, match="never the only signal"):
        Rag("#C00000", " \x00 ")


def test_rows_match_the_columns() -> None:
    with pytest.raises(ValueError, match="row 1 has 1 cells for 2 columns"):
        Table((Column("a"), Column("b")), ((Cell.of("x"),),))


def test_charts_check_their_data() -> None:
    with pytest.raises(ValueError, match="2 values for 1"):
        StackedBar("t", ("a",), (Series("s", "#000000", (1, 2)),))
    with pytest.raises(ValueError, match="negative"):
        Series("s", "#000000", (-1,))
    with pytest.raises(ValueError, match="distinct and in order"):
        LineChart("t", (date(2016, 1, 2), date(2016, 1, 1)), (Series("s", "#000000", (1, 2)),))
    with pytest.raises(ValueError, match="1, 2 or 3"):
        Heading(4, "too deep")


def test_a_rag_cell_always_carries_its_word() -> None:
    rag = Rag("#c00000", "Off-track")
    assert rag.colour == "#C00000"
    assert Cell((), rag).shown_lines() == ("Off-track",)
    assert Cell(("late",), rag).shown_lines() == ("Off-track", "late")
    assert Cell(("Off-track", "late"), rag).shown_lines() == ("Off-track", "late")
    assert Cell.of(None).lines == ()
    assert Cell.of("a\nb").lines == ("a", "b")


def test_cover_facts_are_only_those_given_in_print_order() -> None:
    cover = Cover(version="2", board="SSCB", author="", date="31 May 2016")
    assert cover.facts() == [("Board", "SSCB"), ("Date", "31 May 2016"), ("Version", "2")]


# --- alt text -------------------------------------------------------------------------------


def test_alt_text_of_a_stacked_bar_gives_every_count() -> None:
    assert charts.describe(BAR) == (
        "Stacked bar chart: Status by priority. "
        "Priority 1: 3 Completed, 2 On track (5 in all). "
        "Priority 2: 1 Off-track (1 in all)."
    )


def test_alt_text_of_a_line_chart_gives_every_point() -> None:
    assert charts.describe(LINE) == (
        "Line chart: Open and overdue actions. 22 Sep 2015: 40 open, 3 overdue. 31 May 2016: 12 open, 0 overdue."
    )


def test_alt_text_says_none_for_an_empty_bar() -> None:
    empty = StackedBar("t", ("P1",), (Series("Completed", "#0070C0", (0,)),))
    assert charts.describe(empty) == "Stacked bar chart: t. P1: none (0 in all)."


# --- drawing --------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [BAR, LINE], ids=["bar", "line"])
def test_charts_are_the_same_bytes_every_time(spec: StackedBar | LineChart) -> None:
    png = charts.chart_png(spec)
    assert png.startswith(PNG_SIGNATURE)
    assert charts.chart_png(spec) == png
    svg = charts.chart_svg(spec)
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert charts.chart_svg(spec) == svg
    assert "<metadata" not in svg and "dc:date" not in svg and "<!--" not in svg


def test_svg_ids_carry_the_prefix_and_text_is_untouched() -> None:
    label = 'id="x" url(#y) href="#z"'
    spec = StackedBar("t", (label,), (Series("s", "#0070C0", (1,)),))
    svg = charts.chart_svg(spec, id_prefix="c7")
    assert 'id="c7-' in svg and 'id="figure' not in svg
    assert "url(#c7-" in svg
    assert "id=&quot;x&quot;" in svg or 'id="x" url(#y) href="#z"' in svg  # the label as typed


def test_labels_are_text_not_math_or_markup() -> None:
    spec = StackedBar("$x^2$ <b>", ("$\\alpha$",), (Series("<script>", "#0070C0", (1,)),))
    svg = charts.chart_svg(spec)
    assert "$x^2$ &lt;b&gt;" in svg
    assert "$\\alpha$" in svg
    assert "&lt;script&gt;" in svg and "<script" not in svg


def test_a_matplotlibrc_in_the_folder_cannot_switch_on_tex(tmp_path: Path) -> None:
    """matplotlib reads ./matplotlibrc when imported; a board's folder could hold one."""
    (tmp_path / "matplotlibrc").write_text(
        "text.usetex: True\ntext.parse_math: True\nsvg.fonttype: path\n"
    )
    script = (
        "from assurance_cli.render.papers import charts\n"
        "from assurance_cli.render.papers.document import StackedBar, Series\n"
        "spec = StackedBar('$x^2$', ('a',), (Series('s', '#0070C0', (1,)),))\n"
        "print(charts.chart_svg(spec))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "$x^2$" in result.stdout


def test_importing_the_papers_package_loads_no_heavy_library() -> None:
    script = (
        "import sys\n"
        "import assurance_cli.render.papers.document, assurance_cli.render.papers.charts\n"
        "import assurance_cli.render.papers.docx, assurance_cli.render.papers.html, assurance_cli.render.papers.pdf\n"
        "heavy = ['matplotlib', 'docx', 'docxtpl', 'lxml', 'numpy', 'PIL']\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
