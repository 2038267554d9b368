"""`assure report exceptions`: every action seed 002 shows as off-track or overdue on
31 May 2016 is listed with its latest progress entry, and nothing closed, or on track, on
time and never rescheduled. The expected sets are worked out here from the YAML files
themselves, not through assure."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import SHIPPED, make_repo, run
from .report_papers_helpers import board_statuses

GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2016, 5, 31)
PLAN_FOLDER = SHIPPED / "data" / "actions" / "2015-16"


def actions() -> dict[str, dict[str, Any]]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(PLAN_FOLDER.glob("*.yaml"))
    }


def last_day(value: object) -> date:
    """A due date as written in a file (a YAML date, or YYYY-MM as text): its last day."""
    if isinstance(value, date):
        return value
    year, month = (int(part) for part in str(value).split("-")[:2])
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def is_overdue(action: dict[str, Any], closed: set[str]) -> bool:
    if action["status"] in closed:
        return False
    dues = [action.get("due")] + [
        m.get("due") for m in action.get("milestones") or [] if m["status"] not in closed
    ]
    return any(due not in (None, "ongoing") and last_day(due) < AS_OF for due in dues)


def table_rows(markdown: str) -> dict[str, list[str]]:
    rows = {}
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and re.fullmatch(r"\d+[a-z]\d?", cells[0]):
            rows[cells[0]] = cells
    return rows


@pytest.fixture(scope="module")
def report() -> str:
    result = run(SHIPPED, "report", "exceptions", "--plan", "2015-16", "--as-of", "2016-05-31")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_every_off_track_or_overdue_action_is_listed_with_its_latest_progress(
    report: str,
) -> None:
    statuses = board_statuses()
    closed = {sid for sid, status in statuses.items() if status["closed"]}
    rows = table_rows(report)
    expected = {
        ref
        for ref, action in actions().items()
        if action["status"] == "off-track" or is_overdue(action, closed)
    }
    assert expected == {"1c", "5f", "6c", "7h", "7i"}  # what seed 002 shows
    assert expected <= set(rows)
    for ref in expected:
        latest = actions()[ref]["progress"][-1]  # the log is oldest first
        assert rows[ref][8].endswith(f": {latest['text']}"), ref
    assert rows["7i"][7] == "61"
    assert rows["7i"][8] == "Not stated: Consideration to be given to amending the due date."


def test_nothing_closed_or_on_track_on_time_and_never_rescheduled_is_listed(report: str) -> None:
    statuses = board_statuses()
    closed = {sid for sid, status in statuses.items() if status["closed"]}
    for ref in table_rows(report):
        action = actions()[ref]
        assert action["status"] not in closed, ref
        calm = (
            action["status"] == "on-track"
            and not is_overdue(action, closed)
            and not action["due_history"]
        )
        assert not calm, ref


def test_the_reasons_and_dates_are_stated(report: str) -> None:
    rows = table_rows(report)
    assert rows["3d2"][3:7] == [
        "Not yet started",
        "Amber status<br>Rescheduled (agreed March 2016)",
        "30 April 2016",
        "31 October 2016",
    ]
    assert rows["5f"][4] == "Red status<br>Overdue"
    assert rows["6a"][4:7] == [
        "Rescheduled (agreed date not recorded)",
        "31 October 2015",
        "31 August 2016",
    ]
    assert rows["7d"][8] == "No progress recorded"
    assert rows["8c"][8].startswith("Not stated: Process established")


def test_rescheduling_counts_from_the_period_start(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": (
                "ref: 1b\npriority: 1\ntitle: Rescheduled early\nlead: [qpp-chair]\n"
                "due: 2016-09-30\ndue_history:\n  - {from: 2015-06-30, to: 2016-09-30, "
                "agreed: 2015-05-01, reason: Agreed early}\nstatus: on-track\n"
            )
        },
    )
    listed = run(root, "report", "exceptions", "--plan", "2015-16", "--as-of", "2016-01-31")
    assert "| 1b |" in listed.stdout
    later = run(
        root, "report", "exceptions", "--plan", "2015-16", "--as-of", "2016-01-31",
        "--from", "2015-06-01",
    )  # fmt: skip
    assert later.exit_code == 0, later.stderr
    assert "| 1b |" not in later.stdout


def test_a_status_can_be_named_when_the_board_rates_none(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    plain = run(root, "report", "exceptions", "--plan", "2015-16", "--as-of", "2015-06-01")
    assert "| 1a |" not in plain.stdout
    named = run(
        root, "report", "exceptions", "--plan", "2015-16", "--as-of", "2015-06-01",
        "--status", "on-track",
    )  # fmt: skip
    assert "| 1a |" in named.stdout and "Listed status" in named.stdout
    typo = run(
        root, "report", "exceptions", "--plan", "2015-16", "--status", "ontrack",
    )  # fmt: skip
    assert typo.exit_code == 2
    assert "unknown status 'ontrack' (did you mean 'on-track'?)" in typo.stderr


def test_by_lead_gives_a_chase_list_per_lead() -> None:
    result = run(
        SHIPPED, "report", "exceptions", "--plan", "2015-16", "--as-of", "2016-05-31",
        "--by", "lead",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    sections = re.split(r"^## ", result.stdout, flags=re.MULTILINE)[1:]
    leads = [section.splitlines()[0] for section in sections]
    assert leads[0] == "SSCB Independent Chair"
    assert "Chair of QPP Subgroup" in leads
    qpp = sections[leads.index("Chair of QPP Subgroup")]
    assert sorted(table_rows(qpp)) == ["3d2", "5f", "6a", "6c"]
    assert "| Lead |" not in result.stdout
    bad = run(SHIPPED, "report", "exceptions", "--plan", "2015-16", "--by", "status")
    assert bad.exit_code == 2 and "--by lead" in bad.stderr


@pytest.mark.parametrize(
    ("golden", "extra"),
    [("exceptions-2015-16.md", ()), ("exceptions-2015-16-by-lead.md", ("--by", "lead"))],
)
def test_exceptions_match_golden_file(
    golden: str, extra: tuple[str, ...], update_golden: bool
) -> None:
    result = run(
        SHIPPED, "report", "exceptions", "--plan", "2015-16", "--as-of", "2016-05-31", *extra
    )
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / golden
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest --update-golden"
    assert result.stdout == path.read_text(encoding="utf-8")
