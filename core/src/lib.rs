//! Analysis shared by [schemaguard](https://docs.rs/schemaguard)'s
//! compile-time checker and its runtime.
//!
//! This crate is an implementation detail of `schemaguard`: depend on
//! `schemaguard` instead. It is plain Rust so that every rule can be unit
//! tested without a proc macro.
//!
//! The `analysis` feature (a default one) holds what only the compile-time
//! side needs: the replay, its rules, the cache and the query checker. The
//! runtime depends on this crate without it, so an application's build
//! turns on none of the rusqlite features the replay needs.
#![warn(missing_docs)]

// What the runtime uses too.
pub mod checksum;
pub mod failure;
pub mod history;
pub mod introspect;
pub mod object;
pub mod source;
pub mod sql;
pub mod timeline;

// The compile-time side only.
#[cfg(feature = "analysis")]
pub mod analysis;
#[cfg(feature = "analysis")]
pub mod cache;
#[cfg(feature = "analysis")]
pub mod catalog;
#[cfg(feature = "analysis")]
pub mod checkpoint;
#[cfg(feature = "analysis")]
pub mod diagnostic;
#[cfg(feature = "analysis")]
pub mod directive;
#[cfg(feature = "analysis")]
pub mod expansion;
#[cfg(feature = "analysis")]
pub mod files;
#[cfg(feature = "analysis")]
pub mod inputs;
#[cfg(feature = "analysis")]
pub mod layout;
#[cfg(feature = "analysis")]
pub mod query;
#[cfg(feature = "analysis")]
pub mod replay;
#[cfg(feature = "analysis")]
pub mod rules;
#[cfg(feature = "analysis")]
pub mod suggest;

/// The SQLite binding the analysis uses.
pub use rusqlite;
