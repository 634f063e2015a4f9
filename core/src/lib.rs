//! Analysis shared by [schemaguard](https://docs.rs/schemaguard)'s
//! compile-time checker and its runtime.
//!
//! This crate is an implementation detail of `schemaguard`: depend on
//! `schemaguard` instead. It is plain Rust so that every rule can be unit
//! tested without a proc macro.
#![warn(missing_docs)]

pub mod analysis;
pub mod cache;
pub mod catalog;
pub mod checkpoint;
pub mod checksum;
pub mod diagnostic;
pub mod directive;
pub mod expansion;
pub mod files;
pub mod history;
pub mod inputs;
pub mod introspect;
pub mod layout;
pub mod object;
pub mod query;
pub mod replay;
pub mod rules;
pub mod source;
pub mod sql;
pub mod suggest;
pub mod timeline;
/// The SQLite binding the analysis uses.
pub use rusqlite;
