//! Which names and columns exist at each point of the replay, and which
//! statement defined them, so an error can name both places.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

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
#[derive(Clone, Debug, Default)]
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
