//! Builds a [`History`] during the compile-time replay, one snapshot per
//! SQL file, and saves it in replay checkpoints.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use super::{FormEntry, History, PRESENT};
use crate::cache::codec::{Malformed, Reader, Writer};
use crate::catalog::{decode_kind, kind_code};
use crate::introspect::{Object, Part, SchemaRow, describe, rows_named, schema_rows};
use crate::object::{Namespace, ObjectKind};
use crate::sql::name::key;

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
