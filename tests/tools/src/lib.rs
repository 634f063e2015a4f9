//! The adoption checks of the main integration tests (`../src/adoption.rs`),
//! shared with these tests, which make their databases with the real
//! runners of sqlx, refinery and rusqlite_migration.

#[path = "../../src/adoption.rs"]
pub mod adoption;

/// A temporary directory with a database path in it (the file does not
/// exist yet).
pub fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("app.db");
    (dir, path)
}

/// The history's directory in `layout` (`sqlx`, `refinery`, `schemaguard`).
pub fn fixture(layout: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/evidence")
        .join(layout)
}
