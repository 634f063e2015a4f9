//! Compile errors about SQL files, rendered the way rustc renders its own.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::{FileId, SourceFile, floor_char_boundary};

/// Which macro argument an error belongs to: the error is shown at that
/// argument's span, since Rust cannot point into a SQL file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// `base = "…"`.
    Base,
    /// `migrations = "…"`.
    Migrations,
    /// The `i`-th entry of `functions = [...]`.
    Function(usize),
}

/// A place in a SQL file with a short label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The file.
    pub file: FileId,
    /// Bytes of the file the label points at.
    pub span: Range<usize>,
    /// What is there ("defined again here").
    pub text: String,
}

/// One compile error: what is wrong, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The macro argument the error is reported on.
    pub anchor: Anchor,
    /// One line naming the problem.
    pub title: String,
    /// Places in SQL files; the first is the primary one.
    pub labels: Vec<Label>,
    /// Extra facts (`= note: …`).
    pub notes: Vec<String>,
    /// How to fix it (`= help: …`).
    pub help: String,
}

impl Diagnostic {
    /// An error with no location inside a SQL file yet.
    pub fn new(anchor: Anchor, title: impl Into<String>, help: impl Into<String>) -> Self {
        Diagnostic {
            anchor,
            title: title.into(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: help.into(),
        }
    }

    /// Adds a labelled place; the first one added is the primary place.
    pub fn label(mut self, file: FileId, span: Range<usize>, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            file,
            span,
            text: text.into(),
        });
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The text of the compile error: the title, then every place with its
    /// quoted SQL line and caret, then notes and the `help:` line. Without
    /// colours, so it reads the same in a terminal, an editor and a test.
    pub fn render(&self, files: &[SourceFile]) -> String {
        let mut group = Group::with_title(Level::ERROR.primary_title(&self.title));
        for (i, label) in self.labels.iter().enumerate() {
            let Some(file) = files.get(label.file) else {
                continue;
            };
            let kind = if i == 0 {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            let span = clamp(&file.text, &label.span);
            group = group.element(
                Snippet::source(file.text.as_str())
                    .path(file.path.as_str())
                    .annotation(kind.span(span).label(label.text.as_str())),
            );
        }
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        group = group.element(Level::HELP.message(self.help.as_str()));
        let report: [Group<'_>; 1] = [group];
        let rendered = Renderer::plain().render(&report);
        // rustc prints "error: " in front of a compile_error! message itself.
        rendered
            .strip_prefix("error: ")
            .unwrap_or(&rendered)
            .to_string()
    }
}

/// A non-empty span on character boundaries inside `text`, so a caret
/// always has something to point at.
fn clamp(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start);
    let mut end = floor_char_boundary(text, span.end.max(start));
    if end == start {
        end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    start..end
}

/// Collects every error of one analysis, like serde's `Ctxt`: rules keep
/// going after a finding, and all of them are reported at the end.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records one error.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The errors, in the order found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }

    /// The errors so far.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_both_places_with_carets_and_help() {
        let files = vec![
            SourceFile::new(
                "schema.sql",
                "CREATE TABLE t(a);\nCREATE INDEX i ON t(a);\n",
            ),
            SourceFile::new("migrations/002_x.sql", "\nCREATE INDEX i ON t(a);\n"),
        ];
        let d = Diagnostic::new(
            Anchor::Migrations,
            "index `i` is created twice",
            "remove one",
        )
        .label(1, 14..15, "created again here")
        .label(0, 32..33, "first created here");
        let text = d.render(&files);
        assert!(text.starts_with("index `i` is created twice\n"), "{text}");
        assert!(text.contains("--> migrations/002_x.sql:2:14"), "{text}");
        assert!(text.contains("::: schema.sql:2:14"), "{text}");
        assert!(text.contains("help: remove one"), "{text}");
        assert!(text.contains("^ created again here"), "{text}");
    }

    #[test]
    fn empty_and_out_of_range_spans_still_render() {
        let files = vec![SourceFile::new("a.sql", "é")];
        let d = Diagnostic::new(Anchor::Base, "t", "h")
            .label(0, 1..1, "here")
            .label(0, 50..60, "past the end")
            .label(7, 0..1, "no such file");
        let text = d.render(&files);
        assert!(text.contains("a.sql:1:1"), "{text}");
    }
}
