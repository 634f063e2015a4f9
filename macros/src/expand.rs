//! Phase 3: the `Schema` value, or one `compile_error!` per finding. Both
//! include every file read, so editing one re-runs the macro.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use schemaguard_core::analysis::{AnalysedFile, Analysis};
use schemaguard_core::diagnostic::Anchor;
use schemaguard_core::history::{FormEntry, PRESENT};
use schemaguard_core::object::ObjectKind;

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
    let entries = analysis.history.entries.iter().map(form_entry);
    let m_len = analysis.files.len();
    let e_len = analysis.history.entries.len();
    let snapshots = analysis.history.snapshots;
    quote!({
        #tracking
        static MIGRATIONS: [::schemaguard::Migration; #m_len] = [#(#migrations),*];
        static FORMS: [::schemaguard::__private::FormEntry; #e_len] = [#(#entries),*];
        ::schemaguard::Schema::__new(
            &MIGRATIONS,
            ::schemaguard::__private::History {
                snapshots: #snapshots,
                entries: ::schemaguard::__private::Cow::Borrowed(&FORMS),
            },
        )
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

fn form_entry(e: &FormEntry) -> TokenStream {
    let kind = match e.kind {
        ObjectKind::Table => quote!(Table),
        ObjectKind::VirtualTable => quote!(VirtualTable),
        ObjectKind::Index => quote!(Index),
        ObjectKind::View => quote!(View),
        ObjectKind::Trigger => quote!(Trigger),
    };
    let name = e.name.as_ref();
    let column = match e.column.as_deref() {
        Some(c) => {
            quote!(::core::option::Option::Some(::schemaguard::__private::Cow::Borrowed(#c)))
        }
        None => quote!(::core::option::Option::None),
    };
    let form = e.form.as_ref();
    let since = e.since;
    let until = if e.until == PRESENT {
        quote!(::schemaguard::__private::PRESENT)
    } else {
        let u = e.until;
        quote!(#u)
    };
    quote!(::schemaguard::__private::FormEntry {
        kind: ::schemaguard::__private::ObjectKind::#kind,
        name: ::schemaguard::__private::Cow::Borrowed(#name),
        column: #column,
        form: ::schemaguard::__private::Cow::Borrowed(#form),
        since: #since,
        until: #until,
    })
}
