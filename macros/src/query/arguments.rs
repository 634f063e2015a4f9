//! The arguments of a query, each borrowed (the array they go into
//! makes each a `&dyn ToSql`). An argument whose parameter has a type
//! from its place in the SQL first goes through the runtime's check for
//! that type (`schemaguard::param::__integer(&arg)`, …), a call that
//! compiles only when the argument's Rust type has the marker: a
//! mismatch is rustc's error at the argument, with the marker's message.
//!
//! An argument written `value as _` skips the check: `value` is bound as
//! it is, the way to pass another crate's type (which cannot implement a
//! marker) or to opt out.
//!
//! One call into the runtime per argument, not items of its own: a
//! trait, impl and function per argument, which could quote the SQL in
//! the message, made `cargo check` of a crate with 200 queries a fifth
//! slower (243 against 200 ms, BENCHMARKS.md).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use schemaguard_core::query::Type;
use schemaguard_core::query::params::Expected;
use syn::Expr;
use syn::spanned::Spanned;

use super::input::Call;

/// The argument list of the `Query`, one borrow per argument.
pub fn bound(call: &Call, expected: &[Expected]) -> Vec<TokenStream> {
    call.args
        .iter()
        .enumerate()
        .map(|(k, a)| {
            if let Some(value) = unchecked(a) {
                return quote!(&(#value));
            }
            let check = expected
                .iter()
                .find(|e| e.index == k + 1)
                .and_then(|e| check(&e.ty, e.null));
            let Some(check) = check else {
                return quote!(&(#a));
            };
            // The call carries the argument's span: rustc puts its error
            // there. The cast: without it, the array's type would make
            // the check's generic `dyn ToSql`, which passes.
            let check = syn::Ident::new(check, a.span());
            quote_spanned! {a.span()=>
                ::schemaguard::param::#check(&(#a)) as &dyn ::schemaguard::rusqlite::ToSql
            }
        })
        .collect()
}

/// `value as _` (also inside a `macro_rules!`'s invisible group): the
/// value, to bind unchecked. The cast itself would not compile: `_`
/// cannot be inferred from a `&dyn ToSql`.
fn unchecked(arg: &Expr) -> Option<&Expr> {
    match arg {
        Expr::Group(g) => unchecked(&g.expr),
        Expr::Cast(c) if matches!(*c.ty, syn::Type::Infer(_)) => Some(&c.expr),
        _ => None,
    }
}

/// The runtime's check for a parameter of type `ty` (`null`: `Option`
/// accepted), if the type is one it checks.
fn check(ty: &Type, null: bool) -> Option<&'static str> {
    Some(match (ty, null) {
        (Type::I64, false) => "__integer",
        (Type::F64, false) => "__real",
        (Type::String, false) => "__text",
        (Type::Bytes, false) => "__blob",
        (Type::Bool, false) => "__boolean",
        (Type::I64, true) => "__integer_or_null",
        (Type::F64, true) => "__real_or_null",
        (Type::String, true) => "__text_or_null",
        (Type::Bytes, true) => "__blob_or_null",
        (Type::Bool, true) => "__boolean_or_null",
        (Type::Value | Type::Named(_), _) => return None,
    })
}
