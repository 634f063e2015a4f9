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

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use rusqlite::Connection;

use crate::cache::codec::{Malformed, Reader, Writer};
use crate::catalog::{decode_kind, kind_code};
use crate::introspect::{Object, Part, SchemaRow, describe, rows_named, schema_rows};
use crate::object::{Namespace, ObjectKind};
use crate::sql::name::key;

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

/// Which objects a file may have changed, from its statements' headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Touched {
    /// Only data changed (or nothing).
    #[default]
    Nothing,
    /// Objects with these name keys (and the indexes and triggers of these
    /// tables) may have changed.
    Names(HashSet<String>),
    /// Anything may have changed (a rename rewrites other objects' SQL).
    Everything,
}

impl Touched {
    /// Adds a name.
    pub fn name(&mut self, key: String) {
        match self {
            Touched::Nothing => *self = Touched::Names(HashSet::from([key])),
            Touched::Names(names) => {
                names.insert(key);
            }
            Touched::Everything => {}
        }
    }
}

/// What the previous snapshot knew of an object.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stored {
    kind: ObjectKind,
    table: String,
    sql: String,
}

/// Builds a [`History`] from the replay, one snapshot per SQL file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryBuilder {
    entries: Vec<FormEntry>,
    /// Open entries per object and piece (column key, `None` = definition).
    open: HashMap<(Namespace, String), HashMap<Option<String>, usize>>,
    /// The stored SQL of every object at the previous snapshot.
    previous: HashMap<(Namespace, String), Stored>,
    snapshots: u32,
}

impl HistoryBuilder {
    /// Records the schema of `conn` as the next snapshot. Only objects the
    /// file touched are read: those its statements name (and the indexes and
    /// triggers of those tables), or all of them after a rename. Of those,
    /// only the ones whose stored SQL changed (or whose table did, for an
    /// index) are introspected again.
    pub fn record(&mut self, conn: &Connection, touched: &Touched) -> rusqlite::Result<()> {
        let step = self.snapshots;
        self.snapshots += 1;
        let (rows, considered): (Vec<SchemaRow>, Vec<(Namespace, String)>) = match touched {
            Touched::Nothing => return Ok(()),
            Touched::Everything => {
                let rows = schema_rows(conn)?;
                let mut considered: Vec<_> = self.previous.keys().cloned().collect();
                considered.extend(rows.iter().map(|r| (r.kind.namespace(), key(&r.name))));
                (rows, considered)
            }
            Touched::Names(names) => {
                let mut keys: HashSet<String> = names.clone();
                keys.extend(
                    self.previous
                        .iter()
                        .filter(|(_, v)| names.contains(&v.table))
                        .map(|((_, k), _)| k.clone()),
                );
                let list: Vec<&str> = keys.iter().map(String::as_str).collect();
                let rows = rows_named(conn, &list)?;
                let considered = keys
                    .iter()
                    .flat_map(|k| {
                        [Namespace::Relations, Namespace::Triggers].map(|ns| (ns, k.clone()))
                    })
                    .collect();
                (rows, considered)
            }
        };
        let current: HashMap<(Namespace, String), &SchemaRow> = rows
            .iter()
            .map(|r| ((r.kind.namespace(), key(&r.name)), r))
            .collect();
        let gone: Vec<(Namespace, String)> = considered
            .into_iter()
            .filter(|k| !current.contains_key(k) && self.previous.contains_key(k))
            .collect();
        let changed_tables: HashSet<String> = rows
            .iter()
            .filter(|r| matches!(r.kind, ObjectKind::Table | ObjectKind::VirtualTable))
            .filter(|r| self.is_changed(r))
            .map(|r| key(&r.name))
            .chain(gone.iter().map(|(_, k)| k.clone()))
            .collect();
        for k in &gone {
            self.close_all(k, step);
            self.previous.remove(k);
        }
        for row in &rows {
            let stale = self.is_changed(row)
                || (row.kind == ObjectKind::Index && changed_tables.contains(&key(&row.table)));
            if stale {
                let object = describe(conn, row)?;
                self.update(&object, step);
            }
            self.previous.insert(
                (row.kind.namespace(), key(&row.name)),
                Stored {
                    kind: row.kind,
                    table: key(&row.table),
                    sql: row.sql.clone(),
                },
            );
        }
        Ok(())
    }

    fn is_changed(&self, row: &SchemaRow) -> bool {
        let k = (row.kind.namespace(), key(&row.name));
        self.previous
            .get(&k)
            .is_none_or(|p| p.kind != row.kind || p.sql != row.sql)
    }

    fn close_all(&mut self, k: &(Namespace, String), step: u32) {
        if let Some(open) = self.open.remove(k) {
            for (_, i) in open {
                self.entries[i].until = step;
            }
        }
    }

    fn update(&mut self, object: &Object, step: u32) {
        let k = (object.kind.namespace(), key(&object.name));
        let mut open = self.open.remove(&k).unwrap_or_default();
        let mut next: HashMap<Option<String>, usize> = HashMap::new();
        for part in &object.parts {
            let unchanged = open.get(&part.column).copied().filter(|&i| {
                let e = &self.entries[i];
                e.kind == object.kind
                    && e.form == part.form
                    && e.name == object.name
                    && e.column.as_deref() == part.column_name.as_deref()
            });
            if let Some(i) = unchanged {
                open.remove(&part.column);
                next.insert(part.column.clone(), i);
            } else {
                next.insert(part.column.clone(), self.open_entry(object, part, step));
            }
        }
        for (_, i) in open {
            self.entries[i].until = step;
        }
        self.open.insert(k, next);
    }

    fn open_entry(&mut self, object: &Object, part: &Part, step: u32) -> usize {
        self.entries.push(FormEntry {
            kind: object.kind,
            name: object.name.clone(),
            column: part.column_name.clone(),
            form: part.form.clone(),
            since: step,
            until: PRESENT,
        });
        self.entries.len() - 1
    }

    /// How many snapshots were recorded.
    pub fn snapshots(&self) -> u32 {
        self.snapshots
    }

    /// The finished history.
    pub fn finish(self) -> History {
        let mut entries = self.entries;
        entries.sort_by(|a, b| {
            (a.key(), a.column_key(), a.since).cmp(&(b.key(), b.column_key(), b.since))
        });
        History {
            snapshots: self.snapshots,
            entries,
        }
    }
}

/// The builder in a replay checkpoint ([`crate::checkpoint`]).
impl HistoryBuilder {
    /// Appends the builder to `w`.
    pub fn encode(&self, w: &mut Writer) {
        w.u64(u64::from(self.snapshots));
        w.count(self.entries.len());
        for e in &self.entries {
            w.u8(kind_code(e.kind));
            w.str(&e.name);
            w.opt_str(e.column.as_deref());
            w.str(&e.form);
            w.u64(u64::from(e.since));
            w.u64(u64::from(e.until));
        }
        w.count(self.open.len());
        for ((ns, name), pieces) in &self.open {
            w.bool(*ns == Namespace::Triggers);
            w.str(name);
            w.count(pieces.len());
            for (column, i) in pieces {
                w.opt_str(column.as_deref());
                w.u64(*i as u64);
            }
        }
        w.count(self.previous.len());
        for ((ns, name), stored) in &self.previous {
            w.bool(*ns == Namespace::Triggers);
            w.str(name);
            w.u8(kind_code(stored.kind));
            w.str(&stored.table);
            w.str(&stored.sql);
        }
    }

    /// Reads what [`encode`](Self::encode) wrote.
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, Malformed> {
        let namespace = |r: &mut Reader<'_>| -> Result<Namespace, Malformed> {
            Ok(if r.bool()? {
                Namespace::Triggers
            } else {
                Namespace::Relations
            })
        };
        let mut b = HistoryBuilder {
            snapshots: r.u32()?,
            ..HistoryBuilder::default()
        };
        for _ in 0..r.count()? {
            b.entries.push(FormEntry {
                kind: decode_kind(r.u8()?)?,
                name: r.str()?,
                column: r.opt_str()?,
                form: r.str()?,
                since: r.u32()?,
                until: r.u32()?,
            });
        }
        for _ in 0..r.count()? {
            let key = (namespace(r)?, r.str()?);
            let mut pieces = HashMap::new();
            for _ in 0..r.count()? {
                let column = r.opt_str()?;
                let i = usize::try_from(r.u64()?).map_err(|_| Malformed)?;
                if i >= b.entries.len() {
                    return Err(Malformed);
                }
                pieces.insert(column, i);
            }
            b.open.insert(key, pieces);
        }
        for _ in 0..r.count()? {
            let key = (namespace(r)?, r.str()?);
            let stored = Stored {
                kind: decode_kind(r.u8()?)?,
                table: r.str()?,
                sql: r.str()?,
            };
            b.previous.insert(key, stored);
        }
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
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
