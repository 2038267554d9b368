"""The notice every output that reports on the records carries when a record was left out or
is shown despite errors, so that a paper never leaves anything out silently."""

from __future__ import annotations

from assurance_cli.render.markdown import escape_inline
from assurance_cli.repo.workspace import Omissions
from assurance_cli.words import count


def notice_lines(omissions: Omissions) -> list[str]:
    """Plain lines: a summary, then each record left out and each shown with errors."""
    if not omissions:
        return []
    lines = [summary(omissions)]
    lines += [f"  left out: {item.path}: {item.why}" for item in omissions.left_out]
    lines += [f"  {item.path}: {item.why}" for item in omissions.shown_with_errors]
    return lines


def summary(omissions: Omissions) -> str:
    parts = []
    if omissions.left_out:
        parts.append(f"{count(len(omissions.left_out), 'record')} left out")
    if omissions.shown_with_errors:
        parts.append(f"{count(len(omissions.shown_with_errors), 'record')} shown despite errors")
    return f"Notice: {' and '.join(parts)}; run `assure check` for the problems."


def notice_markdown(omissions: Omissions) -> str:
    """A quoted block naming every record left out and every record shown with errors."""
    if not omissions:
        return ""
    lines = [f"> **{escape_inline(summary(omissions))}**", ">"]
    lines += [
        f"> - Left out: {escape_inline(item.path)}: {escape_inline(item.why)}"
        for item in omissions.left_out
    ]
    lines += [
        f"> - {escape_inline(item.path)}: {escape_inline(item.why)}"
        for item in omissions.shown_with_errors
    ]
    return "\n".join(lines) + "\n"


def with_notice(markdown: str, omissions: Omissions) -> str:
    """A rendered Markdown document with the notice after its first heading (at the top when
    it has none), whatever template made it: a board's own template cannot drop it."""
    block = notice_markdown(omissions)
    if not block:
        return markdown
    lines = markdown.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith("# "):
            return "".join([*lines[: number + 1], "\n", block, "\n", *lines[number + 1 :]])
    return block + "\n" + markdown
