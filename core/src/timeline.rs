//! Every known object's form over the versions, and comparisons of a live
//! database against it. The runtime's detection, `is_current` and `status`
//! are built on this.
//!
//! A [`Step`] is a snapshot: the empty schema, or the schema after file
//! `i` (0 the base schema, `i` the i-th migration by position, not by
//! number).

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::history::{FormEntry, History, PRESENT};
use crate::introspect::{Object, Part, display_parts, objects};
use crate::object::{Namespace, ObjectKind};
use crate::sql::name::key;

/// A snapshot: the empty schema, or the schema after a file. Ordered as
/// the files run: `Empty < After(0) < After(1) < …`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Before the base schema: no object at all.
    Empty,
    /// After file `i` ran (0: the base schema; by position, not version).
    After(usize),
}

impl Step {
    /// The snapshot right after this one.
    pub fn next(self) -> Step {
        Step::After(self.next_file())
    }

    /// The file that runs right after this snapshot: 0 (the base schema)
    /// after the empty schema, `i + 1` after file `i`.
    pub fn next_file(self) -> usize {
        match self {
            Step::Empty => 0,
            Step::After(i) => i + 1,
        }
    }

    /// The snapshot just before file `i` runs.
    pub fn before_file(i: usize) -> Step {
        match i.checked_sub(1) {
            Some(previous) => Step::After(previous),
            None => Step::Empty,
        }
    }

    /// The file this snapshot is the result of; `None` for the empty schema.
    pub fn file(self) -> Option<usize> {
        match self {
            Step::Empty => None,
            Step::After(i) => Some(i),
        }
    }

    /// Every snapshot from the empty schema up to `last`, in order.
    pub fn up_to(last: Step) -> impl DoubleEndedIterator<Item = Step> + Clone {
        let files = last.file().map_or(0, |i| i + 1);
        std::iter::once(Step::Empty).chain((0..files).map(Step::After))
    }
}

/// The step of a history entry's snapshot number.
fn step_of(snapshot: u32) -> Step {
    Step::After(snapshot as usize)
}

/// What an object is at some step: its kind and its pieces.
#[derive(Clone, Debug)]
pub struct Form {
    /// The object's kind.
    pub kind: ObjectKind,
    /// Its pieces, sorted by column key (definition first).
    pub parts: Vec<Part>,
}

impl PartialEq for Form {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.parts.len() == other.parts.len()
            && self
                .parts
                .iter()
                .zip(&other.parts)
                .all(|(a, b)| a.column == b.column && a.form == b.form)
    }
}

impl Eq for Form {}

impl Form {
    fn from_entries<'a>(kind: ObjectKind, entries: impl Iterator<Item = &'a FormEntry>) -> Self {
        let mut parts: Vec<Part> = entries
            .map(|e| Part {
                column: e.column_key(),
                column_name: e.column.as_deref().map(str::to_string),
                form: e.form.to_string(),
            })
            .collect();
        parts.sort();
        Form { kind, parts }
    }

    /// The form rendered for a message.
    pub fn display(&self) -> String {
        display_parts(&self.parts)
    }
}

/// A range of steps `[from, to)` in which an object has one form.
#[derive(Clone, Debug)]
pub struct Segment {
    /// First step.
    pub from: Step,
    /// One past the last step.
    pub to: Step,
    /// The form, or `None` where the object does not exist.
    pub form: Option<Form>,
}

/// One known object's history.
#[derive(Clone, Debug)]
pub struct ObjectTimeline {
    /// Its namespace.
    pub namespace: Namespace,
    /// Its comparison key.
    pub key: String,
    /// Its name as last created.
    pub name: String,
    /// Its forms, covering every step from the empty schema to the last.
    pub segments: Vec<Segment>,
}

impl ObjectTimeline {
    /// The form at `step` (`None`: absent).
    pub fn form_at(&self, step: Step) -> Option<&Form> {
        self.segments
            .iter()
            .find(|s| s.from <= step && step < s.to)
            .and_then(|s| s.form.as_ref())
    }

    /// Whether any step has `form`.
    pub fn ever_has(&self, form: &Form) -> bool {
        self.segments.iter().any(|s| s.form.as_ref() == Some(form))
    }

    /// The kind it has (at its latest existence).
    pub fn kind(&self) -> Option<ObjectKind> {
        self.segments
            .iter()
            .rev()
            .find_map(|s| s.form.as_ref().map(|f| f.kind))
    }
}

/// All known objects over all steps.
#[derive(Clone, Debug)]
pub struct Timeline {
    /// The last step (the number of migrations; the base schema is step 0).
    pub last: Step,
    /// Every object any snapshot has.
    pub objects: Vec<ObjectTimeline>,
    index: HashMap<(Namespace, String), usize>,
    /// Column keys any snapshot gives each table.
    known_columns: HashMap<String, HashSet<String>>,
}

/// A live database compared with the timeline.
#[derive(Clone, Debug, Default)]
pub struct Live {
    /// Per known object (indexed like [`Timeline::objects`]): its live form.
    pub known: Vec<Option<Form>>,
    /// Objects no snapshot has: `(kind, name)`.
    pub unknown_objects: Vec<(ObjectKind, String)>,
    /// Columns no snapshot gives their table: `(table, column)`.
    pub unknown_columns: Vec<(String, String)>,
}

impl Timeline {
    /// Indexes a history.
    pub fn new(history: &History) -> Self {
        let last = history
            .snapshots
            .checked_sub(1)
            .map_or(Step::Empty, step_of);
        let mut grouped: Vec<((Namespace, String), Vec<&FormEntry>)> = Vec::new();
        let mut index: HashMap<(Namespace, String), usize> = HashMap::new();
        let mut known_columns: HashMap<String, HashSet<String>> = HashMap::new();
        for e in history.entries.iter() {
            let k = (e.kind.namespace(), e.key());
            let i = *index.entry(k.clone()).or_insert_with(|| {
                grouped.push((k, Vec::new()));
                grouped.len() - 1
            });
            grouped[i].1.push(e);
            if let Some(c) = e.column_key() {
                known_columns.entry(e.key()).or_default().insert(c);
            }
        }
        let objects = grouped
            .into_iter()
            .map(|((namespace, key), entries)| {
                let end = |e: &FormEntry| {
                    if e.until == PRESENT {
                        last.next()
                    } else {
                        step_of(e.until)
                    }
                };
                let mut cuts: Vec<Step> = vec![Step::Empty, last.next()];
                for e in &entries {
                    cuts.push(step_of(e.since));
                    cuts.push(end(e));
                }
                cuts.sort_unstable();
                cuts.dedup();
                let mut segments: Vec<Segment> = Vec::new();
                for w in cuts.windows(2) {
                    let (from, to) = (w[0], w[1]);
                    let here: Vec<&FormEntry> = entries
                        .iter()
                        .copied()
                        .filter(|e| step_of(e.since) <= from && from < end(e))
                        .collect();
                    let form = here
                        .first()
                        .map(|first| Form::from_entries(first.kind, here.iter().copied()));
                    match segments.last_mut() {
                        Some(prev) if prev.form == form => prev.to = to,
                        _ => segments.push(Segment { from, to, form }),
                    }
                }
                let name = entries
                    .iter()
                    .max_by_key(|e| e.since)
                    .map_or_else(|| key.clone(), |e| e.name.to_string());
                ObjectTimeline {
                    namespace,
                    key,
                    name,
                    segments,
                }
            })
            .collect();
        Timeline {
            last,
            objects,
            index,
            known_columns,
        }
    }

    /// The object called `key` in `namespace`, if any snapshot has it.
    pub fn find(&self, namespace: Namespace, key: &str) -> Option<usize> {
        self.index.get(&(namespace, key.to_string())).copied()
    }

    /// Reads `conn`'s schema and sorts it into known objects and drift.
    pub fn live(&self, conn: &Connection) -> rusqlite::Result<Live> {
        Ok(self.compare(objects(conn)?))
    }

    /// Sorts introspected objects into known objects and drift.
    pub fn compare(&self, live: Vec<Object>) -> Live {
        let mut out = Live {
            known: vec![None; self.objects.len()],
            ..Live::default()
        };
        for mut object in live {
            let k = key(&object.name);
            let Some(i) = self.find(object.kind.namespace(), &k) else {
                out.unknown_objects.push((object.kind, object.name));
                continue;
            };
            if let Some(known) = self.known_columns.get(&k) {
                object.parts.retain(|p| match &p.column {
                    Some(c) if !known.contains(c) => {
                        let name = p.column_name.clone().unwrap_or_else(|| c.clone());
                        out.unknown_columns.push((object.name.clone(), name));
                        false
                    }
                    _ => true,
                });
            }
            out.known[i] = Some(Form {
                kind: object.kind,
                parts: object.parts,
            });
        }
        out
    }

    /// Whether snapshots `a` and `b` are the same schema.
    pub fn same_snapshot(&self, a: Step, b: Step) -> bool {
        self.objects.iter().all(|o| o.form_at(a) == o.form_at(b))
    }

    /// The objects whose form differs before and after file `file`: its
    /// observable effects.
    pub fn effects(&self, file: usize) -> Vec<usize> {
        let (before, after) = (Step::before_file(file), Step::After(file));
        (0..self.objects.len())
            .filter(|&i| self.objects[i].form_at(before) != self.objects[i].form_at(after))
            .collect()
    }

    /// Whether `live` has object `i` as snapshot `step` has it. An object
    /// the snapshot lacks, present in a form no snapshot has, is stale and
    /// matches too (it is drift, not a version difference).
    pub fn matches(&self, live: &Live, i: usize, step: Step) -> bool {
        let o = &self.objects[i];
        let expected = o.form_at(step);
        let actual = live.known[i].as_ref();
        expected == actual || (expected.is_none() && self.is_stale(live, i))
    }

    /// Whether object `i` is live in a form no snapshot has.
    pub fn is_stale(&self, live: &Live, i: usize) -> bool {
        live.known[i]
            .as_ref()
            .is_some_and(|f| !self.objects[i].ever_has(f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{HistoryBuilder, Touched};

    fn timeline(steps: &[&str]) -> Timeline {
        let conn = Connection::open_in_memory().unwrap();
        let mut b = HistoryBuilder::default();
        for sql in steps {
            conn.execute_batch(sql).unwrap();
            b.record(&conn, &Touched::Everything).unwrap();
        }
        Timeline::new(&b.finish())
    }

    fn live(sql: &str, t: &Timeline) -> Live {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(sql).unwrap();
        t.live(&conn).unwrap()
    }

    const STEPS: [&str; 3] = [
        "CREATE TABLE t (a TEXT)",
        "ALTER TABLE t ADD COLUMN b TEXT",
        "CREATE INDEX i ON t(a)",
    ];

    #[test]
    fn forms_over_steps() {
        let t = timeline(&STEPS);
        assert_eq!(t.last, Step::After(2));
        let table = t.find(Namespace::Relations, "t").unwrap();
        let index = t.find(Namespace::Relations, "i").unwrap();
        let form_at = |step| t.objects[table].form_at(Step::After(step));
        assert!(t.objects[table].form_at(Step::Empty).is_none());
        assert_ne!(form_at(0), form_at(1));
        assert_eq!(form_at(1), form_at(2));
        assert_eq!(t.effects(0), [table]);
        assert_eq!(t.effects(1), [table]);
        assert_eq!(t.effects(2), [index]);
    }

    #[test]
    fn live_database_matches_its_step_whatever_its_layout() {
        let t = timeline(&STEPS);
        let l = live("create table T (\"B\" text, a TEXT)", &t);
        let table = t.find(Namespace::Relations, "t").unwrap();
        let index = t.find(Namespace::Relations, "i").unwrap();
        assert!(t.matches(&l, table, Step::After(1)));
        assert!(!t.matches(&l, table, Step::After(0)));
        assert!(t.matches(&l, index, Step::After(1)));
        assert!(!t.matches(&l, index, Step::After(2)));
    }

    #[test]
    fn drift_is_sorted_out() {
        let t = timeline(&STEPS);
        let l = live(
            "CREATE TABLE t (a TEXT, b TEXT, extra INT); CREATE TABLE other (x)",
            &t,
        );
        assert_eq!(
            l.unknown_objects,
            [(ObjectKind::Table, "other".to_string())]
        );
        assert_eq!(l.unknown_columns, [("t".to_string(), "extra".to_string())]);
        let table = t.find(Namespace::Relations, "t").unwrap();
        assert!(t.matches(&l, table, Step::After(2)));
    }

    #[test]
    fn stale_objects_match_steps_that_lack_them() {
        let t = timeline(&["CREATE TABLE a (x)", "CREATE TABLE t (a TEXT)"]);
        let l = live(
            "CREATE TABLE a (x); CREATE TABLE t (old_plain_text TEXT)",
            &t,
        );
        let table = t.find(Namespace::Relations, "t").unwrap();
        assert!(t.is_stale(&l, table));
        assert!(t.matches(&l, table, Step::After(0)));
        assert!(!t.matches(&l, table, Step::After(1)));
    }

    #[test]
    fn undone_changes_make_equal_snapshots() {
        let t = timeline(&[
            "CREATE TABLE a (x)",
            "CREATE TABLE b (y)",
            "DROP TABLE b",
            "UPDATE a SET x = 1",
        ]);
        let same = |a, b| t.same_snapshot(Step::After(a), Step::After(b));
        assert!(same(0, 2));
        assert!(same(2, 3));
        assert!(!same(0, 1));
        assert!(!t.same_snapshot(Step::Empty, Step::After(0)));
    }

    #[test]
    fn steps_in_order() {
        assert!(Step::Empty < Step::After(0) && Step::After(0) < Step::After(1));
        assert_eq!(Step::Empty.next(), Step::After(0));
        assert_eq!(Step::before_file(0), Step::Empty);
        assert_eq!(Step::before_file(3), Step::After(2));
        assert_eq!(Step::After(4).next_file(), 5);
        let all: Vec<Step> = Step::up_to(Step::After(1)).collect();
        assert_eq!(all, [Step::Empty, Step::After(0), Step::After(1)]);
        assert_eq!(Step::up_to(Step::Empty).count(), 1);
    }
}
