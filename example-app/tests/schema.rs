// tests/schema.rs
#[test]
fn schema() {
    // trybuild compiles each case as a crate of its own under target/tests/trybuild/,
    // whose CARGO_MANIFEST_DIR is not this crate's: schema! paths start here instead.
    // SAFETY: set before trybuild starts any thread or process.
    unsafe { std::env::set_var("SCHEMAGUARD_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR")) };
    let t = trybuild::TestCases::new();
    t.pass("tests/schema/current.rs");
    t.compile_fail("tests/schema/broken_*.rs");
}
