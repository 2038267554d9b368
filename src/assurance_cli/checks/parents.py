"""Parent and child actions (`parent`): an action is not its own parent, and following
parents never leads back to where it started. (A parent that does not exist is a
`dangling-ref`, with the other links.)"""

from __future__ import annotations

from collections.abc import Iterator

from assurance_cli.checks.place import at_value
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import Repository
from assurance_cli.problems import FieldProblem


def check_action_parents(repository: Repository, index: Index) -> Iterator[FieldProblem]:
    parents = {
        action.id: index.action_link(action.plan, action.record.parent)
        for action in repository.actions
        if action.record.parent is not None
    }
    if not parents:  # the usual case: no plan with parent and child actions
        return
    for action in repository.actions:
        parent = parents.get(action.id)
        if parent is None:
            continue
        if parent == action.id:
            yield at_value(
                action.path,
                ("parent",),
                "self-reference",
                f"action {action.id} names itself as its parent",
            )
            continue
        chain = [action.id]
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = parents.get(parent)
        if parent == action.id:
            yield at_value(
                action.path,
                ("parent",),
                "parent-cycle",
                "its parents lead back to it (" + " -> ".join([*chain, action.id]) + "); "
                "a child names its parent, never the other way round",
            )
