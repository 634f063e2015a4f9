//! Phase 2: find the files and run the analysis, or take it from the cache
//! (all of it lives in `schemaguard-core`, where it is unit tested without
//! a macro).

use std::path::PathBuf;

use schemaguard_core::analysis::Options;
use schemaguard_core::cache::{self, Location};
use schemaguard_core::expansion::Expansion;
use schemaguard_core::files::Input;

use crate::args::Args;

/// Overrides `CARGO_MANIFEST_DIR` as the root of relative paths. Test
/// harnesses that compile code in a scratch crate (trybuild) set it to the
/// directory that holds their SQL fixtures; applications never need it.
pub const ROOT_OVERRIDE: &str = "SCHEMAGUARD_MANIFEST_DIR";

/// Where the analysis cache lives: a directory, or `off`. By default, this
/// crate's `OUT_DIR`, in the build directory of the project being built.
pub const CACHE_DIR: &str = "SCHEMAGUARD_CACHE_DIR";

/// The directory relative paths start from.
pub fn root() -> Result<PathBuf, String> {
    std::env::var_os(ROOT_OVERRIDE)
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .ok_or_else(|| "CARGO_MANIFEST_DIR is not set: build the crate with cargo".to_string())
}

/// The expansion the arguments describe.
pub fn run(args: &Args, root: PathBuf) -> Expansion {
    let input = Input {
        root,
        base: args.base().0,
        migrations: args.migrations().0,
        no_base: args.no_base.is_some(),
        layout: args.layout,
    };
    let functions: Vec<String> = args.functions.iter().map(|f| f.value()).collect();
    let dir = cache_dir();
    cache::expansion(&input, &functions, Options::default(), location(&dir))
}

/// The cache directory: [`CACHE_DIR`], else this crate's `OUT_DIR`.
pub fn cache_dir() -> PathBuf {
    std::env::var_os(CACHE_DIR)
        .filter(|d| !d.is_empty())
        .map_or_else(|| PathBuf::from(env!("OUT_DIR")), PathBuf::from)
}

/// The cache at `dir`, or none when it is `off`.
pub fn location(dir: &std::path::Path) -> Location<'_> {
    if dir.as_os_str() == "off" {
        Location::Off
    } else {
        Location::Disk(dir)
    }
}
