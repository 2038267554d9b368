"""Board papers in a real browser: headless Chromium loads the HTML file, the test reads the
rendered DOM, checks that no request left the page and nothing went to the console, and
saves a screenshot under the test's temporary folder.

Chromium is required (CI installs the Debian packages chromium and chromium-driver); set
ASSURE_BROWSER_OPTIONAL=1 to skip these tests on a machine without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from assurance_cli.render.papers import charts
from assurance_cli.render.papers.colour import AA_NORMAL_TEXT, contrast_ratio
from assurance_cli.render.papers.document import Chart, Paper, plain
from assurance_cli.render.papers.html import render_html
from assurance_cli.render.papers.pdf import render_pdf

from .chromium import Chromium, PageLoad, require_chromium
from .papers_sample import COLUMNS, HOSTILE, RAG, action_plan_paper, large_paper

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    executable = require_chromium()
    with Chromium(executable, tmp_path_factory.mktemp("chromium-profile")) as chromium:
        yield chromium


def open_paper(
    browser: Chromium, paper: Paper, folder: Path, name: str
) -> tuple[str, PageLoad, str]:
    page = folder / f"{name}.html"
    page.write_text(render_html(paper), encoding="utf-8")
    session, load = browser.load(page.as_uri())
    return session, load, page.as_uri()


def assert_self_contained(load: PageLoad, url: str) -> None:
    assert load.requests == [url], "the page itself is the only request"
    assert load.errors() == [], "nothing on the console"


def rgb_to_hex(css: str) -> str:
    red, green, blue = (int(n) for n in re.findall(r"\d+", css)[:3])
    return f"#{red:02X}{green:02X}{blue:02X}"


def test_the_action_plan_paper_renders_in_chromium(browser: Chromium, tmp_path: Path) -> None:
    session, load, url = open_paper(browser, action_plan_paper(), tmp_path, "plan")
    assert_self_contained(load, url)
    dom = browser.evaluate(
        session,
        """JSON.stringify({
          title: document.title,
          h1: [...document.querySelectorAll('h1')].map(h => h.innerText),
          h3: [...document.querySelectorAll('h3')].map(h => h.innerText),
          rows: [...document.querySelectorAll('table')].map(t => t.tBodies[0].rows.length),
          headers: [...document.querySelectorAll('table')[0].tHead.rows[0].cells]
              .map(c => [c.tagName, c.scope, c.innerText]),
          captions: [...document.querySelectorAll('caption')].map(c => c.innerText),
          rag: [...document.querySelectorAll('td.rag')].map(c => {
              const s = getComputedStyle(c);
              return [c.innerText, s.backgroundColor, s.color];
          }),
          charts: [...document.querySelectorAll('figure svg[role=img]')]
              .map(s => [s.getAttribute('aria-label'), s.getBoundingClientRect().width > 100]),
          scripts: document.scripts.length,
        })""",
    )
    import json

    page = json.loads(dom)
    assert page["title"] == "SSCB Action Plan 2015-16: progress report"
    assert page["h1"] == ["SSCB Action Plan 2015-16: progress report"]
    assert page["h3"][0] == "1. Ensure that partners are scrutinised and held to account"
    assert page["rows"] == [3, 2]
    assert page["headers"] == [["TH", "col", c.heading] for c in COLUMNS]
    assert page["captions"] == ["Objective 1 actions", "Objective 2 actions"]
    expected = [
        RAG["completed"],
        RAG["on-track"],
        RAG["off-track"],
        RAG["not-started"],
        RAG["not-applicable"],
    ]
    assert [word for word, _, _ in page["rag"]] == [rag.word for rag in expected]
    for (_, fill, ink), rag in zip(page["rag"], expected, strict=True):
        assert rgb_to_hex(fill) == rag.colour
        assert contrast_ratio(rgb_to_hex(fill), rgb_to_hex(ink)) >= AA_NORMAL_TEXT
    chart_blocks = [b for b in action_plan_paper().blocks if isinstance(b, Chart)]
    assert page["charts"] == [[charts.describe(c.spec), True] for c in chart_blocks]
    assert page["scripts"] == 0
    shot = browser.screenshot(session, tmp_path / "plan.png")
    assert shot.read_bytes().startswith(PNG_SIGNATURE)
    assert shot.stat().st_size > 50_000  # a whole page of tables and two charts, not a blank


def test_hostile_text_stays_text_in_the_browser(browser: Chromium, tmp_path: Path) -> None:
    session, load, url = open_paper(browser, action_plan_paper(hostile=True), tmp_path, "hostile")
    assert_self_contained(load, url)
    assert not [e for e in load.events if e.get("method") == "Page.javascriptDialogOpening"]
    assert browser.evaluate(session, "document.scripts.length") == 0
    headings = browser.evaluate(
        session, "[...document.querySelectorAll('h3')].map(h => h.textContent)"
    )
    for line in HOSTILE:
        assert plain(line) in headings
    # A long word wraps inside the page instead of widening it.
    widths = browser.evaluate(session, "[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]
    browser.screenshot(session, tmp_path / "hostile.png")


def test_headers_repeat_when_printed(browser: Chromium, tmp_path: Path) -> None:
    session, load, url = open_paper(browser, large_paper(200), tmp_path, "large")
    assert_self_contained(load, url)
    assert browser.evaluate(session, "document.querySelector('tbody').rows.length") == 200
    browser.send("Emulation.setEmulatedMedia", session, media="print")
    display = browser.evaluate(session, "getComputedStyle(document.querySelector('thead')).display")
    assert display == "table-header-group"
    pdf = browser.send("Page.printToPDF", session, preferCSSPageSize=True)
    assert pdf["data"]


def test_the_checks_see_a_request_and_a_console_error(browser: Chromium, tmp_path: Path) -> None:
    """The two checks above can fail: a page that fetches and logs is caught by both."""
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/logo.png" alt="">'
        '<script>console.error("oops")</script></body></html>',
        encoding="utf-8",
    )
    _, load = browser.load(page.as_uri())
    assert "http://127.0.0.1:9/logo.png" in load.requests
    assert any(entry["text"] == "oops" for entry in load.errors())


def test_pdf_is_printed_by_chromium() -> None:
    require_chromium()
    pdf = render_pdf(action_plan_paper())
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 3  # cover, plan tables, charts
