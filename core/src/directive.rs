//! `-- schemaguard: <directive>` lines at the top of a SQL file.
//!
//! A misspelt directive must not silently disable a check, so anything that
//! looks like a directive and is not a valid one is an error.

use crate::diagnostic::{Anchor, Diagnostic, Diagnostics};
use crate::source::{FileId, SourceFile};
use crate::sql::lexer::{TokenKind, tokenize};
use crate::sql::name::{Name, is_name_token, read_name};

/// The directives of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directives {
    /// `no-transaction`: run outside the migration transaction.
    pub no_transaction: bool,
    /// `foreign-keys-off`: turn enforcement off around the run.
    pub foreign_keys_off: bool,
    /// `rerunnable`: running the migration again is safe.
    pub rerunnable: bool,
    /// `replaces a, b`: base-schema objects this migration re-creates.
    pub replaces: Vec<Name>,
}

const KNOWN: [&str; 4] = [
    "no-transaction",
    "foreign-keys-off",
    "rerunnable",
    "replaces",
];
const PREFIX: &str = "schemaguard";

/// Where a directive may appear and what it is reported on.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    /// The file's id.
    pub file: FileId,
    /// Whether the file is the base schema.
    pub is_base: bool,
    /// The macro argument errors belong to.
    pub anchor: Anchor,
}

impl Directives {
    /// Reads the directives of `source`, reporting malformed ones.
    pub fn parse(source: &SourceFile, cx: Context, diags: &mut Diagnostics) -> Self {
        let text = &source.text;
        let mut directives = Directives::default();
        let mut before_first_statement = true;
        for token in tokenize(text) {
            let body = match token.kind {
                TokenKind::Space => continue,
                TokenKind::LineComment => &text[token.start + 2..token.end],
                TokenKind::BlockComment => {
                    let inner = text[token.start + 2..token.end].trim_end_matches("*/");
                    if mentions_prefix(inner) {
                        diags.push(
                            Diagnostic::new(
                                cx.anchor,
                                "schemaguard directives must be `--` line comments",
                                "write it on its own line as `-- schemaguard: <directive>`",
                            )
                            .label(
                                cx.file,
                                token.span(),
                                "this block comment is not read",
                            ),
                        );
                    }
                    continue;
                }
                _ => {
                    before_first_statement = false;
                    continue;
                }
            };
            if !mentions_prefix(body) {
                continue;
            }
            let offset = token.start + 2 + (body.len() - body.trim_start().len());
            if !before_first_statement {
                diags.push(
                    Diagnostic::new(
                        cx.anchor,
                        "schemaguard directive after the first statement",
                        "move it to the top of the file, before any statement: directives apply to the whole file",
                    )
                    .label(cx.file, token.span(), "this directive would be ignored here"),
                );
                continue;
            }
            directives.read_line(source, body.trim_start(), offset, token.span(), cx, diags);
        }
        directives
    }

    fn read_line(
        &mut self,
        source: &SourceFile,
        body: &str,
        offset: usize,
        line_span: std::ops::Range<usize>,
        cx: Context,
        diags: &mut Diagnostics,
    ) {
        let after_prefix = body[PREFIX.len()..].trim_start();
        let Some(rest) = after_prefix.strip_prefix(':') else {
            diags.push(
                Diagnostic::new(
                    cx.anchor,
                    "malformed schemaguard directive",
                    "write `-- schemaguard: <directive>`, with a colon after `schemaguard`",
                )
                .label(cx.file, line_span, "no `:` after `schemaguard`"),
            );
            return;
        };
        let rest_offset = offset + (body.len() - rest.len());
        let word_len = rest
            .trim_start()
            .find(char::is_whitespace)
            .unwrap_or(rest.trim_start().len());
        let word_start = rest_offset + (rest.len() - rest.trim_start().len());
        let word = &rest.trim_start()[..word_len];
        let word_span = word_start..word_start + word_len;
        match word {
            "no-transaction" => self.no_transaction = true,
            "foreign-keys-off" => self.foreign_keys_off = true,
            "rerunnable" | "replaces" if cx.is_base => {
                diags.push(
                    Diagnostic::new(
                        cx.anchor,
                        format!("`{word}` cannot be used in the base schema"),
                        format!("`{word}` describes a migration; remove it from the base schema"),
                    )
                    .label(
                        cx.file,
                        word_span,
                        "only migrations take this directive",
                    ),
                );
            }
            "rerunnable" => self.rerunnable = true,
            "replaces" => {
                let list_start = word_span.end;
                self.read_replaces(source, list_start, line_span.end, word_span, cx, diags);
            }
            _ => {
                let help = match crate::suggest::closest(word, &KNOWN) {
                    Some(known) => format!(
                        "did you mean `{known}`? The directives are: {}",
                        KNOWN.join(", ")
                    ),
                    None => format!("the directives are: {}", KNOWN.join(", ")),
                };
                let title = if word.is_empty() {
                    "empty schemaguard directive".to_string()
                } else {
                    format!("unknown schemaguard directive `{word}`")
                };
                let span = if word.is_empty() {
                    line_span
                } else {
                    word_span
                };
                diags.push(Diagnostic::new(cx.anchor, title, help).label(
                    cx.file,
                    span,
                    "not a directive",
                ));
                return;
            }
        }
        let trailing = source.text[word_start + word_len..line_span.end].trim();
        if word != "replaces" && !trailing.is_empty() {
            let start = line_span.end
                - source.text[word_start + word_len..line_span.end]
                    .trim_start()
                    .len();
            diags.push(
                Diagnostic::new(
                    cx.anchor,
                    format!("unexpected text after the `{word}` directive"),
                    "put one directive on each line, with nothing after it",
                )
                .label(cx.file, start..line_span.end, "unexpected"),
            );
        }
    }

    fn read_replaces(
        &mut self,
        source: &SourceFile,
        start: usize,
        end: usize,
        word_span: std::ops::Range<usize>,
        cx: Context,
        diags: &mut Diagnostics,
    ) {
        let text = &source.text[start..end];
        let tokens: Vec<_> = tokenize(text)
            .filter(|t| !t.kind.is_trivia())
            .map(|mut t| {
                t.start += start;
                t.end += start;
                t
            })
            .collect();
        let mut i = 0;
        let mut expect_name = true;
        while i < tokens.len() {
            let t = tokens[i];
            if expect_name && is_name_token(&t) {
                if let Some((name, used)) = read_name(&tokens[i..], &source.text) {
                    self.replaces.push(name);
                    i += used;
                    expect_name = false;
                    continue;
                }
            } else if !expect_name && t.text(&source.text) == "," {
                expect_name = true;
                i += 1;
                continue;
            }
            diags.push(
                Diagnostic::new(
                    cx.anchor,
                    "malformed `replaces` directive",
                    "list the replaced names separated by commas: `-- schemaguard: replaces idx_a, idx_b`",
                )
                .label(cx.file, t.span(), "expected a name here"),
            );
            return;
        }
        if expect_name && !tokens.is_empty() {
            let last = tokens[tokens.len() - 1];
            diags.push(
                Diagnostic::new(
                    cx.anchor,
                    "malformed `replaces` directive",
                    "list the replaced names separated by commas: `-- schemaguard: replaces idx_a, idx_b`",
                )
                .label(cx.file, last.span(), "a name should follow this comma"),
            );
        }
        if tokens.is_empty() {
            diags.push(
                Diagnostic::new(
                    cx.anchor,
                    "`replaces` names nothing",
                    "list the base-schema objects this migration re-creates: `-- schemaguard: replaces idx_a, idx_b`",
                )
                .label(cx.file, word_span, "expected names after this"),
            );
        }
    }
}

/// Whether a comment's text starts with the directive prefix.
fn mentions_prefix(body: &str) -> bool {
    let body = body.trim_start();
    body.get(..PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, is_base: bool) -> (Directives, Vec<Diagnostic>) {
        let source = SourceFile::new("m.sql", text);
        let mut diags = Diagnostics::default();
        let cx = Context {
            file: 0,
            is_base,
            anchor: Anchor::Migrations,
        };
        let d = Directives::parse(&source, cx, &mut diags);
        (d, diags.into_vec())
    }

    #[test]
    fn reads_every_directive() {
        let (d, errors) = parse(
            "-- schemaguard: no-transaction\n--schemaguard:foreign-keys-off\n-- SchemaGuard: rerunnable\n-- schemaguard: replaces idx_a, \"Idx_B\"\n-- an ordinary comment\nSELECT 1;",
            false,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert!(d.no_transaction && d.foreign_keys_off && d.rerunnable);
        let names: Vec<_> = d.replaces.iter().map(|n| n.key()).collect();
        assert_eq!(names, ["idx_a", "idx_b"]);
    }

    #[test]
    fn a_typo_is_an_error_with_a_suggestion() {
        let (d, errors) = parse("-- schemaguard: no-transactions\nSELECT 1;", false);
        assert!(!d.no_transaction);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].title,
            "unknown schemaguard directive `no-transactions`"
        );
        assert!(errors[0].help.starts_with("did you mean `no-transaction`?"));
        assert_eq!(errors[0].labels[0].span, 16..31);
    }

    #[test]
    fn directives_after_a_statement_are_errors() {
        let (d, errors) = parse("SELECT 1;\n-- schemaguard: no-transaction\n", false);
        assert!(!d.no_transaction);
        assert_eq!(
            errors[0].title,
            "schemaguard directive after the first statement"
        );
    }

    #[test]
    fn migration_only_directives_are_refused_in_the_base() {
        let (_, errors) = parse(
            "-- schemaguard: rerunnable\n-- schemaguard: replaces x\n",
            true,
        );
        assert_eq!(errors.len(), 2);
        let (d, errors) = parse("-- schemaguard: foreign-keys-off\n", true);
        assert!(errors.is_empty() && d.foreign_keys_off);
    }

    #[test]
    fn malformed_lines() {
        for text in [
            "-- schemaguard no-transaction",
            "-- schemaguard:",
            "-- schemaguard: replaces",
            "-- schemaguard: replaces a b",
            "-- schemaguard: replaces a,,b",
            "-- schemaguard: replaces a,",
            "-- schemaguard: rerunnable please",
            "/* schemaguard: no-transaction */",
        ] {
            let (_, errors) = parse(text, false);
            assert_eq!(errors.len(), 1, "{text}: {errors:?}");
        }
    }
}
