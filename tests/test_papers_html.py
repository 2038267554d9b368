"""Board papers in HTML: parsed back (html.parser) for structure, escaping, accessibility
and self-containment. The real-browser test is in test_papers_browser.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assurance_cli.render.papers import charts
from assurance_cli.render.papers.colour import AA_NORMAL_TEXT, contrast_ratio
from assurance_cli.render.papers.document import (
    Cell,
    Chart,
    Column,
    Cover,
    Heading,
    Notice,
    Paper,
    Paragraph,
    Rag,
    Table,
    plain,
)
from assurance_cli.render.papers.html import render_html

from .papers_sample import COLUMNS, HOSTILE, RAG, action_plan_paper

GOLDEN = Path(__file__).parent / "golden" / "paper-small.html"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(
            c if isinstance(c, str) else ("\n" if c.tag == "br" else c.text())
            for c in self.children
        )

    def find_all(self, tag: str) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag:
                    found.append(child)
                found.extend(child.find_all(tag))
        return found


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "every element is closed"
    return builder.root


@pytest.fixture(scope="module")
def plan_html() -> str:
    return render_html(action_plan_paper())


@pytest.fixture(scope="module")
def plan(plan_html: str) -> Element:
    return parse(plan_html)


def all_elements(root: Element) -> list[Element]:
    out = []
    for child in root.children:
        if isinstance(child, Element):
            out.append(child)
            out.extend(all_elements(child))
    return out


# --- structure ------------------------------------------------------------------------------


def test_one_h1_and_the_papers_headings_below_it(plan: Element) -> None:
    assert [h.text() for h in plan.find_all("h1")] == ["SSCB Action Plan 2015-16: progress report"]
    assert [h.text() for h in plan.find_all("h2")] == [
        "Purpose",
        "Recommendations",
        "Action plan 2015-16",
        "Over time",
    ]
    assert [h.text() for h in plan.find_all("h3")] == [
        "1. Ensure that partners are scrutinised and held to account",
        "2. Ensure that a S11 audit takes place",
        "3. Scrutinise the application of the threshold document",
    ]


def test_without_a_title_headings_keep_their_levels() -> None:
    page = parse(render_html(Paper(Cover(), (Heading(1, "Top"), Heading(2, "Below")))))
    assert [h.text() for h in page.find_all("h1")] == ["Top"]
    assert [h.text() for h in page.find_all("h2")] == ["Below"]
    assert page.find_all("title")[0].text() == "Top"


def test_cover_prints_only_what_it_is_given(plan: Element) -> None:
    facts = plan.find_all("dl")[0]
    assert [dt.text() for dt in facts.find_all("dt")] == ["Board", "Meeting", "Author", "Version"]
    assert [li.text() for li in plan.find_all("ol")[0].find_all("li")] == [
        "Note the progress made.",
        "Agree the revised dates for 1c.",
    ]
    assert not parse(render_html(Paper(Cover(), ()))).find_all("header")


def test_tables_have_a_caption_column_headers_and_every_row(plan: Element) -> None:
    tables = plan.find_all("table")
    assert len(tables) == 2
    for table, rows, caption in zip(
        tables, (3, 2), ("Objective 1 actions", "Objective 2 actions"), strict=True
    ):
        assert [c.text() for c in table.find_all("caption")] == [caption]
        headers = table.find_all("thead")[0].find_all("th")
        assert [th.text() for th in headers] == [c.heading for c in COLUMNS]
        assert {th.attrs.get("scope") for th in headers} == {"col"}
        assert len(table.find_all("tbody")[0].find_all("tr")) == rows


def test_status_cells_say_their_word_on_a_fill_with_aa_contrast(plan: Element) -> None:
    cells = [
        tr.find_all("td")[-1]
        for table in plan.find_all("table")
        for tr in table.find_all("tbody")[0].find_all("tr")
    ]
    expected = [
        RAG["completed"],
        RAG["on-track"],
        RAG["off-track"],
        RAG["not-started"],
        RAG["not-applicable"],
    ]
    for cell, rag in zip(cells, expected, strict=True):
        assert cell.text() == rag.word
        style = dict(part.split(": ") for part in (cell.attrs["style"] or "").split("; "))
        assert style["background-color"] == rag.colour
        assert contrast_ratio(style["background-color"], style["color"]) >= AA_NORMAL_TEXT


def test_notice_is_a_visible_box(plan: Element) -> None:
    (notice,) = [e for e in plan.find_all("aside") if e.attrs.get("class") == "notice"]
    assert notice.attrs["role"] == "note"
    assert notice.text().split("\n")[1:3] == [
        "Left out of this paper",
        "Actions of plan 2016-17: a separate paper",
    ]


def test_charts_are_inline_svg_with_alt_text_and_caption(plan: Element) -> None:
    figures = plan.find_all("figure")
    chart_blocks = [b for b in action_plan_paper().blocks if isinstance(b, Chart)]
    assert len(figures) == len(chart_blocks) == 2
    for figure, chart in zip(figures, chart_blocks, strict=True):
        (svg,) = figure.find_all("svg")
        assert svg.attrs["role"] == "img"
        assert svg.attrs["aria-label"] == charts.describe(chart.spec)
        assert figure.find_all("figcaption")[0].text() == chart.caption


def test_ids_are_unique_across_charts(plan: Element) -> None:
    ids = [e.attrs["id"] for e in all_elements(plan) if e.attrs.get("id")]
    assert ids and len(ids) == len(set(ids))
    assert all(i.startswith(("chart1-", "chart2-")) for i in ids)


# --- self-contained -------------------------------------------------------------------------


def test_nothing_is_fetched_and_a_policy_forbids_it(plan: Element, plan_html: str) -> None:
    elements = all_elements(plan)
    tags = {e.tag for e in elements}
    assert not tags & {
        "script",
        "link",
        "img",
        "iframe",
        "object",
        "embed",
        "image",
        "base",
        "form",
    }
    for element in elements:
        for name, value in element.attrs.items():
            assert name not in ("src", "srcset", "action", "background", "poster", "data")
            if name in ("href", "xlink:href"):  # an SVG <use> of a shape in the same chart
                assert (value or "").startswith("#chart"), value
            if name.startswith("on"):
                pytest.fail(f"event handler {name}")
            assert "url(" not in (value or "") or "url(#" in (value or "")
    assert not re.search(r"url\((?!#)", plan_html)
    assert not re.search(r"@import|@font-face", plan_html)
    (policy,) = [
        m for m in plan.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert "default-src 'none'" in (policy.attrs["content"] or "")
    assert "script-src 'none'" in (policy.attrs["content"] or "")


def test_print_css_is_a4_landscape_with_repeating_headers(plan_html: str) -> None:
    assert "@page { size: A4 landscape;" in plan_html
    assert "thead { display: table-header-group; }" in plan_html
    assert "print-color-adjust: exact" in plan_html


# --- hostile text ---------------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere() -> None:
    hostile_html = render_html(action_plan_paper(hostile=True))
    page = parse(hostile_html)
    assert not [e for e in all_elements(page) if e.tag in ("script", "w:fldsimple")]
    headings = [h.text() for h in page.find_all("h3")]
    paragraphs = [p.text() for p in page.find_all("p")]
    progress = (
        page.find_all("table")[0]
        .find_all("tbody")[0]
        .find_all("tr")[1]
        .find_all("td")[6]
        .text()
        .split("\n")
    )
    bullets = [li.text() for li in page.find_all("ul")[-1].find_all("li")]
    for line in HOSTILE:
        for place in (headings, paragraphs, progress, bullets):
            assert plain(line) in place
    assert "<script>" not in hostile_html
    assert (
        "\x00" not in hostile_html and "\x1b" not in hostile_html and "\u202e" not in hostile_html
    )


def test_cover_and_captions_are_escaped() -> None:
    evil = '"><script>x</script>'
    paper = Paper(
        Cover(title=evil, board=evil, purpose=evil, recommendations=(evil,)),
        (
            Table((Column(evil),), ((Cell.of(evil, Rag("#C00000", evil)),),), caption=evil),
            Notice(evil, (evil,)),
        ),
        language='en" onload="x',
    )
    page_html = render_html(paper)
    page = parse(page_html)
    assert not page.find_all("script")
    assert page.find_all("html")[0].attrs["lang"] == 'en" onload="x'
    assert page.find_all("title")[0].text() == evil
    assert page.find_all("caption")[0].text() == evil


# --- the same paper, the same text ----------------------------------------------------------


def test_the_same_paper_gives_the_same_text(plan_html: str) -> None:
    assert render_html(action_plan_paper()) == plan_html


def small_paper() -> Paper:
    rag = RAG["off-track"]
    return Paper(
        Cover(
            title="Small paper", board="A board", date="31 May 2016", recommendations=("Note it.",)
        ),
        (
            Heading(1, "Actions"),
            Paragraph("Two actions & a <note>."),
            Table(
                (Column("Ref", 1), Column("Status", 3)),
                (
                    (Cell.of("1a"), Cell.of(None, rag)),
                    (Cell.of("1b"), Cell.of("Done\nlate", RAG["completed"])),
                ),
                caption="Actions",
                wide=True,
            ),
            Notice("Left out", ("1c: closed before the period",)),
        ),
    )


def test_html_golden(update_golden: bool) -> None:
    """The whole file for a small paper without charts (charts depend on matplotlib)."""
    text = render_html(small_paper())
    if update_golden:
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


@given(st.text(), st.text())
@settings(max_examples=200, deadline=None)
def test_any_text_stays_in_its_own_cell(first: str, second: str) -> None:
    rag = Rag("#C00000", "Off-track")
    row = (Cell.of(first), Cell.of(second, rag), Cell.of("end"))
    page = parse(
        render_html(Paper(Cover(), (Table((Column("A"), Column("B"), Column("C")), (row,)),)))
    )
    (tr,) = page.find_all("tbody")[0].find_all("tr")
    assert [td.text() for td in tr.find_all("td")] == [
        "\n".join(cell.shown_lines()) for cell in row
    ]
