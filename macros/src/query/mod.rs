//! `query!`, `query_as!` and `query_scalar!`: parse the call, check the
//! SQL against the final schema (all of it in `schemaguard_core::query`),
//! then expand to a `schemaguard::query::Query`.

mod arguments;
mod expand;
mod input;
mod source;

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

pub use input::Kind;

/// The expansion of one call, or its compile errors.
pub fn run(kind: Kind, from_file: bool, tokens: TokenStream) -> TokenStream {
    let call = match input::parse(kind, from_file, tokens) {
        Ok(call) => call,
        Err(e) => {
            // One error, so the expansion is a single expression.
            let first = e
                .into_iter()
                .next()
                .unwrap_or_else(|| syn::Error::new(Span::call_site(), "invalid arguments"));
            return first.to_compile_error();
        }
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| expand::expand(&call)));
    match outcome {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => e,
        Err(_) => error(
            Span::call_site(),
            "schemaguard failed while checking this query\n  = help: this is a bug in schemaguard; please report it with the query and the SQL files",
        ),
    }
}

/// A compile error as the whole expansion: rustc gives the expression an
/// error type, so no second error follows from the missing value (a
/// field read from its rows, a method called on it).
pub fn error(span: Span, message: &str) -> TokenStream {
    quote_spanned!(span=> ::core::compile_error! { #message })
}
