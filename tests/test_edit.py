"""The edit module: round trips, minimal diffs, comments, layouts, new records, atomic writes."""

from __future__ import annotations

import difflib
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from assurance_cli.dates import parse_partial_date
from assurance_cli.edit.actions import plan_note, plan_reschedule, plan_status_change
from assurance_cli.edit.change import apply_change
from assurance_cli.edit.new import next_ref, plan_new_action, plan_new_audit, plan_new_finding
from assurance_cli.io.files import read_snapshot, write_atomic
from assurance_cli.io.yaml_reader import read_document
from assurance_cli.io.yaml_writer import AppendEntry, SetField, edit_text, round_trips, styled_text
from assurance_cli.model.models import Action, Audit, field_names
from assurance_cli.problems import AssureError
from assurance_cli.repo.workspace import open_workspace

from .conftest import REPO, SHIPPED, make_repo

ORDER = field_names(Action)
DAY = date(2026, 11, 22)
SHIPPED_FILES = sorted(
    [*(SHIPPED / "data").rglob("*.yaml"), *(REPO / "examples").rglob("data/**/*.yaml")]
)


def changed_lines(before: str, after: str) -> list[tuple[str, list[str], list[str]]]:
    """The diff as (tag, removed lines, added lines) hunks."""
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        (tag, old[i1:i2], new[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def data_of(text: str) -> dict[str, object]:
    document, problems = read_document(text.encode(), "x.yaml")
    assert document is not None, problems
    data: dict[str, object] = document.data
    return data


# --- round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_shipped_file_round_trips_byte_for_byte(path: Path) -> None:
    assert round_trips(path.read_text(encoding="utf-8"))


def test_an_edit_with_no_operations_changes_nothing() -> None:
    text = (SHIPPED / "data/actions/2015-16/3d2.yaml").read_text()
    assert edit_text(text, [], ORDER).text == text


# --- minimal diffs ----------------------------------------------------------------------


def test_status_change_is_one_line_plus_the_progress_entry() -> None:
    text = (SHIPPED / "data/actions/2015-16/3d2.yaml").read_text()
    result = edit_text(
        text,
        [
            SetField("status", "completed"),
            AppendEntry("progress", {"date": DAY, "text": "Reported to the Board"}),
        ],
        ORDER,
    )
    assert not result.reformatted
    assert changed_lines(text, result.text) == [
        ("replace", ["status: not-started"], ["status: completed"]),
        ("insert", [], ["  - date: 2026-11-22", "    text: Reported to the Board"]),
    ]
    added_after = result.text.splitlines().index("  - date: 2026-11-22") - 1
    assert result.text.splitlines()[added_after] == "      during the Autumn 2016."


def test_end_of_line_comment_on_the_status_line_is_kept() -> None:
    text = (SHIPPED / "data/actions/2015-16/9c.yaml").read_text()
    result = edit_text(text, [SetField("status", "completed")], ORDER)
    [(tag, old, new)] = changed_lines(text, result.text)
    assert tag == "replace"
    assert old[0].startswith("status: not-applicable  # seed 002")
    assert new[0].startswith("status: completed")
    assert new[0].endswith('# seed 002\'s Status column reads "Completed"')


def test_empty_flow_list_becomes_a_block_list() -> None:
    text = "ref: 1a\nstatus: on-track\nprogress: []\nrelated: []\n"
    result = edit_text(text, [AppendEntry("progress", {"date": DAY, "text": "Done"})], ORDER)
    assert result.text == (
        "ref: 1a\nstatus: on-track\nprogress:\n  - date: 2026-11-22\n    text: Done\nrelated: []\n"
    )


def test_dates_are_plain_scalars_and_months_stay_months() -> None:
    text = "ref: 1a\ndue: 2016-06\ndue_history: []\n"
    result = edit_text(
        text,
        [
            SetField("due", date(2016, 9, 30)),
            AppendEntry(
                "due_history",
                {"from": "2016-06", "to": date(2016, 9, 30), "agreed": "2016-05", "reason": "x"},
            ),
        ],
        ORDER,
    )
    assert "due: 2016-09-30\n" in result.text
    assert "  - from: 2016-06\n    to: 2016-09-30\n    agreed: 2016-05\n" in result.text
    assert "'" not in result.text


def test_a_date_used_twice_is_written_twice_never_as_an_alias() -> None:
    text = "ref: 1a\ndue: 2016-06-30\ndue_history: []\n"
    new = date(2016, 9, 30)
    result = edit_text(
        text,
        [
            SetField("due", new),
            AppendEntry("due_history", {"from": date(2016, 6, 30), "to": new}),
        ],
        ORDER,
    )
    assert "&" not in result.text and "*" not in result.text
    assert result.text.count("2016-09-30") == 2


def test_missing_list_is_added_in_the_documented_order() -> None:
    text = "ref: 1b\nstatus: on-track\nrelated: [1a]\n"
    result = edit_text(text, [AppendEntry("progress", {"text": "x"})], ORDER)
    assert result.text == "ref: 1b\nstatus: on-track\nprogress:\n  - text: x\nrelated: [1a]\n"


def test_quote_style_of_a_replaced_value_is_kept() -> None:
    text = "ref: 1a\nstatus: 'on-track'\n"
    assert edit_text(text, [SetField("status", "completed")], ORDER).text == (
        "ref: 1a\nstatus: 'completed'\n"
    )


# --- comments ---------------------------------------------------------------------------


def test_comments_before_the_next_field_stay_before_it() -> None:
    text = (
        "# top\nref: 1a\nstatus: on-track  # eol\nprogress:\n  - date: 2015-09\n"
        "    text: >-\n      folded\n      text\n    # about this entry\n\n"
        "# about related\nrelated: []\n# the end\n"
    )
    result = edit_text(text, [AppendEntry("progress", {"date": DAY, "text": "New"})], ORDER)
    assert changed_lines(text, result.text) == [
        ("insert", [], ["  - date: 2026-11-22", "    text: New"])
    ]
    lines = result.text.splitlines()
    assert lines.index("    text: New") == lines.index("    # about this entry") + 2


def test_comment_after_an_empty_flow_list_stays_before_the_next_field() -> None:
    text = "ref: 1a\nprogress: []  # the log\n# about related\nrelated: []\n"
    result = edit_text(text, [AppendEntry("progress", {"text": "New"})], ORDER)
    lines = result.text.splitlines()
    assert lines[1].startswith("progress:") and lines[1].endswith("# the log")
    assert lines[2:] == ["  - text: New", "# about related", "related: []"]


def test_comment_after_a_field_stays_before_the_next_when_a_field_is_inserted() -> None:
    text = "ref: 1b\nstatus: on-track\n# about related\nrelated: [1a]\n"
    result = edit_text(text, [AppendEntry("progress", {"text": "x"})], ORDER)
    assert result.text == (
        "ref: 1b\nstatus: on-track\nprogress:\n  - text: x\n# about related\nrelated: [1a]\n"
    )


# --- files not in the house layout ------------------------------------------------------


def test_compact_sequences_are_kept() -> None:
    text = "ref: 1a\nlead:\n- qpp-chair\nstatus: on-track\nprogress:\n- text: a\nrelated: []\n"
    result = edit_text(
        text, [SetField("status", "completed"), AppendEntry("progress", {"text": "b"})], ORDER
    )
    assert not result.reformatted
    assert result.text == (
        "ref: 1a\nlead:\n- qpp-chair\nstatus: completed\nprogress:\n- text: a\n- text: b\n"
        "related: []\n"
    )


def test_other_spellings_of_null_are_kept_when_the_edit_is_elsewhere() -> None:
    text = "ref: 1a\nreview_by: ~\nimpact:\nstatus: on-track\nprogress: []\nrelated: []"
    result = edit_text(
        text, [SetField("status", "completed"), AppendEntry("progress", {"text": "b"})], ORDER
    )
    assert not result.reformatted
    assert result.text == (
        "ref: 1a\nreview_by: ~\nimpact:\nstatus: completed\nprogress:\n  - text: b\nrelated: []"
    )


def test_a_file_whose_layout_cannot_be_kept_is_rewritten_with_the_same_data() -> None:
    text = "ref:   1a\nstatus:    on-track\nprogress:\n    -   text: a\nrelated: [ 1b ]\n"
    result = edit_text(
        text, [SetField("status", "completed"), AppendEntry("progress", {"text": "b"})], ORDER
    )
    assert result.reformatted
    assert data_of(result.text) == {
        "ref": "1a",
        "status": "completed",
        "progress": [{"text": "a"}, {"text": "b"}],
        "related": ["1b"],
    }


# --- text as written --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Done: really",
        "see item # 3",
        "- leading dash",
        "* leading star",
        "'quoted'",
        '"double"',
        "null",
        "yes",
        "1.10",
        ".5e3",
        "-.5",
        "2016-03-31",
        "@mention",
        "`tick`",
        "%percent",
        "&amp",
        "!bang",
        "|pipe",
        ">fold",
        "Ünïcödé — 日本語 ✓",
        "tab\there",
        "line one\nline two",
        "trailing newline\n",
        " leading space",
        "bell\x07 and nul\x00",
        "line\u2028separator",
        "word " * 40,
        "x" * 200,
    ],
)
def test_any_text_reads_back_exactly(text: str) -> None:
    source = "ref: 1a\nprogress: []\n"
    result = edit_text(source, [AppendEntry("progress", {"date": DAY, "text": text})], ORDER)
    assert data_of(result.text)["progress"] == [{"date": "2026-11-22", "text": text}]


def test_long_text_is_a_folded_block_wrapped_near_90_columns() -> None:
    text = " ".join(["assurance"] * 30)
    written = styled_text(text, 4, "text")
    assert getattr(written, "style", None) == ">"
    source = "ref: 1a\nprogress: []\n"
    result = edit_text(source, [AppendEntry("progress", {"text": text})], ORDER)
    body = result.text.splitlines()[3:]
    assert result.text.splitlines()[2] == "  - text: >-"
    assert all(len(line) <= 90 for line in body)
    assert all(line.startswith("      ") for line in body)


def test_short_plain_text_stays_plain() -> None:
    assert styled_text("Scrutiny panel with ASC", 4, "text") == "Scrutiny panel with ASC"
    assert type(styled_text("Scrutiny panel with ASC", 4, "text")) is str


# --- next ref ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "priority", "expected"),
    [
        (["5a", "5b", "5h", "4z"], 5, "5i"),
        (["3a", "3d", "3d2"], 3, "3e"),
        (["3a", "3d2"], 3, "3e"),
        (["1z"], 1, "1aa"),
        (["1aa", "1z"], 1, "1ab"),
        ([], 2, "2a"),
        (["1a", "12c"], 1, "1b"),
        (["2-1", "2-5", "3-1"], 2, "2-6"),
        (["2-1", "3-1"], 4, "4-1"),
        (["s1", "exec"], 1, "1a"),
    ],
)
def test_next_ref(existing: list[str], priority: int, expected: str) -> None:
    assert next_ref(existing, priority) == expected


# --- the commands as library functions --------------------------------------------------


def test_set_status_on_the_base_board(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    change = plan_status_change(
        open_workspace(root), "2015-16/1a", "completed", note="All panels held", on=DAY
    )
    assert change.valid
    assert change.summary == (
        "2015-16/1a: status Not yet completed but on-track -> Completed; "
        "progress entry 2026-11-22 added"
    )
    before = (root / change.rel).read_text()
    apply_change(change)
    after = (root / change.rel).read_text()
    assert changed_lines(before, after) == [
        ("replace", ["status: on-track"], ["status: completed"]),
        ("insert", [], ["  - date: 2026-11-22", "    text: All panels held"]),
    ]
    assert after.startswith("# A canonical action: comments and layout must survive edits.\n")
    assert not open_workspace(root).problems


def test_closing_needs_a_note(tmp_path: Path) -> None:
    workspace = open_workspace(make_repo(tmp_path))
    with pytest.raises(AssureError, match="closes the action"):
        plan_status_change(workspace, "2015-16/1a", "completed", note=None, on=DAY)
    with pytest.raises(AssureError, match="empty"):
        plan_status_change(workspace, "2015-16/1a", "completed", note="   ", on=DAY)


def test_open_status_change_without_a_note_is_one_line(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    change = plan_status_change(open_workspace(root), "1a", "not-started", note=None, on=DAY)
    before = (root / change.rel).read_text()
    apply_change(change)
    assert changed_lines(before, (root / change.rel).read_text()) == [
        ("replace", ["status: on-track"], ["status: not-started"])
    ]


def test_unknown_status_suggests_the_closest(tmp_path: Path) -> None:
    workspace = open_workspace(make_repo(tmp_path))
    with pytest.raises(AssureError, match="did you mean 'completed'"):
        plan_status_change(workspace, "1a", "complete", note="x", on=DAY)


def test_an_out_of_order_progress_entry_is_refused_as_a_problem(tmp_path: Path) -> None:
    change = plan_note(open_workspace(make_repo(tmp_path)), "1a", "late", on=date(2014, 1, 1))
    assert [p.code for p in change.problems] == ["progress-order"]


def test_reschedule_records_the_amendment(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    change = plan_reschedule(
        open_workspace(root),
        "2015-16/2a",
        parse_partial_date("2017-03"),
        reason="Reviewer not available: January",
        agreed=parse_partial_date("2016-09"),
    )
    assert change.summary == "2015-16/2a: due 2016-10-31 -> 2017-03; due_history entry added"
    apply_change(change)
    data = data_of((root / change.rel).read_text())
    assert data["due"] == "2017-03"
    assert data["due_history"] == [
        {
            "from": "2016-04-30",
            "to": "2016-10-31",
            "agreed": "2016-03",
            "reason": "Agreed at the March Chairs' Group",
        },
        {
            "from": "2016-10-31",
            "to": "2017-03",
            "agreed": "2016-09",
            "reason": "Reviewer not available: January",
        },
    ]
    assert not open_workspace(root).problems


def test_reschedule_to_the_same_date_is_refused(tmp_path: Path) -> None:
    workspace = open_workspace(make_repo(tmp_path))
    with pytest.raises(AssureError, match="already due"):
        plan_reschedule(workspace, "2a", date(2016, 10, 31), reason="x", agreed=DAY)


def test_unknown_and_ambiguous_ids(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/3a.yaml": "ref: 3a\npriority: 1\ntitle: x\nlead: []\ndue: 2016-02-30\n"
        },
    )
    workspace = open_workspace(root)
    with pytest.raises(AssureError, match="no action, audit or finding"):
        plan_note(workspace, "9z", "x", on=DAY)
    with pytest.raises(AssureError, match="not an action"):
        plan_note(workspace, "cse-review-2015", "x", on=DAY)
    with pytest.raises(AssureError, match=r"data/actions/2015-16/3a.yaml has errors"):
        plan_note(workspace, "3a", "x", on=DAY)


def test_crlf_file_is_written_with_lf(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    path = root / "data/actions/2015-16/1a.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    change = plan_note(open_workspace(root), "1a", "Noted", on=DAY)
    assert any("CRLF" in note for note in change.notes)
    apply_change(change)
    raw = path.read_bytes()
    assert b"\r" not in raw
    assert b"  - date: 2026-11-22\n    text: Noted\nrelated: [2a]\n" in raw


def test_byte_order_mark_is_kept(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    path = root / "data/actions/2015-16/1a.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    apply_change(plan_note(open_workspace(root), "1a", "Noted", on=DAY))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf# A canonical action")


# --- new records ------------------------------------------------------------------------


def test_new_action_has_every_field_in_order(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    change = plan_new_action(
        open_workspace(root),
        plan="2015-16",
        priority=1,
        title="Hold a second round of panels",
        lead=["qpp-chair"],
        due=parse_partial_date("2016-06"),
    )
    assert change.rel == "data/actions/2015-16/1c.yaml"
    apply_change(change)
    text = (root / change.rel).read_text()
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../../../schemas/action.schema.json"
    )
    keys = [line.split(":")[0] for line in text.splitlines()[1:] if not line.startswith(" ")]
    assert keys == ORDER
    data = data_of(text)
    assert data["ref"] == "1c" and data["due"] == "2016-06" and data["status"] == "not-started"
    assert data["lead"] == ["qpp-chair"] and data["progress"] == [] and data["impact"] is None
    assert "lead:\n  - qpp-chair\n" in text
    assert not open_workspace(root).problems


def test_new_record_is_never_written_over_an_existing_file(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    workspace = open_workspace(root)
    change = plan_new_audit(
        workspace, audit_id="neglect-2017", title="Neglect audit", kind="case-audit", when=DAY
    )
    (root / change.rel).write_text("someone else's\n")
    with pytest.raises(AssureError, match="already exists"):
        apply_change(change)
    assert (root / change.rel).read_text() == "someone else's\n"
    with pytest.raises(AssureError, match="already exists"):
        plan_new_audit(
            workspace, audit_id="cse-review-2015", title="x", kind="case-audit", when=DAY
        )


def test_new_audit_and_finding(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    apply_change(
        plan_new_audit(
            open_workspace(root),
            audit_id="neglect-2017",
            title="Neglect audit",
            kind="case-audit",
            when=parse_partial_date("2017-06"),
        )
    )
    audit = (root / "data/audits/neglect-2017.yaml").read_text()
    assert audit.startswith("# yaml-language-server: $schema=../../schemas/audit.schema.json\n")
    assert [k for k in data_of(audit)] == field_names(Audit)
    change = plan_new_finding(
        open_workspace(root),
        finding_id="neglect-2017-voice",
        audits=["neglect-2017"],
        kind="concern",
        text="The child's voice: not recorded in 4 of 6 cases",
        themes=["cse-and-missing"],
    )
    apply_change(change)
    finding = data_of((root / change.rel).read_text())
    assert finding["audits"] == ["neglect-2017"] and finding["figures"] == []
    assert finding["text"] == "The child's voice: not recorded in 4 of 6 cases"
    assert not open_workspace(root).problems


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"plan": "2015-17"}, "unknown plan '2015-17' \\(did you mean '2015-16'\\?\\)"),
        ({"priority": 7}, "has no priority 7; it has 1, 2"),
        ({"lead": ["qpp-chiar"]}, "did you mean 'qpp-chair'"),
        ({"status": "done"}, "unknown status 'done'"),
    ],
)
def test_new_action_bad_flags(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"plan": "2015-16", "priority": 1, "title": "x", **kwargs}
    with pytest.raises(AssureError, match=message):
        plan_new_action(open_workspace(make_repo(tmp_path)), **arguments)  # type: ignore[arg-type]


# --- atomic writes ----------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_text("ref: 1a\n")
    path.chmod(0o640)
    write_atomic(path, b"ref: 1b\n", original=read_snapshot(path))
    assert path.read_bytes() == b"ref: 1b\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_file_changed_since_it_was_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_text("ref: 1a\n")
    snapshot = read_snapshot(path)
    path.write_text("ref: 1a\nstatus: x\n")
    with pytest.raises(AssureError, match="changed on disk since it was read"):
        write_atomic(path, b"ref: 1b\n", original=snapshot)
    assert path.read_text() == "ref: 1a\nstatus: x\n"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_write_leaves_the_original_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    root = make_repo(tmp_path)
    path = root / "data/actions/2015-16/1a.yaml"
    original = path.read_bytes()
    change = plan_note(open_workspace(root), "1a", "Noted", on=DAY)

    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, broken)
    with pytest.raises(AssureError, match="nothing was changed"):
        apply_change(change)
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert leftovers(path.parent) == []


def test_an_invalid_change_is_never_written(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    path = root / "data/actions/2015-16/1a.yaml"
    original = path.read_bytes()
    change = plan_note(open_workspace(root), "1a", "late", on=date(2014, 1, 1))
    with pytest.raises(AssureError, match="not valid"):
        apply_change(change)
    assert path.read_bytes() == original


def test_symlinked_record_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text("ref: 1a\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    with pytest.raises(AssureError, match="symbolic link"):
        read_snapshot(link)


def test_one_module_imports_ruamel() -> None:
    package = REPO / "src/assurance_cli"
    importing = sorted(
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if "from ruamel" in p.read_text()
    )
    assert importing == ["io/yaml_writer.py"]


def test_a_record_changed_between_planning_and_writing_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    change = plan_note(open_workspace(root), "1a", "Noted", on=DAY)
    path = root / change.rel
    path.write_text(path.read_text().replace("on-track", "not-started"))
    edited_by_someone = path.read_bytes()
    with pytest.raises(AssureError, match="changed on disk since it was read"):
        apply_change(change)
    assert path.read_bytes() == edited_by_someone


def test_a_new_file_gets_the_usual_mode_not_the_temporary_files(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.yaml", b"id: x\n", new=True)
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []
