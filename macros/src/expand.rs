//! Phase 3: the `Schema` value, or one `compile_error!` per finding. Both
//! include every file read, so editing one re-runs the macro.

use std::collections::HashSet;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use schemaguard_core::diagnostic::Anchor;
use schemaguard_core::expansion::{Expansion, MigrationData, Outcome};

use crate::args::Args;

/// Expands an analysis (cold or cached: both are the same value).
pub fn expand(args: &Args, expansion: &Expansion) -> TokenStream {
    // A migration's `include_str!` already makes cargo track its file.
    let included: HashSet<&str> = match &expansion.outcome {
        Outcome::Schema { migrations, .. } => migrations
            .iter()
            .filter_map(|m| m.path.as_deref())
            .collect(),
        Outcome::Errors(_) => HashSet::new(),
    };
    let tracking = expansion
        .tracked
        .iter()
        .filter(|path| !included.contains(&path.as_str()))
        .map(|path| {
            quote!(
                const _: &[u8] = ::core::include_bytes!(#path);
            )
        });
    let tracking = quote!(#(#tracking)*);
    match &expansion.outcome {
        Outcome::Errors(errors) => {
            let errors = errors
                .iter()
                .map(|(anchor, message)| compile_error(anchor_span(args, *anchor), message));
            quote!({
                #tracking
                #(#errors)*
                ::schemaguard::Schema::__invalid()
            })
        }
        Outcome::Schema {
            migrations,
            snapshots,
            history,
            chain,
        } => {
            let m_len = migrations.len();
            let migrations = migrations.iter().map(migration);
            quote!({
                #tracking
                static MIGRATIONS: [::schemaguard::Migration; #m_len] = [#(#migrations),*];
                ::schemaguard::Schema::__new(&MIGRATIONS, #snapshots, #history, #chain)
            })
        }
    }
}

/// `compile_error!` at `span`.
pub fn compile_error(span: Span, message: &str) -> TokenStream {
    quote_spanned!(span=> ::core::compile_error! { #message };)
}

fn anchor_span(args: &Args, anchor: Anchor) -> Span {
    match anchor {
        Anchor::Base => args.base().1,
        Anchor::Migrations => args.migrations().1,
        Anchor::Function(i) => args
            .functions
            .get(i)
            .map_or_else(Span::call_site, |f| f.span()),
    }
}

fn migration(m: &MigrationData) -> TokenStream {
    let MigrationData {
        version,
        name,
        file,
        sql,
        path,
        checksum,
        no_transaction,
        foreign_keys_off,
        rerunnable,
        replaces,
        schema_only,
        drops_data,
    } = m;
    // The file's own text (the runtime drops a BOM), not a copy of it: rustc
    // then reads each file once, and the expansion stays small.
    let sql = match path {
        Some(path) => quote!(::core::include_str!(#path)),
        None => quote!(#sql),
    };
    quote!(::schemaguard::Migration::__new(::schemaguard::__private::MigrationData {
        version: #version,
        name: #name,
        file: #file,
        sql: #sql,
        checksum: #checksum,
        no_transaction: #no_transaction,
        foreign_keys_off: #foreign_keys_off,
        rerunnable: #rerunnable,
        replaces: &[#(#replaces),*],
        schema_only: #schema_only,
        drops_data: #drops_data,
    }))
}
