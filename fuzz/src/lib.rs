//! Helpers shared by the fuzz targets: skipping known bugs.
//!
//! libFuzzer stops at the first crash, and a shallow bug is found again
//! within seconds, hiding whatever lies behind it. So once a bug is found,
//! minimised and pinned by an `#[ignore = "bug: …"]` test in
//! `core/tests/fuzz_regressions.rs`, add a filter below that recognises the
//! inputs (or, for the `analysis` target, the diagnostic) that hit it: the
//! targets skip those and a run can go on to find the next bug. Delete the
//! filter when the fix lands. Set `SCHEMAGUARD_FUZZ_KNOWN=1` to run every
//! input anyway (to check a fix).
//!
//! History: bug 1 (`form_text` slicing inside a non-ASCII character before
//! `(`) was skipped here until its fix, 32a125e; bugs 2 and 3 needed no
//! filter (the fuzzer did not reach them on its own).

use std::sync::OnceLock;

/// A filter on an input's text (each file, for `analysis`): whether it hits
/// a known bug.
type InputFilter = fn(&str) -> bool;

/// Known bugs an input's text hits, with a one-line name each.
const KNOWN_INPUTS: &[(&str, InputFilter)] = &[];

/// Known bugs the `analysis` target sees as a diagnostic (by its title)
/// that its checks refuse, such as "this is a bug in schemaguard".
const KNOWN_DIAGNOSTICS: &[(&str, InputFilter)] = &[];

/// Whether known bugs are skipped (`SCHEMAGUARD_FUZZ_KNOWN` unset or `0`).
fn skipping() -> bool {
    static SKIP: OnceLock<bool> = OnceLock::new();
    *SKIP.get_or_init(|| std::env::var("SCHEMAGUARD_FUZZ_KNOWN").map_or(true, |v| v == "0"))
}

/// The known bug `text` would hit, if any and if known bugs are skipped.
pub fn known_bug(text: &str) -> Option<&'static str> {
    if !skipping() {
        return None;
    }
    KNOWN_INPUTS
        .iter()
        .find(|(_, hits)| hits(text))
        .map(|(name, _)| *name)
}

/// The known bug a diagnostic titled `title` is, if any and if known bugs
/// are skipped.
pub fn known_diagnostic(title: &str) -> Option<&'static str> {
    if !skipping() {
        return None;
    }
    KNOWN_DIAGNOSTICS
        .iter()
        .find(|(_, hits)| hits(title))
        .map(|(name, _)| *name)
}
