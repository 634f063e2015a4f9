CREATE VIEW weekly_scores AS
SELECT app_week(joined_at) AS week, sum(app_score(points, joined_at)) AS score
FROM players
GROUP BY 1;
