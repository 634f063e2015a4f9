//! Checks the call against the final schema and writes the `Query`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, Weak};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use schemaguard_core::query::schema::Final;
use schemaguard_core::query::{Column, Type, errors};

use super::error as compile_error;
use super::input::{Call, Kind};
use super::source::final_schema;

/// Checks `call` and expands it, or returns its compile error.
pub fn expand(call: &Call) -> Result<TokenStream, TokenStream> {
    let span = call.sql.span();
    let file = if call.from_file {
        Some(read_file(&call.sql.value()).map_err(|m| compile_error(span, &m))?)
    } else {
        None
    };
    let sql = file
        .as_ref()
        .map_or_else(|| call.sql.value(), |(_, text)| text.clone());
    let shown = call.from_file.then(|| call.sql.value());
    let fail = |message: String| {
        let message = match &shown {
            Some(path) => errors::relabel(&message, path),
            None => message,
        };
        compile_error(span, &message)
    };
    let schema =
        final_schema().map_err(|(why, help)| fail(errors::schema_unusable(&sql, &why, &help)))?;
    let description = schema.describe(&sql, true).map_err(fail)?;
    if description.parameters != call.args.len() {
        return Err(fail(errors::argument_count(
            &sql,
            description.parameters,
            call.args.len(),
        )));
    }
    if call.kind == Kind::Scalar && description.columns.len() != 1 {
        return Err(fail(errors::not_scalar(&sql, description.columns.len())));
    }
    let columns = &description.columns;
    let mapper = match call.kind {
        Kind::Scalar => scalar(&columns[0], &sql, span)?,
        Kind::Query => record(columns, &sql, span)?,
        Kind::As => into_struct(call, columns, &sql, span)?,
    };
    let tracking = tracking(&schema);
    let mapper = if tracking.is_empty() {
        mapper
    } else {
        quote!({ #tracking #mapper })
    };
    // A file's text is `include_str!`ed: editing it rebuilds the crate.
    let lit = match &file {
        Some((path, _)) => quote!(::core::include_str!(#path)),
        None => {
            let lit = &call.sql;
            quote!(#lit)
        }
    };
    // An array, coerced element by element to `&dyn ToSql` by the type
    // `Query::__new` expects: no `Vec`, no cast per argument.
    let args = super::arguments::bound(call, &description.expected);
    // A `Query<…, Select>` has no `execute`, a `Query<…, NoRows>` no
    // `fetch_…`: calling one is rustc's error.
    let new = Ident::new(
        if description.columns.is_empty() {
            "__no_rows"
        } else if description.reads_rows {
            "__select"
        } else {
            "__new"
        },
        span,
    );
    Ok(quote_spanned! {span=>
        ::schemaguard::query::Query::#new(#lit, [#(#args),*], #mapper)
    })
}

/// The absolute path and text of `query_file!`'s file, relative to the
/// crate's directory.
fn read_file(relative: &str) -> Result<(String, String), String> {
    let root = crate::analyse::root()?;
    let path = root.join(relative);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read the query file `{relative}`: {e}\n  = help: the path is relative to the crate's Cargo.toml ({})",
            root.display()
        )
    })?;
    Ok((path.to_string_lossy().into_owned(), text))
}

/// `include_bytes!` of every SQL file, in the first call checked against
/// a schema: cargo then rebuilds the crate when one changes (one mention
/// per crate suffices). Later calls against the same schema add nothing
/// and cost one comparison, not one per file.
fn tracking(schema: &Arc<Final>) -> TokenStream {
    static LAST: Mutex<Option<Weak<Final>>> = Mutex::new(None);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    // A `Weak` keeps the allocation, so a later schema cannot reuse its
    // address and pass for it.
    if last
        .as_ref()
        .is_some_and(|w| std::ptr::eq(w.as_ptr(), Arc::as_ptr(schema)))
    {
        return TokenStream::new();
    }
    *last = Some(Arc::downgrade(schema));
    let paths = &schema.tracked;
    quote!(#(const _: &[u8] = ::core::include_bytes!(#paths);)*)
}

/// The Rust type of a column, `Option` included.
fn rust_type(column: &Column, span: Span) -> Result<TokenStream, String> {
    let ty: TokenStream = match &column.ty {
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        Type::String => quote!(::std::string::String),
        Type::Bytes => quote!(::std::vec::Vec<u8>),
        Type::Bool => quote!(bool),
        Type::Value => quote!(::schemaguard::query::Value),
        Type::Named(t) => {
            let parsed: syn::Type = syn::parse_str(t).map_err(|_| t.clone())?;
            // At the SQL string, where the override is written: an
            // unknown type is then rustc's error there.
            respan(parsed.into_token_stream(), span)
        }
    };
    Ok(if column.nullable {
        quote!(::core::option::Option<#ty>)
    } else {
        ty
    })
}

/// `tokens` with every span set to `span`, in groups too.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(g) = &tree {
                let mut group = proc_macro2::Group::new(g.delimiter(), respan(g.stream(), span));
                group.set_span(span);
                tree = group.into();
            }
            tree.set_span(span);
            tree
        })
        .collect()
}

fn bad_type(sql: &str, column: &Column, t: &str) -> String {
    errors::at(
        sql,
        errors::column_span(sql, &column.label),
        format!(
            "column `{}` names `{t}`, which is not a Rust type",
            column.name
        ),
        "not a Rust type",
        "write a Rust type after the colon, e.g. `AS \"created: String\"`".into(),
    )
}

fn typed(sql: &str, column: &Column, span: Span) -> Result<TokenStream, TokenStream> {
    rust_type(column, span).map_err(|t| compile_error(span, &bad_type(sql, column, &t)))
}

/// The field name of a column, or the error that says how to give one.
fn field(sql: &str, column: &Column, span: Span) -> Result<Ident, TokenStream> {
    let name = &column.name;
    // A plain identifier, or a raw one for a keyword (`type` → `r#type`).
    let word = !name.is_empty() && name.chars().all(|c| c == '_' || c.is_alphanumeric());
    let ident = plain_ident(name, span).or_else(|| {
        word.then(|| {
            syn::parse_str::<Ident>(name)
                .or_else(|_| syn::parse_str::<Ident>(&format!("r#{name}")))
                .ok()
        })
        .flatten()
    });
    match ident {
        Some(mut ident) => {
            ident.set_span(span);
            Ok(ident)
        }
        None => {
            let shown = if name.is_empty() { "(empty)" } else { name };
            Err(compile_error(
                span,
                &errors::at(
                    sql,
                    errors::column_span(sql, &column.label),
                    format!("result column `{shown}` is not a Rust field name"),
                    "not a field name",
                    match (snake_case(name), column.label == *name && !word) {
                        // Words that are not one identifier: "due date".
                        (Some(ident), _) => format!(
                            "name the column with `AS` and a Rust identifier, e.g. `AS {ident}`"
                        ),
                        // An expression: `count(*)`.
                        (None, true) => {
                            format!("name the column with `AS`, e.g. `{shown} AS total`")
                        }
                        (None, false) => {
                            "name the column with `AS` and a Rust identifier, e.g. `AS total`"
                                .to_string()
                        }
                    },
                ),
            ))
        }
    }
}

/// Words such as `due date` or `First-Name` as one identifier
/// (`due_date`, `first_name`); `None` for an expression or a keyword.
fn snake_case(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
        .collect();
    let plain = words.len() > 1
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric()));
    let ident = words.join("_").to_ascii_lowercase();
    (plain && ident.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(ident)
}

/// `name` as an identifier without asking the compiler to parse it: the
/// common case, an ASCII word that is not a keyword (anything else goes
/// through `syn`, which knows Unicode identifiers and raw keywords).
fn plain_ident(name: &str, span: Span) -> Option<Ident> {
    let mut chars = name.chars();
    let first = chars.next()?;
    let ascii = (first == '_' || first.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && name != "_";
    (ascii && !KEYWORDS.contains(&name)).then(|| Ident::new(name, span))
}

/// Rust's keywords, strict and reserved, in every edition.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// `query_scalar!`: the runtime's one reader of a first column, at the
/// column's type.
fn scalar(column: &Column, sql: &str, span: Span) -> Result<TokenStream, TokenStream> {
    let ty = typed(sql, column, span)?;
    Ok(quote!(::schemaguard::query::__first::<#ty>))
}

fn record(columns: &[Column], sql: &str, span: Span) -> Result<TokenStream, TokenStream> {
    let mut names = Vec::new();
    let mut types = Vec::new();
    let mut seen = HashSet::new();
    for c in columns {
        let f = field(sql, c, span)?;
        if !seen.insert(c.name.clone()) {
            return Err(compile_error(
                span,
                &errors::at(
                    sql,
                    errors::column_span(sql, &c.label),
                    format!("two result columns are named `{}`", c.name),
                    "the second one",
                    "give one of them another name with `AS`".into(),
                ),
            ));
        }
        names.push(f);
        types.push(typed(sql, c, span)?);
    }
    if columns.is_empty() {
        return Ok(quote!(::schemaguard::query::__nothing));
    }
    // A plain struct and one function: each row's fields are read in
    // order, their types inferred from the struct (no derives, no
    // per-field type annotations: less for rustc to expand and check).
    let index = (0..columns.len()).map(proc_macro2::Literal::usize_suffixed);
    Ok(quote! {{
        pub struct Record { #(pub #names: #types,)* }
        fn map(row: &::schemaguard::rusqlite::Row<'_>) -> ::schemaguard::rusqlite::Result<Record> {
            ::core::result::Result::Ok(Record { #(#names: row.get(#index)?,)* })
        }
        map
    }})
}

fn into_struct(
    call: &Call,
    columns: &[Column],
    sql: &str,
    span: Span,
) -> Result<TokenStream, TokenStream> {
    let Some(target) = &call.target else {
        return Err(compile_error(span, "query_as! needs a struct"));
    };
    let at = syn::spanned::Spanned::span(target);
    let mut inits = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let i = proc_macro2::Literal::usize_suffixed(i);
        let mut f = field(sql, c, span)?;
        f.set_span(at);
        let ty = typed(sql, c, span)?;
        inits.push(quote_spanned! {at=>
            #f: ::schemaguard::query::__Column::<#ty>::__from(row.get(#i)?)
        });
    }
    Ok(quote! {{
        fn map(row: &::schemaguard::rusqlite::Row<'_>) -> ::schemaguard::rusqlite::Result<#target> {
            ::core::result::Result::Ok(#target { #(#inits,)* })
        }
        map
    }})
}
