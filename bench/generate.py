"""Generate a synthetic board repository of N records, deterministic from a seed.

Records are shaped like the shipped ones (about 1.5 KB each): actions with multi-line text,
dated progress, due-date history, milestones and cross-references; audits; findings citing
audits and themes. Run: python bench/generate.py DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

WORDS = (
    "safeguarding partnership assurance audit scrutiny panel threshold practice neglect "
    "exploitation missing early help referral assessment review learning training board "
    "agency children young people families quality performance evidence impact outcome "
    "strategy framework multi-agency recording chronology supervision escalation schools "
    "health police social care voice child culture identity faith communication dataset"
).split()
STATUSES = ("completed", "on-track", "off-track", "not-started", "not-applicable")
LEADS = (
    "qpp-chair",
    "independent-chair",
    "business-manager",
    "qg-officer",
    "ld-chair",
    "ld-coordinator",
    "scr-chair",
    "lado",
)
THEMES = ("communication", "practice", "cse-and-missing", "workforce", "performance")
KINDS = (
    "case-audit",
    "section-11",
    "serious-case-review",
    "external-review",
    "inspection",
    "workforce-survey",
    "walk-the-floor",
)

BOARD = """\
name: Synthetic Safeguarding Children Board
short_name: SynSCB
plans:
{plans}
themes:
  - id: communication
    title: Communication
  - id: practice
    title: Safeguarding practice
    themes:
      - id: cse-and-missing
        title: CSE and missing children
  - id: workforce
    title: Workforce development
  - id: performance
    title: Performance information
subgroups:
  - id: qpp
    name: Quality of Practice and Performance
  - id: ld
    name: Learning and Development
leads:
  - {{id: qpp-chair, label: Chair of QPP Subgroup, subgroup: qpp}}
  - {{id: independent-chair, label: Independent Chair}}
  - {{id: business-manager, label: Business Manager}}
  - {{id: qg-officer, label: Safeguarding Officer - Quality & Governance}}
  - {{id: ld-chair, label: Chair of L&D Subgroup, subgroup: ld}}
  - {{id: ld-coordinator, label: Learning & Development Coordinator}}
  - {{id: scr-chair, label: Chair of SCR Subcommittee}}
  - {{id: lado, label: Local Authority Designated Officer}}
statuses:
  - {{id: completed, label: Completed, closed: true, rag: blue}}
  - {{id: on-track, label: Not yet completed but on-track, closed: false, rag: green}}
  - {{id: off-track, label: Not yet completed but off-track, closed: false, rag: red}}
  - {{id: not-started, label: Not yet started, closed: false, rag: amber}}
  - {{id: not-applicable, label: No longer applicable, closed: true, rag: grey}}
"""

PLAN = """\
  - id: {id}
    title: Action plan {id}
    period: {{start: {start}-04-01, end: {end}-03-31}}
    priorities:
{priorities}"""


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return (" ".join(words)).capitalize() + "."


def folded(text: str, indent: int) -> str:
    """A `>-` block wrapped near 88 columns."""
    pad = " " * indent
    lines, line = [], ""
    for word in text.split():
        if line and len(pad) + len(line) + 1 + len(word) > 88:
            lines.append(pad + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(pad + line)
    return ">-\n" + "\n".join(lines)


def day(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def action_text(
    rng: random.Random,
    plan_year: int,
    ref: str,
    priority: int,
    related: list[str],
    finding_ids: list[str],
) -> str:
    year = plan_year + 1
    history = ""
    due = day(rng, year)
    if rng.random() < 0.2:
        old = day(rng, year)
        history = (
            f"\n  - from: {old}\n    to: {due}\n    agreed: {year}-0{rng.randint(1, 9)}"
            f"\n    reason: {folded(sentence(rng, 10, 20), 6)}"
        )
    progress = "".join(
        f"\n  - date: {year}-{month:02d}-{rng.randint(1, 28):02d}\n"
        f"    text: {folded(sentence(rng, 8, 30), 6)}"
        for month in sorted(rng.sample(range(1, 13), rng.randint(1, 4)))
    )
    milestones = ""
    if rng.random() < 0.15:
        milestones = "".join(
            f"\n  - title: null\n    due: {day(rng, year)}\n    status: {rng.choice(STATUSES)}"
            f"\n    progress:\n      - text: {folded(sentence(rng, 8, 20), 10)}"
            for _ in range(rng.randint(2, 3))
        )
    responds = rng.sample(finding_ids, k=min(len(finding_ids), rng.choice((0, 1, 1, 2))))
    return f"""\
# yaml-language-server: $schema=../../../schemas/action.schema.json
ref: {ref}
priority: {priority}
title: {folded(sentence(rng, 8, 25), 2)}
desired_outcome: {folded(sentence(rng, 15, 35), 2)}
outcome_measure: {folded(sentence(rng, 8, 20), 2)}
lead:
  - {rng.choice(LEADS)}
due: {due}
review_by: null
due_history: {"[]" if not history else ""}{history}
status: {rng.choice(STATUSES)}
progress:{progress}
related: [{", ".join(related)}]
responds_to: [{", ".join(responds)}]
themes: [{rng.choice(THEMES)}]
milestones: {"[]" if not milestones else ""}{milestones}
impact: null
"""


def audit_text(rng: random.Random, audit_id: str, year: int) -> str:
    return f"""\
# yaml-language-server: $schema=../../schemas/audit.schema.json
id: {audit_id}
title: {sentence(rng, 3, 8).rstrip(".")}
kind: {rng.choice(KINDS)}
date: {year}-{rng.randint(1, 12):02d}
end: null
reported: null
commissioned_by: {sentence(rng, 3, 6)}
led_by: null
sample_size: {rng.randint(3, 40)}
sample: null
agencies: [Police, Health, Children's Social Care]
summary: {folded(sentence(rng, 20, 50), 2)}
source: synthetic
"""


def finding_text(rng: random.Random, finding_id: str, audit_ids: list[str]) -> str:
    return f"""\
# yaml-language-server: $schema=../../schemas/finding.schema.json
id: {finding_id}
audits: [{", ".join(rng.sample(audit_ids, k=min(len(audit_ids), rng.randint(1, 2))))}]
themes: [{rng.choice(THEMES)}]
kind: {rng.choice(("strength", "concern", "recommendation"))}
text: {folded(sentence(rng, 40, 120), 2)}
figures:
  - label: cases audited
    value: {rng.randint(5, 50)}
source: synthetic
"""


ACTIONS_PER_PLAN = 250


def letters(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: letters for a number, never a digit or another sign."""
    found = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        found = chr(97 + rest) + found
    return found


def generate(
    root: Path, records: int, seed: int = 2016, actions_per_plan: int = ACTIONS_PER_PLAN
) -> Path:
    """Write a board of about `records` record files under root/data; returns root. Its
    actions are in plans of `actions_per_plan` each."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    data = root / "data"
    n_actions = records * 60 // 100
    n_audits = records * 15 // 100
    n_findings = records - n_actions - n_audits - 1  # board.yaml is a record too
    n_plans = max(1, -(-n_actions // actions_per_plan))
    priorities = "\n".join(f"      - {{number: {n}, title: Priority {n}}}" for n in range(1, 9))
    plans = "\n".join(
        PLAN.format(
            id=f"{2000 + n}-{(n + 1) % 100:02d}",
            start=2000 + n,
            end=2001 + n,
            priorities=priorities,
        )
        for n in range(n_plans)
    )
    (data / "audits").mkdir(parents=True)
    (data / "findings").mkdir()
    (data / "board.yaml").write_text(BOARD.format(plans=plans))
    audit_ids = [f"audit-{n:06d}" for n in range(n_audits)]
    for number, audit_id in enumerate(audit_ids):
        (data / "audits" / f"{audit_id}.yaml").write_text(
            audit_text(rng, audit_id, 2000 + number * n_plans // max(1, n_audits))
        )
    finding_ids = [f"finding-{n:06d}" for n in range(n_findings)]
    for finding_id in finding_ids:
        (data / "findings" / f"{finding_id}.yaml").write_text(
            finding_text(rng, finding_id, audit_ids)
        )
    written = 0
    for plan in range(n_plans):
        plan_id = f"{2000 + plan}-{(plan + 1) % 100:02d}"
        folder = data / "actions" / plan_id
        folder.mkdir(parents=True)
        count = min(actions_per_plan, n_actions - written)
        # 1a..8z, then 1aa..8zz: never a ref YAML would read as a number (1e2 is 100.0)
        refs = [f"{1 + i % 8}{chr(97 + (i // 8) % 26)}{letters(i // 208)}" for i in range(count)]
        related: dict[str, list[str]] = {ref: [] for ref in refs}
        for left, right in zip(refs[::2], refs[1::2], strict=False):
            if rng.random() < 0.2:  # cross-references recorded on both sides, as check wants
                related[left].append(right)
                related[right].append(left)
        for ref in refs:
            priority = int(ref[0])
            (folder / f"{ref}.yaml").write_text(
                action_text(rng, 2000 + plan, ref, priority, related[ref], finding_ids)
            )
        written += count
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("records", type=int)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--actions-per-plan", type=int, default=ACTIONS_PER_PLAN)
    args = parser.parse_args()
    generate(args.root, args.records, args.seed, args.actions_per_plan)


if __name__ == "__main__":
    main()
