//! The arguments of a query macro: `[Type,] "SQL" [, arg]*`.

use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, LitStr, Path, Token};

/// Which macro was called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `query!`: rows as an anonymous struct.
    Query,
    /// `query_as!(Type, …)`: rows as the caller's struct.
    As,
    /// `query_scalar!`: one column, its value.
    Scalar,
}

/// A parsed call.
pub struct Call {
    /// The macro.
    pub kind: Kind,
    /// `query_as!`'s struct.
    pub target: Option<Path>,
    /// The SQL.
    pub sql: LitStr,
    /// The arguments, in order.
    pub args: Vec<Expr>,
}

/// Parses the tokens of a call.
pub fn parse(kind: Kind, tokens: TokenStream) -> syn::Result<Call> {
    let parser = |input: ParseStream<'_>| {
        let target = if kind == Kind::As {
            let path: Path = input.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected the struct to read rows into: `query_as!(User, \"SELECT …\", args…)`",
                )
            })?;
            input.parse::<Token![,]>()?;
            Some(path)
        } else {
            None
        };
        let sql: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the SQL as a string literal, e.g. `\"SELECT id FROM users WHERE id = ?1\"`",
            )
        })?;
        let mut args = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            args.push(input.parse::<Expr>()?);
        }
        Ok(Call {
            kind,
            target,
            sql,
            args,
        })
    };
    parser.parse2(tokens)
}
