//! `schema!`'s arguments and `[package.metadata.schemaguard]`: the table
//! is the one place `schema!()` and `query!` both read; an argument that
//! says otherwise is an error at that argument.

use std::path::Path;

use proc_macro2::{Span, TokenStream};
use schemaguard_core::query::metadata;
use syn::LitStr;

use crate::args::Args;
use crate::expand::compile_error;

/// `args` with every setting it leaves out taken from the metadata, or
/// the errors of the arguments that contradict it.
pub fn with_metadata(mut args: Args, root: &Path) -> Result<Args, TokenStream> {
    let meta = metadata::read(root).map_err(|m| {
        compile_error(
            Span::call_site(),
            &format!(
                "cannot read the schemaguard settings: {m}\n  = help: fix `[package.metadata.schemaguard]` in Cargo.toml: `base = \"…\"`, `migrations = \"…\"`, `functions = [\"…\"]`"
            ),
        )
    })?;
    if !meta.present {
        return Ok(args);
    }
    let functions: Vec<String> = args.functions.iter().map(LitStr::value).collect();
    let conflicts = meta.conflicts(
        args.base.as_ref().map(LitStr::value).as_deref(),
        args.migrations.as_ref().map(LitStr::value).as_deref(),
        (!functions.is_empty()).then_some(functions.as_slice()),
    );
    if !conflicts.is_empty() {
        return Err(conflicts
            .iter()
            .map(|c| {
                let span = match c.key {
                    "base" => args.base().1,
                    "migrations" => args.migrations().1,
                    _ => args
                        .functions
                        .first()
                        .map_or_else(Span::call_site, LitStr::span),
                };
                compile_error(span, &c.message)
            })
            .collect());
    }
    let here = Span::call_site();
    args.base = Some(LitStr::new(meta.base(), args.base().1));
    args.migrations = Some(LitStr::new(meta.migrations(), args.migrations().1));
    if args.functions.is_empty() {
        args.functions = meta
            .functions()
            .iter()
            .map(|f| LitStr::new(f, here))
            .collect();
    }
    Ok(args)
}
