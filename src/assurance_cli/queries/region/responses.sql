-- Actions that answer the same kind of finding in different boards: an action answers a
-- finding (links: actions responds_to findings); the kind is the region theme the finding's
-- themes map to. Only region themes answered by actions of two boards or more.
WITH answered AS (
    SELECT DISTINCT r.board, r.from_id AS action, r.to_id AS finding, tm.region_theme
    FROM links r
    JOIN links t
        ON t.board = r.board AND t.from_table = 'findings' AND t.from_id = r.to_id
        AND t.relation = 'theme'
    JOIN theme_map tm ON tm.board = t.board AND tm.theme = t.to_id
    WHERE r.from_table = 'actions' AND r.relation = 'responds_to'
),
shared AS (
    SELECT region_theme FROM answered GROUP BY region_theme HAVING count(DISTINCT board) >= 2
)
SELECT
    a.region_theme,
    a.board,
    a.action,
    act.title,
    act.status,
    m.region_status,
    s.label AS status_label,
    string_agg(a.finding, ', ' ORDER BY a.finding) AS findings
FROM answered a
JOIN shared USING (region_theme)
JOIN actions act ON act.board = a.board AND act.action = a.action
JOIN region_themes rt ON rt.region_theme = a.region_theme
JOIN region_boards rb ON rb.board = a.board
LEFT JOIN status_map m ON m.board = act.board AND m.status = act.status
LEFT JOIN statuses s ON s.board = act.board AND s.status = act.status
GROUP BY a.region_theme, rt.position, a.board, rb.position, a.action, act.title, act.status,
    m.region_status, s.label
ORDER BY rt.position, rb.position, a.action;
