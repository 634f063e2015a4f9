//! Analysis shared by [schemaguard](https://docs.rs/schemaguard)'s
//! compile-time checker and its runtime.
//!
//! This crate is an implementation detail of `schemaguard`: depend on
//! `schemaguard` instead. It is plain Rust so that every rule can be unit
//! tested without a proc macro.

pub mod checksum;
pub mod diagnostic;
pub mod object;
pub mod source;
pub mod sql;
