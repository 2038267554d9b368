"""The command output quoted in the README and docs/ is what the commands print today.

Each excerpt is found by its command line (`$ assure ...`) in README.md or any page of docs/,
wherever it moves, and compared with a real run on the shipped data (or the copy the
excerpt says). A line `...` stands for lines left out; `...` inside a line for text left out;
every other line must be the output's own, in order. Excerpts whose output depends on
today's date (`status` without `--as-of`, `show`) are not compared.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import CASES, REPO, SHIPPED, copy_shipped, run
from .test_check_cases import build_case

PAGES = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
ELIDED = "..."


def pages_text() -> Iterator[tuple[Path, list[str]]]:
    for page in PAGES:
        yield page, page.read_text(encoding="utf-8").splitlines()


def excerpt(command: str, *, until: str | None = None) -> list[str]:
    """The output quoted under `$ <command>` (a trailing `# comment` aside): the lines up to
    the code block's end or the next command; with `until`, the Markdown rendered after the
    block, up to the line starting with `until`."""
    wanted = re.compile(rf"\$ {re.escape(command)}(\s+#.*)?")
    for _page, lines in pages_text():
        for number, line in enumerate(lines):
            if not wanted.fullmatch(line.rstrip()):
                continue
            quoted: list[str] = []
            for following in lines[number + 1 :]:
                if following.startswith(("```", "$ ")):
                    break
                quoted.append(following)
            if until is not None:
                rest = lines[number + len(quoted) + 2 :]
                end = next(n for n, text in enumerate(rest) if text.startswith(until))
                quoted = rest[:end]
            while quoted and not quoted[-1].strip():
                quoted.pop()
            while quoted and not quoted[0].strip():
                quoted.pop(0)
            assert quoted, f"no output quoted under `$ {command}`"
            return quoted
    raise AssertionError(f"`$ {command}` is quoted in neither README.md nor docs/")


def line_pattern(line: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in line.rstrip().split(ELIDED)))


def assert_quoted(quoted: list[str], output: str) -> None:
    """Each run of quoted lines between `...` lines is a run of output lines, in order."""
    lines = [line.rstrip() for line in output.splitlines()]
    segments: list[list[str]] = [[]]
    for line in quoted:
        if line.strip() == ELIDED:
            segments.append([])
        else:
            segments[-1].append(line)
    start = 0
    for segment in filter(None, segments):
        patterns = [line_pattern(line) for line in segment]
        for at in range(start, len(lines) - len(segment) + 1):
            if all(p.fullmatch(lines[at + n]) for n, p in enumerate(patterns)):
                start = at + len(segment)
                break
        else:
            raise AssertionError(
                "quoted lines not in the output, in this order:\n"
                + "\n".join(segment)
                + "\n--- output ---\n"
                + output
            )


SHIPPED_READS = [
    "assure status --overdue --plan 2015-16 --as-of 2016-05-31 --format markdown",
    "assure report action-plan --plan 2015-16 --as-of 2016-05-31 | head -12",
    "assure report learning --period 2015-16",
    "assure report loop --period 2016-17",
    "assure --root tests/fixtures/boards/findings-no-plan report learning --from 2018-04-01 "
    "--to 2019-03-31 | head -15",
    "assure --root examples/shropshire report business-plan --plan 2016-18",
    "assure report digest --from 2016-01-01 --to 2016-03-31",
    "assure report exceptions --plan 2015-16 --as-of 2016-05-31 --by lead",
    "assure check",
]
RENDERED_UNTIL = {SHIPPED_READS[0]: "Filters combine"}


def run_quoted(root: Path, command: str) -> str:
    """Run `assure ...` as quoted (a `| head -N` taken into account): stdout, then stderr."""
    command, _pipe, head = command.partition(" | head -")
    args = command.split()[1:]
    if args[:1] == ["--root"]:
        root = root / args[1]
        args = args[2:]
    result = run(root, *args)
    assert result.exit_code == 0, result.stderr
    output = result.stdout
    if head:
        output = "\n".join(output.splitlines()[: int(head)])
    return output + result.stderr


@pytest.mark.parametrize("command", SHIPPED_READS)
def test_read_commands_on_the_shipped_data(command: str) -> None:
    quoted = excerpt(command, until=RENDERED_UNTIL.get(command))
    assert_quoted(quoted, run_quoted(SHIPPED, command))


def test_the_action_plan_row_of_1d() -> None:
    output = run(SHIPPED, "report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31")
    row = next(line for _p, lines in pages_text() for line in lines if line.startswith("| 1d |"))
    assert row in output.stdout.splitlines()


def test_check_on_a_broken_copy(tmp_path: Path) -> None:
    # The README's broken copy is the case folder tests/cases/invalid-action-related.
    root = build_case(CASES / "invalid-action-related", tmp_path)
    result = run(root, "check")
    assert result.exit_code == 1
    assert_quoted(excerpt("assure --root broken-copy check"), result.stdout + result.stderr)


EDITS = [
    'assure set-status 2015-16/3d2 completed --note "External review reported to the November'
    ' Board" --on 2016-11-22',
    'assure set-status 2015-16/5f completd --note "..."',
    'assure reschedule 2015-16/1c 2016-09-30 --reason "Visits resume after the summer recess"'
    " --agreed 2016-03",
    'assure note 2015-16/5f "QPP agreed the audit tool; fieldwork starts in June" --on 2016-05-31',
    'assure note 2015-16/5f "back-dated" --on 2015-01-01',
    "assure new action --plan 2015-16 --priority 5 --lead qpp-chair --due 2016-12-31 --title"
    ' "Audit the impact of learning from case reviews on practice"',
    "assure new audit --id neglect-audit-2017 --kind case-audit --date 2017-06 --title"
    ' "Neglect multi-agency case audit"',
    "assure new finding --audit neglect-audit-2017 --id neglect-2017-voice --kind concern"
    ' --theme safeguarding-practice --text "The child\'s voice was not recorded"',
]


def test_the_edit_commands_in_the_order_quoted(tmp_path: Path) -> None:
    import shlex

    root = copy_shipped(tmp_path)
    shutil.copytree(SHIPPED / "schemas", root / "schemas")
    for command in EDITS:
        result = run(root, *shlex.split(command)[1:])
        assert_quoted(excerpt(command), result.stdout + result.stderr)
    created = (root / "data/actions/2015-16/5i.yaml").read_text().splitlines()
    assert quoted_file(created[:2]) == created


def quoted_file(first: list[str]) -> list[str]:
    """The YAML block that starts with the lines `first`."""
    for _page, lines in pages_text():
        for number in range(len(lines) - len(first)):
            if lines[number : number + len(first)] == first and lines[number - 1] == "```yaml":
                end = lines.index("```", number)
                return lines[number:end]
    raise AssertionError(f"no YAML block starts with {first}")


def test_the_at_key_of_the_history_repository(tmp_path: Path) -> None:
    from .history_repo import build_history

    root = tmp_path / "history"
    build_history(root)
    result = run(root, "--at-meeting", "board-2015-07", "status", "--format", "json")
    assert result.exit_code == 0, result.stderr
    at = json.loads(result.stdout)[0]["at"]
    json_md = (REPO / "docs/json.md").read_text()
    quoted = json_md.split('"at": {', 1)[1].split("}", 1)[0]
    assert json.loads("{" + quoted + "}") == at
    history_md = " ".join((REPO / "docs/history.md").read_text().split())
    note = " ".join(result.stderr.split())
    assert note.startswith("assure: note: records as committed at ")
    assert note.removeprefix("assure: note: ") in history_md
