//! `-- schemaguard: …` directives on arbitrary text, read both as a
//! migration and as the base schema.
//!
//! Beyond "never panics": every diagnostic's labels point inside the file
//! on character boundaries, every diagnostic renders with a `help:` line,
//! and every `replaces` name lies inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemaguard_core::diagnostic::{Anchor, Diagnostics};
use schemaguard_core::directive::{Context, Directives};
use schemaguard_core::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let source = SourceFile::new("migrations/001_m.sql", &text);
    for is_base in [false, true] {
        check(&source, is_base);
    }
});

fn check(source: &SourceFile, is_base: bool) {
    let mut diags = Diagnostics::default();
    let cx = Context {
        file: 0,
        is_base,
        anchor: if is_base {
            Anchor::Base
        } else {
            Anchor::Migrations
        },
    };
    let directives = Directives::parse(source, cx, &mut diags);
    let text = &source.text;
    for name in &directives.replaces {
        let span = &name.span;
        assert!(
            span.start < span.end && span.end <= text.len(),
            "replaces name {name:?} outside the file"
        );
        let _ = &text[span.clone()];
    }
    if is_base {
        assert!(
            !directives.rerunnable && directives.replaces.is_empty(),
            "migration-only directive accepted in the base schema"
        );
    }
    let files = std::slice::from_ref(source);
    for d in diags.as_slice() {
        for label in &d.labels {
            assert_eq!(label.file, 0, "label in another file: {d:?}");
            let span = &label.span;
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "label {span:?} outside the file ({} bytes): {d:?}",
                text.len()
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "label {span:?} splits a character: {d:?}"
            );
        }
        let rendered = d.render(files);
        assert!(rendered.contains("help:"), "no help line in:\n{rendered}");
    }
}
