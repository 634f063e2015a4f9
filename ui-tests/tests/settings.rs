//! `query!` and `schema!()` under other `[package.metadata.schemaguard]`
//! tables: each case's crate root is its own directory under `settings/`
//! (`SCHEMAGUARD_MANIFEST_DIR`), so the cases run one after the other.

#[test]
fn settings() {
    let here = env!("CARGO_MANIFEST_DIR");
    let cases = [
        ("bad_metadata", false),
        ("broken", false),
        ("elsewhere", false),
        ("no_base", true),
    ];
    for (name, passes) in cases {
        // SAFETY: set while no trybuild run is under way; each run waits
        // for its cargo child before the next value is set.
        unsafe {
            std::env::set_var(
                "SCHEMAGUARD_MANIFEST_DIR",
                format!("{here}/settings/{name}"),
            );
            std::env::set_var("SCHEMAGUARD_SQLITE_VERSION", "3.x.y");
        }
        let t = trybuild::TestCases::new();
        let case = format!("cases/settings/{name}.rs");
        if passes {
            t.pass(case);
        } else {
            t.compile_fail(case);
        }
    }
}
