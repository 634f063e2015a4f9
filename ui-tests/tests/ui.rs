//! Every compile error `schema!` can give, as the user sees it.
//!
//! trybuild compiles each case in a scratch crate under `target/`, where
//! `CARGO_MANIFEST_DIR` is not this directory. `SCHEMAGUARD_MANIFEST_DIR`
//! makes the macro resolve `sql/...` paths from here instead, so the cases
//! and their `.stderr` snapshots show the same short paths a user would see.
//!
//! Messages that quote SQLite name its version ("SQLite 3.54.1 rejects …");
//! `SCHEMAGUARD_SQLITE_VERSION` shows it as `3.x.y` here, so upgrading
//! rusqlite does not rewrite the snapshots. The core unit tests check the
//! real version.

#[test]
fn ui() {
    // SAFETY: set before trybuild starts any thread or child process.
    unsafe {
        std::env::set_var("SCHEMAGUARD_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
        std::env::set_var("SCHEMAGUARD_SQLITE_VERSION", "3.x.y");
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("cases/fail/*.rs");
    t.pass("cases/pass/*.rs");
}
