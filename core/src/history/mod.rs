//! Schema snapshots S0 … Sn, stored once per distinct form.
//!
//! Every piece of every object (a table's definition, each of its columns,
//! an index, a view, a trigger) is one [`FormEntry`]: its canonical text and
//! the range of snapshots that have it. An `ADD COLUMN` opens one entry and
//! leaves the table's other entries alone, so the data grows with the SQL,
//! not with versions × objects.
//!
//! The macro embeds a history as one string ([`History::encode`]), which
//! costs the binary about as much as the forms' text and rustc almost
//! nothing to compile; the runtime decodes it once.

use std::fmt::Write as _;

use crate::object::ObjectKind;
use crate::sql::name::key;

// Building a history is the compile-time replay's work; the runtime only
// decodes what the macro embedded.
#[cfg(feature = "analysis")]
mod builder;
#[cfg(feature = "analysis")]
pub use builder::{HistoryBuilder, Touched};

/// `until` of an entry that is still present in the last snapshot.
pub const PRESENT: u32 = u32::MAX;

/// One distinct form of one piece of an object, and where it exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormEntry {
    /// The object's kind.
    pub kind: ObjectKind,
    /// The object's name, as SQLite stores it.
    pub name: String,
    /// The column this piece is, as named in the table (`None`: the object's
    /// definition).
    pub column: Option<String>,
    /// The canonical text of the piece.
    pub form: String,
    /// First snapshot that has it (0 = after the base schema).
    pub since: u32,
    /// First snapshot that no longer has it, or [`PRESENT`].
    pub until: u32,
}

impl FormEntry {
    /// Whether snapshot `step` has this entry.
    pub fn exists_at(&self, step: u32) -> bool {
        self.since <= step && step < self.until
    }

    /// The comparison key of the object's name.
    pub fn key(&self) -> String {
        key(&self.name)
    }

    /// The comparison key of the column, if this piece is one.
    pub fn column_key(&self) -> Option<String> {
        self.column.as_deref().map(key)
    }
}

/// The schema after the base schema and after every migration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History {
    /// How many snapshots there are (the base schema plus each migration).
    pub snapshots: u32,
    /// Every distinct form, sorted by name, column and first snapshot.
    pub entries: Vec<FormEntry>,
}

/// One-letter codes of object kinds in the encoding.
const KINDS: [(ObjectKind, char); 5] = [
    (ObjectKind::Table, 'T'),
    (ObjectKind::VirtualTable, 'U'),
    (ObjectKind::Index, 'I'),
    (ObjectKind::View, 'V'),
    (ObjectKind::Trigger, 'R'),
];

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

impl History {
    /// The history as one line-oriented string: an `O<kind><name>` line
    /// starts an object, then one `<column>\t<form>\t<since>\t<until>` line
    /// per entry (an empty column for the definition, an empty `until` for
    /// [`PRESENT`]); tabs, line breaks and backslashes in text are escaped.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        let mut current: Option<(ObjectKind, &str)> = None;
        for e in &self.entries {
            if current != Some((e.kind, e.name.as_str())) {
                let code = KINDS
                    .iter()
                    .find(|(k, _)| *k == e.kind)
                    .map_or('T', |(_, c)| *c);
                out.push('O');
                out.push(code);
                escape(&e.name, &mut out);
                out.push('\n');
                current = Some((e.kind, e.name.as_str()));
            }
            // Entry lines always hold three tabs; object lines none.
            escape(e.column.as_deref().unwrap_or(""), &mut out);
            out.push('\t');
            escape(&e.form, &mut out);
            let _ = write!(out, "\t{}\t", e.since);
            if e.until != PRESENT {
                let _ = write!(out, "{}", e.until);
            }
            out.push('\n');
        }
        out
    }

    /// Reads what [`encode`](Self::encode) wrote; lines it cannot read are
    /// skipped (the text is only ever the macro's own output).
    pub fn decode(snapshots: u32, text: &str) -> History {
        let mut entries = Vec::new();
        let mut current: Option<(ObjectKind, String)> = None;
        for line in text.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            if let [header] = fields.as_slice() {
                let mut chars = header.chars();
                if chars.next() == Some('O') {
                    let code = chars.next();
                    let kind = KINDS
                        .iter()
                        .find(|(_, c)| Some(*c) == code)
                        .map(|(k, _)| *k);
                    current = kind.map(|k| (k, unescape(chars.as_str())));
                }
                continue;
            }
            let ([column, form, since, until], Some((kind, name))) = (fields.as_slice(), &current)
            else {
                continue;
            };
            let Ok(since) = since.parse() else { continue };
            let until = if until.is_empty() {
                Ok(PRESENT)
            } else {
                until.parse()
            };
            let Ok(until) = until else { continue };
            entries.push(FormEntry {
                kind: *kind,
                name: name.clone(),
                column: (!column.is_empty()).then(|| unescape(column)),
                form: unescape(form),
                since,
                until,
            });
        }
        History { snapshots, entries }
    }
}

#[cfg(all(test, feature = "analysis"))]
mod tests {
    use rusqlite::Connection;

    use super::*;

    fn history(steps: &[&str]) -> History {
        let conn = Connection::open_in_memory().unwrap();
        let mut b = HistoryBuilder::default();
        for sql in steps {
            conn.execute_batch(sql).unwrap();
            b.record(&conn, &Touched::Everything).unwrap();
        }
        b.finish()
    }

    #[test]
    fn add_column_opens_one_entry_and_keeps_the_rest() {
        let h = history(&[
            "CREATE TABLE t (a TEXT, b TEXT)",
            "ALTER TABLE t ADD COLUMN c TEXT",
            "CREATE INDEX i ON t(a)",
        ]);
        assert_eq!(h.snapshots, 3);
        // definition + a + b + c, and the index.
        assert_eq!(h.entries.len(), 5);
        let c = h
            .entries
            .iter()
            .find(|e| e.column.as_deref() == Some("c"))
            .unwrap();
        assert_eq!((c.since, c.until), (1, PRESENT));
        let at = |name: &str, step: u32| {
            h.entries
                .iter()
                .filter(|e| e.name == name && e.exists_at(step))
                .count()
        };
        assert_eq!(at("t", 0), 3);
        assert_eq!(at("t", 1), 4);
        assert_eq!(at("i", 1), 0);
    }

    #[test]
    fn drops_and_rebuilds_close_ranges() {
        let h = history(&[
            "CREATE TABLE t (a TEXT); CREATE INDEX i ON t(a); CREATE VIEW v AS SELECT a FROM t",
            "DROP VIEW v; CREATE VIEW v AS SELECT a AS x FROM t",
            "DROP VIEW v; CREATE TABLE t_new (a TEXT NOT NULL); INSERT INTO t_new SELECT * FROM t; DROP TABLE t; ALTER TABLE t_new RENAME TO t; CREATE INDEX i ON t(a); CREATE VIEW v AS SELECT a AS x FROM t",
        ]);
        let v: Vec<_> = h
            .entries
            .iter()
            .filter(|e| e.name == "v")
            .map(|e| (e.since, e.until))
            .collect();
        // Dropped and re-created identically in step 2: the form lives on.
        assert_eq!(v, [(0, 1), (1, PRESENT)]);
        let a: Vec<_> = h
            .entries
            .iter()
            .filter(|e| e.column.as_deref() == Some("a"))
            .map(|e| (e.since, e.until))
            .collect();
        assert_eq!(a, [(0, 2), (2, PRESENT)]);
        // The index's SQL is unchanged, and so is its form.
        let i: Vec<_> = h
            .entries
            .iter()
            .filter(|e| e.name == "i")
            .map(|e| (e.since, e.until))
            .collect();
        assert_eq!(i, [(0, PRESENT)]);
    }

    #[test]
    fn encoding_round_trips() {
        let h = history(&[
            "CREATE TABLE \"t\r\" (x); CREATE TABLE \"odd\tname\" (\"a\\b\" TEXT DEFAULT 'x\ny', c INT); CREATE INDEX i ON \"odd\tname\"(c)",
            "DROP INDEX i; CREATE VIEW i AS SELECT 1",
            "CREATE TRIGGER t AFTER INSERT ON \"odd\tname\" BEGIN SELECT 1; END",
        ]);
        let text = h.encode();
        assert_eq!(History::decode(h.snapshots, &text), h);
        assert!(
            text.len()
                < h.entries
                    .iter()
                    .map(|e| e.form.len() + e.name.len() + 16)
                    .sum::<usize>()
        );
    }

    #[test]
    fn decoding_skips_what_it_cannot_read() {
        let h = History::decode(
            2,
            "garbage\n\t\t\nOTt\n\tx\t0\t\nOZq\n\ty\t0\t1\n\tz\tnope\t\n",
        );
        assert_eq!(h.entries.len(), 1);
        assert_eq!(h.entries[0].form, "x");
    }

    #[test]
    fn unchanged_steps_add_nothing() {
        let h = history(&[
            "CREATE TABLE t (a TEXT)",
            "INSERT INTO t VALUES ('x')",
            "UPDATE t SET a = 'y'",
        ]);
        assert_eq!(h.entries.len(), 2);
        assert_eq!(h.snapshots, 3);
    }
}
