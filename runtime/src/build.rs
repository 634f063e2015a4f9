//! Helpers for the application's `build.rs`.
//!
//! `schema!` tells cargo about every file it read, so editing one re-runs
//! the check. Adding or removing a migration file is invisible to a macro on
//! stable Rust; one line in `build.rs` makes cargo watch the directory:
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     schemaguard::build::watch_migrations("migrations");
//! }
//! ```
//!
//! with `schemaguard` also listed under `[build-dependencies]`.
#![allow(clippy::needless_doctest_main)]

/// Tells cargo to rebuild the crate (and so re-run `schema!`) whenever a
/// file in `dir` is added, removed or changed. `dir` is relative to the
/// crate's directory, like `schema!`'s `migrations` argument.
pub fn watch_migrations(dir: &str) {
    println!("cargo:rerun-if-changed={dir}");
}
