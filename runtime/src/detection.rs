//! Which version an untracked database is at, inferred from its schema
//! alone, and what to do with the next migration. Never guesses: when the
//! schema cannot tell, it refuses and says how to decide.

use std::collections::HashSet;

use schemaguard_core::object::ObjectKind;
use schemaguard_core::sql::header::{AlterAction, Header};
use schemaguard_core::sql::split::Script;
use schemaguard_core::timeline::{Live, Step, Timeline};

use crate::evidence::History;
use crate::{Difference, Error, ExpectedForm, Migration, Mismatch, SchemaObject};

/// What to do with an untracked, non-empty database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The snapshot the schema shows (the empty schema when even the base
    /// schema is incomplete).
    pub detected: Step,
    /// Steps up to here are recorded as adopted.
    pub adopt_through: Step,
    /// What happens to the step after `adopt_through`.
    pub next: Next,
}

/// The fate of the first migration after the adopted ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// None of its effects is present: run it (and the rest) normally.
    Apply,
    /// All its effects are present: record it as adopted.
    Adopt,
    /// Only standalone indexes, views or triggers are missing: create
    /// exactly those; their keys and descriptions.
    Repair(Vec<(String, String)>),
}

/// Known object `i`, by the kind it last had (the live one for an object
/// only the live database has in that kind).
fn object(timeline: &Timeline, live: &Live, i: usize) -> SchemaObject {
    let o = &timeline.objects[i];
    // Every known object has a form at some step: the timeline is built
    // from the snapshots' entries. Table is never reached.
    let kind = o
        .kind()
        .or_else(|| live.known[i].as_ref().map(|f| f.kind))
        .unwrap_or(ObjectKind::Table);
    SchemaObject::new(kind, o.name.clone())
}

/// Known object `i` as the live database has it and as snapshot `step` does.
fn difference(timeline: &Timeline, live: &Live, i: usize, step: Step) -> Difference {
    Difference {
        object: object(timeline, live, i),
        live: live.known[i].as_ref().map(|f| f.display()),
        expected: timeline.objects[i].form_at(step).map(|f| f.display()),
    }
}

/// Detection proper: the candidate versions, versions the schema cannot
/// tell apart, adoption, then the next migration (applied, repaired or
/// adopted).
///
/// With `history` (another tool's table), step 2 follows what it says ran
/// ([`crate::evidence::decide`]).
pub fn detect(
    migrations: &[Migration],
    timeline: &Timeline,
    live: &Live,
    history: Option<&History>,
) -> Result<Decision, Error> {
    let last = timeline.last;
    let objects = 0..timeline.objects.len();
    let both_lack = |i: usize, k: Step| {
        let o = &timeline.objects[i];
        o.form_at(k).is_none() && o.form_at(k.next()).is_none()
    };
    let same = |i: usize, k: Step| live.known[i].as_ref() == timeline.objects[i].form_at(k);
    // Step 1: candidates, and exact matches (stale objects tolerated).
    let fits = |i: usize, k: Step| {
        same(i, k)
            || (k < last && same(i, k.next()))
            || (timeline.is_stale(live, i) && both_lack(i, k))
    };
    let exact = |k: Step| objects.clone().all(|i| timeline.matches(live, i, k));
    let candidate = |k: Step| objects.clone().all(|i| fits(i, k));
    let detected = Step::up_to(last)
        .rev()
        .find(|&k| exact(k))
        .or_else(|| Step::up_to(last).rev().find(|&k| candidate(k)))
        .ok_or_else(|| undetectable(migrations, timeline, live, &fits))?;

    // Step 2: versions the schema cannot tell apart.
    let lowest = Step::up_to(detected)
        .find(|&i| timeline.same_snapshot(i, detected))
        .unwrap_or(detected);
    if let Some(history) = history {
        return crate::evidence::decide(history, migrations, timeline, live, lowest, detected);
    }
    let mut adopt_through = detected;
    if let (true, Some(top)) = (lowest < detected, detected.file()) {
        let between = &migrations[lowest.next_file()..=top];
        if !between.iter().all(Migration::is_schema_only) {
            let safe = between
                .iter()
                .all(|m| (m.is_schema_only() || m.rerunnable()) && !m.drops_data());
            if !safe {
                return Err(Error::Ambiguous {
                    from: lowest.file().map_or(0, |i| migrations[i].version()),
                    to: migrations[top].version(),
                    migrations: between
                        .iter()
                        .filter(|m| !m.is_schema_only())
                        .map(Migration::id)
                        .collect(),
                });
            }
            adopt_through = lowest;
        }
    }

    // Step 4: the next migration.
    let next = if adopt_through >= last {
        Next::Adopt
    } else {
        next_step(migrations, timeline, live, adopt_through.next_file())?
    };
    check_conflicts(migrations, timeline, live, adopt_through, &next)?;
    Ok(Decision {
        detected,
        adopt_through,
        next,
    })
}

/// What to do with file `file`, the first after the adopted ones.
pub(crate) fn next_step(
    migrations: &[Migration],
    timeline: &Timeline,
    live: &Live,
    file: usize,
) -> Result<Next, Error> {
    let (before, step) = (Step::before_file(file), Step::After(file));
    let effects = timeline.effects(file);
    let (present, missing): (Vec<usize>, Vec<usize>) = effects
        .iter()
        .partition(|&&i| live.known[i].as_ref() == timeline.objects[i].form_at(step));
    if present.is_empty() {
        return Ok(Next::Apply);
    }
    if missing.is_empty() {
        return Ok(Next::Adopt);
    }
    let creatable = |i: &usize| {
        let o = &timeline.objects[*i];
        o.form_at(before).is_none()
            && live.known[*i].is_none()
            && o.form_at(step).is_some_and(|f| {
                matches!(
                    f.kind,
                    ObjectKind::Index | ObjectKind::View | ObjectKind::Trigger
                )
            })
    };
    if missing.iter().all(creatable) {
        return Ok(Next::Repair(
            missing
                .iter()
                .map(|&i| {
                    let key = timeline.objects[i].key.clone();
                    (key, object(timeline, live, i).to_string())
                })
                .collect(),
        ));
    }
    let m = &migrations[file];
    Err(Error::Partial {
        version: m.version(),
        name: m.name().to_string(),
        present: present.iter().map(|&i| object(timeline, live, i)).collect(),
        missing: (missing.iter())
            .map(|&i| difference(timeline, live, i, step))
            .collect(),
    })
}

/// A stale object (a form no version has) that a pending migration creates
/// without dropping it first would make that migration fail halfway: refuse
/// up front, naming it.
pub(crate) fn check_conflicts(
    migrations: &[Migration],
    timeline: &Timeline,
    live: &Live,
    adopted: Step,
    next: &Next,
) -> Result<(), Error> {
    let stale: HashSet<String> = (0..timeline.objects.len())
        .filter(|&i| timeline.is_stale(live, i))
        .map(|i| timeline.objects[i].key.clone())
        .collect();
    if stale.is_empty() {
        return Ok(());
    }
    // A repair creates only missing objects; an adopted step runs nothing.
    let first = match next {
        Next::Apply => adopted.next_file(),
        Next::Adopt | Next::Repair(_) => adopted.next_file() + 1,
    };
    let mut dropped: HashSet<String> = HashSet::new();
    for m in migrations.iter().skip(first) {
        let script = Script::parse(m.sql());
        for statement in &script.statements {
            match Header::parse(script.tokens_of(statement), m.sql()) {
                Header::Drop(d) => {
                    dropped.insert(d.name.key());
                }
                Header::AlterTable(a) => {
                    if let AlterAction::RenameTo(_) = a.action {
                        dropped.insert(a.table.key());
                    }
                }
                Header::Create(c) => {
                    let key = c.name.key();
                    if stale.contains(&key) && !dropped.contains(&key) {
                        let Some(i) = timeline.find(c.kind.namespace(), &key) else {
                            continue;
                        };
                        let live_form = live.known[i]
                            .as_ref()
                            .map(|f| f.display())
                            .unwrap_or_default();
                        return Err(Error::Conflict {
                            version: m.version(),
                            name: m.name().to_string(),
                            object: object(timeline, live, i),
                            live: live_form,
                        });
                    }
                    dropped.remove(&key);
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The objects that keep the nearest version from matching.
fn undetectable(
    migrations: &[Migration],
    timeline: &Timeline,
    live: &Live,
    fits: &dyn Fn(usize, Step) -> bool,
) -> Error {
    let objects = 0..timeline.objects.len();
    let nearest = Step::up_to(timeline.last)
        .rev()
        .min_by_key(|&k| objects.clone().filter(|&i| !fits(i, k)).count())
        .unwrap_or(timeline.last);
    let version = |step: Step| step.file().and_then(|f| migrations.get(f));
    let mismatches = objects
        .filter(|&i| !fits(i, nearest))
        .map(|i| {
            let o = &timeline.objects[i];
            let later = nearest.next();
            let (step, expected) = match o.form_at(later).filter(|_| nearest < timeline.last) {
                Some(f) => (later, Some(f)),
                None => (nearest, o.form_at(nearest)),
            };
            // The file that gave the object this form: where its segment
            // starts (never the empty schema, which has no objects).
            let creator = o
                .segments
                .iter()
                .find(|s| s.from <= step && step < s.to)
                .map_or(step, |s| s.from);
            let expected = expected.and_then(|f| {
                Some(ExpectedForm {
                    form: f.display(),
                    created_by: version(creator).or(version(step))?.id(),
                })
            });
            Mismatch {
                object: object(timeline, live, i),
                live: live.known[i].as_ref().map(|f| f.display()),
                expected,
                version: version(step).map(Migration::version),
            }
        })
        .collect();
    Error::Undetectable { mismatches }
}
