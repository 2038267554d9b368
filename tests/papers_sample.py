"""Papers for the papers tests: one like the 2015-16 action plan (seed 002), a large one,
and the hostile text every format must print as text."""

from __future__ import annotations

from datetime import date

from assurance_cli.render.papers.document import (
    BulletList,
    Cell,
    Chart,
    Column,
    Cover,
    Heading,
    LineChart,
    Notice,
    Paper,
    Paragraph,
    Rag,
    Series,
    StackedBar,
    Table,
)

# The board's RAG colours (board.yaml names them; a board's palette gives the shades).
RAG = {
    "completed": Rag("#0070C0", "Completed"),
    "on-track": Rag("#00B050", "Not yet completed but on-track"),
    "off-track": Rag("#C00000", "Not yet completed but off-track"),
    "not-started": Rag("#FFC000", "Not yet started"),
    "not-applicable": Rag("#A6A6A6", "No longer applicable"),
}

# Seed 002's column order.
COLUMNS = (
    Column("Ref", 0.5),
    Column("Activity", 2.0),
    Column("Desired Outcome", 2.0),
    Column("Due Date", 1.0),
    Column("Lead", 1.0),
    Column("Outcome Measure", 2.0),
    Column("Progress", 3.0),
    Column("Status", 1.2),
)

HOSTILE = (
    "<script>alert(1)</script>",
    "{{ board.secret }} {% raw %}",
    "a | b | c",
    '{ DATE \\@ "d MMMM yyyy" } { MERGEFIELD Name }',
    '<w:fldSimple w:instr="DATE"/>',
    "&amp; &copy; ]]> <!-- -->",
    "x" * 400,
    "bell\x07 escape\x1b[31m nul\x00 rlo\u202egnp.exe",
)


def action_row(ref: str, status: str, progress: tuple[str, ...], title: str) -> tuple[Cell, ...]:
    return (
        Cell.of(ref),
        Cell.of(title),
        Cell.of("Partnership working is effective and all key partners are well engaged"),
        Cell(("31 March 2016",) + (("Revised: 30 June 2016",) if status == "off-track" else ())),
        Cell.of("QPP Chair"),
        Cell.of("The Board has convened Scrutiny Panels with each agency"),
        Cell(progress),
        Cell((), RAG[status]),
    )


def action_plan_paper(*, hostile: bool = False) -> Paper:
    """Three objectives of the 2015-16 plan: two with actions, one with none."""
    extra = HOSTILE if hostile else ()
    objectives = [
        (
            1,
            "Ensure that partners are scrutinised and held to account",
            [
                action_row(
                    "1a",
                    "completed",
                    ("22 September 2015: ASC", "13 October 2015: YOS"),
                    "Subject S11 submissions to rigorous challenge",
                ),
                action_row(
                    "1b",
                    "on-track",
                    ("Scrutiny panels scheduled", *extra),
                    "Hold partners to account",
                ),
                action_row(
                    "1c",
                    "off-track",
                    ("Delayed until the new chair starts",),
                    "Review the QPP terms of reference",
                ),
            ],
        ),
        (
            2,
            "Ensure that a S11 audit takes place",
            [
                action_row("2a", "not-started", (), "Run the S11 audit"),
                action_row("2b", "not-applicable", ("Superseded by 2a",), "Pilot the S11 tool"),
            ],
        ),
        (3, "Scrutinise the application of the threshold document", []),
    ]
    blocks: list = [
        Notice("Left out of this paper", ("Actions of plan 2016-17: a separate paper",))
    ]
    blocks.append(
        Chart(
            StackedBar(
                "Status of actions by objective",
                ("Objective 1", "Objective 2", "Objective 3"),
                (
                    Series("Completed", "#0070C0", (1, 0, 0)),
                    Series("On track", "#00B050", (1, 0, 0)),
                    Series("Off-track", "#C00000", (1, 0, 0)),
                    Series("Not started", "#FFC000", (0, 1, 0)),
                    Series("No longer applicable", "#A6A6A6", (0, 1, 0)),
                ),
            ),
            "Figure 1: status of actions by objective, 31 May 2016",
        )
    )
    for number, title, rows in objectives:
        blocks.append(Heading(2, f"{number}. {title}"))
        if rows:
            blocks.append(
                Table(COLUMNS, tuple(rows), caption=f"Objective {number} actions", wide=True)
            )
        else:
            blocks.append(Paragraph("No actions."))
    blocks.append(Heading(1, "Over time"))
    blocks.append(Paragraph("Open and overdue actions at each meeting of the board."))
    blocks.append(
        Chart(
            LineChart(
                "Open and overdue actions",
                (date(2015, 9, 22), date(2015, 12, 1), date(2016, 3, 8), date(2016, 5, 31)),
                (
                    Series("Open", "#0070C0", (40, 30, 20, 12)),
                    Series("Overdue", "#C00000", (3, 5, 8, 6)),
                ),
            ),
            "Figure 2: open and overdue actions",
        )
    )
    blocks.append(BulletList(("Next review: July 2016", *extra)))
    heading_blocks = [Heading(1, "Action plan 2015-16"), Paragraph("Progress as at 31 May 2016.")]
    if hostile:
        heading_blocks += [Heading(2, line) for line in HOSTILE] + [
            Paragraph(line) for line in HOSTILE
        ]
    return Paper(
        Cover(
            title="SSCB Action Plan 2015-16: progress report",
            board="Sandwell Safeguarding Children Board",
            meeting="Board meeting, 14 June 2016",
            author="Board business manager",
            version="1.0",
            purpose="To report progress against the 2015-16 action plan.",
            recommendations=("Note the progress made.", "Agree the revised dates for 1c."),
        ),
        tuple(heading_blocks + blocks),
    )


def large_paper(rows: int) -> Paper:
    """One wide table of `rows` actions, as a 10,000-record plan gives."""
    statuses = list(RAG)
    table_rows = tuple(
        action_row(
            f"{n // 10 + 1}{chr(97 + n % 10)}",
            statuses[n % len(statuses)],
            (f"1 April 2016: update {n}", "Second line of progress"),
            f"Action number {n} of the generated plan",
        )
        for n in range(rows)
    )
    return Paper(
        Cover(title="Generated plan"),
        (Heading(1, "All actions"), Table(COLUMNS, table_rows, wide=True)),
    )
