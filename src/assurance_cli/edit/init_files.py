"""The files `assure init` writes besides data/board.yaml: their text, in one place.

The workflow is the one docs/ci.md shows and examples/github-workflow.yml holds (a test keeps
the three equal); the pre-commit config uses the hook of this repository's
.pre-commit-hooks.yaml (`assure-check`).
"""

from __future__ import annotations

GITIGNORE = """\
# Papers and exports written by `assure report` and `assure export`.
out/
# assure keeps its warm cache outside the repository (~/.cache/assure); a CI job that sets
# XDG_CACHE_HOME to a folder of its checkout keeps it here.
.cache/
"""

PRE_COMMIT = """\
# Runs `assure check` on the whole repository before each commit (https://pre-commit.com):
# `pip install pre-commit && pre-commit install` once in a clone.
repos:
  - repo: https://github.com/your-org/assure   # where assure is published
    rev: v0.1.0
    hooks:
      - id: assure-check
"""

WORKFLOW = """\
# A board repository's CI: copy this file to .github/workflows/assure.yml.
#
# On every pull request it checks the records (problems appear as annotations on the
# changed lines), refuses changes the board's logs forbid (a due date moved without a
# due_history entry, an earlier progress or due_history entry rewritten or deleted, an
# action closed without a new dated progress entry), and writes what changed for the
# board, and what is overdue, to the job summary.
name: assure

on:
  pull_request:

# Read-only: the job reads the repository and writes only its own summary and annotations.
permissions:
  contents: read

jobs:
  records:
    runs-on: ubuntu-latest
    env:
      # Where to install assure from: a git URL pinned to a tag (as here), a path in this
      # repository (`./tools/assure`), or a package index name once it is published.
      ASSURE: "assurance-cli @ git+https://github.com/your-org/assure@v0.1.0"
      # The branch the pull request goes into, passed through the environment rather than
      # pasted into the scripts.
      BASE_REF: ${{ github.base_ref }}
    steps:
      - uses: actions/checkout@v4
        with:
          # The whole history, so that the base branch is there to compare with. (A
          # shallow checkout works too if the base is fetched: `git fetch --depth=1 origin
          # "$BASE_REF"`.)
          fetch-depth: 0
          persist-credentials: false

      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"

      - name: Install assure
        run: python -m pip install "$ASSURE"

      # GITHUB_ACTIONS=true makes `assure check` print GitHub annotations.
      - name: Check the records and the rules on change
        run: assure check --base "origin/$BASE_REF"

      - name: What changed for the board
        if: ${{ !cancelled() }}
        run: assure diff "origin/$BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"

      - name: Overdue actions
        if: ${{ !cancelled() }}
        run: |
          echo "## Overdue actions" >> "$GITHUB_STEP_SUMMARY"
          echo >> "$GITHUB_STEP_SUMMARY"
          assure status --overdue --format markdown >> "$GITHUB_STEP_SUMMARY"
"""

README = """\
# {name}: assurance records

This repository holds the board's assurance records as YAML files, kept with
[assure](https://github.com/your-org/assure):

- `data/board.yaml`: the board's vocabulary (plans and their priorities, leads, statuses,
  themes);
- `data/actions/<plan>/<ref>.yaml`: one file per action of a plan;
- `data/audits/`, `data/findings/`: assurance activities and what they found.

## Everyday commands

```sh
assure import plan.xlsx --plan 2016-17 --dry-run   # what the plan would become, and its problems
assure import plan.xlsx --plan 2016-17             # bring it in (again: only the changes)
assure check                                       # every problem, at its file and line
assure status --overdue                            # what is overdue today
assure note 2016-17/1a "Scrutiny panel held"       # a dated progress entry
assure report action-plan --plan 2016-17 --output paper.docx
```

## Changes

Every change goes through a pull request: the workflow in `.github/workflows/assure.yml`
runs `assure check` on it and marks each problem on the changed line. To check before each
commit as well: `pip install pre-commit && pre-commit install`.
"""
