//! The `query!` benchmark's two crates: every generated statement checks
//! against the corpus's final schema (`generate` fails otherwise), and
//! both versions hold the same functions, so the benchmark compares the
//! same application written two ways.

use schemaguard_bench::{Corpus, queries};
use schemaguard_core::cache::Location;
use schemaguard_core::query::schema;

#[test]
fn both_versions_hold_the_same_checked_functions() {
    let dir = tempfile::tempdir().unwrap();
    let input = Corpus::generate(300).project(dir.path()).unwrap();
    let fin = schema::open(&input, &[], Location::Off).unwrap();
    let crates = {
        let conn = fin.conn.lock().unwrap();
        queries::generate(&conn, 200).unwrap_or_else(|e| panic!("{e}"))
    };
    let signatures = |src: &str| -> Vec<String> {
        src.lines()
            .filter(|l| l.starts_with("pub fn "))
            .map(String::from)
            .collect()
    };
    let with_macros = signatures(&crates.macros);
    assert_eq!(with_macros.len(), 200);
    assert_eq!(with_macros, signatures(&crates.plain));
    // As varied as the benchmark says.
    for kind in [
        "query!(",
        "query_as!(",
        "query_scalar!(",
        "fetch_optional",
        "fetch_all",
        "execute(conn)",
        "\\nJOIN ",
        "LEFT JOIN",
        "GROUP BY",
        ":name",
        "RETURNING id",
        "UPDATE ",
        "DELETE FROM",
    ] {
        assert!(
            crates.macros.contains(kind),
            "no {kind} in the macro version"
        );
    }
    for mac in ["query!(", "query_as!(", "query_scalar!("] {
        assert!(!crates.plain.contains(mac), "{mac} in the plain version");
    }
    assert_eq!(crates.plain.matches("prepare_cached(").count(), 200);
}
