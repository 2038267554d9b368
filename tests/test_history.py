"""Reading the past: `--at`, `--at-meeting`, `report trend` and `digest --since`, run as a user
runs them on a repository whose commits replay seed 002's year (tests/history_repo.py), and
checked against what the replay says and against each revision checked out with git."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from assurance_cli.index.build import Index
from assurance_cli.queries.status import StatusFilter, StatusRow, select_actions
from assurance_cli.repo.workspace import open_workspace

from .conftest import run
from .git_helpers import git
from .history_repo import FINAL, MEETINGS, PLAN, build_history, shipped_actions

MAY_2016 = "board-2016-05"
SEED_OVERDUE_ON_31_MAY_2016 = ["1c", "5f", "6c", "7h", "7i"]


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("replay") / "board"
    build_history(root)
    return root


def commit_on(root: Path, day: date) -> str:
    """The last commit on or before `day`, asked of git itself."""
    found = git(root, "rev-list", "-1", "--first-parent", f"--before={day}T23:59:59+00:00", "HEAD")
    return found.strip()


def checked_out(root: Path, commit: str, into: Path) -> Index:
    """The records at `commit`, checked out by git into a folder of their own and loaded as
    any working tree is."""
    if not into.exists():
        git(root, "worktree", "add", "--detach", "-q", str(into), commit)
    return open_workspace(into).index


def rows_at(index: Index, day: date) -> dict[str, StatusRow]:
    return {row.id: row for row in select_actions(index, StatusFilter(plans=(PLAN,)), day)}


# --- --at and --at-meeting ------------------------------------------------------------------


def test_status_at_a_date_shows_each_status_as_recorded_then(replay: Path) -> None:
    day = date(2015, 11, 1)
    result = run(replay, "--at", "2015-11-01", "status", "--plan", PLAN, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    expected = {f"{PLAN}/{a.ref}": a.status_on(day) for a in shipped_actions()}
    assert {row["id"]: row["status"] for row in rows} == expected
    # the replay really did differ then from now
    assert expected != {f"{PLAN}/{a.ref}": a.status_on(FINAL) for a in shipped_actions()}
    commit = commit_on(replay, day)
    assert {row["at"]["commit"] for row in rows} == {commit}
    assert rows[0]["at"]["asked"] == "2015-11-01" and rows[0]["at"]["as_of"] == "2015-11-01"
    assert rows[0]["at"]["left_out"] == []
    assert f"records as committed at {commit[:7]} of " in result.stderr
    assert "the last commit on or before 2015-11-01" in result.stderr


def test_overdue_at_the_may_2016_meeting_is_the_seeds_own_list(replay: Path) -> None:
    result = run(replay, "--at-meeting", MAY_2016, "status", "--overdue", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert sorted(row["ref"] for row in rows) == SEED_OVERDUE_ON_31_MAY_2016
    assert rows[0]["at"]["meeting"] == MAY_2016 and rows[0]["at"]["as_of"] == "2016-05-31"
    assert "meeting board-2016-05 (2016-05-31)" in result.stderr


def test_today_is_the_at_date_unless_as_of_says_otherwise(replay: Path) -> None:
    at_then = run(replay, "--at", "2015-11-01", "status", "--overdue", "--format", "json")
    later = run(
        replay, "--at", "2015-11-01", "status", "--overdue", "--as-of", "2016-05-31",
        "--format", "json",
    )  # fmt: skip
    index = checked_out(replay, commit_on(replay, date(2015, 11, 1)), replay.parent / "nov")
    for result, day in ((at_then, date(2015, 11, 1)), (later, date(2016, 5, 31))):
        expected = sorted(i for i, row in rows_at(index, day).items() if row.overdue)
        assert sorted(row["id"] for row in json.loads(result.stdout)) == expected
    assert json.loads(at_then.stdout) != json.loads(later.stdout)


def test_at_a_revision_reads_that_commit_and_its_day(replay: Path) -> None:
    commit = commit_on(replay, date(2016, 1, 19))
    result = run(replay, "--at", commit[:10], "show", f"{PLAN}/1c", "--format", "json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["at"]["commit"] == commit and shown["at"]["asked"] == commit[:10]
    assert shown["at"]["as_of"] == shown["at"]["committed"] == "2016-01-16"
    replayed = {action.ref: action for action in shipped_actions()}["1c"]
    # its only progress entry is dated January 2016: committed on the month's last day
    assert shown["status"] == replayed.status_on(date(2016, 1, 16)) == "not-started"
    assert replayed.status_on(date(2016, 1, 31)) == "on-track"


def test_check_at_a_date_checks_the_records_then(replay: Path) -> None:
    result = run(replay, "--at", "2015-07-01", "check", "--format", "json")
    assert result.exit_code == 0, result.stdout
    document = json.loads(result.stdout)
    assert document["at"]["commit"] == commit_on(replay, date(2015, 7, 1))
    files = len(git(replay, "ls-tree", "-r", "--name-only", document["at"]["commit"]).split())
    assert document["files_checked"] == files


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--at", "2014-01-01"), "2014-01-01 is before the first commit"),
        (("--at", "no-such-branch"), "no revision 'no-such-branch'"),
        (("--at-meeting", "board-2016-06"), "unknown meeting 'board-2016-06'"),
        (("--at-meeting", "board-2016-5"), "did you mean 'board-2016-05'"),
        (("--at", "2016-01-01", "--at-meeting", MAY_2016), "not both"),
        (("--at", "2016-02-30"), "'2016-02-30' is not a date: no such date"),
        (("--at", "0000-01-01"), "'0000-01-01' is not a date"),
    ],
)
def test_a_moment_that_cannot_be_read_exits_2(
    replay: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(replay, *args, "status")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_a_meeting_without_a_date_says_how_to_give_one(tmp_path: Path, replay: Path) -> None:
    root = tmp_path / "copy"
    git(tmp_path, "clone", "-q", str(replay), str(root))
    board = root / "data" / "board.yaml"
    board.write_text(board.read_text().replace("    date: 2016-05-31\n", ""))
    result = run(root, "--at-meeting", MAY_2016, "status")
    assert result.exit_code == 2
    assert "meeting 'board-2016-05' has no date in board.yaml" in result.stderr


@pytest.mark.parametrize(
    "edit",
    [
        ("set-status", f"{PLAN}/1c", "completed"),
        ("reschedule", f"{PLAN}/1c", "2016-09-30", "--reason", "later"),
        ("note", f"{PLAN}/1c", "a note"),
        ("new", "action", "--plan", PLAN, "--title", "x", "--lead", "lado", "--due", "2016-09"),
        ("schema",),
    ],
)
def test_edits_refuse_at(replay: Path, edit: tuple[str, ...]) -> None:
    before = git(replay, "status", "--porcelain")
    for flag in (("--at", "2015-11-01"), ("--at-meeting", MAY_2016)):
        result = run(replay, *flag, *edit)
        assert result.exit_code == 2
        assert f"{edit[0]} changes the records as they are now" in result.stderr
        assert f"run it without {flag[0]}" in result.stderr
    assert git(replay, "status", "--porcelain") == before


def test_check_base_with_at_is_refused(replay: Path) -> None:
    result = run(replay, "--at", "2015-11-01", "check", "--base", "HEAD~1")
    assert result.exit_code == 2 and "assure diff" in result.stderr


def test_diff_with_at_compares_up_to_that_commit(replay: Path) -> None:
    base = commit_on(replay, date(2016, 3, 22))
    result = run(replay, "--at-meeting", MAY_2016, "diff", base, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["head"]["commit"] == commit_on(replay, FINAL)


# --- report trend -----------------------------------------------------------------------------


def table(text: str, heading: str | None = None) -> list[list[str]]:
    """The rows of the first Markdown table (after `heading`, when given), header first."""
    if heading is not None:
        text = text.split(f"\n{heading}\n", 1)[1]
    rows = []
    for line in text.splitlines():
        if line.startswith("|"):
            if not line.startswith("|---"):
                rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return rows


def expected_counts(replay: Path, days: list[date], start: date) -> Iterator[dict[str, object]]:
    """What a reader with git alone finds at each date: each revision checked out and
    loaded, each compared with the one before."""
    previous = rows_at(
        checked_out(replay, commit_on(replay, start), replay.parent / "start"), start
    )
    for day in days:
        commit = commit_on(replay, day)
        rows = rows_at(checked_out(replay, commit, replay.parent / commit[:10]), day)
        moved = [i for i in rows if i in previous and rows[i].due != previous[i].due]
        yield {
            "open": sum(not r.closed for r in rows.values()),
            "closed": sum(r.closed for r in rows.values()),
            "overdue": sum(r.overdue for r in rows.values()),
            "moved": len(moved),
            "slipped": sum(
                max(
                    0,
                    (
                        date.fromisoformat(rows[i].due or "")
                        - date.fromisoformat(previous[i].due or "")
                    ).days,
                )
                for i in moved
            ),
            "closed_since": sum(
                r.closed and not (i in previous and previous[i].closed) for i, r in rows.items()
            ),
            "newly_overdue": sum(
                r.overdue and not (i in previous and previous[i].overdue) for i, r in rows.items()
            ),
            "statuses": Counter(r.status_label for r in rows.values()),
            "rags": Counter(r.rag for r in rows.values()),
            "commit": commit[:7],
        }
        previous = rows


def test_trend_at_each_meeting_matches_each_revision_checked_out(replay: Path) -> None:
    result = run(replay, "report", "trend", "--from", "2015-04-01", "--to", "2016-05-31")
    assert result.exit_code == 0, result.stderr
    counts = table(result.stdout)
    header, rows = counts[0], counts[1:]
    assert header[:6] == ["Date", "Meeting", "Records as committed", "Open", "Closed", "Overdue"]
    by_status = table(result.stdout, "## By status")
    by_rag = table(result.stdout, "## By RAG")
    days = [when for _, _, when in MEETINGS]
    expected = list(expected_counts(replay, days, date(2015, 4, 1)))
    assert len(rows) == len(expected) == len(MEETINGS)
    for row, want, (_, name, _), statuses, rags in zip(
        rows, expected, MEETINGS, by_status[1:], by_rag[1:], strict=True
    ):
        assert row[1] == name
        assert row[2].startswith(f"{want['commit']} (")
        numbers = [int(cell) for cell in row[3:]]
        assert numbers == [
            want["open"], want["closed"], want["overdue"], want["moved"], want["slipped"],
            want["closed_since"], want["newly_overdue"],
        ]  # fmt: skip
        assert {
            label: int(n) for label, n in zip(by_status[0][1:], statuses[1:], strict=True) if int(n)
        } == dict(want["statuses"])  # type: ignore[call-overload]
        assert {
            label.lower(): int(n)
            for label, n in zip(by_rag[0][1:], rags[1:], strict=True)
            if int(n)
        } == dict(want["rags"])  # type: ignore[call-overload]
    # the year did move: something closed, slipped and fell overdue along the way
    assert sum(w["moved"] for w in expected) and sum(w["newly_overdue"] for w in expected)  # type: ignore[misc]


def test_trend_every_month_starts_with_the_months_before_any_commit(replay: Path) -> None:
    result = run(
        replay, "report", "trend", "--from", "2015-02-01", "--to", "2015-06-15", "--every", "month"
    )
    assert result.exit_code == 0, result.stderr
    rows = table(result.stdout)[1:]
    assert [row[0] for row in rows] == [
        "28 February 2015", "31 March 2015", "30 April 2015", "31 May 2015", "15 June 2015",
    ]  # fmt: skip
    assert rows[0][2] == rows[1][2] == "no records committed yet"
    assert rows[2][2].startswith(commit_on(replay, date(2015, 4, 30))[:7])


def test_trend_with_no_dated_meeting_in_range_says_what_to_do(replay: Path) -> None:
    result = run(replay, "report", "trend", "--from", "2014-01-01", "--to", "2014-12-31")
    assert result.exit_code == 2
    assert (
        "no meeting in board.yaml has a date" in result.stderr and "--every month" in result.stderr
    )


def test_trend_golden(replay: Path, update_golden: bool) -> None:
    result = run(replay, "report", "trend", "--from", "2015-04-01", "--to", "2016-05-31")
    assert result.exit_code == 0, result.stderr
    golden = Path(__file__).parent / "golden" / "trend-seed-002-replay.md"
    # Commit ids follow every byte of the shipped records the replay is built from: the
    # golden pins everything else.
    text = re.sub(r"\b[0-9a-f]{7}\b", "<commit>", result.stdout)
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_trend_reads_the_same_without_the_history_cache(replay: Path) -> None:
    args = ("report", "trend", "--from", "2015-04-01", "--to", "2016-05-31", "--every", "month")
    cached = run(replay, *args)
    fresh = run(replay, "--no-cache", *args)
    assert cached.exit_code == fresh.exit_code == 0
    assert cached.stdout == fresh.stdout


# --- digest --since ---------------------------------------------------------------------------


def ids_in(text: str, heading: str) -> list[str]:
    section = text.split(f"\n{heading}\n", 1)[1].split("\n###", 1)[0]
    return [row[0] for row in table(section)[1:]]


def test_digest_since_lists_exactly_the_changes_between_the_two_revisions(replay: Path) -> None:
    then_day, now_day = date(2016, 3, 22), date(2016, 5, 31)
    result = run(replay, "--at-meeting", MAY_2016, "report", "digest", "--since", "board-2016-03")
    assert result.exit_code == 0, result.stderr
    before_commit, after_commit = commit_on(replay, then_day), commit_on(replay, now_day)
    before_ws = open_workspace(_tree(replay, before_commit))
    after_ws = open_workspace(_tree(replay, after_commit))
    before, after = rows_at(before_ws.index, then_day), rows_at(after_ws.index, now_day)
    closed = [i for i, r in after.items() if r.closed and not (i in before and before[i].closed)]
    slipped = [i for i, r in after.items() if i in before and (r.due or "") > (before[i].due or "")]
    overdue = [i for i, r in after.items() if r.overdue and not (i in before and before[i].overdue)]
    assert ids_in(result.stdout, "### Closed") == closed
    assert ids_in(result.stdout, "### Slipped") == slipped
    assert ids_in(result.stdout, "### Became overdue") == overdue
    assert closed and slipped and overdue
    audits = sorted(
        a.record.title for i, a in after_ws.index.audits.items() if i not in before_ws.index.audits
    )
    arrived = table(result.stdout.split("### Audits and findings that arrived", 1)[1])
    assert sorted(row[0] for row in arrived[1:]) == audits and audits
    assert f"committed at {before_commit[:7]}" in result.stdout
    # the reasons recorded with each amendment are shown
    assert "During the March Chairs' Group meeting" in result.stdout


def _tree(replay: Path, commit: str) -> Path:
    into = replay.parent / f"tree-{commit[:10]}"
    checked_out(replay, commit, into)
    return into


def test_digest_since_a_date_or_a_revision_names_the_same_commit(replay: Path) -> None:
    by_date = run(replay, "report", "digest", "--since", "2016-03-22", "--to", "2016-05-31")
    commit = commit_on(replay, date(2016, 3, 22))
    by_revision = run(replay, "report", "digest", "--since", commit, "--to", "2016-05-31")
    assert by_date.exit_code == by_revision.exit_code == 0, by_date.stderr + by_revision.stderr
    assert ids_in(by_date.stdout, "### Closed") == ids_in(by_revision.stdout, "### Closed")


def test_digest_needs_from_and_to_or_since(replay: Path) -> None:
    assert "give --from and --to, or --since" in run(replay, "report", "digest").stderr
    both = run(replay, "report", "digest", "--since", "2016-01-01", "--from", "2016-01-01")
    assert both.exit_code == 2 and "not both" in both.stderr


def test_output_never_names_a_commit_the_user_did_not_read(replay: Path) -> None:
    """Every short hash in the trend is a commit the point really read."""
    result = run(replay, "report", "trend", "--from", "2015-04-01", "--to", "2016-05-31")
    shown = set(re.findall(r"\| ([0-9a-f]{7}) \(", result.stdout))
    assert shown == {commit_on(replay, when)[:7] for _, _, when in MEETINGS}


def test_the_trend_as_a_paper_draws_open_and_overdue_over_time(
    replay: Path, tmp_path: Path
) -> None:
    out = tmp_path / "trend.html"
    result = run(
        replay,
        "report",
        "trend",
        "--from",
        "2015-04-01",
        "--to",
        "2016-05-31",
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "Open and overdue actions over time" in page and "<svg" in page
    assert page.count("<tr") > 3  # the table of points
