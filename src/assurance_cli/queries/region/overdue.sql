-- Overdue and slippage per board, side by side (assure region report overdue).
-- $as_of: the day the report treats as today.
-- open:     the action's status is not one its board marks closed (no status: open).
-- overdue:  open, and its own falls_due, or an open milestone's, is before $as_of
--           (as `assure status --overdue` counts).
-- slipped:  its due date was amended at least once (a due_changes row).
WITH actions_with_state AS (
    SELECT a.board, a.action, a.falls_due, NOT coalesce(s.closed, false) AS is_open
    FROM actions a
    LEFT JOIN statuses s ON s.board = a.board AND s.status = a.status
),
late_milestones AS (
    SELECT DISTINCT m.board, m.action
    FROM milestones m
    LEFT JOIN statuses s ON s.board = m.board AND s.status = m.status
    WHERE NOT coalesce(s.closed, false) AND m.falls_due < $as_of
),
slipped AS (
    SELECT DISTINCT board, action FROM due_changes
)
SELECT
    rb.board,
    count(a.action) AS actions,
    count(a.action) FILTER (WHERE a.is_open) AS open,
    count(a.action) FILTER (
        WHERE a.is_open AND (a.falls_due < $as_of OR lm.action IS NOT NULL)
    ) AS overdue,
    count(sl.action) AS slipped
FROM region_boards rb
LEFT JOIN actions_with_state a ON a.board = rb.board
LEFT JOIN late_milestones lm ON lm.board = a.board AND lm.action = a.action
LEFT JOIN slipped sl ON sl.board = a.board AND sl.action = a.action
GROUP BY rb.board, rb.position
ORDER BY rb.position;
