"""Each report as a board paper (`render/papers/document.Paper`), built from its typed
context (queries/reports/), never from its Markdown: one module per report, and `common` for
the cover, the summary and the charts every paper has. `render/papers/` turns a Paper into
Word, HTML or PDF.
"""

from __future__ import annotations

from assurance_cli.queries.reports import ReportContext
from assurance_cli.queries.reports.action_plan import ActionPlanContext
from assurance_cli.queries.reports.business_plan import BusinessPlanContext
from assurance_cli.queries.reports.digest import DigestContext
from assurance_cli.queries.reports.exceptions import ExceptionsContext
from assurance_cli.queries.reports.learning import LearningContext
from assurance_cli.queries.reports.loop import LoopContext
from assurance_cli.queries.reports.trend import TrendContext
from assurance_cli.render.papers.document import Paper
from assurance_cli.render.report_papers.action_plan import action_plan_paper
from assurance_cli.render.report_papers.business_plan import business_plan_paper
from assurance_cli.render.report_papers.common import PaperParts
from assurance_cli.render.report_papers.digest import digest_paper
from assurance_cli.render.report_papers.exceptions import exceptions_paper
from assurance_cli.render.report_papers.learning import learning_paper
from assurance_cli.render.report_papers.loop import loop_paper
from assurance_cli.render.report_papers.trend import trend_paper

__all__ = ["PaperParts", "build_paper"]


def build_paper(
    context: ReportContext, parts: PaperParts, *, exceptions: ExceptionsContext | None = None
) -> Paper:
    """The report's paper. `exceptions` (the action plan's, at its as-of date) is printed
    after the summary of an action plan."""
    if isinstance(context, ActionPlanContext):
        return action_plan_paper(context, parts, exceptions)
    if isinstance(context, ExceptionsContext):
        return exceptions_paper(context, parts)
    if isinstance(context, LearningContext):
        return learning_paper(context, parts)
    if isinstance(context, LoopContext):
        return loop_paper(context, parts)
    if isinstance(context, BusinessPlanContext):
        return business_plan_paper(context, parts)
    if isinstance(context, DigestContext):
        return digest_paper(context, parts)
    if isinstance(context, TrendContext):
        return trend_paper(context, parts)
    raise TypeError(f"no paper for {type(context).__name__}")  # pragma: no cover
