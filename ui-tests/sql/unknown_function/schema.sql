CREATE TABLE embeddings (
    note_id INTEGER PRIMARY KEY,
    vector BLOB NOT NULL
);
