//! Phase 1: the macro's arguments, `base = "…", migrations = "…",
//! functions = ["…"]`, every mistake reported at its own span.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

/// The parsed arguments; a missing path argument takes its default.
pub struct Args {
    /// `base = "…"`, if given.
    pub base: Option<LitStr>,
    /// `migrations = "…"`, if given.
    pub migrations: Option<LitStr>,
    /// `functions = [...]`.
    pub functions: Vec<LitStr>,
}

const KEYS: [&str; 3] = ["base", "migrations", "functions"];

impl Args {
    /// The base schema path and the span errors about it go to.
    pub fn base(&self) -> (String, Span) {
        self.base
            .as_ref()
            .map_or(("schema.sql".into(), Span::call_site()), |l| {
                (l.value(), l.span())
            })
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
            migrations: None,
            functions: Vec::new(),
        };
        let mut seen: Vec<Ident> = Vec::new();
        let mut errors: Vec<syn::Error> = Vec::new();
        while !input.is_empty() {
            let key: Ident = input.parse().map_err(|e| {
                syn::Error::new(e.span(), "expected an argument: `base = \"…\"`, `migrations = \"…\"` or `functions = [\"…\"]`")
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
                "base" => path_value(&key, value).map(|v| args.base = Some(v)),
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
        format!("unknown argument `{name}`: expected `base`, `migrations` or `functions`{hint}"),
    )
}

fn value_span(key: &Ident, value: &TokenStream) -> Span {
    value
        .clone()
        .into_iter()
        .next()
        .map_or(key.span(), |t| t.span())
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
             unknown argument `bsae`: expected `base`, `migrations` or `functions`; did you mean `base`? | \
             `migrations` is given twice | \
             `functions` takes a list of string literals, e.g. `functions = [\"vec_length\"]`"
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
