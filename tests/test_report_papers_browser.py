"""The reports as HTML papers in headless Chromium, written by the real command: seed 002's
plan (the same counts in the DOM as in Word), every report loading with no request leaving
the file and nothing on the console, hostile record text staying text in every format, and
a PDF printed by the same browser. Each test saves a screenshot under its temporary folder.

Chromium is required (CI installs it); ASSURE_BROWSER_OPTIONAL=1 skips these tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from assurance_cli.render.papers.colour import AA_NORMAL_TEXT, contrast_ratio

from .chromium import Chromium, PageLoad, require_chromium
from .conftest import SHIPPED, make_repo, run
from .report_papers_helpers import SEED_002_COLUMNS, SHADES, board_statuses, shipped_action

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PLAN = ("report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    executable = require_chromium()
    with Chromium(executable, tmp_path_factory.mktemp("chromium-profile")) as chromium:
        yield chromium


def open_report(
    browser: Chromium, root: Path, args: tuple[str, ...], folder: Path, exit_code: int = 0
) -> tuple[str, PageLoad]:
    page = folder / "paper.html"
    result = run(root, *args, "--output", str(page))
    assert result.exit_code == exit_code, result.stderr
    session, load = browser.load(page.as_uri())
    assert load.requests == [page.as_uri()], "the page itself is the only request"
    assert load.errors() == [], "nothing on the console"
    return session, load


def rgb_to_hex(css: str) -> str:
    red, green, blue = (int(n) for n in re.findall(r"\d+", css)[:3])
    return f"{red:02X}{green:02X}{blue:02X}"


PLAN_DOM = """JSON.stringify([...document.querySelectorAll('table')]
  .filter(t => [...t.tHead.rows[0].cells].map(c => c.innerText).join('|') === %s)
  .map(t => ({
    scopes: [...t.tHead.rows[0].cells].map(c => c.tagName + ':' + c.scope),
    rows: [...t.tBodies[0].rows].map(r => {
      const status = r.cells[7], style = getComputedStyle(status);
      return [r.cells[0].innerText, status.innerText, style.backgroundColor, style.color];
    }),
  })))"""


def test_the_action_plan_in_chromium_has_seed_002s_tables_and_rag_cells(
    browser: Chromium, tmp_path: Path
) -> None:
    session, _ = open_report(browser, SHIPPED, PLAN, tmp_path)
    tables = json.loads(
        browser.evaluate(session, PLAN_DOM % json.dumps("|".join(SEED_002_COLUMNS)))
    )
    assert len(tables) == 9
    rows = [row for table in tables for row in table["rows"]]
    assert len(rows) == 49
    assert all(scope == "TH:col" for table in tables for scope in table["scopes"])
    statuses = board_statuses()
    for ref, text, fill, ink in rows:
        status = statuses[shipped_action(ref)["status"]]
        assert status["label"] in text, ref
        assert rgb_to_hex(fill) == SHADES[status["rag"]], ref
        assert contrast_ratio(f"#{rgb_to_hex(fill)}", f"#{rgb_to_hex(ink)}") >= AA_NORMAL_TEXT
    page = json.loads(
        browser.evaluate(
            session,
            """JSON.stringify({
              h1: [...document.querySelectorAll('h1')].map(h => h.innerText),
              h2: [...document.querySelectorAll('h2')].map(h => h.innerText),
              charts: [...document.querySelectorAll('figure svg[role=img]')]
                .map(s => s.getAttribute('aria-label')),
              scripts: document.scripts.length,
              wide: document.documentElement.scrollWidth <= window.innerWidth,
            })""",
        )
    )
    assert page["h1"] == ["SSCB Action Plan 2015-16"]
    assert page["h2"][:3] == ["Summary", "Exceptions", "The action plan"]
    assert len(page["charts"]) == 1
    assert page["charts"][0].startswith("Stacked bar chart: Status by objective. 1: 4 Completed")
    assert page["scripts"] == 0 and page["wide"]
    shot = browser.screenshot(session, tmp_path / "plan.png")
    assert shot.read_bytes().startswith(PNG_SIGNATURE)
    assert shot.stat().st_size > 100_000


@pytest.mark.parametrize(
    "args",
    [
        ("report", "exceptions", "--plan", "2015-16", "--as-of", "2016-05-31", "--by", "lead"),
        ("report", "learning", "--period", "2015-16"),
        ("report", "loop", "--period", "2016-17"),
        ("report", "business-plan", "--plan", "2016-17"),
        ("report", "digest", "--from", "2016-01-01", "--to", "2016-03-31"),
    ],
    ids=["exceptions", "learning", "loop", "business-plan", "digest"],
)
def test_every_report_loads_in_chromium(
    args: tuple[str, ...], browser: Chromium, tmp_path: Path
) -> None:
    session, _ = open_report(browser, SHIPPED, args, tmp_path)
    page = json.loads(
        browser.evaluate(
            session,
            """JSON.stringify({
              h1: document.querySelectorAll('h1').length,
              summary: [...document.querySelectorAll('h2')].some(h => h.innerText === 'Summary'),
              tables: [...document.querySelectorAll('table')].map(t => [
                t.tBodies[0].rows.length,
                [...t.tHead.rows[0].cells].every(c => c.scope === 'col'),
                !!t.caption,
              ]),
              charts: document.querySelectorAll('figure svg[role=img][aria-label]').length,
            })""",
        )
    )
    assert page["h1"] == 1 and page["summary"]
    assert page["tables"] and all(
        rows > 0 and scoped and captioned for rows, scoped, captioned in page["tables"]
    )
    assert page["charts"] == 1
    browser.screenshot(session, tmp_path / "paper.png")


# --- hostile record text ----------------------------------------------------------------

HOSTILE = (
    "<script>alert(1)</script>",
    "{{ board.name }} {% raw %} {# not a comment #}",
    "a | b | c",
    '{ DATE \\@ "d MMMM yyyy" } { MERGEFIELD Name }',
    '<w:fldSimple w:instr="DATE"/><w:instrText>TIME</w:instrText>',
    "&amp; ]]> <!-- --> *bold* [link](http://127.0.0.1:9/x)",
    "W" * 400,
)
RLO = "rlo\u202egnp.exe"


def hostile_repo(tmp_path: Path) -> Path:
    texts = [*HOSTILE, RLO]
    quoted = [json.dumps(text) for text in texts]
    action = (
        "ref: 1c\npriority: 1\ntitle: " + quoted[0] + "\ndesired_outcome: " + quoted[1]
        + "\noutcome_measure: " + quoted[2] + "\nlead: [qpp-chair]\ndue: 2016-01-31\n"
        "status: on-track\nprogress:\n"
        + "".join(f"  - date: 2016-01-0{n}\n    text: {q}\n" for n, q in enumerate(quoted[3:], 1))
    )  # fmt: skip
    return make_repo(tmp_path, {"data/actions/2015-16/1c.yaml": action})


HOSTILE_ARGS = ("report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31")
# The right-to-left override makes the record one with an error (control-character): it is
# still shown, made visible, and the paper says so, so the run exits 1 (docs/commands.md).
HOSTILE_EXIT = 1
SHOWN_WITH_ERRORS = "1c.yaml: shown, with errors (control-character)"


def test_hostile_record_text_is_text_in_html(browser: Chromium, tmp_path: Path) -> None:
    root = hostile_repo(tmp_path)
    session, load = open_report(browser, root, HOSTILE_ARGS, tmp_path, HOSTILE_EXIT)
    assert not [e for e in load.events if e.get("method") == "Page.javascriptDialogOpening"]
    assert browser.evaluate(session, "document.scripts.length") == 0
    assert browser.evaluate(session, "document.links.length") == 0
    text = browser.evaluate(session, "document.body.innerText")
    for line in HOSTILE:
        assert line in text, line
    assert "\u202e" not in text and "rlognp.exe" in text
    widths = browser.evaluate(session, "[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]  # the long word wraps
    browser.screenshot(session, tmp_path / "hostile.png")


def test_hostile_record_text_is_text_in_word(tmp_path: Path) -> None:
    import docx

    root = hostile_repo(tmp_path)
    path = tmp_path / "hostile.docx"
    result = run(root, *HOSTILE_ARGS, "--output", str(path))
    assert result.exit_code == HOSTILE_EXIT and SHOWN_WITH_ERRORS in result.stderr
    document = docx.Document(str(path))
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for line in HOSTILE:
        assert line in text, line
    xml = document.element.xml
    assert "<w:fldSimple" not in xml and "<w:instrText" not in xml and "<w:fldChar" not in xml
    assert "\u202e" not in xml


def test_hostile_record_text_keeps_markdown_tables_whole(tmp_path: Path) -> None:
    root = hostile_repo(tmp_path)
    for args in (
        HOSTILE_ARGS,
        ("report", "exceptions", "--plan", "2015-16", "--as-of", "2016-05-31"),
    ):
        result = run(root, *args)
        assert result.exit_code == HOSTILE_EXIT and SHOWN_WITH_ERRORS in result.stderr
        tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
        assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
        assert not [t for t in tokens if t.type == "link_open"]
        header = body = 0
        for token in tokens:
            if token.type == "th_open":
                header += 1
            elif token.type == "tr_open":
                body = 0
            elif token.type == "td_open":
                body += 1
            elif token.type == "tr_close" and body:
                assert body == header, "a row has as many cells as the header"
            elif token.type == "table_close":
                header = 0


def test_a_pdf_paper_is_printed_by_chromium(tmp_path: Path) -> None:
    require_chromium()
    path = tmp_path / "plan.pdf"
    result = run(SHIPPED, *PLAN, "--output", str(path))
    assert result.exit_code == 0, result.stderr
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 10
