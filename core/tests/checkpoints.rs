//! Restoring the replay's checkpoint after file k and replaying the rest
//! gives exactly what replaying every file gives, for every k, on a
//! history that uses what makes a replay stateful: table rebuilds with
//! foreign keys off, FTS5, triggers, views, data, `no-transaction` files.

use schemaguard_core::analysis::{Analysis, Options, analyse_files, analyse_files_with};
use schemaguard_core::checkpoint::{Checkpoint, Checkpoints};
use schemaguard_core::files::{SqlFile, in_memory};
use schemaguard_core::source::FileId;

const BASE: &str = "
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER REFERENCES authors(id) ON DELETE CASCADE,
    title TEXT
);
CREATE INDEX idx_books_author ON books(author_id);
";

const MIGRATIONS: &[(u64, &str)] = &[
    (1, "INSERT INTO authors VALUES (1, 'a'), (2, 'b');
         INSERT INTO books VALUES (1, 1, 'x'), (2, 2, 'y');"),
    (2, "ALTER TABLE books ADD COLUMN isbn TEXT;
         CREATE UNIQUE INDEX idx_books_isbn ON books(isbn);"),
    (3, "CREATE VIRTUAL TABLE books_fts USING fts5(title);
         CREATE TRIGGER books_ai AFTER INSERT ON books BEGIN
             INSERT INTO books_fts(title) VALUES (new.title);
         END;"),
    (4, "-- schemaguard: foreign-keys-off
         CREATE TABLE authors_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER);
         INSERT INTO authors_new (id, name) SELECT id, name FROM authors;
         DROP TABLE authors;
         ALTER TABLE authors_new RENAME TO authors;"),
    (5, "CREATE VIEW book_titles AS SELECT b.title, a.name FROM books b JOIN authors a ON a.id = b.author_id;"),
    (6, "-- schemaguard: no-transaction
         CREATE TABLE audit (at TEXT);
         INSERT INTO audit VALUES ('now');"),
    (7, "DROP VIEW book_titles;
         CREATE VIEW book_titles AS SELECT b.title, b.isbn, a.name, a.born FROM books b JOIN authors a ON a.id = b.author_id;"),
    (8, "ALTER TABLE books RENAME COLUMN title TO name;"),
    (9, "CREATE INDEX idx_books_name ON books(name);
         INSERT INTO books (author_id, name, isbn) VALUES (1, 'z', '123');"),
    // An error late in the history: it must be found from every checkpoint.
    (10, "CREATE INDEX idx_books_isbn ON books(isbn);"),
];

/// Keeps every checkpoint the replay offers.
#[derive(Default)]
struct Everything(Vec<Checkpoint>);

impl Checkpoints for Everything {
    fn latest(&mut self, _: &[SqlFile]) -> Option<Checkpoint> {
        None
    }
    fn wants(&mut self, _: FileId) -> bool {
        true
    }
    fn save(&mut self, after: FileId, encoded: Vec<u8>) {
        let checkpoint = Checkpoint::decode(&encoded).expect("a checkpoint decodes");
        assert_eq!(checkpoint.after, after);
        self.0.push(checkpoint);
    }
}

/// Offers one checkpoint and keeps nothing.
struct From(Option<Checkpoint>);

impl Checkpoints for From {
    fn latest(&mut self, _: &[SqlFile]) -> Option<Checkpoint> {
        self.0.take()
    }
    fn wants(&mut self, _: FileId) -> bool {
        false
    }
    fn save(&mut self, _: FileId, _: Vec<u8>) {}
}

fn rendered(a: &Analysis) -> Vec<String> {
    let sources = a.sources();
    a.diagnostics.iter().map(|d| d.render(&sources)).collect()
}

#[test]
fn every_checkpoint_resumes_to_the_cold_result() {
    let files = || in_memory(BASE, MIGRATIONS);
    let cold = analyse_files(files(), &[], Options::default());
    assert_eq!(rendered(&cold).len(), 1, "{:#?}", rendered(&cold));

    let mut everything = Everything::default();
    let recorded = analyse_files_with(files(), &[], Options::default(), &mut everything);
    assert_eq!(rendered(&recorded), rendered(&cold));
    // Every file before the failing one left a checkpoint; none after it.
    let afters: Vec<FileId> = everything.0.iter().map(|c| c.after).collect();
    assert_eq!(afters, (0..=9).collect::<Vec<_>>());

    for checkpoint in everything.0 {
        let after = checkpoint.after;
        let mut from = From(Some(checkpoint));
        let resumed = analyse_files_with(files(), &[], Options::default(), &mut from);
        assert!(from.0.is_none(), "the checkpoint after {after} was used");
        assert_eq!(resumed.history, cold.history, "resumed after file {after}");
        assert_eq!(
            rendered(&resumed),
            rendered(&cold),
            "resumed after file {after}"
        );
    }
}

#[test]
fn no_checkpoint_after_state_the_main_database_does_not_hold() {
    let cases: &[&str] = &[
        "CREATE TEMP TABLE scratch (a);",
        "PRAGMA recursive_triggers = ON;",
        "-- schemaguard: no-transaction\nATTACH 'other.db' AS other;",
    ];
    for sql in cases {
        let files = in_memory(
            "CREATE TABLE t (a);",
            &[(1, "SELECT 1;"), (2, sql), (3, "SELECT 3;")],
        );
        let mut everything = Everything::default();
        analyse_files_with(files, &[], Options::default(), &mut everything);
        let afters: Vec<FileId> = everything.0.iter().map(|c| c.after).collect();
        assert_eq!(afters, [0, 1], "{sql}");
    }
}
