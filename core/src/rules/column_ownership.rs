//! Rule 2, column ownership: a column that a base `CREATE TABLE` defines
//! must not be added by a migration's `ALTER TABLE … ADD COLUMN`. A
//! database made by the base schema already has it, so the migration fails
//! with "duplicate column name" there.

use std::ops::Range;

use super::{Site, quoted};
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::sql::name::key;

/// Checks one `ADD COLUMN` in a migration against the base schema's columns.
pub fn check_add_column(
    catalog: &Catalog,
    site: &Site<'_>,
    table: &str,
    column: &str,
    span: Range<usize>,
) -> Option<Diagnostic> {
    if site.in_base() {
        return None;
    }
    let base = catalog.base_column(&key(table), &key(column))?;
    let owner = site.describe(site.file);
    Some(
        site.error(
            format!(
                "column {} is defined by the base schema and added again by {owner}",
                quoted(&format!("{table}.{column}"))
            ),
            format!(
                "remove {} from the base schema's `CREATE TABLE {table}`: {owner} owns it",
                quoted(column)
            ),
        )
        .label(site.file, span, format!("{owner} adds it here"))
        .label(base.file, base.span.clone(), "the base schema defines it here")
        .note("a database made by the base schema already has the column, so the migration fails there with \"duplicate column name\""),
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{only, run, titles};

    #[test]
    fn a_base_column_re_added_by_a_migration() {
        let a = run(
            "CREATE TABLE auth_state (\n    state TEXT PRIMARY KEY,\n    code_verifier TEXT NOT NULL DEFAULT ''\n);",
            &[(
                1,
                "ALTER TABLE auth_state ADD COLUMN code_verifier TEXT NOT NULL DEFAULT '';",
            )],
        );
        let (d, text) = only(&a);
        assert_eq!(
            d.title,
            "column `auth_state.code_verifier` is defined by the base schema and added again by migration 001"
        );
        assert!(text.contains("::: schema.sql:3:5"), "{text}");
        assert!(
            text.contains("code_verifier TEXT NOT NULL DEFAULT ''"),
            "{text}"
        );
    }

    #[test]
    fn quoting_and_case_do_not_hide_it() {
        let a = run(
            "CREATE TABLE t (\"Flag\" INTEGER);",
            &[(1, "ALTER TABLE [T] ADD flag INTEGER;")],
        );
        assert_eq!(titles(&a).len(), 1);
    }

    #[test]
    fn even_after_dropping_it_first() {
        let a = run(
            "CREATE TABLE t (a INTEGER, b TEXT);",
            &[(
                1,
                "ALTER TABLE t DROP COLUMN b;\nALTER TABLE t ADD COLUMN b TEXT;",
            )],
        );
        assert_eq!(titles(&a).len(), 1, "{:#?}", titles(&a));
    }

    #[test]
    fn new_columns_are_fine() {
        let a = run(
            "CREATE TABLE t (a INTEGER);",
            &[(1, "ALTER TABLE t ADD COLUMN b TEXT;")],
        );
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }
}
