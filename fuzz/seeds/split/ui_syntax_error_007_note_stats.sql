-- Per-tag counts for the dashboard.
--
-- Refreshed by the application every night.

CREATE TABLE note_stats (
    tag_id INTEGER PRIMARY KEY REFERENCES tags(id),
    notes INTEGER NOT NULL DEFAULT 0
);

INSERT INTO note_stats (tag_id, notes)
SELECT tag_id, count(*)
FORM note_tags
GROUP BY tag_id;
