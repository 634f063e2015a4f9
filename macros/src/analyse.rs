//! Phase 2: find the files and run the analysis (all of it lives in
//! `schemaguard-core`, where it is unit tested without a macro).

use std::path::PathBuf;

use schemaguard_core::analysis::{Analysis, Options, analyse};
use schemaguard_core::files::Input;

use crate::args::Args;

/// Overrides `CARGO_MANIFEST_DIR` as the root of relative paths. Test
/// harnesses that compile code in a scratch crate (trybuild) set it to the
/// directory that holds their SQL fixtures; applications never need it.
pub const ROOT_OVERRIDE: &str = "SCHEMAGUARD_MANIFEST_DIR";

/// The directory relative paths start from.
pub fn root() -> Result<PathBuf, String> {
    std::env::var_os(ROOT_OVERRIDE)
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .ok_or_else(|| "CARGO_MANIFEST_DIR is not set: build the crate with cargo".to_string())
}

/// Runs the analysis the arguments describe.
pub fn run(args: &Args, root: PathBuf) -> Analysis {
    let input = Input {
        root,
        base: args.base().0,
        migrations: args.migrations().0,
    };
    let functions: Vec<String> = args.functions.iter().map(|f| f.value()).collect();
    analyse(&input, &functions, Options::default())
}
