-- app_score and app_week are registered by the application on every connection.
CREATE VIEW leaderboard AS
SELECT id, name, app_score(points, joined_at) AS score
FROM players;
