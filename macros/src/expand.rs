//! Phase 3: the `Schema` value, or one `compile_error!` per finding. Both
//! include every file read, so editing one re-runs the macro.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use schemaguard_core::analysis::{AnalysedFile, Analysis};
use schemaguard_core::diagnostic::Anchor;

use crate::args::Args;

/// Expands a finished analysis.
pub fn expand(args: &Args, analysis: &Analysis) -> TokenStream {
    let tracking = analysis.read.iter().filter(|p| p.is_file()).map(|p| {
        let path = p.to_string_lossy();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        )
    });
    let tracking = quote!(#(#tracking)*);
    if !analysis.diagnostics.is_empty() {
        let sources = analysis.sources();
        let errors = analysis.diagnostics.iter().map(|d| {
            let span = anchor_span(args, d.anchor);
            compile_error(span, &d.render(&sources))
        });
        return quote!({
            #tracking
            #(#errors)*
            ::schemaguard::Schema::__invalid()
        });
    }
    let migrations = analysis.files.iter().map(migration);
    let m_len = analysis.files.len();
    let snapshots = analysis.history.snapshots;
    let history = analysis.history.encode();
    let chain = analysis.files.last().map_or("", |f| f.chain.as_str());
    quote!({
        #tracking
        static MIGRATIONS: [::schemaguard::Migration; #m_len] = [#(#migrations),*];
        ::schemaguard::Schema::__new(&MIGRATIONS, #snapshots, #history, #chain)
    })
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

fn migration(f: &AnalysedFile) -> TokenStream {
    let version = f.file.version;
    let name = &f.file.name;
    let file = &f.file.source.path;
    let sql = &f.file.source.text;
    let checksum = &f.checksum;
    let d = &f.directives;
    let (no_transaction, foreign_keys_off, rerunnable) =
        (d.no_transaction, d.foreign_keys_off, d.rerunnable);
    let replaces = d.replaces.iter().map(|n| &n.text);
    let (schema_only, drops_data) = (f.contents.schema_only, f.contents.drops_data);
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
