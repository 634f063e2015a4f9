CREATE TABLE players (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    points REAL NOT NULL DEFAULT 0,
    joined_at TEXT NOT NULL
);
