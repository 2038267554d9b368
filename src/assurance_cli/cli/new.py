"""`assure new action|audit|finding`: a new record with every field in place."""

from typing import Annotated

import typer

from assurance_cli.cli.app import app, command_group, open_workspace, partial_date_option, today
from assurance_cli.cli.edit import run_edit

new_app = command_group(
    name="new",
    help="Create a new action, audit or finding with every field in place.",
    no_args_is_help=True,
)
app.add_typer(new_app)


@new_app.command("action")
def new_action(
    ctx: typer.Context,
    plan: Annotated[str, typer.Option("--plan", help="Plan id, e.g. 2015-16.")],
    title: Annotated[str, typer.Option("--title", help="The action (the Activity column).")],
    priority: Annotated[
        int | None,
        typer.Option(
            "--priority",
            help="Priority number in the plan. Leave it out for an action outside the "
            "plan's priorities, or in a plan that has none (written `priority: null`).",
        ),
    ] = None,
    lead: Annotated[
        list[str] | None, typer.Option("--lead", help="Lead id from board.yaml (repeatable).")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", help="Due date, YYYY-MM-DD or YYYY-MM.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="Status id. Default: not-started, or the first open one."),
    ] = None,
) -> None:
    """Create an action with the next free ref in its priority (after 5h comes 5i).

    Without --priority (a cross-cutting action, or a plan with no priorities) the action
    has `priority: null` and takes the next ref of the plan's last group, numbered above
    every priority so that it never reads as one: in 2015-16 (objectives 1 to 9, refs up to
    9c) the first is 10a, then 10b; in 2017-18 (no priorities, refs up to 5-2) it is 5-3.

    Writes `data/actions/PLAN/REF.yaml` with the schema modeline and every field in place;
    fill in the rest in an editor.

    Examples:

        assure new action --plan 2015-16 --priority 5 --lead qpp-chair --due 2016-12-31 \\
            --title "Audit the impact of training on practice"

        assure new action --plan 2017-18 --title "Repeat the CSE assurance review"
    """
    now = today()
    due_date = partial_date_option(due, "--due", now) if due is not None else None
    workspace = open_workspace(ctx)
    from assurance_cli.edit.new import plan_new_action

    run_edit(
        lambda: plan_new_action(
            workspace,
            plan=plan,
            priority=priority,
            title=title,
            lead=lead or [],
            due=due_date,
            status=status,
        )
    )


@new_app.command("audit")
def new_audit(
    ctx: typer.Context,
    audit_id: Annotated[str, typer.Option("--id", help="Audit id, e.g. neglect-audit-2017.")],
    title: Annotated[str, typer.Option("--title", help="Its name.")],
    kind: Annotated[str, typer.Option("--kind", help="e.g. case-audit, section-11, inspection.")],
    when: Annotated[str, typer.Option("--date", help="When it took place, YYYY-MM-DD or YYYY-MM.")],
) -> None:
    """Create an audit (an assurance activity) with every field in place.

    Example:

        assure new audit --id neglect-audit-2017 --kind case-audit --date 2017-06 \\
            --title "Neglect multi-agency case audit"
    """
    now = today()
    held = partial_date_option(when, "--date", now)
    workspace = open_workspace(ctx)
    from assurance_cli.edit.new import plan_new_audit

    run_edit(
        lambda: plan_new_audit(workspace, audit_id=audit_id, title=title, kind=kind, when=held)
    )


@new_app.command("finding")
def new_finding(
    ctx: typer.Context,
    audit: Annotated[
        list[str], typer.Option("--audit", help="The audit it comes from (repeatable).")
    ],
    finding_id: Annotated[str, typer.Option("--id", help="Finding id.")],
    kind: Annotated[str, typer.Option("--kind", help="strength, concern or recommendation.")],
    text: Annotated[str, typer.Option("--text", help="The learning point.")],
    theme: Annotated[
        list[str] | None, typer.Option("--theme", help="Theme id from board.yaml (repeatable).")
    ] = None,
) -> None:
    """Create a finding (a learning point) citing its audit, with every field in place.

    Example:

        assure new finding --audit neglect-audit-2017 --id neglect-2017-voice \\
            --kind concern --theme safeguarding-practice --text "The child's voice was not recorded"
    """
    workspace = open_workspace(ctx)
    from assurance_cli.edit.new import plan_new_finding

    run_edit(
        lambda: plan_new_finding(
            workspace,
            finding_id=finding_id,
            audits=audit,
            kind=kind,
            text=text,
            themes=theme or [],
        )
    )
