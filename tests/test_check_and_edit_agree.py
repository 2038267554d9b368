"""`check` reads with libyaml, edits with ruamel.yaml: a file `check` accepts must be one an
edit can change, and a file an edit cannot read must fail `check` (issue 14: a tab before a
comment checked clean, and then every edit of the file failed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import make_repo, run

ACTION = "data/actions/2015-16/1b.yaml"
CLEAN = (Path(__file__).parent / "cases" / "_base" / ACTION).read_text(encoding="utf-8")
TITLE = "title: Commission external reviews\n"

# Tabs where YAML allows them as text: each file checks clean and takes an edit.
TABS_AS_TEXT = {
    "in quotes": 'title: "Commission\texternal reviews"\n',
    "in a comment": "title: Commission external reviews  # a\tnote\n",
    "in a block": "title: |\n  Commission\texternal\n  reviews\n",
}
# Tabs as layout: libyaml reads them, the editor's parser does not; check refuses them.
TABS_AS_LAYOUT = {
    "before a comment": ("title: Commission external reviews\t# a note\n", 35),
    "after a value": ("title: Commission external reviews\t\n", 35),
    "inside plain text": ("title: Commission\texternal reviews\n", 18),
}


@pytest.mark.parametrize("title", TABS_AS_TEXT.values(), ids=list(TABS_AS_TEXT))
def test_a_tab_as_text_checks_clean_and_takes_an_edit(tmp_path: Path, title: str) -> None:
    root = make_repo(tmp_path, {ACTION: CLEAN.replace(TITLE, title)})
    assert run(root, "check").exit_code == 0
    edited = run(root, "note", "2015-16/1b", "Chased", "--on", "2016-01-12")
    assert edited.exit_code == 0, edited.stderr
    assert title in (root / ACTION).read_text(encoding="utf-8")


@pytest.mark.parametrize(("title", "col"), TABS_AS_LAYOUT.values(), ids=list(TABS_AS_LAYOUT))
def test_a_tab_as_layout_fails_check_at_its_place(tmp_path: Path, title: str, col: int) -> None:
    root = make_repo(tmp_path, {ACTION: CLEAN.replace(TITLE, title)})
    result = run(root, "check")
    assert result.exit_code == 1
    line = CLEAN.splitlines().index(TITLE.rstrip("\n")) + 1
    assert f"{ACTION}:{line}:{col}: error: a tab outside quoted text" in result.stdout
    assert "[yaml-syntax]" in result.stdout
