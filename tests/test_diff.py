"""`assure diff BASE [HEAD]`: what changed for the board between two git versions."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from markdown_it import MarkdownIt

from .conftest import REPO, run, run_process
from .git_helpers import base_repo, commit_all, edit, git, init_repo, shipped_repo

CLOSING_NOTE = "Every Board member has completed a visit; findings reported to the May Board."
REASON = "The external reviewer is not available until January 2017."
HASH = re.compile(r"\(([0-9a-f]{7})\)")


def close_1c_and_reschedule_3d2(root: Path) -> None:
    """The lead's edits, made by hand in the YAML text: 1c's status line plus a progress
    entry at the end of its log; 3d2's due date plus a due_history entry."""
    actions = root / "data/actions/2015-16"
    edit(actions / "1c.yaml", "status: on-track\n", "status: completed\n")
    edit(
        actions / "1c.yaml",
        "      proforma during their respective visits.\nrelated: []",
        "      proforma during their respective visits.\n"
        f"  - date: 2016-05-20\n    text: {CLOSING_NOTE}\nrelated: []",
    )
    edit(actions / "3d2.yaml", "due: 2016-10-31\n", "due: 2017-03-31\n")
    edit(
        actions / "3d2.yaml",
        "status: not-started\n",
        "  - from: 2016-10-31\n    to: 2017-03-31\n    agreed: 2016-09\n"
        f"    reason: {REASON}\nstatus: not-started\n",
    )


def test_issue_demonstration_diff_lists_both_changes(tmp_path: Path) -> None:
    root = shipped_repo(tmp_path)
    close_1c_and_reschedule_3d2(root)
    commit_all(root, "May board: 1c closed, 3d2 rescheduled")

    markdown = run_process(root, "diff", "HEAD~1", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.stderr
    assert markdown.stderr == ""
    text = markdown.stdout
    assert text.startswith("## Changes from HEAD\\~1 (")
    assert "to the working tree\n" in text
    assert "3 changes: 1 action closed, 1 due date amended, 1 progress entry added\n" in text
    closed = text.split("### Actions closed (1)", 1)[1].split("###", 1)[0]
    assert (
        '| 2015-16/1c | Implement a "Walk the Floor" exercise | '
        "Not yet completed but on-track → Completed | "
        f"2016-05-20: {CLOSING_NOTE} |"
    ) in closed
    due = text.split("### Due dates amended (1)", 1)[1]
    assert "| 2015-16/3d2 | Commission a further external review" in due
    assert f"| 2016-10-31 → 2017-03-31 | 2016-09 | {REASON} |" in due
    # The note shown with the status change is not listed a second time.
    assert "### Progress added" not in text

    document = json.loads(run_process(root, "diff", "HEAD~1", "--format", "json").stdout)
    assert document["version"] == 1 and document["base"]["revision"] == "HEAD~1"
    assert document["base"]["commit"] == git(root, "rev-parse", "HEAD~1").strip()
    assert document["head"] == {"revision": None, "commit": None}
    assert document["unreadable"] == []
    by_kind = {change["kind"]: change for change in document["changes"]}
    assert set(by_kind) == {"action-closed", "due-changed", "progress-added"}
    assert document["counts"]["action-closed"] == 1
    assert document["counts"]["status-changed"] == 0
    assert by_kind["action-closed"] == {
        "kind": "action-closed",
        "record": "action",
        "id": "2015-16/1c",
        "title": 'Implement a "Walk the Floor" exercise',
        "path": "data/actions/2015-16/1c.yaml",
        "milestone": None,
        "from": "on-track",
        "from_label": "Not yet completed but on-track",
        "to": "completed",
        "to_label": "Completed",
        "closed": True,
        "notes": [{"date": "2016-05-20", "text": CLOSING_NOTE}],
    }
    assert by_kind["due-changed"]["id"] == "2015-16/3d2"
    assert (by_kind["due-changed"]["from"], by_kind["due-changed"]["to"]) == (
        "2016-10-31",
        "2017-03-31",
    )
    assert by_kind["due-changed"]["amendments"] == [
        {"from": "2016-10-31", "to": "2017-03-31", "agreed": "2016-09", "reason": REASON}
    ]
    assert by_kind["progress-added"]["text"] == CLOSING_NOTE


def test_the_readme_examples_are_real_output(tmp_path: Path) -> None:
    root = shipped_repo(tmp_path)
    close_1c_and_reschedule_3d2(root)
    commit_all(root, "May board")
    commands = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    section = commands.split("## `assure diff", 1)[1]
    shown_text = section.split("$ assure diff HEAD~1\n", 1)[1].split("```", 1)[0]
    shown_markdown = section.split("$ assure diff HEAD~1 --format markdown\n```\n\n", 1)[1]
    shown_markdown = shown_markdown.split("\n| option |", 1)[0]
    text = run_process(root, "diff", "HEAD~1").stdout
    markdown = run_process(root, "diff", "HEAD~1", "--format", "markdown").stdout
    unpadded = "".join(line.rstrip() + "\n" for line in text.splitlines())
    assert HASH.sub("(hash)", unpadded) == HASH.sub("(hash)", shown_text)
    assert HASH.sub("(hash)", markdown) == HASH.sub("(hash)", shown_markdown)


def test_terminal_view_piped_prints_every_change_in_full(tmp_path: Path) -> None:
    root = shipped_repo(tmp_path)
    close_1c_and_reschedule_3d2(root)  # not committed: HEAD against the working tree
    result = run_process(root, "diff", "HEAD")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Changes from HEAD (") and lines[0].endswith("to the working tree")
    assert lines[1] == "3 changes: 1 action closed, 1 due date amended, 1 progress entry added"
    assert "Actions closed (1)" in lines
    row = next(line for line in lines if line.startswith("2015-16/1c"))
    assert "Not yet completed but on-track → Completed" in row
    assert CLOSING_NOTE in row
    row = next(line for line in lines if line.startswith("2015-16/3d2"))
    assert "2016-10-31 → 2017-03-31" in row and REASON in row
    assert "\x1b[" not in result.stdout


def test_no_changes(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    result = run(root, "diff", "HEAD")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "No changes to actions, audits or findings."
    document = json.loads(run(root, "diff", "HEAD", "--format", "json").stdout)
    assert document["changes"] == [] and set(document["counts"].values()) == {0}


def test_two_revisions_leave_the_working_tree_out(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    first = git(root, "rev-parse", "HEAD").strip()
    edit(root / "data/actions/2015-16/1a.yaml", "status: on-track", "status: not-started")
    second = commit_all(root)
    edit(root / "data/actions/2015-16/2a.yaml", "status: not-started", "status: on-track")
    document = json.loads(run(root, "diff", first, second, "--format", "json").stdout)
    assert document["head"] == {"revision": second, "commit": second}
    assert [(c["kind"], c["id"]) for c in document["changes"]] == [("status-changed", "2015-16/1a")]
    working = json.loads(run(root, "diff", first, "--format", "json").stdout)
    assert {c["id"] for c in working["changes"]} == {"2015-16/1a", "2015-16/2a"}


def test_added_and_removed_records(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    (root / "data/actions/2015-16/1b.yaml").unlink()
    (root / "data/actions/2015-16/2b.yaml").write_text(
        "ref: 2b\npriority: 2\ntitle: Share the learning\nlead: [qpp-chair]\n"
        "due: 2016-12\nstatus: not-started\n"
    )
    (root / "data/audits/s11-2016.yaml").write_text(
        "id: s11-2016\ntitle: Section 11 audit 2016\nkind: section-11\ndate: 2016-06\n"
    )
    (root / "data/findings/s11-2016-gaps.yaml").write_text(
        "id: s11-2016-gaps\naudits: [s11-2016]\nthemes: []\nkind: concern\n"
        "text: Two agencies had no safeguarding lead\n"
    )
    document = json.loads(run(root, "diff", "HEAD", "--format", "json").stdout)
    kinds = [(c["kind"], c["id"]) for c in document["changes"]]
    assert kinds == [
        ("action-added", "2015-16/2b"),
        ("action-removed", "2015-16/1b"),
        ("audit-added", "s11-2016"),
        ("finding-added", "s11-2016-gaps"),
    ]
    added = document["changes"][0]
    assert added["status_label"] == "Not yet started"
    assert added["due"] == "2016-12" and added["lead_labels"] == ["Chair of QPP Subgroup"]
    assert document["changes"][2]["audit_kind"] == "section-11"
    assert document["changes"][3]["audits"] == ["s11-2016"]
    markdown = run(root, "diff", "HEAD", "--format", "markdown").stdout
    assert "### Actions added (1)" in markdown and "### Actions removed (1)" in markdown
    assert "| s11-2016 | Section 11 audit 2016 | Section 11 audit | 2016-06 |" in markdown
    assert "| s11-2016-gaps | concern | s11-2016 | Two agencies had no safeguarding lead |" in (
        markdown
    )


def test_milestones_progress_history_and_other_fields(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    path = root / "data/actions/2015-16/1b.yaml"
    edit(path, "title: Commission external reviews", "title: Commission external assurance reviews")
    edit(
        path,
        "    status: completed\n    progress: []\n",
        "    status: on-track\n    progress:\n      - date: 2015-12\n        text: Report drafted\n",
    )
    edit(path, "      - text: Thresholds review undertaken\n", "      - text: Thresholds review\n")
    document = json.loads(run(root, "diff", "HEAD", "--format", "json").stdout)
    changes = [(c["kind"], c.get("milestone"), c.get("fields")) for c in document["changes"]]
    assert changes == [
        ("status-changed", 2, None),
        ("progress-added", 2, None),
        ("history-edited", 1, None),
        ("fields-changed", None, ["title"]),
    ]
    edited = document["changes"][2]
    assert (edited["log"], edited["entry"], edited["how"]) == ("progress", 1, "changed")
    markdown = run(root, "diff", "HEAD", "--format", "markdown").stdout
    assert (
        "| 2015-16/1b milestone 2 | Commission external assurance reviews | "
        "Completed → Not yet completed but on-track | 2015-12: Report drafted |"
    ) in markdown
    assert (
        "| 2015-16/1b milestone 1 | Commission external assurance reviews | progress entry 1 changed |"
        in markdown
    )
    assert "| action 2015-16/1b | Commission external assurance reviews | title |" in markdown


def test_record_text_cannot_break_the_markdown_or_the_terminal(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    hostile = "a | b <script>x</script> [red]loud[/red] *em* `code`"
    edit(
        root / "data/actions/2015-16/1a.yaml",
        "    text: Scrutiny panel with ASC\n",
        f"    text: Scrutiny panel with ASC\n  - date: 2015-10-01\n    text: '{hostile}'\n",
    )
    markdown = run(root, "diff", "HEAD", "--format", "markdown").stdout
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script>" not in html and "<em>" not in html and "<code>" not in html
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    cells_per_row = []
    for token in tokens:
        if token.type == "tr_open":
            cells_per_row.append(0)
        elif token.type in {"td_open", "th_open"}:
            cells_per_row[-1] += 1
    assert cells_per_row == [3, 3]
    text = run_process(root, "diff", "HEAD").stdout
    assert "[red]loud[/red]" in text


def test_a_file_broken_at_one_version_is_reported_not_fatal(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    path = root / "data/actions/2015-16/1b.yaml"
    good = path.read_text()
    path.write_text(good.replace("ref: 1b\n", "ref: 1b\n\tpriority: 1\n"))
    commit_all(root, "broken 1b")
    path.write_text(good)
    edit(root / "data/actions/2015-16/1a.yaml", "status: on-track", "status: not-started")
    result = run(root, "diff", "HEAD", "--format", "json")
    assert result.exit_code == 1  # files were left out: the comparison is not whole
    document = json.loads(result.stdout)
    (problem,) = document["unreadable"]
    assert problem["side"] == "base"
    assert problem["path"] == "data/actions/2015-16/1b.yaml"
    assert problem["code"] == "yaml-syntax" and problem["line"] == 2
    # 1b was there all along: not "added"; 1a's change is still reported.
    assert [(c["kind"], c["id"]) for c in document["changes"]] == [("status-changed", "2015-16/1a")]
    markdown = run(root, "diff", "HEAD", "--format", "markdown").stdout
    assert "### Files left out (with errors, or withheld: may hold personal data)" in markdown
    assert "data/actions/2015-16/1b.yaml:2:1: error:" in markdown


def test_a_record_that_loads_with_a_problem_is_compared_not_left_out(tmp_path: Path) -> None:
    """A file whose record loaded (here: an audit that ends before it starts) is compared
    like any other; only files that could not be loaded are listed as left out."""
    root = base_repo(tmp_path)
    audit = root / "data/audits/cse-review-2015.yaml"
    edit(audit, "end: 2015-11", "end: 2015-01")
    commit_all(root, "an audit that ends before it starts")
    edit(audit, "title: CSE Assurance Review", "title: CSE Assurance Review 2015")
    result = run(root, "diff", "HEAD", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["unreadable"] == []
    assert [c["id"] for c in document["changes"]] == ["cse-review-2015"]
    check = run(root, "check", "--base", "HEAD")
    assert "note:" not in check.stderr
    assert "[bad-period]" in check.stdout


def test_a_revision_without_data_lists_everything_as_added(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "board")
    (root / "README.md").write_text("A board\n")
    commit_all(root, "empty")
    shutil.copytree(base_repo(tmp_path, "source") / "data", root / "data")
    document = json.loads(run(root, "diff", "HEAD", "--format", "json").stdout)
    assert document["counts"]["action-added"] == 3
    assert document["counts"]["audit-added"] == 1
    assert document["unreadable"] == []


def test_board_repository_in_a_subfolder_of_the_work_tree(tmp_path: Path) -> None:
    outer = init_repo(tmp_path / "council")
    (outer / "README.md").write_text("Council repository\n")
    board = outer / "boards" / "children"
    shutil.copytree(base_repo(tmp_path, "source") / "data", board / "data")
    commit_all(outer)
    edit(board / "data/actions/2015-16/1a.yaml", "status: on-track", "status: completed")
    commit_all(outer)
    (board / "data/audits/extra.yaml").write_text(
        "id: extra\ntitle: Extra audit\nkind: other\ndate: 2016-01\n"
    )
    # --root names the board's folder, two levels below the top of the work tree.
    result = run_process(board, "diff", "HEAD~1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    changes = json.loads(result.stdout)["changes"]
    assert [(c["kind"], c["path"]) for c in changes] == [
        ("action-closed", "data/actions/2015-16/1a.yaml"),
        ("audit-added", "data/audits/extra.yaml"),
    ]
    check = run_process(board, "check", "--base", "HEAD~1")
    assert check.exit_code == 1
    assert check.stdout.startswith("data/actions/2015-16/1a.yaml:")
    assert "[closed-without-progress]" in check.stdout


def test_shallow_clone_compares_what_it_has_and_says_what_is_missing(tmp_path: Path) -> None:
    origin = base_repo(tmp_path, "origin")
    edit(origin / "data/actions/2015-16/1a.yaml", "status: on-track", "status: not-started")
    commit_all(origin)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"

    missing = run_process(clone, "diff", "HEAD~1")
    assert missing.exit_code == 2
    assert "no revision 'HEAD~1'" in missing.stderr and "shallow clone" in missing.stderr
    assert missing.stdout == "" and "Traceback" not in missing.stderr

    edit(clone / "data/actions/2015-16/2a.yaml", "status: not-started", "status: on-track")
    result = run_process(clone, "diff", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [c["id"] for c in json.loads(result.stdout)["changes"]] == ["2015-16/2a"]


def test_shallow_clone_with_the_base_fetched_as_ci_does(tmp_path: Path) -> None:
    origin = base_repo(tmp_path, "origin")
    git(origin, "checkout", "-q", "-b", "lead-updates")
    edit(origin / "data/actions/2015-16/1a.yaml", "status: on-track", "status: not-started")
    commit_all(origin)
    clone = tmp_path / "clone"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "-b",
        "lead-updates",
        f"file://{origin}",
        str(clone),
    )
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    result = run_process(clone, "diff", "origin/main", "--format", "json")
    assert result.exit_code == 0, result.stderr
    changes = json.loads(result.stdout)["changes"]
    assert [(c["kind"], c["id"], c["to"]) for c in changes] == [
        ("status-changed", "2015-16/1a", "not-started")
    ]


def test_unknown_base_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    result = run_process(root, "diff", "board-meeting-may")
    assert result.exit_code == 2
    assert result.stderr.startswith("assure: error: no revision 'board-meeting-may'")
    assert result.stdout == ""
    remote = run_process(root, "diff", "origin/main")
    assert remote.exit_code == 2 and "fetch it first" in remote.stderr


def test_an_option_like_revision_is_refused(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    result = run(root, "diff", "--", "--output=/tmp/x")
    assert result.exit_code == 2
    assert "is not a git revision" in result.stderr


def test_not_a_git_repository_exits_2(tmp_path: Path) -> None:
    root = tmp_path / "board"
    shutil.copytree(base_repo(tmp_path, "source") / "data", root / "data")
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = run_process(root, "diff", "HEAD", env=env)
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_no_data_folder_in_the_working_tree_exits_2(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    shutil.rmtree(root / "data")
    result = run(root, "diff", "HEAD")
    assert result.exit_code == 2
    assert "no 'data/' folder" in result.stderr


def test_bad_format_exits_2(tmp_path: Path) -> None:
    result = run_process(base_repo(tmp_path), "diff", "HEAD", "--format", "html")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
