//! Which names and columns exist at each point of the replay, and which
//! statement defined them, so an error can name both places.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::cache::codec::{Malformed, Reader, Writer};
use crate::object::{Namespace, ObjectKind};
use crate::source::FileId;

/// A place in a SQL file that defined something.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file.
    pub file: FileId,
    /// The defining text (`CREATE INDEX … name`, or a column definition).
    pub span: Range<usize>,
}

/// A live object of the replay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// What it is.
    pub kind: ObjectKind,
    /// For an index or trigger: the key of its table (or view).
    pub table: Option<String>,
    /// Where it got its current definition (or name, for a rename).
    pub origin: Origin,
}

/// Key of an object: its namespace and its name's comparison key.
pub type ObjectKey = (Namespace, String);

/// The replay's view of the schema, updated statement by statement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    objects: HashMap<ObjectKey, Entry>,
    /// table key → column key → where the column was defined.
    columns: HashMap<String, HashMap<String, Origin>>,
    /// Objects the base schema created, and where.
    base_objects: HashMap<ObjectKey, Origin>,
    /// (table key, column key) of columns a base `CREATE TABLE` defined.
    base_columns: HashMap<(String, String), Origin>,
    /// Names whose creation failed: later "no such …" errors about them
    /// are consequences, not findings.
    failed: HashSet<String>,
}

impl Catalog {
    /// The live object called `key` in `namespace`.
    pub fn get(&self, namespace: Namespace, key: &str) -> Option<&Entry> {
        self.objects.get(&(namespace, key.to_string()))
    }

    /// Where the base schema created `key` in `namespace`, if it did.
    pub fn base_object(&self, namespace: Namespace, key: &str) -> Option<&Origin> {
        self.base_objects.get(&(namespace, key.to_string()))
    }

    /// Where column `column` of `table` was defined, if it exists.
    pub fn column(&self, table: &str, column: &str) -> Option<&Origin> {
        self.columns.get(table)?.get(column)
    }

    /// Where the base schema's `CREATE TABLE` defined `table.column`.
    pub fn base_column(&self, table: &str, column: &str) -> Option<&Origin> {
        self.base_columns
            .get(&(table.to_string(), column.to_string()))
    }

    /// Records a created object; `in_base` marks base-schema ownership.
    pub fn create(
        &mut self,
        kind: ObjectKind,
        key: &str,
        table: Option<String>,
        origin: Origin,
        in_base: bool,
    ) {
        let k = (kind.namespace(), key.to_string());
        if in_base {
            self.base_objects.insert(k.clone(), origin.clone());
        }
        self.objects.insert(
            k,
            Entry {
                kind,
                table,
                origin,
            },
        );
    }

    /// Records the columns of a table just created.
    pub fn define_columns(&mut self, table: &str, columns: Vec<(String, Origin)>, in_base: bool) {
        if in_base {
            for (c, origin) in &columns {
                self.base_columns
                    .insert((table.to_string(), c.clone()), origin.clone());
            }
        }
        self.columns
            .insert(table.to_string(), columns.into_iter().collect());
    }

    /// A migration re-created a base table (`replaces`): its columns are no
    /// longer the base schema's.
    pub fn disown_base_columns(&mut self, table: &str) {
        self.base_columns.retain(|(t, _), _| t != table);
    }

    /// Records an added column.
    pub fn add_column(&mut self, table: &str, column: &str, origin: Origin) {
        self.columns
            .entry(table.to_string())
            .or_default()
            .insert(column.to_string(), origin);
    }

    /// Records a dropped column.
    pub fn drop_column(&mut self, table: &str, column: &str) {
        if let Some(cols) = self.columns.get_mut(table) {
            cols.remove(column);
        }
    }

    /// Records a renamed column.
    pub fn rename_column(&mut self, table: &str, from: &str, to: &str, origin: Origin) {
        if let Some(cols) = self.columns.get_mut(table) {
            cols.remove(from);
            cols.insert(to.to_string(), origin);
        }
    }

    /// Records `ALTER TABLE from RENAME TO to`.
    pub fn rename_table(&mut self, from: &str, to: &str, origin: Origin) {
        let ns = Namespace::Relations;
        if let Some(mut entry) = self.objects.remove(&(ns, from.to_string())) {
            entry.origin = origin;
            self.objects.insert((ns, to.to_string()), entry);
        }
        if let Some(cols) = self.columns.remove(from) {
            self.columns.insert(to.to_string(), cols);
        }
        // SQLite moves the table's indexes and triggers along.
        for entry in self.objects.values_mut() {
            if entry.table.as_deref() == Some(from) {
                entry.table = Some(to.to_string());
            }
        }
    }

    /// Keeps only the objects SQLite reports, each as `(namespace, key)`;
    /// adds those it reports and the catalog missed, at `origin`.
    pub fn sync(&mut self, live: &[(ObjectKind, String)], origin: &Origin) {
        let live_keys: HashSet<ObjectKey> = live
            .iter()
            .map(|(k, n)| (k.namespace(), n.clone()))
            .collect();
        self.objects.retain(|k, _| live_keys.contains(k));
        self.columns
            .retain(|t, _| live_keys.contains(&(Namespace::Relations, t.clone())));
        for (kind, key) in live {
            self.objects
                .entry((kind.namespace(), key.clone()))
                .or_insert_with(|| Entry {
                    kind: *kind,
                    table: None,
                    origin: origin.clone(),
                });
        }
    }

    /// Removes a dropped object; a table or view takes its columns,
    /// indexes and triggers with it, as in SQLite.
    pub fn drop_object(&mut self, namespace: Namespace, key: &str) {
        self.objects.remove(&(namespace, key.to_string()));
        if namespace == Namespace::Relations {
            self.columns.remove(key);
            self.objects.retain(|_, e| e.table.as_deref() != Some(key));
        }
    }

    /// Remembers that creating `key` failed.
    pub fn mark_failed(&mut self, key: &str) {
        self.failed.insert(key.to_string());
    }

    /// Whether creating `key` failed earlier.
    pub fn has_failed(&self, key: &str) -> bool {
        self.failed.contains(key)
    }
}

/// The catalog in a replay checkpoint ([`crate::checkpoint`]).
impl Catalog {
    /// Appends the catalog to `w`.
    pub fn encode(&self, w: &mut Writer) {
        w.count(self.objects.len());
        for ((ns, name), entry) in &self.objects {
            encode_key(w, *ns, name);
            w.u8(kind_code(entry.kind));
            w.opt_str(entry.table.as_deref());
            encode_origin(w, &entry.origin);
        }
        w.count(self.columns.len());
        for (table, columns) in &self.columns {
            w.str(table);
            w.count(columns.len());
            for (column, origin) in columns {
                w.str(column);
                encode_origin(w, origin);
            }
        }
        w.count(self.base_objects.len());
        for ((ns, name), origin) in &self.base_objects {
            encode_key(w, *ns, name);
            encode_origin(w, origin);
        }
        w.count(self.base_columns.len());
        for ((table, column), origin) in &self.base_columns {
            w.str(table);
            w.str(column);
            encode_origin(w, origin);
        }
        w.count(self.failed.len());
        for name in &self.failed {
            w.str(name);
        }
    }

    /// Reads what [`encode`](Self::encode) wrote.
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, Malformed> {
        let mut c = Catalog::default();
        for _ in 0..r.count()? {
            let key = decode_key(r)?;
            let kind = decode_kind(r.u8()?)?;
            let table = r.opt_str()?;
            let origin = decode_origin(r)?;
            c.objects.insert(
                key,
                Entry {
                    kind,
                    table,
                    origin,
                },
            );
        }
        for _ in 0..r.count()? {
            let table = r.str()?;
            let mut columns = HashMap::new();
            for _ in 0..r.count()? {
                columns.insert(r.str()?, decode_origin(r)?);
            }
            c.columns.insert(table, columns);
        }
        for _ in 0..r.count()? {
            c.base_objects.insert(decode_key(r)?, decode_origin(r)?);
        }
        for _ in 0..r.count()? {
            c.base_columns
                .insert((r.str()?, r.str()?), decode_origin(r)?);
        }
        for _ in 0..r.count()? {
            c.failed.insert(r.str()?);
        }
        Ok(c)
    }
}

fn encode_key(w: &mut Writer, ns: Namespace, name: &str) {
    w.bool(ns == Namespace::Triggers);
    w.str(name);
}

fn decode_key(r: &mut Reader<'_>) -> Result<ObjectKey, Malformed> {
    let ns = if r.bool()? {
        Namespace::Triggers
    } else {
        Namespace::Relations
    };
    Ok((ns, r.str()?))
}

fn encode_origin(w: &mut Writer, origin: &Origin) {
    w.count(origin.file);
    w.count(origin.span.start);
    w.count(origin.span.end);
}

fn decode_origin(r: &mut Reader<'_>) -> Result<Origin, Malformed> {
    // Offsets are not lengths of what follows: read them as plain numbers.
    let n = |r: &mut Reader<'_>| usize::try_from(r.u64()?).map_err(|_| Malformed);
    Ok(Origin {
        file: n(r)?,
        span: n(r)?..n(r)?,
    })
}

/// A kind as one byte, for checkpoints.
pub(crate) fn kind_code(kind: ObjectKind) -> u8 {
    match kind {
        ObjectKind::Table => 0,
        ObjectKind::VirtualTable => 1,
        ObjectKind::Index => 2,
        ObjectKind::View => 3,
        ObjectKind::Trigger => 4,
    }
}

/// The kind [`kind_code`] wrote.
pub(crate) fn decode_kind(code: u8) -> Result<ObjectKind, Malformed> {
    Ok(match code {
        0 => ObjectKind::Table,
        1 => ObjectKind::VirtualTable,
        2 => ObjectKind::Index,
        3 => ObjectKind::View,
        4 => ObjectKind::Trigger,
        _ => return Err(Malformed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(n: usize) -> Origin {
        Origin {
            file: 0,
            span: n..n + 1,
        }
    }

    #[test]
    fn rename_moves_object_and_columns() {
        let mut c = Catalog::default();
        c.create(ObjectKind::Table, "t_new", None, at(0), false);
        c.create(ObjectKind::Index, "i", Some("t_new".into()), at(0), false);
        c.define_columns("t_new", vec![("a".into(), at(1))], false);
        c.rename_table("t_new", "t", at(2));
        assert!(c.get(Namespace::Relations, "t_new").is_none());
        assert_eq!(c.get(Namespace::Relations, "t").unwrap().origin, at(2));
        assert_eq!(c.column("t", "a"), Some(&at(1)));
        assert_eq!(
            c.get(Namespace::Relations, "i").unwrap().table.as_deref(),
            Some("t")
        );
        c.drop_object(Namespace::Relations, "t");
        assert!(
            c.get(Namespace::Relations, "i").is_none(),
            "the index went with its table"
        );
    }

    #[test]
    fn sync_drops_what_sqlite_dropped() {
        let mut c = Catalog::default();
        c.create(ObjectKind::Table, "t", None, at(0), true);
        c.create(ObjectKind::Index, "i", Some("t".into()), at(1), true);
        c.sync(&[(ObjectKind::Index, "j".into())], &at(5));
        assert!(c.get(Namespace::Relations, "t").is_none());
        assert_eq!(c.get(Namespace::Relations, "j").unwrap().origin, at(5));
        // Base ownership outlives the object: a migration re-creating it
        // is still re-defining a base name.
        assert!(c.base_object(Namespace::Relations, "i").is_some());
    }

    #[test]
    fn triggers_have_their_own_namespace() {
        let mut c = Catalog::default();
        c.create(ObjectKind::Table, "x", None, at(0), false);
        assert!(c.get(Namespace::Triggers, "x").is_none());
    }
}
