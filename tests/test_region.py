"""`assure region report`: the example region (examples/region: Sandwell, Shropshire and
Northfield) against golden files, and its figures against counts computed independently,
board by board, from each board's own records and `assure status`."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from assurance_cli.repo.workspace import open_workspace

from .conftest import REPO, run

pytest.importorskip("duckdb")

GOLDEN = Path(__file__).parent / "golden"
AS_OF = "2017-03-31"
EXAMPLE = REPO / "examples" / "region"


@pytest.fixture(scope="module")
def region_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example region outside git (every commit reads `working-tree`, whatever HEAD is)."""
    root = tmp_path_factory.mktemp("region") / "repo"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "examples" / "shropshire" / "data", root / "examples/shropshire/data")
    shutil.copytree(EXAMPLE, root / "examples/region")
    return root / "examples" / "region" / "region.yaml"


def region_run(config: Path, *args: str) -> Any:
    return run(None, "region", "report", *args, "--config", str(config), "--as-of", AS_OF)


@pytest.mark.parametrize("name", ["overdue", "themes", "responses"])
def test_region_report_matches_golden_file(
    name: str, region_copy: Path, update_golden: bool
) -> None:
    done = region_run(region_copy, name)
    assert done.exit_code == 0, done.stderr
    path = GOLDEN / f"region-{name}.md"
    if update_golden:
        path.write_text(done.stdout, encoding="utf-8")
    assert done.stdout == path.read_text(encoding="utf-8")


def test_region_report_as_html(region_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "overdue.html"
    done = region_run(region_copy, "overdue", "--output", str(out))
    assert done.exit_code == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "<h1>Example region: overdue and slippage by board</h1>" in html
    assert '<th scope="col">Overdue rate</th>' in html
    assert "<td>northfield</td><td>7</td><td>6</td><td>4</td><td>66.7%</td>" in html.replace(
        "\n", ""
    )


def _table(markdown: str, heading: str) -> list[list[str]]:
    """The rows of the first table after the line starting with `heading`."""
    lines = markdown.split(heading, 1)[1].splitlines()
    rows = [line for line in lines if line.startswith("|")]
    first = next(n for n, line in enumerate(lines) if line.startswith("|"))
    block = []
    for line in lines[first:]:
        if not line.startswith("|"):
            break
        block.append([cell.strip() for cell in line.strip("|").split("|")])
    assert rows
    return block[2:]


def _boards(config: Path) -> list[dict[str, Any]]:
    boards: list[dict[str, Any]] = yaml.safe_load(config.read_text(encoding="utf-8"))["boards"]
    return boards


def test_overdue_figures_are_each_boards_own_counts(region_copy: Path) -> None:
    report = region_run(region_copy, "overdue").stdout
    rates = {row[0]: row[1:] for row in _table(report, "# Example region")}
    by_status = {row[0]: row[1:] for row in _table(report, "## Actions by the region's status")}
    words = ["red", "amber", "green", "complete", "withdrawn"]
    for board in _boards(region_copy):
        root = region_copy.parent / board["path"]
        done = run(root, "status", "--format", "json", "--as-of", AS_OF)
        rows = json.loads(done.stdout)
        open_rows = [r for r in rows if not r["closed"]]
        overdue = [r for r in rows if r["overdue"]]
        slipped = [r for r in rows if r["due_amendments"]]
        expected = [len(rows), len(open_rows), len(overdue), len(slipped)]
        got = rates[board["id"]]
        assert [int(got[0]), int(got[1]), int(got[2]), int(got[4])] == expected, board["id"]
        statuses = Counter(board.get("statuses", {}).get(r["status"]) for r in rows)
        assert [int(n) for n in by_status[board["id"]][:5]] == [statuses[w] for w in words]
        # An action with no status (seed 004 prints none) is "Not stated", not unmapped.
        assert int(by_status[board["id"]][5]) == sum(1 for r in rows if r["status"] is None)
        unmapped = Counter(
            r["status_label"]
            for r in rows
            if r["status"] is not None and r["status"] not in board.get("statuses", {})
        )
        shown = by_status[board["id"]][6]
        for label, count in unmapped.items():
            assert f"{label} (" in shown and f"): {count}" in shown
        if not unmapped:
            assert shown == "-"


def test_theme_figures_are_each_boards_own_counts(region_copy: Path) -> None:
    report = region_run(region_copy, "themes").stdout
    titles = {
        t["id"]: t["title"]
        for t in yaml.safe_load(region_copy.read_text(encoding="utf-8"))["themes"]
    }
    expected: dict[str, Counter[str]] = {title: Counter() for title in titles.values()}
    for board in _boards(region_copy):
        index = open_workspace(region_copy.parent / board["path"]).index
        for finding in index.findings.values():
            mapped = {board.get("themes", {}).get(t) for t in finding.record.themes} - {None}
            for theme in mapped:
                expected[titles[theme]][board["id"]] += 1
    for row in _table(report, "# Example region"):
        counts = expected[row[0]]
        assert int(row[1]) == sum(counts.values())
        assert int(row[2]) == len(counts)
        assert row[3] == (", ".join(f"{b} ({n})" for b, n in counts.items()) or "-")


def test_an_unmapped_status_is_named_never_guessed(tmp_path: Path) -> None:
    config = tmp_path / "region.yaml"
    config.write_text(
        f"name: Two\nstatuses: [{{id: red, title: Red}}]\nboards:\n"
        f"  - id: one\n    path: {REPO / 'tests/cases/_base'}\n    statuses: {{off-track: red}}\n",
        encoding="utf-8",
    )
    done = run(None, "region", "report", "overdue", "--config", str(config), "--as-of", AS_OF)
    assert done.exit_code == 0, done.stderr
    row = _table(done.stdout, "## Actions by the region's status")[0]
    assert row[0] == "one" and "(on-track): " in row[-1]


def test_region_file_problems_are_placed_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "region.yaml"
    config.write_text(
        "name: Bad\nstatuses:\n  - id: red\n    title: Red\nboards:\n  - id: one\n"
        "    statuses:\n      off-track: rouge\n  - id: two\n    path: x\n    export: y\n",
        encoding="utf-8",
    )
    done = run(None, "region", "report", "overdue", "--config", str(config))
    assert done.exit_code == 2
    lines = done.stderr.splitlines()
    assert lines[0].endswith("[region-board-source]") and ":6:5: error:" in lines[0]
    assert ":8:18: error: board 'one' maps status 'off-track' to 'rouge'" in lines[1]
    assert lines[1].endswith("[unknown-region-term]")
    assert ":9:5: error:" in lines[2] and lines[2].endswith("[region-board-source]")
    assert "the region file has problems" in lines[-1]


def test_a_board_with_personal_data_is_not_read(tmp_path: Path) -> None:
    board = tmp_path / "board"
    shutil.copytree(REPO / "tests/cases/_base", board)
    (board / "data/actions/2015-16/9z.yaml").write_text(
        "ref: 9z\ntitle: Tom Brown, aged 7, was placed on a plan\n", encoding="utf-8"
    )
    done = run(None, "region", "report", "overdue", "--board", str(board))
    assert done.exit_code == 2
    assert "board: data/actions/2015-16/9z.yaml:2:8: error:" in done.stderr
    assert "not read: the records of 'board' may hold personal data" in done.stderr
    allowed = run(
        None,
        "region",
        "report",
        "overdue",
        "--board",
        str(board),
        "--allow-personal-data",
        "--as-of",
        AS_OF,
    )
    assert allowed.exit_code == 0, allowed.stderr


def test_exports_give_the_figures_the_boards_give(region_copy: Path, tmp_path: Path) -> None:
    """The same report from boards given as export folders (JSONL, CSV, Parquet)."""
    from_paths = region_run(region_copy, "overdue").stdout
    boards = _boards(region_copy)
    lines = ["name: Example region", "boards:"]
    for board, fmt in zip(boards, ["jsonl", "csv", "parquet"], strict=True):
        out = tmp_path / board["id"]
        root = region_copy.parent / board["path"]
        done = run(root, "export", "--output", str(out), "--format", fmt)
        assert done.exit_code == 0, done.stderr
        lines += [f"  - id: {board['id']}", f"    export: {out}"]
        lines += ["    statuses: " + json.dumps(board.get("statuses", {}))]
    region = yaml.safe_load(region_copy.read_text(encoding="utf-8"))
    config = tmp_path / "region.yaml"
    config.write_text(
        "\n".join(lines) + "\nstatuses: " + json.dumps(region["statuses"]) + "\n", encoding="utf-8"
    )
    from_exports = region_run(config, "overdue").stdout
    assert _table(from_exports, "# Example region") == _table(from_paths, "# Example region")
    assert _table(from_exports, "## Actions by") == _table(from_paths, "## Actions by")


def test_the_region_page_quotes_what_it_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_doc_excerpts import assert_quoted, excerpt

    command = f"assure region report overdue --config examples/region/region.yaml --as-of {AS_OF}"
    monkeypatch.chdir(REPO)
    done = run(None, *command.split()[1:])
    assert done.exit_code == 0, done.stderr
    assert_quoted(excerpt(command), done.stdout + done.stderr)


def test_the_sql_ships_with_the_package_and_the_docs_name_it() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "queries/region/*.sql" in project["tool"]["setuptools"]["package-data"]["assurance_cli"]
    shipped = {p.name for p in (REPO / "src/assurance_cli/queries/region").glob("*.sql")}
    scale = (REPO / "docs" / "scale.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(\w+\.sql)`", scale))
    assert named == shipped


def test_a_mapping_to_a_status_the_board_lacks_is_noted(tmp_path: Path) -> None:
    config = tmp_path / "region.yaml"
    config.write_text(
        f"name: Two\nstatuses: [{{id: red, title: Red}}]\nthemes: [{{id: talk, title: Talk}}]\n"
        f"boards:\n  - id: one\n    path: {REPO / 'tests/cases/_base'}\n"
        "    statuses: {of-track: red}\n    themes: {nothing-like-it: talk}\n",
        encoding="utf-8",
    )
    done = run(None, "region", "report", "overdue", "--config", str(config), "--as-of", AS_OF)
    assert done.exit_code == 0, done.stderr
    assert done.stderr.splitlines() == [
        "assure: note: region file maps status 'of-track' of board 'one', which that board "
        "does not have",
        "assure: note: region file maps theme 'nothing-like-it' of board 'one', which that "
        "board does not have",
    ]


def test_region_report_as_word(region_copy: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    out = tmp_path / "themes.docx"
    done = region_run(region_copy, "themes", "--output", str(out))
    assert done.exit_code == 0, done.stderr
    document = docx.Document(str(out))
    first = document.tables[0]
    assert [cell.text for cell in first.rows[0].cells] == ["Theme", "Findings", "Boards", "Where"]
    assert [cell.text for cell in first.rows[1].cells] == [
        "Communication and information sharing",
        "26",
        "2",
        "sandwell (24), northfield (2)",
    ]


def test_a_board_given_by_git_url_is_cloned_and_read_at_its_commit(tmp_path: Path) -> None:
    import subprocess

    source = tmp_path / "northfield"
    shutil.copytree(EXAMPLE / "northfield", source)
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "records"]):
        subprocess.run(["git", *args], cwd=source, check=True, env=env)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True)
    url = f"file://{source}"
    done = run(None, "region", "report", "overdue", "--board", url, "--as-of", AS_OF)
    assert done.exit_code == 0, done.stderr
    assert "| northfield | 7 | 6 | 4 | 66.7% | 2 | 28.6% |" in done.stdout
    sources = _table(done.stdout, "## Boards compared")
    assert sources[0][0:2] == ["northfield", "Northfield Safeguarding Children Partnership"]
    assert sources[0][3:] == [head.stdout[:7], "0"]
    missing = run(None, "region", "report", "overdue", "--board", f"file://{tmp_path}/none")
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"assure: error: cannot clone file://{tmp_path}/none: ")


def _spoil(folder: Path, how: str) -> None:
    actions = folder / "actions.jsonl"
    manifest = folder / "manifest.json"
    if how == "truncated":
        actions.write_text("".join(actions.read_text().splitlines(keepends=True)[:3]))
    elif how == "not-an-object":
        manifest.write_text("[]")
    elif how == "format-a-list":
        document = json.loads(manifest.read_text())
        document["format"] = ["jsonl"]
        manifest.write_text(json.dumps(document))
    elif how == "file-missing":
        (folder / "themes.jsonl").unlink()
    elif how == "bad-line":
        lines = actions.read_text().splitlines(keepends=True)
        actions.write_text("{not json\n" + "".join(lines[1:]))


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("truncated", "holds 3 rows where manifest.json counts"),
        ("not-an-object", "does not describe an export"),
        ("format-a-list", "names no known format"),
        ("file-missing", "themes.jsonl is missing"),
        ("bad-line", "the jsonl files of table actions (boards: spoilt) cannot be read"),
    ],
)
def test_a_spoilt_export_is_refused_naming_what_is_wrong(
    tmp_path: Path, how: str, says: str
) -> None:
    folder = tmp_path / "spoilt"
    done = run(REPO, "export", "--format", "jsonl", "--output", str(folder))
    assert done.exit_code == 0, done.stderr
    _spoil(folder, how)
    report = run(None, "region", "report", "overdue", "--board", str(folder), "--as-of", AS_OF)
    assert report.exit_code == 2
    assert says in report.stderr and "internal error" not in report.stderr


def test_a_git_url_never_shows_its_password_and_only_known_transports_run(tmp_path: Path) -> None:
    from assurance_cli.repo.region import without_credentials

    assert without_credentials("https://user:s3cret@host/x.git") == "https://host/x.git"
    secret = run(None, "region", "report", "overdue", "--board", "https://u:s3cret@127.0.0.1:1/x")
    assert secret.exit_code == 2 and "s3cret" not in secret.stderr
    assert "cannot clone https://127.0.0.1:1/x: fatal:" in secret.stderr
    for url in ("fd::3", "ext::sh -c touch% pwned"):
        config = tmp_path / "region.yaml"
        config.write_text(
            "name: Two\nstatuses: [{id: red, title: Red}]\nthemes: [{id: talk, title: Talk}]\n"
            f"boards:\n  - id: one\n    git: '{url}'\n",
            encoding="utf-8",
        )
        refused = run(tmp_path, "region", "report", "overdue", "--config", str(config))
        assert refused.exit_code == 2 and "cannot clone" in refused.stderr, refused.stderr
        assert not (tmp_path / "pwned").exists()
