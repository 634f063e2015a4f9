//! `is_current` and `status`: read-only views of a database.

use rusqlite::Connection;
use schemaguard_core::timeline::{Live, Step, Timeline};

use crate::status::{Difference, MigrationStatus, SchemaColumn, SchemaObject, State, Status};
use crate::tracking::{self, How};
use crate::{Error, Schema};

/// Known objects whose live form is not the one snapshot `step` has, each
/// with both forms.
pub fn differences(timeline: &Timeline, live: &Live, step: Step) -> Vec<Difference> {
    (0..timeline.objects.len())
        .filter(|&i| !timeline.matches(live, i, step))
        .filter_map(|i| {
            let o = &timeline.objects[i];
            let expected = o.form_at(step);
            // Present on one side at least, or it would match.
            let kind = expected.or(live.known[i].as_ref())?.kind;
            Some(Difference {
                object: SchemaObject::new(kind, o.name.clone()),
                live: live.known[i].as_ref().map(|f| f.display()),
                expected: expected.map(|f| f.display()),
            })
        })
        .collect()
}

/// `Schema::status`.
pub fn status(schema: &Schema, conn: &Connection) -> Result<Status, Error> {
    let migrations = schema.migrations();
    let timeline = schema.timeline();
    let records = tracking::read(conn)?;
    let live = timeline.live(conn)?;
    let rows = migrations
        .iter()
        .map(|m| {
            let record = records.iter().find(|r| r.version == m.version());
            let state = match record {
                None => State::Pending,
                Some(r) if r.checksum != m.checksum() => State::Modified,
                Some(r) => match r.how {
                    How::Applied => State::Applied,
                    How::Adopted => State::Adopted,
                    How::Repaired => State::Repaired,
                    How::MarkedDone => State::MarkedDone,
                },
            };
            MigrationStatus {
                version: m.version(),
                name: m.name(),
                state,
                recorded_at: record.map(|r| r.applied_at.clone()),
            }
        })
        .collect();
    let unknown_versions = records
        .iter()
        .filter(|r| !migrations.iter().any(|m| m.version() == r.version))
        .map(|r| (r.version, r.name.clone()))
        .collect();
    // Compared with the newest recorded version: a database that is only
    // behind (pending migrations) has no differences, just pending rows.
    let newest = migrations
        .iter()
        .rposition(|m| records.iter().any(|r| r.version == m.version()));
    let newest = newest.map(Step::After);
    let differences = match newest {
        Some(step) => differences(timeline, &live, step),
        None => Vec::new(),
    };
    let stale_objects = (0..timeline.objects.len())
        .filter(|&i| {
            timeline.is_stale(&live, i)
                && newest.is_none_or(|step| timeline.objects[i].form_at(step).is_none())
        })
        .filter_map(|i| {
            let kind = live.known[i].as_ref()?.kind;
            Some(SchemaObject::new(kind, timeline.objects[i].name.clone()))
        })
        .collect();
    Ok(Status {
        tracked: !records.is_empty(),
        migrations: rows,
        unknown_versions,
        unknown_objects: live
            .unknown_objects
            .iter()
            .map(|(kind, name)| SchemaObject::new(*kind, name.clone()))
            .collect(),
        unknown_columns: live
            .unknown_columns
            .iter()
            .map(|(table, column)| SchemaColumn {
                table: table.clone(),
                column: column.clone(),
            })
            .collect(),
        stale_objects,
        differences,
    })
}

/// `Schema::is_current`.
pub fn is_current(schema: &Schema, conn: &Connection) -> Result<bool, Error> {
    let status = status(schema, conn)?;
    let known_format = tracking::format(conn)?.is_none_or(|f| f <= tracking::FORMAT);
    Ok(known_format
        && status.tracked
        && status.unknown_versions.is_empty()
        && status.differences.is_empty()
        && status
            .migrations
            .iter()
            .all(|m| !matches!(m.state, State::Pending | State::Modified)))
}
