"""The pure comparison of append-only logs (changes.compare_log) and the Markdown of a diff."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from assurance_cli.checks.logs import LogEdit, compare_log
from assurance_cli.queries.diff_values import Diff, Note, StatusChanged, Subject, Version
from assurance_cli.render.diff import diff_markdown

Entry = tuple[str | None, str]
entries = st.lists(
    st.tuples(st.sampled_from([None, "2016-01", "2016-02-03"]), st.text(min_size=1, max_size=8)),
    max_size=6,
    unique=True,
)


def test_appended_entries_are_added_and_nothing_is_edited() -> None:
    base: list[Entry] = [("2016-01", "one"), ("2016-02", "two")]
    head = [*base, ("2016-03", "three")]
    result = compare_log(base, head)
    assert result.added == (2,) and result.edits == ()


def test_a_changed_date_is_one_entry_changed() -> None:
    base: list[Entry] = [("2016-01", "one"), ("2016-02", "two")]
    result = compare_log(base, [("2016-01", "one"), ("2016-03", "two")])
    assert result.edits == (LogEdit("changed", 1, 1),) and result.added == ()


def test_an_entry_replaced_by_an_unrelated_one_is_deleted_and_added() -> None:
    base: list[Entry] = [("2016-01", "Walk the floor commenced")]
    result = compare_log(base, [("2016-05-20", "Board report agreed by all partners")])
    assert result.edits == (LogEdit("deleted", 0, 0),)
    assert result.added == (0,)


def test_an_entry_put_first_is_inserted() -> None:
    base: list[Entry] = [("2016-01", "one")]
    result = compare_log(base, [("2015-12", "zero"), ("2016-01", "one")])
    assert result.edits == (LogEdit("inserted", None, 0),) and result.added == (0,)


def test_the_last_entry_deleted_points_nowhere_in_the_new_log() -> None:
    base: list[Entry] = [("2016-01", "one"), ("2016-02", "two")]
    result = compare_log(base, [("2016-01", "one")])
    assert result.edits == (LogEdit("deleted", 1, None),)


@given(entries, entries)
def test_appending_never_counts_as_an_edit(base: list[Entry], more: list[Entry]) -> None:
    head = base + [entry for entry in more if entry not in base]
    result = compare_log(base, head)
    assert result.edits == ()
    assert result.added == tuple(range(len(base), len(head)))


@given(entries, st.data())
def test_losing_or_changing_an_earlier_entry_is_always_an_edit(
    base: list[Entry], data: st.DataObject
) -> None:
    if not base:
        return
    number = data.draw(st.integers(0, len(base) - 1))
    deleted = base[:number] + base[number + 1 :]
    assert compare_log(base, deleted).edits
    changed = [*base]
    changed[number] = (changed[number][0], changed[number][1] + "!")
    if changed[number] not in base:
        assert compare_log(base, changed).edits


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_record_text_stays_in_its_cell(title: str, note: str) -> None:
    change = StatusChanged(
        Subject("action", "2015-16/1a", title, "data/actions/2015-16/1a.yaml"),
        None,
        "on-track",
        "On track",
        "completed",
        "Completed",
        closed=True,
        notes=(Note("2016-05-01", note),),
    )
    diff = Diff(Version("HEAD~1", "0" * 40), Version("working tree", None), (change,))
    tokens = MarkdownIt("commonmark").enable("table").parse(diff_markdown(diff))
    cells: list[int] = []
    for token in tokens:
        if token.type == "tr_open":
            cells.append(0)
        elif token.type in {"td_open", "th_open"}:
            cells[-1] += 1
        assert token.type != "html_block"
        # The only HTML is the <br> that joins a cell's lines.
        html = [t.content for t in token.children or [] if t.type == "html_inline"]
        assert set(html) <= {"<br>"}
    assert cells == [4, 4]
