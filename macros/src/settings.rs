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
                "cannot read the schemaguard settings: {m}\n  = help: fix `[package.metadata.schemaguard]` in Cargo.toml: `base = \"…\"` (or `false`), `migrations = \"…\"`, `layout = \"…\"`, `functions = [\"…\"]`"
            ),
        )
    })?;
    if !meta.present {
        return Ok(args);
    }
    let functions: Vec<String> = args.functions.iter().map(LitStr::value).collect();
    let conflicts = meta.all_conflicts(
        args.base.as_ref().map(LitStr::value).as_deref(),
        args.no_base.is_some(),
        args.migrations.as_ref().map(LitStr::value).as_deref(),
        args.layout,
        (!functions.is_empty()).then_some(functions.as_slice()),
    );
    if !conflicts.is_empty() {
        return Err(conflicts
            .iter()
            .map(|c| {
                let span = match c.key {
                    "base" => args.base().1,
                    "migrations" => args.migrations().1,
                    // The parsed arguments keep no span for `layout`.
                    "layout" => Span::call_site(),
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
    if meta.no_base {
        args.no_base = Some(syn::Ident::new("none", args.base().1));
        args.base = None;
    } else {
        args.base = Some(LitStr::new(meta.base(), args.base().1));
    }
    args.layout = args.layout.or(meta.layout);
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

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn crate_dir(manifest: &str) -> std::path::PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "schemaguard-settings-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        dir
    }

    fn args(tokens: TokenStream) -> Args {
        syn::parse2(tokens).unwrap()
    }

    const TABLE: &str = "[package]\nname = \"app\"\n[package.metadata.schemaguard]\nbase = \"db/schema.sql\"\nfunctions = [\"f\"]\n";

    #[test]
    fn schema_without_arguments_reads_the_table() {
        let dir = crate_dir(TABLE);
        let a = with_metadata(args(quote!()), &dir).ok().unwrap();
        assert_eq!(a.base().0, "db/schema.sql");
        assert_eq!(a.migrations().0, "migrations");
        assert_eq!(a.functions.len(), 1);
        // Without a table, the arguments stand alone.
        let plain = crate_dir("[package]\nname = \"app\"\n");
        let a = with_metadata(args(quote!(base = "x.sql")), &plain)
            .ok()
            .unwrap();
        assert_eq!(a.base().0, "x.sql");
        let _ = std::fs::remove_dir_all(dir);
        let _ = std::fs::remove_dir_all(plain);
    }

    #[test]
    fn an_argument_that_differs_is_an_error_saying_cargo_toml_wins() {
        let dir = crate_dir(TABLE);
        let same = with_metadata(args(quote!(base = "db/schema.sql")), &dir);
        assert!(same.is_ok());
        let Err(e) = with_metadata(args(quote!(base = "schema.sql", functions = ["g"])), &dir)
        else {
            panic!("expected errors");
        };
        let e = e.to_string();
        assert!(
            e.contains("`base = \\\"schema.sql\\\"` differs from `base = \\\"db/schema.sql\\\"`"),
            "{e}"
        );
        assert!(e.contains("Cargo.toml wins"), "{e}");
        assert!(e.contains("`functions = [\\\"g\\\"]` differs"), "{e}");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn base_false_and_layout_mean_what_the_arguments_mean() {
        let dir = crate_dir(
            "[package]\nname = \"app\"\n[package.metadata.schemaguard]\nbase = false\nlayout = \"sqlx\"\n",
        );
        let a = with_metadata(args(quote!()), &dir).ok().unwrap();
        assert!(a.no_base.is_some() && a.base.is_none());
        assert_eq!(a.layout, Some(schemaguard_core::layout::Layout::Sqlx));
        assert!(with_metadata(args(quote!(base = none, layout = "sqlx")), &dir).is_ok());
        let Err(e) = with_metadata(args(quote!(base = "schema.sql", layout = "diesel")), &dir)
        else {
            panic!("expected errors");
        };
        let e = e.to_string();
        assert!(
            e.contains("`base = \\\"schema.sql\\\"` differs from `base = none`"),
            "{e}"
        );
        assert!(
            e.contains("`layout = \\\"diesel\\\"` differs from `layout = \\\"sqlx\\\"`"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
