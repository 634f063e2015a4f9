//! Detection's step 2 with another tool's history: where the schema
//! cannot tell versions apart, the history says which of them ran. The
//! schema stays the authority: a history that names a version the schema
//! is not at is refused, showing both.

use schemaguard_core::timeline::{Live, Step, Timeline};

use super::History;
use crate::detection::{Decision, Next, check_conflicts, next_step};
use crate::{Error, Migration};

/// The decision for an untracked database whose schema is at `detected`
/// and the same as at every step from `lowest` (detection's steps 1 and
/// 2), given what `history` says ran.
pub(crate) fn decide(
    history: &History,
    migrations: &[Migration],
    timeline: &Timeline,
    live: &Live,
    lowest: Step,
    detected: Step,
) -> Result<Decision, Error> {
    // What the history allows: exactly the step after its last migration;
    // when it says none ran, the empty schema or the base schema (which
    // other tools do not record).
    let allows = |s: Step| match history.last {
        Some(p) => s == Step::After(p),
        None => s <= Step::After(0),
    };
    let next = match detected < timeline.last {
        true => Some(next_step(migrations, timeline, live, detected.next_file())?),
        false => None,
    };
    let disagree = |from: Step, to: Step| Error::HistoryDisagrees {
        tool: history.tool,
        table: history.table,
        recorded: history.recorded(migrations),
        schema_from: version(migrations, from),
        schema_to: version(migrations, to),
    };
    let decision = match next {
        // The schema shows the next migration (all of it, or all but
        // indexes, views or triggers): the history must say it ran.
        Some(next @ (Next::Adopt | Next::Repair(_))) => {
            if !allows(detected.next()) {
                return Err(disagree(detected.next(), detected.next()));
            }
            Decision {
                detected,
                adopt_through: detected,
                next,
            }
        }
        _ => {
            let Some(through) = Step::up_to(detected)
                .rev()
                .filter(|&s| s >= lowest && timeline.same_snapshot(s, detected))
                .find(|&s| allows(s))
            else {
                return Err(disagree(lowest, detected));
            };
            let next = match through < timeline.last {
                true => next_step(migrations, timeline, live, through.next_file())?,
                false => Next::Adopt,
            };
            // The version the report gives is the one the history chose.
            Decision {
                detected: through,
                adopt_through: through,
                next,
            }
        }
    };
    check_conflicts(
        migrations,
        timeline,
        live,
        decision.adopt_through,
        &decision.next,
    )?;
    Ok(decision)
}

/// The version of a step: 0 for the empty schema and the base schema.
fn version(migrations: &[Migration], step: Step) -> u64 {
    step.file().map_or(0, |i| migrations[i].version())
}
