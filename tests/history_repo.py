"""A git repository whose history replays seed 002's year: the shipped 2015-16 actions, their
statuses changing on the dates their progress entries give, their due dates moving on the
dates their amendments were agreed, and the audits and findings arriving when they reported.

The rules of the replay (`state_on`), which the tests also use to say what the records were
on any day without asking git:

- a progress entry is committed on its own date (a month: its last day); an undated entry
  with the next dated entry after it, or on FINAL when none follows; entries dated before
  START are in the first commit;
- an action's status is `not-started` until its first entry, `on-track` while some entries
  are still to come, and the status the shipped record gives once all are in (an action
  with no progress has that status from the start);
- a due date amendment is committed on its `agreed` date, or on FINAL when it gives none;
  until then the action is due on the amendment's `from` date;
- an action's links to other plans' actions are left out (only this plan is replayed);
- an audit arrives on the date it reported (else ended, else began; a period such as
  "during 2015-16" on its last day; with no date, in the first commit), a finding with the
  last of its audits; those arriving after FINAL are left out.

FINAL is the seed's own date: on 31 May 2016 its overdue list is 1c, 5f, 6c, 7h and 7i.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assurance_cli.dates import read_date

from .conftest import SHIPPED
from .git_helpers import GIT_ENV, git, init_repo

START = date(2015, 4, 1)
FINAL = date(2016, 5, 31)
PLAN = "2015-16"
MEETINGS = (
    ("board-2015-07", "SSCB Board, July 2015", date(2015, 7, 14)),
    ("board-2015-10", "SSCB Board, October 2015", date(2015, 10, 13)),
    ("board-2016-01", "SSCB Board, January 2016", date(2016, 1, 19)),
    ("board-2016-03", "SSCB Board, March 2016", date(2016, 3, 22)),
    ("board-2016-05", "SSCB Board, May 2016", date(2016, 5, 31)),
)


def day_of(value: Any) -> date | None:
    """A YAML date as the day it took effect: a month reads as its last day."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return read_date(str(value)).last  # a month, or a period as published: its last day


def _effective(raw: list[date | None]) -> list[date]:
    """When each entry of an append-only log is committed: its own day, or that of the next
    dated entry after it (FINAL when none), never before START, never out of order."""
    found: list[date] = []
    following = FINAL
    for value in reversed(raw):
        if value is not None:
            following = min(value, following)
        found.append(max(following, START))
    return list(reversed(found))


@dataclass(frozen=True)
class ShippedAction:
    ref: str
    data: dict[str, Any]
    progress_days: list[date]
    due_days: list[date]

    def state_on(self, day: date) -> dict[str, Any]:
        """The record as the replay holds it on `day`."""
        data = dict(self.data)
        progress = [
            e for e, when in zip(data["progress"], self.progress_days, strict=True) if when <= day
        ]
        history = [
            e for e, when in zip(data["due_history"], self.due_days, strict=True) if when <= day
        ]
        if len(progress) < len(self.progress_days):
            data["status"] = "on-track" if progress else "not-started"
        if len(history) < len(self.due_days):
            data["due"] = history[-1]["to"] if history else self.data["due_history"][0]["from"]
        data["progress"] = progress
        data["due_history"] = history
        # Only this plan is replayed: a link to another plan's action (2016-17/3a) is left out.
        data["related"] = [r for r in data["related"] if "/" not in r]
        return data

    def status_on(self, day: date) -> str:
        return str(self.state_on(day)["status"])


def shipped_actions() -> list[ShippedAction]:
    found = []
    for path in sorted((SHIPPED / "data" / "actions" / PLAN).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append(
            ShippedAction(
                path.stem,
                data,
                _effective([day_of(entry.get("date")) for entry in data["progress"]]),
                _effective([day_of(entry.get("agreed")) for entry in data["due_history"]]),
            )
        )
    return found


def _arrivals() -> dict[str, date]:
    """Each audit's and finding's file (relative to data/), by the day it arrives."""
    found: dict[str, date] = {}
    audits: dict[str, date] = {}
    for path in sorted((SHIPPED / "data" / "audits").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # An audit the papers give no date for is in the first commit.
        when = day_of(data.get("reported") or data.get("end") or data.get("date")) or START
        if when <= FINAL:
            audits[data["id"]] = max(when, START)
            found[f"audits/{path.name}"] = audits[data["id"]]
    for path in sorted((SHIPPED / "data" / "findings").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if all(audit in audits for audit in data["audits"]):
            found[f"findings/{path.name}"] = max(audits[audit] for audit in data["audits"])
    return found


def board_text() -> str:
    text = (SHIPPED / "data" / "board.yaml").read_text(encoding="utf-8")
    assert "\nmeetings:" not in text
    lines = ["", "meetings:"]
    for meeting_id, name, when in MEETINGS:
        lines += [f"  - id: {meeting_id}", f"    name: {name}", f"    date: {when.isoformat()}"]
    return text + "\n".join(lines) + "\n"


def action_text(data: dict[str, Any]) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000)


def commit_days() -> list[date]:
    days = {START, FINAL}
    for action in shipped_actions():
        days.update(action.progress_days)
        days.update(action.due_days)
    days.update(_arrivals().values())
    return sorted(days)


def commit_on(root: Path, day: date, message: str) -> str:
    stamp = f"{day.isoformat()}T12:00:00+00:00"
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git(root, "add", "-A")
    subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "-m", message],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    return git(root, "rev-parse", "HEAD").strip()


def build_history(root: Path) -> dict[date, str]:
    """The replayed repository at `root`; the commit made on each day."""
    init_repo(root)
    data = root / "data"
    (data / "actions" / PLAN).mkdir(parents=True)
    (data / "board.yaml").write_text(board_text(), encoding="utf-8")
    actions = shipped_actions()
    arrivals = _arrivals()
    commits = {}
    written: dict[str, str] = {}
    for day in commit_days():
        for action in actions:
            text = action_text(action.state_on(day))
            if written.get(action.ref) != text:
                (data / "actions" / PLAN / f"{action.ref}.yaml").write_text(text, encoding="utf-8")
                written[action.ref] = text
        for rel, when in arrivals.items():
            target = data / rel
            if when <= day and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(SHIPPED / "data" / rel, target)
        commits[day] = commit_on(root, day, f"records as at {day.isoformat()}")
    return commits
