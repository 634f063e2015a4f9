//! Property tests for the SQL text layer (lexer, splitter, names,
//! checksums) and for the analysis as a whole.
//!
//! Each property states an invariant the rest of the crate relies on:
//! byte offsets that always slice, statement boundaries that agree with
//! SQLite's own `sqlite3_complete`, name keys that ignore quoting, checksums
//! that ignore layout but not content, and an analysis that never panics.
//!
//! Case counts are explicit and modest so the whole file runs in a few
//! seconds in a debug build. Failures are not persisted to
//! `proptest-regressions/`: a failing case is printed, shrunk, in full.

use std::ffi::CString;
use std::ops::Range;
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

use schemaguard_core::analysis::{Options, analyse_files};
use schemaguard_core::checksum::checksum;
use schemaguard_core::files::SqlFile;
use schemaguard_core::sql::lexer::{Token, TokenKind, tokenize};
use schemaguard_core::sql::name::{quote_identifier, read_name, unquote};
use schemaguard_core::sql::split::Script;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A proptest configuration with `cases` cases and no regression files
/// (this test file must stay the only file the tests write).
fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// `sqlite3_complete(sql)`, or `None` when `sql` holds a NUL (SQLite would
/// stop reading there, so the answer would be about a different text).
fn sqlite_complete(sql: &str) -> Option<bool> {
    let c = CString::new(sql).ok()?;
    // SAFETY: `c` is a valid NUL-terminated string that outlives the call;
    // `sqlite3_complete` only reads it and needs no initialised library.
    Some(unsafe { rusqlite::ffi::sqlite3_complete(c.as_ptr()) } != 0)
}

/// Every token that is not whitespace or a comment.
fn significant(source: &str) -> Vec<Token> {
    tokenize(source).filter(|t| !t.kind.is_trivia()).collect()
}

/// Pieces that stress the lexer and splitter: openers without closers,
/// keywords of `sqlite3_complete`'s state machine, odd bytes and line ends.
#[rustfmt::skip]
const ADVERSARIAL: &[&str] = &[
    "'", "''", "\"", "\"\"", "[", "]", "`", "x'", "X'", "x'0A'", "/*", "*/",
    "--", "-", "/", "*", ";", ";", ";", "\n", "\r\n", "\r", "\t", "\x0c", "\x0b", "\0", " ",
    "END", "end", "CREATE", "TEMP", "TEMPORARY", "TRIGGER", "BEGIN", "EXPLAIN", "CASE", "WHEN",
    "THEN", "é", "ß", "😀", "\u{feff}", "\u{2028}", "0x", "0x1F", "1_000", "1_", "1e", "1e+",
    ".5", "1.", "$", ":", "?", "?1", "@", "#", "->>", "->", "<>", "<=", "||", "!", "!=", "==",
    "_", "a", "T", "(", ")", ",", ".", "=", "%", "&", "~",
];

/// One piece of adversarial soup.
fn adversarial_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(ADVERSARIAL).prop_map(str::to_owned),
        2 => any::<char>().prop_map(String::from),
        1 => "\\PC{0,6}",
        1 => "[a-zA-Z_][a-zA-Z0-9_$]{0,6}",
        1 => "[0-9][0-9a-fA-FxX._eE+-]{0,5}",
    ]
}

/// Arbitrary text built mostly from [`ADVERSARIAL`] pieces.
fn adversarial_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(adversarial_piece(), 0..40).prop_map(|v| v.concat())
}

/// Either fully arbitrary text or adversarial soup.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), adversarial_text()]
}

// ---------------------------------------------------------------------------
// 1. The lexer
// ---------------------------------------------------------------------------

/// Checks that `tokenize(source)` tiles `source` exactly.
fn check_tokens(source: &str) -> Result<(), TestCaseError> {
    let mut pos = 0;
    for token in tokenize(source) {
        prop_assert_eq!(token.start, pos, "gap or overlap before {:?}", token);
        prop_assert!(token.start < token.end, "empty token {:?}", token);
        prop_assert!(token.end <= source.len(), "token past the end {:?}", token);
        prop_assert!(
            source.is_char_boundary(token.start) && source.is_char_boundary(token.end),
            "token {:?} splits a character",
            token
        );
        prop_assert_eq!(token.span(), token.start..token.end);
        if token.kind == TokenKind::Unterminated {
            prop_assert_eq!(token.end, source.len(), "unterminated token stops early");
        }
        let _ = token.text(source);
        pos = token.end;
    }
    prop_assert_eq!(pos, source.len(), "tokens do not reach the end");
    Ok(())
}

proptest! {
    #![proptest_config(config(1024))]

    /// The lexer never panics and its tokens tile the input: contiguous,
    /// non-empty, covering every byte, on character boundaries. Every span
    /// the crate reports (statements, names, diagnostics) is a union of
    /// tokens, so this is what keeps `&text[span]` from panicking.
    #[test]
    fn tokens_tile_the_input(source in any_text()) {
        check_tokens(&source)?;
    }
}

// ---------------------------------------------------------------------------
// 2. The splitter
// ---------------------------------------------------------------------------

/// Checks the structural invariants of `Script::parse(source)`.
fn check_script(source: &str) -> Result<(), TestCaseError> {
    let script = Script::parse(source);
    prop_assert_eq!(&script.tokens, &significant(source));
    let tokens = &script.tokens;
    let mut prev_span_end = 0;
    let mut prev_tokens_end = 0;
    for s in &script.statements {
        prop_assert!(s.span.start < s.span.end, "empty statement {:?}", s);
        prop_assert!(prev_span_end <= s.span.start, "statements overlap: {:?}", s);
        prop_assert!(source.is_char_boundary(s.span.start));
        prop_assert!(source.is_char_boundary(s.span.end));
        prop_assert!(
            s.tokens.start < s.tokens.end,
            "statement without tokens {:?}",
            s
        );
        prop_assert!(prev_tokens_end <= s.tokens.start);
        prop_assert!(s.tokens.end <= tokens.len());
        // Nothing but empty statements lies between two statements.
        for t in &tokens[prev_tokens_end..s.tokens.start] {
            prop_assert_eq!(
                t.kind,
                TokenKind::Semicolon,
                "token dropped between statements"
            );
        }
        prop_assert_eq!(s.span.start, tokens[s.tokens.start].start);
        // It ends at its closing `;`, or at the last token of the file.
        let closed_by_semicolon = tokens
            .get(s.tokens.end)
            .is_some_and(|t| t.kind == TokenKind::Semicolon && t.end == s.span.end);
        let runs_to_the_end =
            s.tokens.end == tokens.len() && tokens[tokens.len() - 1].end == s.span.end;
        prop_assert!(
            closed_by_semicolon || runs_to_the_end,
            "bad statement end {:?}",
            s
        );
        prop_assert_eq!(script.tokens_of(s), &tokens[s.tokens.clone()]);

        // The statement's own text is one statement with the same tokens:
        // the replay runs exactly this text.
        let text = &source[s.span.clone()];
        let again = Script::parse(text);
        prop_assert_eq!(again.statements.len(), 1, "{:?} re-splits", text);
        prop_assert_eq!(again.statements[0].span.clone(), 0..text.len());
        prop_assert_eq!(again.statements[0].tokens.len(), s.tokens.len());

        prev_span_end = s.span.end;
        prev_tokens_end = if closed_by_semicolon {
            s.tokens.end + 1
        } else {
            s.tokens.end
        };
    }
    for t in &tokens[prev_tokens_end.min(tokens.len())..] {
        prop_assert_eq!(
            t.kind,
            TokenKind::Semicolon,
            "token dropped after the last statement"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    /// `Script::parse` never panics; its statements are ordered,
    /// non-overlapping, on character boundaries, cover every significant
    /// token except empty `;`s, and each statement's text splits again into
    /// exactly that one statement.
    ///
    /// No exception is needed for the re-split: a statement starts in the
    /// state machine's start state, its tokens are lexed the same in
    /// isolation (no token depends on what precedes it), and no `;` inside
    /// it returned to the start state, or it would have ended there.
    #[test]
    fn statements_are_well_formed(source in any_text()) {
        check_script(&source)?;
    }

    /// The same on generated SQL, which has many more triggers and
    /// semicolons in odd places than random text.
    #[test]
    fn generated_statements_are_well_formed(sql in generated_sql()) {
        check_script(&sql.text)?;
    }
}

// ---------------------------------------------------------------------------
// A grammar of SQL fragments (properties 3 and 5)
// ---------------------------------------------------------------------------

/// One token of generated SQL.
#[derive(Clone, Debug)]
enum Tok {
    /// An unquoted keyword or identifier: its case may change freely.
    Word(String),
    /// A string literal, by its (unescaped) contents.
    Str(String),
    /// Written verbatim: punctuation, numbers, blobs, quoted identifiers.
    Lit(String),
}

impl Tok {
    fn render(&self) -> String {
        match self {
            Tok::Word(w) | Tok::Lit(w) => w.clone(),
            Tok::Str(s) => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// Whether nothing can glue to this token when written without a space.
    fn is_standalone(&self) -> bool {
        matches!(self, Tok::Lit(p) if matches!(p.as_str(), "(" | ")" | "," | ";"))
    }
}

fn w(s: &str) -> Tok {
    Tok::Word(s.to_owned())
}

fn l(s: &str) -> Tok {
    Tok::Lit(s.to_owned())
}

fn words(s: &str) -> Vec<Tok> {
    s.split_whitespace()
        .map(|p| {
            if p.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
                w(p)
            } else {
                l(p)
            }
        })
        .collect()
}

/// What makes quoted text tricky: it would end a statement, a trigger, a
/// quoted run or start a comment if it were code.
const TRICKY: &[&str] = &[
    ";", "END", "end;", "'", "\"", "`", "[", "--", "/*", "*/", "; END;", "é",
];

/// Text for quoted identifiers and strings: `;`, `END`, quotes of every
/// kind and comment markers, never a line break.
fn tricky_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => "[a-zA-Z0-9 _]{1,3}",
            1 => select(TRICKY).prop_map(str::to_owned),
        ],
        0..5,
    )
    .prop_map(|v| v.concat())
}

/// A table, column or object name, bare or quoted in any of SQLite's ways.
fn name() -> impl Strategy<Value = Tok> {
    prop_oneof![
        4 => "[a-z_][a-z0-9_]{0,6}".prop_map(Tok::Word),
        1 => select(&["end", "END", "temp", "Trigger", "create", "explain", "begin", "case"][..])
            .prop_map(w),
        1 => tricky_text().prop_map(|s| Tok::Lit(format!("\"{}\"", s.replace('"', "\"\"")))),
        1 => tricky_text().prop_map(|s| Tok::Lit(format!("`{}`", s.replace('`', "``")))),
        1 => tricky_text().prop_map(|s| Tok::Lit(format!("[{}]", s.replace(']', "")))),
    ]
}

/// An expression, with `CASE … END` (whose `END` must not end a trigger).
fn expr() -> impl Strategy<Value = Vec<Tok>> {
    let leaf = prop_oneof![
        name().prop_map(|n| vec![n]),
        tricky_text().prop_map(|s| vec![Tok::Str(s)]),
        select(&["1", "42", "0x1F", "1.5e3", "x'0A'", "NULL", "?1"][..]).prop_map(|s| vec![l(s)]),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(a, b, c)| {
                let mut v = words("CASE WHEN");
                v.extend(a);
                v.push(w("THEN"));
                v.extend(b);
                v.push(w("ELSE"));
                v.extend(c);
                v.push(w("END"));
                v
            }),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| {
                let mut v = vec![w("CASE")];
                v.extend(a);
                v.extend(words("WHEN 1 THEN"));
                v.extend(b);
                v.push(w("END"));
                v
            }),
            (inner.clone(), inner).prop_map(|(a, b)| {
                let mut v = vec![l("(")];
                v.extend(a);
                v.push(l("+"));
                v.extend(b);
                v.push(l(")"));
                v
            }),
        ]
    })
}

/// A statement inside a trigger body, with its `;`.
fn body_statement() -> impl Strategy<Value = Vec<Tok>> {
    prop_oneof![
        (name(), name(), expr(), name(), expr()).prop_map(|(t, c, e, c2, e2)| {
            let mut v = vec![w("UPDATE"), t, w("SET"), c, l("=")];
            v.extend(e);
            v.extend([w("WHERE"), c2, l("=")]);
            v.extend(e2);
            v.push(l(";"));
            v
        }),
        (name(), expr(), expr()).prop_map(|(t, a, b)| {
            let mut v = vec![w("INSERT"), w("INTO"), t, w("VALUES"), l("(")];
            v.extend(a);
            v.push(l(","));
            v.extend(b);
            v.extend([l(")"), l(";")]);
            v
        }),
        (name(), name(), expr()).prop_map(|(t, c, e)| {
            let mut v = vec![w("DELETE"), w("FROM"), t, w("WHERE"), c, l("=")];
            v.extend(e);
            v.push(l(";"));
            v
        }),
        expr().prop_map(|e| {
            let mut v = vec![w("SELECT")];
            v.extend(e);
            v.push(l(";"));
            v
        }),
    ]
}

/// A top-level statement, with its closing `;`.
fn statement() -> impl Strategy<Value = Vec<Tok>> {
    let table = (name(), name(), name(), tricky_text(), expr()).prop_map(|(t, a, b, d, e)| {
        let mut v = vec![w("CREATE"), w("TABLE"), t, l("("), a, w("TEXT")];
        v.extend([
            w("DEFAULT"),
            Tok::Str(d),
            l(","),
            b,
            w("INT"),
            w("CHECK"),
            l("("),
        ]);
        v.extend(e);
        v.extend([l(")"), l(")"), l(";")]);
        v
    });
    let index = (any::<bool>(), name(), name(), name()).prop_map(|(unique, i, t, c)| {
        let mut v = vec![w("CREATE")];
        if unique {
            v.push(w("UNIQUE"));
        }
        v.extend([w("INDEX"), w("IF"), w("NOT"), w("EXISTS"), i, w("ON"), t]);
        v.extend([l("("), c, l(")"), l(";")]);
        v
    });
    let view = (any::<bool>(), name(), expr(), name()).prop_map(|(temp, n, e, t)| {
        let mut v = vec![w("CREATE")];
        if temp {
            v.push(w("TEMP"));
        }
        v.extend([w("VIEW"), n, w("AS"), w("SELECT")]);
        v.extend(e);
        v.extend([w("FROM"), t, l(";")]);
        v
    });
    let trigger = (
        select(&["", "TEMP", "TEMPORARY", "temp"][..]),
        name(),
        select(&["AFTER INSERT", "BEFORE DELETE", "AFTER UPDATE OF a"][..]),
        name(),
        proptest::option::of(expr()),
        proptest::collection::vec(body_statement(), 1..4),
    )
        .prop_map(|(temp, n, event, t, when, body)| {
            let mut v = vec![w("CREATE")];
            v.extend(words(temp));
            v.extend([w("TRIGGER"), n]);
            v.extend(words(event));
            v.extend([w("ON"), t, w("FOR"), w("EACH"), w("ROW")]);
            if let Some(e) = when {
                v.push(w("WHEN"));
                v.extend(e);
            }
            v.push(w("BEGIN"));
            v.extend(body.into_iter().flatten());
            v.extend([w("END"), l(";")]);
            v
        });
    let data = prop_oneof![
        body_statement(),
        Just(words("BEGIN ;")),
        Just(words("END TRANSACTION ;")),
        Just(words("COMMIT ;")),
        name().prop_map(|n| vec![w("DROP"), w("TABLE"), w("IF"), w("EXISTS"), n, l(";")]),
    ];
    let plain = prop_oneof![3 => trigger, 1 => table, 1 => index, 1 => view, 2 => data];
    (
        select(&["", "", "", "EXPLAIN", "EXPLAIN QUERY PLAN"][..]),
        plain,
    )
        .prop_map(|(ex, s)| {
            let mut v = words(ex);
            v.extend(s);
            v
        })
}

/// Layout between tokens: whitespace and comments holding what would end
/// a statement if it were code. Comments are padded with spaces so that
/// they never glue to a neighbour (`-` then `--`).
const SEPARATORS: &[&str] = &[
    "",
    " ",
    " ",
    "\n",
    "\t",
    "\r\n",
    "\x0c",
    "  \n  ",
    " /* ; */ ",
    " /* END; */ ",
    " /**/ ",
    " /* ' \" ` [ */ ",
    " -- ; END;\n",
    " --\n",
    "\n-- schemaguard: replaces x\n",
    " /* é */ ",
];

/// Generated SQL and where its statements are.
#[derive(Clone, Debug)]
struct Generated {
    /// The text.
    text: String,
    /// For each statement: its span and the end of its first token.
    statements: Vec<(Range<usize>, usize)>,
    /// Whether the last statement has its closing `;`.
    terminated: bool,
}

/// How to lay out a list of statements.
#[derive(Clone, Debug)]
struct Layout {
    /// Separators, used in turn; `""` only where no token can glue.
    separators: Vec<&'static str>,
    /// Case changes for the letters of unquoted words, used in turn.
    flips: Vec<bool>,
    /// Empty statements (`;`) written after each statement, in turn.
    extra_semicolons: Vec<u8>,
}

impl Layout {
    /// One space between tokens, case as generated, no empty statements.
    fn plain() -> Self {
        Layout {
            separators: vec![" "],
            flips: vec![false],
            extra_semicolons: vec![0],
        }
    }
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        proptest::collection::vec(select(SEPARATORS), 1..24),
        proptest::collection::vec(any::<bool>(), 1..16),
        proptest::collection::vec(prop_oneof![4 => Just(0u8), 1 => 1..3u8], 1..6),
    )
        .prop_map(|(separators, flips, extra_semicolons)| Layout {
            separators,
            flips,
            extra_semicolons,
        })
}

/// Writes `statements` out with `layout`; drops the last statement's `;`
/// (and any empty ones after it) unless `terminated`.
fn render(statements: &[Vec<Tok>], layout: &Layout, terminated: bool) -> Generated {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut seps = layout.separators.iter().cycle();
    let mut flips = layout.flips.iter().cycle();
    let mut extras = layout.extra_semicolons.iter().cycle();
    let mut prev: Option<Tok> = None;
    let mut push = |text: &mut String, tok: &Tok, prev: &mut Option<Tok>| {
        if let Some(p) = prev {
            let sep = *seps.next().unwrap();
            let glue_ok = p.is_standalone() || tok.is_standalone();
            text.push_str(if sep.is_empty() && !glue_ok { " " } else { sep });
        }
        let rendered = match tok {
            Tok::Word(word) => word
                .chars()
                .map(|c| {
                    if c.is_ascii_alphabetic() && *flips.next().unwrap() {
                        if c.is_ascii_lowercase() {
                            c.to_ascii_uppercase()
                        } else {
                            c.to_ascii_lowercase()
                        }
                    } else {
                        c
                    }
                })
                .collect(),
            _ => tok.render(),
        };
        text.push_str(&rendered);
        *prev = Some(tok.clone());
    };
    for (i, statement) in statements.iter().enumerate() {
        let last = i + 1 == statements.len();
        let toks = if last && !terminated {
            &statement[..statement.len() - 1]
        } else {
            &statement[..]
        };
        let mut start = 0;
        let mut first_end = 0;
        for (j, tok) in toks.iter().enumerate() {
            push(&mut text, tok, &mut prev);
            if j == 0 {
                first_end = text.len();
                start = first_end - tok.render().len();
            }
        }
        spans.push((start..text.len(), first_end));
        let extra = *extras.next().unwrap();
        if !last || terminated {
            for _ in 0..extra {
                push(&mut text, &l(";"), &mut prev);
            }
        }
    }
    Generated {
        text,
        statements: spans,
        terminated,
    }
}

/// Statements from the grammar, and whether the last one is terminated.
fn statements() -> impl Strategy<Value = (Vec<Vec<Tok>>, bool)> {
    (
        proptest::collection::vec(statement(), 1..6),
        prop_oneof![4 => Just(true), 1 => Just(false)],
    )
}

/// Generated SQL with a random layout.
fn generated_sql() -> impl Strategy<Value = Generated> {
    (statements(), layout()).prop_map(|((s, terminated), lay)| render(&s, &lay, terminated))
}

// ---------------------------------------------------------------------------
// 3. Agreement with sqlite3_complete
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(160))]

    /// The splitter ends statements exactly where SQLite's own
    /// `sqlite3_complete` says a statement is complete: the replay runs
    /// each statement alone, and the runtime relies on the same split, so
    /// a disagreement would run half a trigger or two statements at once.
    ///
    /// - the statements are the generated ones, at the generated spans;
    /// - every prefix through the k-th statement's closing `;` is complete;
    /// - every prefix cut inside a statement (after its first token, up to
    ///   just before its `;`, at any character boundary) is not complete;
    /// - at each `;` token, `sqlite3_complete` flips from false to true
    ///   exactly once per terminated statement, and a prefix ending at a
    ///   `;` is complete exactly when no statement straddles that point.
    #[test]
    fn splitter_agrees_with_sqlite3_complete(sql in generated_sql()) {
        let text = &sql.text;
        prop_assume!(!text.contains('\0'));
        let complete = |end: usize| sqlite_complete(&text[..end]).unwrap();
        let script = Script::parse(text);
        let spans: Vec<Range<usize>> = script.statements.iter().map(|s| s.span.clone()).collect();
        let expected: Vec<Range<usize>> = sql.statements.iter().map(|(r, _)| r.clone()).collect();
        prop_assert_eq!(&spans, &expected, "split differs from the generated statements");

        let n = sql.statements.len();
        for (k, (span, first_end)) in sql.statements.iter().enumerate() {
            let closed = k + 1 < n || sql.terminated;
            prop_assert_eq!(
                complete(span.end),
                closed,
                "prefix through statement {} ({:?})",
                k + 1,
                &text[..span.end]
            );
            let last_inside = if closed { span.end - 1 } else { span.end };
            for cut in (*first_end..=last_inside).filter(|&c| text.is_char_boundary(c)) {
                prop_assert!(
                    !complete(cut),
                    "prefix cut inside statement {}: {:?}",
                    k + 1,
                    &text[..cut]
                );
            }
        }

        let mut flips = 0;
        for t in tokenize(text).filter(|t| t.kind == TokenKind::Semicolon) {
            let before = complete(t.start);
            let after = complete(t.end);
            if after && !before {
                flips += 1;
            }
            let straddled = spans.iter().any(|s| s.start < t.end && t.end < s.end);
            prop_assert_eq!(after, !straddled, "prefix through the `;` at {}", t.start);
        }
        prop_assert_eq!(flips, n - usize::from(!sql.terminated));
    }
}

/// Words and phrases that drive `sqlite3_complete`'s state machine, to be
/// put in any order, and tokens that hide `;` or keywords from it.
#[rustfmt::skip]
const STATE_WORDS: &[&str] = &[
    "EXPLAIN", "explain", "EXPLAIN QUERY PLAN", "CREATE", "create", "CREATE TRIGGER",
    "CREATE TEMP TRIGGER", "TEMP", "temporary", "TRIGGER", "trigger", "END", "end", "; END ;",
    "BEGIN", "CASE", ";", ";", ";", "x", "1", "?1", "$end", "(", ")", "'a;b'", "'END;'",
    "\"END;\"", "[;]", "`;`", "x'00'",
];

/// Soup of [`STATE_WORDS`] separated by whitespace or comments.
///
/// Known, deliberate difference: the splitter runs `sqlite3_complete`'s
/// state machine over SQLite's real tokens, while `sqlite3_complete` has a
/// simpler tokenizer of its own that splits `:create` or `1.end` so that a
/// keyword appears. The two disagree only on SQL the parser rejects, so
/// such tokens are left out here.
fn state_soup() -> impl Strategy<Value = String> {
    let sep = select(&[" ", "\n", " /* ; */ ", " -- END;\n"][..]);
    proptest::collection::vec((select(STATE_WORDS), sep), 0..24).prop_map(|v| {
        let mut text = String::new();
        for (word, sep) in v {
            text.push_str(word);
            text.push_str(sep);
        }
        text
    })
}

/// Checks that a prefix of `source` ending at a `;` token is complete for
/// SQLite exactly when no statement of `Script::parse` is cut there.
fn check_complete_at_semicolons(source: &str) -> Result<(), TestCaseError> {
    let script = Script::parse(source);
    let tokens = &script.tokens;
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Semicolon) {
        let cut = script.statements.iter().any(|s| {
            let terminated = tokens
                .get(s.tokens.end)
                .is_some_and(|c| c.kind == TokenKind::Semicolon && c.end == s.span.end);
            (s.span.start < t.end && t.end < s.span.end) || (s.span.end == t.end && !terminated)
        });
        let Some(complete) = sqlite_complete(&source[..t.end]) else {
            continue;
        };
        prop_assert_eq!(complete, !cut, "prefix {:?}", &source[..t.end]);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    /// Beyond valid SQL: for any order of the words that drive the state
    /// machine (`EXPLAIN END TEMP CREATE ; TRIGGER …`), a prefix ending at
    /// a `;` is complete for SQLite exactly when the splitter ends a
    /// statement (or an empty one) there.
    #[test]
    fn splitter_agrees_with_sqlite3_complete_on_keyword_soup(source in state_soup()) {
        check_complete_at_semicolons(&source)?;
    }
}

// ---------------------------------------------------------------------------
// 4. Names
// ---------------------------------------------------------------------------

/// Reads the name at the start of `source`, which must use every token.
fn name_of(source: &str) -> Result<schemaguard_core::sql::name::Name, TestCaseError> {
    let tokens = significant(source);
    let Some((name, used)) = read_name(&tokens, source) else {
        return Err(TestCaseError::fail(format!("no name in {source:?}")));
    };
    prop_assert_eq!(used, tokens.len(), "{:?} not read whole", source);
    Ok(name)
}

/// A bare identifier: letters, digits, `_`, `$`, with non-ASCII letters
/// only inside (see `bare_non_ascii_names_are_read` for the edges).
fn bare_identifier() -> impl Strategy<Value = String> {
    "[a-zA-Z_]([a-zA-Z0-9_$éÉßα]{0,9}[a-zA-Z0-9_$])?"
}

/// A bare identifier that starts or ends with a non-ASCII letter.
fn bare_identifier_with_non_ascii_edge() -> impl Strategy<Value = String> {
    prop_oneof![
        "[éÉßα😀][a-zA-Z0-9_$éÉßα]{0,6}",
        "[a-zA-Z_][a-zA-Z0-9_$éÉßα]{0,6}[éÉßα😀]",
    ]
}

/// Any text at all, or text full of quotes and statement ends.
fn any_identifier() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), tricky_text()]
}

/// Every way of writing `ident` that SQLite reads as the same name.
fn spellings(ident: &str, bare: bool) -> Vec<String> {
    let dq = format!("\"{}\"", ident.replace('"', "\"\""));
    let bt = format!("`{}`", ident.replace('`', "``"));
    let mut out = vec![dq.clone(), bt.clone()];
    if !ident.contains(']') {
        out.push(format!("[{ident}]"));
    }
    if bare {
        out.push(ident.to_owned());
    }
    let plain = out.clone();
    for schema in ["main", "MAIN", "\"main\"", "[Main]", "`mAin`"] {
        for form in &plain {
            out.push(format!("{schema}.{form}"));
        }
    }
    out.push(format!("main /* . */ .\n{dq}"));
    out
}

proptest! {
    #![proptest_config(config(256))]

    /// `x`, `"x"`, `[x]`, `` `x` `` and `main.x` all name the same object:
    /// the key is the ASCII-lower-case unquoted text, `main.` is dropped,
    /// and the whole spelling is consumed. Rules 1–3 compare these keys, so
    /// a difference would let a quoted re-definition slip through.
    #[test]
    fn spellings_of_a_bare_name_share_a_key(ident in bare_identifier()) {
        for spelling in spellings(&ident, true) {
            let name = name_of(&spelling)?;
            prop_assert_eq!(&name.text, &ident, "{:?}", spelling);
            prop_assert_eq!(name.key(), ident.to_ascii_lowercase(), "{:?}", spelling);
            prop_assert_eq!(name.schema.clone(), None, "{:?}", spelling);
            prop_assert_eq!(name.span.clone(), 0..spelling.len(), "{:?}", spelling);
        }
    }

    /// The same for any text at all, in its quoted spellings: doubled
    /// quotes unescape, brackets keep everything.
    #[test]
    fn spellings_of_a_quoted_name_share_a_key(ident in any_identifier()) {
        for spelling in spellings(&ident, false) {
            let name = name_of(&spelling)?;
            prop_assert_eq!(&name.text, &ident, "{:?}", spelling);
            prop_assert_eq!(name.key(), ident.to_ascii_lowercase(), "{:?}", spelling);
            prop_assert_eq!(name.schema.clone(), None, "{:?}", spelling);
        }
        let temp = name_of(&format!("temp.{}", quote_identifier(&ident)))?;
        prop_assert!(temp.is_temp());
        prop_assert_eq!(&temp.text, &ident);
    }

    /// `quote_identifier` output is one quoted-identifier token that
    /// unquotes to the input: the replay builds SQL with it, so any name
    /// round-trips, however odd.
    #[test]
    fn quote_identifier_round_trips(ident in any_identifier()) {
        let quoted = quote_identifier(&ident);
        let tokens: Vec<Token> = tokenize(&quoted).collect();
        prop_assert_eq!(tokens.len(), 1, "{:?} is not one token", quoted);
        prop_assert_eq!(tokens[0].kind, TokenKind::QuotedIdent);
        prop_assert_eq!(tokens[0].span(), 0..quoted.len());
        prop_assert_eq!(unquote(&quoted), ident);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Bare identifiers that start or end with a non-ASCII letter (`café`,
    /// `élan`) are read like any other: SQLite accepts them unquoted.
    ///
    /// Bug: `unquote` slices `text[1..len - 1]` before it looks at the first
    /// and last bytes, so a bare word whose first or last character is
    /// multi-byte panics with "byte index … is not a char boundary".
    #[test]
    fn bare_non_ascii_names_are_read(ident in bare_identifier_with_non_ascii_edge()) {
        for spelling in spellings(&ident, true) {
            let name = name_of(&spelling)?;
            prop_assert_eq!(&name.text, &ident, "{:?}", spelling);
            prop_assert_eq!(name.key(), ident.to_ascii_lowercase(), "{:?}", spelling);
        }
    }
}

/// The same bug through the whole analysis: a valid base schema with a
/// non-ASCII table name makes the analysis (and so the proc macro) panic
/// instead of succeeding with no errors.
#[test]
fn analysis_accepts_non_ascii_names() {
    let analysis = analyse_files(
        files("CREATE TABLE café (naïve TEXT);", &[]),
        &[],
        Options::default(),
    );
    let sources = analysis.sources();
    let rendered: Vec<String> = analysis
        .diagnostics
        .iter()
        .map(|d| d.render(&sources))
        .collect();
    assert!(rendered.is_empty(), "{rendered:#?}");
}

// ---------------------------------------------------------------------------
// 5. Checksums
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    /// The checksum the runtime stores ignores layout: whitespace and
    /// comments between tokens, the case of unquoted words, CRLF line ends
    /// and a BOM. A reformatted or re-saved migration must not look edited.
    #[test]
    fn checksum_ignores_layout(
        (stmts, terminated) in statements(),
        lay in layout(),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let plain = render(&stmts, &Layout::plain(), terminated).text;
        // Empty statements are tokens, not layout: keep them out.
        let lay = Layout { extra_semicolons: vec![0], ..lay };
        let mut varied = render(&stmts, &lay, terminated).text;
        if crlf {
            varied = varied.replace('\n', "\r\n");
        }
        if bom {
            varied.insert(0, '\u{feff}');
        }
        prop_assert_eq!(checksum(&plain), checksum(&varied), "{:?} vs {:?}", plain, varied);
    }

    /// Changing what a string literal holds changes the checksum: it
    /// changes the data the migration writes.
    #[test]
    fn checksum_sees_string_contents(
        (mut stmts, terminated) in statements(),
        pick in any::<prop::sample::Index>(),
        new in tricky_text(),
    ) {
        let plain = render(&stmts, &Layout::plain(), terminated).text;
        let strings: Vec<(usize, usize)> = stmts
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                s.iter()
                    .enumerate()
                    .filter(|(_, t)| matches!(t, Tok::Str(_)))
                    .map(move |(j, _)| (i, j))
            })
            .collect();
        prop_assume!(!strings.is_empty());
        let (i, j) = strings[pick.index(strings.len())];
        let Tok::Str(old) = &stmts[i][j] else { unreachable!() };
        prop_assume!(*old != new);
        stmts[i][j] = Tok::Str(new);
        let changed = render(&stmts, &Layout::plain(), terminated).text;
        prop_assert_ne!(checksum(&plain), checksum(&changed), "{:?} vs {:?}", plain, changed);
    }
}

// ---------------------------------------------------------------------------
// 6. The whole analysis
// ---------------------------------------------------------------------------

/// Pieces of SQL-ish soup for whole files: keywords, names, punctuation,
/// literals, directives, whole statements, and some broken bits. No
/// `ATTACH` or `VACUUM INTO`: the replay must not touch the disk.
#[rustfmt::skip]
const SOUP: &[&str] = &[
    "CREATE", "TABLE", "INDEX", "VIEW", "TRIGGER", "TEMP", "UNIQUE", "IF", "NOT",
    "EXISTS", "ON", "AS", "SELECT", "FROM", "WHERE", "INSERT", "INTO", "VALUES", "UPDATE",
    "SET", "DELETE", "DROP", "ALTER", "RENAME", "TO", "ADD", "COLUMN", "BEGIN", "END", "COMMIT",
    "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA", "foreign_keys", "user_version",
    "journal_mode", "CASE", "WHEN", "THEN", "ELSE", "PRIMARY", "KEY", "AUTOINCREMENT", "CHECK",
    "COLLATE", "NOCASE", "REFERENCES", "DEFAULT", "GENERATED", "ALWAYS", "STORED", "INTEGER",
    "TEXT", "WITHOUT", "ROWID", "STRICT", "VIRTUAL", "USING", "fts5", "AFTER", "BEFORE",
    "INSTEAD", "OF", "FOR", "EACH", "ROW", "EXPLAIN", "WITH", "REPLACE", "REINDEX", "ANALYZE",
    "t", "u", "a", "b", "main", "temp", "\"T\"", "[a b]", "`c`", "main.t", "temp.t", "t.a", "(",
    ")", "(", ")", ",", ".", "=", "*", "+", "-", ";", ";", ";", ";", "'x'", "'a;b'", "'END'",
    "1", "0", "42", "x'00'", "?", "lower(b)", "nosuchfn(1)", "-- c\n", "/* ; */", "\n",
    "-- schemaguard: replaces t\n", "-- schemaguard: replaces a, \"b\"\n",
    "-- schemaguard: no-transaction\n", "-- schemaguard: rerunnable\n",
    "-- schemaguard: foreign-keys-off\n", "-- schemaguard: bogus\n", "--schemaguard:replaces\n",
    "/* schemaguard: rerunnable */", "CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);",
    "CREATE INDEX i ON t(b);", "ALTER TABLE t ADD COLUMN c TEXT;", "DROP TABLE t;",
    "CREATE VIEW v AS SELECT a FROM t;",
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET b = 'x'; END;",
    "INSERT INTO t VALUES (1, 'a');", "ALTER TABLE t RENAME TO u;",
    "ALTER TABLE t RENAME COLUMN b TO c;", "ALTER TABLE t DROP COLUMN b;", "BEGIN;", "COMMIT;",
    "PRAGMA foreign_keys = OFF;", "CREATE TEMP TABLE x(a);", "CREATE TABLE u (a REFERENCES t);",
    "'", "\"", "[", "/*", "é", "\0", "\r\n", "\u{feff}", "#", "😀",
];

/// A whole file of soup, maybe behind a BOM; some pieces are words with
/// non-ASCII edges, often where a name is read.
fn soup_file() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => select(SOUP).prop_map(str::to_owned),
        1 => adversarial_piece(),
        1 => (
            select(&["", "SELECT ", "CREATE TABLE ", "PRAGMA ", "DROP VIEW "][..]),
            bare_identifier_with_non_ascii_edge(),
        )
            .prop_map(|(head, word)| format!("{head}{word}")),
    ];
    (
        prop_oneof![4 => Just(""), 1 => Just("\u{feff}")],
        proptest::collection::vec((piece, select(&[" ", " ", " ", "", "\n"][..])), 0..30),
    )
        .prop_map(|(bom, v)| {
            let mut text = bom.to_owned();
            for (piece, sep) in v {
                text.push_str(&piece);
                text.push_str(sep);
            }
            text
        })
}

/// The base schema and migrations `1..` as in-memory files.
fn files(base: &str, migrations: &[String]) -> Vec<SqlFile> {
    let numbered: Vec<(u64, &str)> = migrations
        .iter()
        .enumerate()
        .map(|(i, sql)| (i as u64 + 1, sql.as_ref()))
        .collect();
    schemaguard_core::files::in_memory(base, &numbered)
}

/// Why an analysis run failed the property.
#[derive(Debug)]
enum RunFailure {
    /// The analysis thread panicked (its message is printed above).
    Panicked,
    /// It had not returned when the time ran out.
    TimedOut,
}

/// Runs the analysis on another thread and renders every diagnostic, so
/// that a hang is reported instead of stalling the test run.
fn analyse_and_render(files: Vec<SqlFile>, limit: Duration) -> Result<Vec<String>, RunFailure> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let options = Options {
            statement_timeout: Duration::from_secs(2),
        };
        let analysis = analyse_files(files, &[], options);
        let sources = analysis.sources();
        let rendered: Vec<String> = analysis
            .diagnostics
            .iter()
            .map(|d| d.render(&sources))
            .collect();
        let _ = tx.send(rendered);
    });
    rx.recv_timeout(limit).map_err(|e| match e {
        // The thread dropped its sender without sending: it panicked.
        mpsc::RecvTimeoutError::Disconnected => RunFailure::Panicked,
        mpsc::RecvTimeoutError::Timeout => RunFailure::TimedOut,
    })
}

/// Checks that the analysis of `base` and `migrations` returns in time and
/// that every diagnostic renders with a `help:` line.
fn check_analysis(base: &str, migrations: &[String]) -> Result<(), TestCaseError> {
    let rendered = analyse_and_render(files(base, migrations), Duration::from_secs(30))
        .map_err(|e| TestCaseError::fail(format!("the analysis failed: {e:?}")))?;
    for text in rendered {
        prop_assert!(!text.is_empty(), "empty diagnostic");
        prop_assert!(text.contains("help:"), "no help line in:\n{}", text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    /// The analysis never panics and always returns, whatever the files
    /// hold (it once panicked on `SELECT é`), and every error it reports
    /// renders with a `help:` line: the proc macro must turn any project
    /// into compile errors, never an ICE or a hang.
    #[test]
    fn analysis_survives_soup(
        base in soup_file(),
        migrations in proptest::collection::vec(soup_file(), 0..=3),
    ) {
        check_analysis(&base, &migrations)?;
    }
}
