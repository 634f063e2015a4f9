//! Rule 1, ownership: a name the base schema creates must not be created by
//! a migration. Each object has one source of truth; when both define it,
//! databases made by an older release break (the incident this crate
//! exists for), or, with `IF NOT EXISTS`, silently keep the old definition.
//!
//! A migration that deliberately re-creates a base object says so with
//! `-- schemaguard: replaces <name>`; it must then drop the object first
//! (rule 3) and really re-create it.

use std::collections::HashSet;

use super::{Site, quoted};
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::object::Namespace;
use crate::sql::header::Create;

/// Checks one `CREATE` in a migration against the base schema's names.
pub fn check_create(
    catalog: &Catalog,
    site: &Site<'_>,
    create: &Create,
    head: std::ops::Range<usize>,
) -> Option<Diagnostic> {
    if site.in_base() {
        return None;
    }
    let key = create.name.key();
    let ns = create.kind.namespace();
    let base = catalog.base_object(ns, &key)?;
    if site.directives.replaces.iter().any(|n| n.key() == key) {
        return None;
    }
    let owner = site.describe(site.file);
    let name = &create.name.text;
    let still_there = catalog.get(ns, &key).is_some();
    let help = if still_there {
        format!("remove it from the base schema: {owner} owns it")
    } else {
        format!(
            "remove it from the base schema: {owner} owns it; or, if {owner} deliberately re-creates the base schema's {kind}, say so at the top of the file: `-- schemaguard: replaces {name}`",
            kind = create.kind
        )
    };
    let mut d = site
        .error(
            format!(
                "{} {} is created by both the base schema and {owner}",
                create.kind,
                quoted(name)
            ),
            help,
        )
        .label(site.file, head, format!("{owner} creates it here"))
        .label(
            base.file,
            base.span.clone(),
            "the base schema creates it here",
        );
    if still_there {
        d = d.note(
            "a database made by an older release already has it when the migration runs: the migration fails, or, with `IF NOT EXISTS`, is silently skipped and the two definitions drift apart",
        );
    }
    Some(d)
}

/// After a migration ran: every name in its `replaces` must be a base
/// object that the migration re-created.
pub fn check_replaces(
    catalog: &Catalog,
    site: &Site<'_>,
    created: &HashSet<(Namespace, String)>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let owner = site.describe(site.file);
    for name in &site.directives.replaces {
        let key = name.key();
        // The base object(s) of that name, in whichever namespace.
        let namespaces: Vec<Namespace> = [Namespace::Relations, Namespace::Triggers]
            .into_iter()
            .filter(|&ns| catalog.base_object(ns, &key).is_some())
            .collect();
        if namespaces.is_empty() {
            out.push(
                site.error(
                    format!("{owner} replaces {}, which the base schema does not create", quoted(&name.text)),
                    format!(
                        "`replaces` is only for objects of the base schema; remove {} from the list (a migration may drop and re-create its own objects freely)",
                        quoted(&name.text)
                    ),
                )
                .label(site.file, name.span.clone(), "not a base-schema object"),
            );
        } else if !namespaces
            .iter()
            .any(|&ns| created.contains(&(ns, key.clone())))
        {
            out.push(
                site.error(
                    format!(
                        "{owner} says it replaces {}, but does not create it",
                        quoted(&name.text)
                    ),
                    format!(
                        "add the statement that re-creates {}, or remove it from `replaces`",
                        quoted(&name.text)
                    ),
                )
                .label(
                    site.file,
                    name.span.clone(),
                    "never created in this migration",
                ),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{only, run, titles};

    const BASE: &str = "CREATE TABLE tokens (id INTEGER PRIMARY KEY, token_hash TEXT);\nCREATE INDEX IF NOT EXISTS idx_tokens_hash ON tokens(token_hash);\n";

    #[test]
    fn the_incident_is_an_error_naming_both_places() {
        let a = run(
            BASE,
            &[(2, "CREATE INDEX idx_tokens_hash ON tokens(token_hash);")],
        );
        let (d, text) = only(&a);
        assert_eq!(
            d.title,
            "index `idx_tokens_hash` is created by both the base schema and migration 002"
        );
        assert!(text.contains("--> migrations/002_m2.sql:1:1"), "{text}");
        assert!(text.contains("::: schema.sql:2:1"), "{text}");
        assert!(
            text.contains("help: remove it from the base schema: migration 002 owns it"),
            "{text}"
        );
    }

    #[test]
    fn if_not_exists_on_either_side_does_not_hide_it() {
        let a = run(
            BASE,
            &[(
                1,
                "CREATE INDEX IF NOT EXISTS idx_tokens_hash ON tokens(token_hash);",
            )],
        );
        assert_eq!(titles(&a).len(), 1);
    }

    #[test]
    fn dropping_first_does_not_transfer_ownership() {
        let a = run(
            BASE,
            &[(
                1,
                "DROP INDEX idx_tokens_hash;\nCREATE INDEX idx_tokens_hash ON tokens(token_hash);",
            )],
        );
        let (d, _) = only(&a);
        assert!(
            d.help.contains("-- schemaguard: replaces idx_tokens_hash"),
            "{}",
            d.help
        );
    }

    #[test]
    fn replaces_allows_a_deliberate_re_creation() {
        let a = run(
            BASE,
            &[(
                3,
                "-- schemaguard: replaces idx_tokens_hash\nCREATE TABLE t_new (id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL);\nINSERT INTO t_new SELECT * FROM tokens;\nDROP TABLE tokens;\nALTER TABLE t_new RENAME TO tokens;\nCREATE INDEX idx_tokens_hash ON tokens(token_hash);",
            )],
        );
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }

    #[test]
    fn replaces_must_drop_first() {
        let a = run(
            BASE,
            &[(
                3,
                "-- schemaguard: replaces idx_tokens_hash\nCREATE INDEX IF NOT EXISTS idx_tokens_hash ON tokens(token_hash);",
            )],
        );
        let (d, _) = only(&a);
        assert!(
            d.title.contains("while the old one still exists"),
            "{}",
            d.title
        );
    }

    #[test]
    fn replaces_must_name_a_re_created_base_object() {
        let a = run(
            BASE,
            &[(
                3,
                "-- schemaguard: replaces idx_tokens_hash, nope\nSELECT 1;",
            )],
        );
        assert_eq!(
            titles(&a),
            [
                "migration 003 says it replaces `idx_tokens_hash`, but does not create it",
                "migration 003 replaces `nope`, which the base schema does not create"
            ]
        );
    }

    #[test]
    fn replaces_is_satisfied_only_in_the_same_namespace() {
        let a = run(
            BASE,
            &[(
                3,
                "-- schemaguard: replaces idx_tokens_hash\nDROP INDEX idx_tokens_hash;\nCREATE TRIGGER idx_tokens_hash AFTER INSERT ON tokens BEGIN SELECT 1; END;",
            )],
        );
        assert_eq!(
            titles(&a),
            ["migration 003 says it replaces `idx_tokens_hash`, but does not create it"]
        );
    }

    #[test]
    fn a_migration_numbered_zero_is_still_a_migration() {
        // Rule 5 reports the number; the file is still checked as a migration.
        let a = run(
            BASE,
            &[(
                0,
                "-- schemaguard: rerunnable\nCREATE INDEX idx_tokens_hash ON tokens(token_hash);",
            )],
        );
        assert_eq!(
            titles(&a),
            ["index `idx_tokens_hash` is created by both the base schema and migration 000"]
        );
    }

    #[test]
    fn renaming_into_a_base_name_is_not_creating() {
        let a = run(
            BASE,
            &[(
                2,
                "CREATE TABLE tokens_new (id INTEGER PRIMARY KEY, token_hash TEXT, me TEXT);\nINSERT INTO tokens_new (id, token_hash) SELECT id, token_hash FROM tokens;\nDROP TABLE tokens;\nALTER TABLE tokens_new RENAME TO tokens;",
            )],
        );
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }

    #[test]
    fn a_trigger_may_share_a_table_name() {
        let a = run(
            BASE,
            &[(
                1,
                "CREATE TRIGGER tokens AFTER INSERT ON tokens BEGIN SELECT 1; END;",
            )],
        );
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }
}
