//! Rule 3, no double definition: creating a name (or adding a column) that
//! already exists at that point of the replay is an error, even when
//! `IF NOT EXISTS` would make SQLite skip it: the skipped definition is
//! silent drift. Dropping or renaming it first is fine.

use std::ops::Range;

use super::{Site, quoted};
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::object::ObjectKind;
use crate::sql::header::Create;
use crate::sql::name::quote_identifier;
use crate::sql::normalize::is_bare_identifier;

fn drop_keyword(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Table | ObjectKind::VirtualTable => "TABLE",
        ObjectKind::Index => "INDEX",
        ObjectKind::View => "VIEW",
        ObjectKind::Trigger => "TRIGGER",
    }
}

/// A name as it can be pasted into SQL: quoted only if it must be.
fn sql_name(name: &str) -> String {
    if is_bare_identifier(name) {
        name.to_string()
    } else {
        quote_identifier(name)
    }
}

/// Checks one `CREATE` against what exists at this point of the replay.
pub fn check_create(
    catalog: &Catalog,
    site: &Site<'_>,
    create: &Create,
    head: Range<usize>,
) -> Option<Diagnostic> {
    let key = create.name.key();
    let existing = catalog.get(create.kind.namespace(), &key)?;
    let here = site.describe(site.file);
    let name = quoted(&create.name.text);
    let replacing = site.directives.replaces.iter().any(|n| n.key() == key);
    let (title, help) = if replacing {
        (
            format!(
                "{here} replaces {} {name}, but creates it while the old one still exists",
                existing.kind
            ),
            format!(
                "drop it before re-creating it: `DROP {} {};`",
                drop_keyword(existing.kind),
                sql_name(&create.name.text)
            ),
        )
    } else if create.if_not_exists {
        (
            format!(
                "{} {name} already exists, so SQLite would silently skip this `IF NOT EXISTS` definition in {here}",
                existing.kind
            ),
            format!(
                "remove this definition: each object is defined once; to change it, drop it first (`DROP {} {};`)",
                drop_keyword(existing.kind),
                sql_name(&create.name.text)
            ),
        )
    } else {
        (
            format!(
                "{} {name} is created again by {here} while it already exists",
                create.kind
            ),
            format!(
                "remove one of the two definitions; to change it, drop it first (`DROP {} {};`)",
                drop_keyword(existing.kind),
                sql_name(&create.name.text)
            ),
        )
    };
    let first = if existing.origin.file == site.file {
        "first defined here".to_string()
    } else {
        format!("defined by {} here", site.describe(existing.origin.file))
    };
    Some(
        site.error(title, help)
            .label(site.file, head, "defined again here")
            .label(existing.origin.file, existing.origin.span.clone(), first),
    )
}

/// Checks an `ALTER TABLE … ADD COLUMN` of a column that already exists.
pub fn check_add_column(
    catalog: &Catalog,
    site: &Site<'_>,
    table: &str,
    column: &str,
    span: Range<usize>,
) -> Option<Diagnostic> {
    let origin = catalog.column(
        &crate::sql::name::key(table),
        &crate::sql::name::key(column),
    )?;
    let here = site.describe(site.file);
    Some(
        site.error(
            format!(
                "column {} is added by {here} while it already exists",
                quoted(&format!("{table}.{column}"))
            ),
            "remove this `ADD COLUMN`: a column is defined once",
        )
        .label(site.file, span, "added again here")
        .label(
            origin.file,
            origin.span.clone(),
            format!("defined by {} here", site.describe(origin.file)),
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{only, run, titles};

    #[test]
    fn if_not_exists_does_not_mask_a_second_definition() {
        let a = run(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY);",
            &[
                (1, "CREATE INDEX i ON notes(id);"),
                (2, "CREATE INDEX IF NOT EXISTS i ON notes(id DESC);"),
            ],
        );
        let (d, text) = only(&a);
        assert_eq!(
            d.title,
            "index `i` already exists, so SQLite would silently skip this `IF NOT EXISTS` definition in migration 002"
        );
        assert!(text.contains("defined by migration 001 here"), "{text}");
    }

    #[test]
    fn the_suggested_drop_is_valid_sql() {
        let a = run(
            "CREATE TABLE \"my table\" (a);\nCREATE TABLE IF NOT EXISTS \"my table\" (a);",
            &[],
        );
        let (d, _) = only(&a);
        assert!(d.help.contains("`DROP TABLE \"my table\";`"), "{}", d.help);
    }

    #[test]
    fn rolled_back_objects_do_not_exist() {
        let a = run(
            "",
            &[
                (
                    1,
                    "CREATE TABLE keep (a);\nSAVEPOINT s;\nCREATE TABLE x (a);\nROLLBACK TO s;\nRELEASE s;",
                ),
                (2, "CREATE TABLE x (a, b);"),
            ],
        );
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }

    #[test]
    fn within_one_file() {
        let a = run(
            "CREATE TABLE t (a);\nCREATE TABLE IF NOT EXISTS t (a, b);",
            &[],
        );
        let (_, text) = only(&a);
        assert!(text.contains("first defined here"), "{text}");
        assert!(text.contains("schema.sql:2:1"), "{text}");
    }

    #[test]
    fn views_and_triggers_evolve_by_drop_and_create() {
        let a = run(
            "CREATE TABLE t (a);",
            &[
                (
                    1,
                    "CREATE VIEW v AS SELECT a FROM t;\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;",
                ),
                (
                    2,
                    "DROP VIEW v;\nCREATE VIEW v AS SELECT a, 1 AS b FROM t;\nDROP TRIGGER IF EXISTS tr;\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 2; END;",
                ),
            ],
        );
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }

    #[test]
    fn a_table_rebuild_re_creates_its_indexes_freely() {
        let a = run(
            "",
            &[
                (1, "CREATE TABLE t (a TEXT);\nCREATE INDEX t_a ON t(a);"),
                (
                    2,
                    "CREATE TABLE t_new (a TEXT NOT NULL);\nINSERT INTO t_new SELECT a FROM t;\nDROP TABLE t;\nALTER TABLE t_new RENAME TO t;\nCREATE INDEX t_a ON t(a);",
                ),
            ],
        );
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }

    #[test]
    fn a_column_added_twice() {
        let a = run(
            "CREATE TABLE t (a);",
            &[
                (1, "ALTER TABLE t ADD COLUMN b TEXT;"),
                (2, "ALTER TABLE t ADD COLUMN b INTEGER;"),
            ],
        );
        let (d, text) = only(&a);
        assert_eq!(
            d.title,
            "column `t.b` is added by migration 002 while it already exists"
        );
        assert!(text.contains("migrations/001_m1.sql:1:26"), "{text}");
    }

    #[test]
    fn a_temp_table_does_not_hide_the_main_one() {
        let a = run(
            "CREATE TABLE roots (a);\nCREATE INDEX roots_a ON roots(a);",
            &[(
                1,
                "CREATE TEMP TABLE roots AS SELECT * FROM main.roots;\nDROP TABLE roots;\nCREATE INDEX IF NOT EXISTS roots_a ON roots(a);",
            )],
        );
        assert_eq!(titles(&a).len(), 1, "{:#?}", titles(&a));
        assert!(
            titles(&a)[0].contains("index `roots_a`"),
            "{:#?}",
            titles(&a)
        );
    }

    #[test]
    fn renamed_objects_can_be_re_created_under_the_old_name() {
        let a = run(
            "CREATE TABLE t (a);",
            &[(1, "ALTER TABLE t RENAME TO t_old;\nCREATE TABLE t (a, b);")],
        );
        // Re-creating a base name is an ownership question, not a double definition.
        assert_eq!(
            titles(&a),
            ["table `t` is created by both the base schema and migration 001"]
        );
    }

    #[test]
    fn a_plain_second_create_is_reported_once() {
        // Without `IF NOT EXISTS` SQLite would fail too: one error, not two.
        let a = run(
            "CREATE TABLE t (a);",
            &[(1, "CREATE TABLE u (a);"), (2, "CREATE TABLE u (b);")],
        );
        let (d, text) = only(&a);
        assert_eq!(
            d.title,
            "table `u` is created again by migration 002 while it already exists"
        );
        assert!(text.contains("defined by migration 001 here"), "{text}");
    }
}
