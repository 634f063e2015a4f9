//! Phase 1: the macro's arguments, `base = "…"` (or `base = none`),
//! `migrations = "…"`, `layout = "…"`, `functions = ["…"]`, every mistake
//! reported at its own span.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use schemaguard_core::layout::Layout;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

/// The parsed arguments; a missing path argument takes its default.
pub struct Args {
    /// `base = "…"`, if given.
    pub base: Option<LitStr>,
    /// `base = none`: the `none` token, if given.
    pub no_base: Option<Ident>,
    /// `migrations = "…"`, if given.
    pub migrations: Option<LitStr>,
    /// `functions = [...]`.
    pub functions: Vec<LitStr>,
    /// `layout = "…"`, if given.
    pub layout: Option<Layout>,
}

const KEYS: [&str; 4] = ["base", "migrations", "layout", "functions"];

impl Args {
    /// The base schema path and the span errors about it go to.
    pub fn base(&self) -> (String, Span) {
        let default = self
            .no_base
            .as_ref()
            .map_or_else(Span::call_site, Ident::span);
        self.base
            .as_ref()
            .map_or(("schema.sql".into(), default), |l| (l.value(), l.span()))
    }

    /// The migrations directory and the span errors about it go to.
    pub fn migrations(&self) -> (String, Span) {
        self.migrations
            .as_ref()
            .map_or(("migrations".into(), Span::call_site()), |l| {
                (l.value(), l.span())
            })
    }
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = Args {
            base: None,
            no_base: None,
            migrations: None,
            functions: Vec::new(),
            layout: None,
        };
        let mut seen: Vec<Ident> = Vec::new();
        let mut errors: Vec<syn::Error> = Vec::new();
        while !input.is_empty() {
            let key: Ident = input.parse().map_err(|e| {
                syn::Error::new(e.span(), "expected an argument: `base = \"…\"`, `migrations = \"…\"`, `layout = \"…\"` or `functions = [\"…\"]`")
            })?;
            input
                .parse::<Token![=]>()
                .map_err(|e| syn::Error::new(e.span(), format!("expected `=` after `{key}`")))?;
            let mut value = TokenStream::new();
            while !input.is_empty() && !input.peek(Token![,]) {
                value.extend([input.parse::<TokenTree>()?]);
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
            if seen.contains(&key) {
                errors.push(syn::Error::new(
                    key.span(),
                    format!("`{key}` is given twice"),
                ));
                continue;
            }
            seen.push(key.clone());
            let result = match key.to_string().as_str() {
                "base" => base_value(&key, value).map(|v| match v {
                    Ok(path) => args.base = Some(path),
                    Err(none) => args.no_base = Some(none),
                }),
                "layout" => layout_value(&key, value).map(|v| args.layout = Some(v)),
                "migrations" => path_value(&key, value).map(|v| args.migrations = Some(v)),
                "functions" => functions_value(&key, value).map(|v| args.functions = v),
                other => Err(unknown_key(&key, other)),
            };
            if let Err(e) = result {
                errors.push(e);
            }
        }
        match errors.into_iter().reduce(|mut a, b| {
            a.combine(b);
            a
        }) {
            Some(e) => Err(e),
            None => Ok(args),
        }
    }
}

fn unknown_key(key: &Ident, name: &str) -> syn::Error {
    let close = schemaguard_core::suggest::closest(name, &KEYS);
    let hint = match close {
        Some(k) => format!("; did you mean `{k}`?"),
        None => String::new(),
    };
    syn::Error::new(
        key.span(),
        format!(
            "unknown argument `{name}`: expected `base`, `migrations`, `layout` or `functions`{hint}"
        ),
    )
}

fn value_span(key: &Ident, value: &TokenStream) -> Span {
    value
        .clone()
        .into_iter()
        .next()
        .map_or(key.span(), |t| t.span())
}

/// A message with rustc's `= help:` line under it.
fn with_help(message: &str, help: &str) -> String {
    format!("{message}\n  = help: {help}")
}

/// `base = "…"` (`Ok`) or `base = none` (`Err` holding `none`).
fn base_value(key: &Ident, value: TokenStream) -> syn::Result<Result<LitStr, Ident>> {
    if let Ok(word) = syn::parse2::<Ident>(value.clone()) {
        if word == "none" {
            return Ok(Err(word));
        }
        return Err(syn::Error::new(
            word.span(),
            with_help(
                &format!("`base` takes a path as a string literal, or `none`; `{word}` is neither"),
                "write `base = none` (lowercase, without quotes) when the project has no base schema and its first migration creates the tables, or `base = \"schema.sql\"` to read a base schema file",
            ),
        ));
    }
    path_value(key, value).map(Ok)
}

/// `layout = "sqlx"`: one of the layouts `schemaguard_core::layout` knows.
fn layout_value(key: &Ident, value: TokenStream) -> syn::Result<Layout> {
    let span = value_span(key, &value);
    let names = Layout::ALL.map(|l| format!("\"{}\"", l.name())).join(", ");
    let help = format!(
        "`layout` is one of {names}; leave it out to detect the layout from the file names"
    );
    let word = match syn::parse2::<LitStr>(value.clone()) {
        Ok(lit) => lit,
        Err(_) => {
            let shown = value.to_string();
            return Err(syn::Error::new(
                span,
                with_help(
                    &format!(
                        "`layout` takes a tool's name as a string literal, e.g. `layout = \"sqlx\"`; found `{shown}`"
                    ),
                    &help,
                ),
            ));
        }
    };
    if let Some(layout) = Layout::from_name(&word.value()) {
        return Ok(layout);
    }
    let candidates = Layout::ALL.map(Layout::name);
    let hint = schemaguard_core::suggest::closest(&word.value(), &candidates)
        .map_or(String::new(), |c| format!("; did you mean \"{c}\"?"));
    Err(syn::Error::new(
        word.span(),
        with_help(&format!("unknown layout \"{}\"{hint}", word.value()), &help),
    ))
}

fn path_value(key: &Ident, value: TokenStream) -> syn::Result<LitStr> {
    let span = value_span(key, &value);
    let lit = syn::parse2::<LitStr>(value).map_err(|_| {
        syn::Error::new(
            span,
            format!(
                "`{key}` takes a path as a string literal, e.g. `{key} = \"{}\"`",
                if key == "base" {
                    "schema.sql"
                } else {
                    "migrations"
                }
            ),
        )
    })?;
    if lit.value().trim().is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            format!("`{key}` is an empty path"),
        ));
    }
    Ok(lit)
}

fn functions_value(key: &Ident, value: TokenStream) -> syn::Result<Vec<LitStr>> {
    let span = value_span(key, &value);
    let expected = || {
        syn::Error::new(
            span,
            "`functions` takes a list of string literals, e.g. `functions = [\"vec_length\"]`",
        )
    };
    let mut trees = value.into_iter();
    let (Some(TokenTree::Group(group)), None) = (trees.next(), trees.next()) else {
        return Err(expected());
    };
    if group.delimiter() != Delimiter::Bracket {
        return Err(expected());
    }
    let list = Punctuated::<LitStr, Token![,]>::parse_terminated
        .parse2(group.stream())
        .map_err(|e| {
            syn::Error::new(
                e.span(),
                "`functions` takes a list of string literals, e.g. `functions = [\"vec_length\"]`",
            )
        })?;
    Ok(list.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse(tokens: TokenStream) -> Result<Args, String> {
        syn::parse2::<Args>(tokens).map_err(|e| {
            e.into_iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
    }

    fn error(tokens: TokenStream) -> String {
        match parse(tokens) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        }
    }

    #[test]
    fn defaults() {
        let a = parse(quote!()).unwrap();
        assert_eq!(a.base().0, "schema.sql");
        assert_eq!(a.migrations().0, "migrations");
        assert!(a.functions.is_empty());
    }

    #[test]
    fn all_arguments_trailing_comma() {
        let a = parse(quote!(
            migrations = "db/m",
            base = "db/s.sql",
            functions = ["f", "g"],
        ))
        .unwrap();
        assert_eq!(a.base().0, "db/s.sql");
        assert_eq!(a.migrations().0, "db/m");
        assert_eq!(a.functions.len(), 2);
    }

    #[test]
    fn every_mistake_is_reported() {
        let e = error(quote!(
            base = 5,
            bsae = "x",
            migrations = "a",
            migrations = "b",
            functions = "f"
        ));
        assert_eq!(
            e,
            "`base` takes a path as a string literal, e.g. `base = \"schema.sql\"` | \
             unknown argument `bsae`: expected `base`, `migrations`, `layout` or `functions`; did you mean `base`? | \
             `migrations` is given twice | \
             `functions` takes a list of string literals, e.g. `functions = [\"vec_length\"]`"
        );
    }

    #[test]
    fn base_none_and_layouts() {
        let a = parse(quote!(base = none, layout = "refinery")).unwrap();
        assert!(a.no_base.is_some() && a.base.is_none());
        assert_eq!(a.layout, Some(Layout::Refinery));
        for l in Layout::ALL {
            let name = l.name();
            assert_eq!(parse(quote!(layout = #name)).unwrap().layout, Some(l));
        }
        assert_eq!(parse(quote!()).unwrap().layout, None);
    }

    #[test]
    fn a_misspelt_none_or_layout_says_what_to_write() {
        for wrong in [
            quote!(base = None),
            quote!(base = NONE),
            quote!(base = null),
        ] {
            let e = error(wrong);
            assert!(
                e.starts_with("`base` takes a path as a string literal, or `none`; `"),
                "{e}"
            );
            assert!(
                e.contains("= help: write `base = none` (lowercase, without quotes)"),
                "{e}"
            );
        }
        let e = error(quote!(layout = "Refinery"));
        assert!(
            e.starts_with("unknown layout \"Refinery\"; did you mean \"refinery\"?"),
            "{e}"
        );
        assert!(
            e.ends_with("leave it out to detect the layout from the file names"),
            "{e}"
        );
        let e = error(quote!(layout = sqlx));
        assert!(
            e.starts_with("`layout` takes a tool's name as a string literal"),
            "{e}"
        );
        assert_eq!(
            error(quote!(base = none, base = "x")),
            "`base` is given twice"
        );
    }

    #[test]
    fn missing_values_and_equals() {
        assert!(error(quote!(base =)).contains("`base` takes a path"));
        assert_eq!(error(quote!(base "x")), "expected `=` after `base`");
        assert!(error(quote!("schema.sql")).starts_with("expected an argument"));
        assert_eq!(error(quote!(base = "")), "`base` is an empty path");
        assert!(parse(quote!(functions = [1])).is_err());
    }
}
