"""Parent and child actions as the paper shows them (objective 3 and its actions 3 (i),
3 (ii); 1.1 and 1.1b): each child right under its parent, in its parent's priority when it
names none of its own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction


def parent_of(index: Index, action: LoadedAction) -> LoadedAction | None:
    """The action's parent, when it names one that exists (and is not itself)."""
    parent = action.record.parent
    if parent is None:
        return None
    found = index.actions.get(index.action_link(action.plan, parent))
    return found if found is not None and found.id != action.id else None


def effective_priority(index: Index, action: LoadedAction) -> int | str | None:
    """The action's priority; for a child that names none, its nearest ancestor's."""
    seen = {action.id}
    current: LoadedAction | None = action
    while current is not None:
        if current.record.priority is not None:
            return current.record.priority
        current = parent_of(index, current)
        if current is None or current.id in seen:  # a cycle of parents: `check` reports it
            return None
        seen.add(current.id)
    return None


def nested(index: Index, actions: Sequence[LoadedAction]) -> list[tuple[LoadedAction, int]]:
    """`actions` (in order) with their depth, each child right under its parent, children in
    their own order. A child whose parent is not among `actions` stands where its order puts
    it; actions in a cycle of parents are never left out (at depth 0, in order)."""
    ids = {action.id for action in actions}
    children: dict[str, list[LoadedAction]] = defaultdict(list)
    roots: list[LoadedAction] = []
    for action in actions:
        parent = parent_of(index, action)
        if parent is not None and parent.id in ids:
            children[parent.id].append(action)
        else:
            roots.append(action)
    placed: list[tuple[LoadedAction, int]] = []
    seen: set[str] = set()
    for start in [*roots, *actions]:
        stack = [(start, 0)]
        while stack:
            action, depth = stack.pop()
            if action.id in seen:
                continue
            seen.add(action.id)
            placed.append((action, depth))
            stack += [(child, depth + 1) for child in reversed(children.get(action.id, []))]
    return placed
