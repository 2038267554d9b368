"""The CI files boards copy: the GitHub workflow example and the pre-commit hook."""

from __future__ import annotations

from typing import Any

import yaml

from .conftest import REPO

WORKFLOW = REPO / "examples" / "github-workflow.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
CI_PAGE = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")


def load(path: Any) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run_lines(workflow: dict[str, Any]) -> list[str]:
    steps = workflow["jobs"]["records"]["steps"]
    return [line.strip() for step in steps for line in str(step.get("run", "")).splitlines()]


def test_workflow_runs_on_pull_requests_with_read_only_permissions() -> None:
    workflow = load(WORKFLOW)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert workflow["permissions"] == {"contents": "read"}
    assert "permissions" not in workflow["jobs"]["records"]  # nothing widens them


def test_workflow_fetches_the_base_and_runs_the_commands() -> None:
    workflow = load(WORKFLOW)
    job = workflow["jobs"]["records"]
    checkout = next(
        s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout")
    )
    assert checkout["with"]["fetch-depth"] == 0
    assert job["env"]["BASE_REF"] == "${{ github.base_ref }}"
    lines = run_lines(workflow)
    assert any(line.startswith("python -m pip install") for line in lines)
    assert 'assure check --base "origin/$BASE_REF"' in lines
    assert 'assure diff "origin/$BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"' in lines
    assert 'assure status --overdue --format markdown >> "$GITHUB_STEP_SUMMARY"' in lines
    # The summaries are written even when the check fails.
    for step in job["steps"]:
        if "GITHUB_STEP_SUMMARY" in str(step.get("run", "")):
            assert step["if"] == "${{ !cancelled() }}"


def test_workflow_is_the_one_the_ci_page_shows() -> None:
    section = CI_PAGE.split("## GitHub Actions", 1)[1]
    shown = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert shown == WORKFLOW.read_text(encoding="utf-8")


def test_pre_commit_hook_checks_the_whole_repository() -> None:
    hooks = load(HOOKS)
    (hook,) = [h for h in hooks if h["id"] == "assure-check"]
    assert hook["entry"] == "assure check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook.get("always_run") is True or hook.get("files") == "^data/"
    assert "id: assure-check" in CI_PAGE
