"""`assure new action` without `--priority`: cross-cutting actions and plans with no priorities.

The rule (in `assure new action --help` and the README): the ref continues the plan's last
group of refs, always numbered above every priority of the plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from assurance_cli.edit.new import next_ref_without_priority

from .conftest import copy_shipped, run


def new_action(root: Path, plan: str, *flags: str) -> tuple[int, str, str]:
    result = run(root, "new", "action", "--plan", plan, "--title", "Cross-cutting work", *flags)
    return result.exit_code, result.stdout, result.stderr


def test_a_plan_without_priorities_takes_an_action_without_one(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    code, out, err = new_action(root, "2017-18")
    assert code == 0, err
    assert out == "created data/actions/2017-18/5-3.yaml (action 2017-18/5-3)\n"
    text = (root / "data/actions/2017-18/5-3.yaml").read_text()
    assert "\nref: 5-3\npriority: null\n" in text
    assert new_action(root, "2017-18")[1] == (
        "created data/actions/2017-18/5-4.yaml (action 2017-18/5-4)\n"
    )
    assert run(root, "check").exit_code == 0


def test_an_action_outside_the_priorities_is_numbered_above_them(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    code, out, err = new_action(root, "2015-16", "--lead", "qpp-chair")
    assert code == 0, err
    assert out == "created data/actions/2015-16/10a.yaml (action 2015-16/10a)\n"
    assert "\nref: 10a\npriority: null\n" in (root / "data/actions/2015-16/10a.yaml").read_text()
    assert new_action(root, "2015-16")[1] == (
        "created data/actions/2015-16/10b.yaml (action 2015-16/10b)\n"
    )
    # A priority given still takes the next ref in that priority, not in the new group.
    assert new_action(root, "2015-16", "--priority", "9")[1] == (
        "created data/actions/2015-16/9d.yaml (action 2015-16/9d)\n"
    )
    assert run(root, "check").exit_code == 0


def test_a_priority_for_a_plan_without_priorities_says_to_leave_it_out(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    code, out, err = new_action(root, "2017-18", "--priority", "2")
    assert (code, out) == (2, "")
    assert "plan '2017-18' has no priorities: leave out --priority" in err
    assert "it has none" not in err
    assert not (root / "data/actions/2017-18/2-6.yaml").exists()


def test_an_unknown_priority_names_the_plans_and_the_way_out(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    code, _out, err = new_action(root, "2015-16", "--priority", "12")
    assert code == 2
    assert "plan '2015-16' has no priority 12; it has 1, 2, 3, 4, 5, 6, 7, 8, 9" in err
    assert "leave out --priority" in err


def test_the_help_states_the_rule() -> None:
    result = run(None, "new", "action", "--help")
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    assert "Without --priority" in flat
    assert "10a" in flat and "5-3" in flat


@pytest.mark.parametrize(
    ("existing", "priorities", "expected"),
    [
        (["1a", "9c", "3d2"], [1, 2, 3, 9], "10a"),
        (["1a", "9c", "10a"], range(1, 10), "10b"),
        (["2-1", "2-5", "5-2"], [], "5-3"),
        (["2-1", "3-1"], [1, 2, 3, 4], "5-1"),
        ([], [], "1a"),
        ([], [1, 2], "3a"),
        (["s1", "exec"], [], "1a"),
        (["1z", "2a"], [1], "2b"),
    ],
)
def test_next_ref_without_priority(
    existing: list[str], priorities: list[int], expected: str
) -> None:
    assert next_ref_without_priority(existing, priorities) == expected
