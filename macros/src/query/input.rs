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
    /// `query_file!`/`query_file_as!`: `sql` is the path of a `.sql` file.
    pub from_file: bool,
    /// `query_as!`'s struct.
    pub target: Option<Path>,
    /// The SQL.
    pub sql: LitStr,
    /// The arguments, in order.
    pub args: Vec<Expr>,
}

/// Parses the tokens of a call.
pub fn parse(kind: Kind, from_file: bool, tokens: TokenStream) -> syn::Result<Call> {
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
            let expected = if from_file {
                "expected the path of a SQL file as a string literal, relative to Cargo.toml, e.g. `\"queries/user.sql\"`"
            } else {
                "expected the SQL as a string literal, e.g. `\"SELECT id FROM users WHERE id = ?1\"`"
            };
            syn::Error::new(e.span(), expected)
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
            from_file,
            target,
            sql,
            args,
        })
    };
    parser.parse2(tokens)
}
