-- Findings per region theme and board (a finding counts once per region theme, however many
-- of its board's themes map there). Themes a board uses that region.yaml does not map come
-- back with region_theme NULL, under the board's own id and title; findings with no theme at
-- all, with theme NULL.
WITH finding_themes AS (
    SELECT f.board, f.finding, l.to_id AS theme
    FROM findings f
    LEFT JOIN links l
        ON l.board = f.board AND l.from_table = 'findings' AND l.from_id = f.finding
        AND l.relation = 'theme'
)
SELECT
    ft.board,
    tm.region_theme,
    CASE WHEN tm.region_theme IS NULL THEN ft.theme END AS theme,
    CASE WHEN tm.region_theme IS NULL THEN t.title END AS theme_title,
    count(DISTINCT ft.finding) AS findings
FROM finding_themes ft
LEFT JOIN theme_map tm ON tm.board = ft.board AND tm.theme = ft.theme
LEFT JOIN themes t ON t.board = ft.board AND t.theme = ft.theme
GROUP BY ft.board, tm.region_theme, 3, 4
ORDER BY ft.board, tm.region_theme, 3;
