-- Actions per board by the region's status word (region.yaml maps each board's statuses).
-- A status the board uses but region.yaml does not map is returned by its own id and label,
-- never guessed; an action with no status has neither.
SELECT
    a.board,
    m.region_status,
    CASE WHEN m.region_status IS NULL THEN a.status END AS unmapped_status,
    CASE WHEN m.region_status IS NULL THEN s.label END AS unmapped_label,
    count(*) AS actions
FROM actions a
LEFT JOIN status_map m ON m.board = a.board AND m.status = a.status
LEFT JOIN statuses s ON s.board = a.board AND s.status = a.status
GROUP BY a.board, m.region_status, unmapped_status, unmapped_label
ORDER BY a.board, unmapped_status NULLS FIRST;
