//! Every compile error `schema!` can give, as the user sees it.
//!
//! trybuild compiles each case in a scratch crate under `target/`, where
//! `CARGO_MANIFEST_DIR` is not this directory. `SCHEMAGUARD_MANIFEST_DIR`
//! makes the macro resolve `sql/...` paths from here instead, so the cases
//! and their `.stderr` snapshots show the same short paths a user would see.

#[test]
fn ui() {
    // SAFETY: set before trybuild starts any thread or child process.
    unsafe { std::env::set_var("SCHEMAGUARD_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR")) };
    let t = trybuild::TestCases::new();
    t.compile_fail("cases/fail/*.rs");
    t.pass("cases/pass/*.rs");
}
