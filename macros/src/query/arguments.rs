//! The arguments of a query, each borrowed (the array they go into
//! makes each a `&dyn ToSql`; a checked one is cast, since the check's
//! generic would otherwise be inferred as `dyn ToSql`); an argument
//! whose parameter has a type from its place in the SQL is first passed
//! through a check the compiler evaluates: its Rust type must implement
//! the `schemaguard::param` marker of that SQLite type, and a failure
//! is rustc's error at the argument, carrying the SQL with a caret.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use schemaguard_core::query::Type;
use schemaguard_core::query::errors;
use schemaguard_core::query::params::Expected;
use syn::spanned::Spanned;

use super::input::Call;

/// The argument list of the `Query`, one borrow per argument.
pub fn bound(
    call: &Call,
    expected: &[Expected],
    sql: &str,
    file: Option<&str>,
) -> Vec<TokenStream> {
    call.args
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let Some(e) = expected.iter().find(|e| e.index == k + 1) else {
                return quote!(&(#a));
            };
            let Some((marker, sqlite, rust)) = marker(&e.ty, e.null) else {
                return quote!(&(#a));
            };
            let message = message(e, k + 1, sqlite, rust, sql, file);
            let label = format!("expected {rust}, found `{{Self}}`");
            let check = quote_spanned!(a.span()=> __param);
            quote! {
                ({
                    #[diagnostic::on_unimplemented(message = #message, label = #label)]
                    trait __Param {}
                    impl<T: ::schemaguard::param::#marker + ?::core::marker::Sized> __Param for T {}
                    fn __param<T: __Param>(value: &T) -> &T { value }
                    #check
                })(&(#a)) as &dyn ::schemaguard::rusqlite::ToSql
            }
        })
        .collect()
}

/// The marker trait, the SQLite type's name and what Rust types it takes.
fn marker(ty: &Type, null: bool) -> Option<(syn::Ident, &'static str, &'static str)> {
    let (name, sqlite, rust) = match ty {
        Type::I64 => ("Integer", "INTEGER", "an integer (`i64`, `i32`, `u32`, …)"),
        Type::F64 => ("Real", "REAL", "a number (`f64`, `f32`, or an integer)"),
        Type::String => ("Text", "TEXT", "text (`&str`, `String`, …)"),
        Type::Bytes => ("Blob", "BLOB", "bytes (`&[u8]`, `Vec<u8>`, …)"),
        Type::Bool => ("Boolean", "BOOLEAN", "a `bool`"),
        Type::Value | Type::Named(_) => return None,
    };
    let ident = if null {
        format!("{name}OrNull")
    } else {
        name.to_string()
    };
    Some((
        syn::Ident::new(&ident, proc_macro2::Span::call_site()),
        sqlite,
        rust,
    ))
}

/// The text of the error rustc shows when the argument's type does not
/// fit: the SQL with the parameter marked, and what to pass.
fn message(
    e: &Expected,
    argument: usize,
    sqlite: &str,
    rust: &str,
    sql: &str,
    file: Option<&str>,
) -> String {
    const SELF: &str = "SCHEMAGUARD_SELF_TYPE";
    let parameter = &sql[e.span.clone()];
    let title = format!(
        "argument {argument} is `{SELF}`, but `{parameter}` is {}, which takes {sqlite} values",
        e.role
    );
    let label = format!("{} ({})", e.role, e.declared);
    let mut help = format!("pass {rust}");
    match &e.why_not_null {
        Some(why) => help.push_str(&format!("; not an `Option`: {why}")),
        None => help.push_str(", or an `Option` of one for NULL"),
    }
    let marker = sqlite[..1].to_string() + &sqlite[1..].to_ascii_lowercase();
    help.push_str(&format!(
        "; for a type of your own, implement `schemaguard::param::{marker}` for it, or pass `&value as &dyn ToSql`"
    ));
    let rendered = errors::at(sql, e.span.clone(), title, &label, help);
    let rendered = match file {
        Some(path) => errors::relabel(&rendered, path),
        None => rendered,
    };
    rendered
        .replace('{', "{{")
        .replace('}', "}}")
        .replace(SELF, "{Self}")
}
