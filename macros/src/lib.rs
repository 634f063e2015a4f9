//! The `schema!` macro of [schemaguard](https://docs.rs/schemaguard).
//! Depend on `schemaguard`, which re-exports it.
//!
//! The macro is thin: `args` parses the arguments, `analyse` hands the
//! files to `schemaguard-core`, `expand` turns the result into a
//! `Schema` or into `compile_error!`s.

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;

mod analyse;
mod args;
mod expand;
mod query;
mod settings;

/// See `schemaguard::schema!`.
#[proc_macro]
pub fn schema(input: TokenStream) -> TokenStream {
    let args = match syn::parse::<args::Args>(input) {
        Ok(args) => args,
        Err(e) => {
            let errors = e.to_compile_error();
            return quote!({ #errors ::schemaguard::Schema::__invalid() }).into();
        }
    };
    let root = match analyse::root() {
        Ok(root) => root,
        Err(message) => return invalid(Span::call_site(), &message),
    };
    let args = match settings::with_metadata(args, &root) {
        Ok(args) => args,
        Err(errors) => return quote!({ #errors ::schemaguard::Schema::__invalid() }).into(),
    };
    // The analysis never panics on any input we know of; if it ever does,
    // the user gets a compile error that asks for a report, not an ICE-like
    // "proc macro panicked".
    let expanded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let expansion = analyse::run(&args, root);
        expand::expand(&args, &expansion)
    }));
    match expanded {
        Ok(tokens) => tokens.into(),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            invalid(
                Span::call_site(),
                &format!(
                    "schemaguard failed while analysing the SQL files: {what}\n  = help: this is a bug in schemaguard; please report it with the SQL files that trigger it"
                ),
            )
        }
    }
}

fn invalid(span: Span, message: &str) -> TokenStream {
    let error = expand::compile_error(span, message);
    quote!({ #error ::schemaguard::Schema::__invalid() }).into()
}

/// See `schemaguard::query!`.
#[proc_macro]
pub fn query(input: TokenStream) -> TokenStream {
    query::run(query::Kind::Query, false, input.into()).into()
}

/// See `schemaguard::query_as!`.
#[proc_macro]
pub fn query_as(input: TokenStream) -> TokenStream {
    query::run(query::Kind::As, false, input.into()).into()
}

/// See `schemaguard::query_scalar!`.
#[proc_macro]
pub fn query_scalar(input: TokenStream) -> TokenStream {
    query::run(query::Kind::Scalar, false, input.into()).into()
}

/// See `schemaguard::query_file!`.
#[proc_macro]
pub fn query_file(input: TokenStream) -> TokenStream {
    query::run(query::Kind::Query, true, input.into()).into()
}

/// See `schemaguard::query_file_as!`.
#[proc_macro]
pub fn query_file_as(input: TokenStream) -> TokenStream {
    query::run(query::Kind::As, true, input.into()).into()
}
