//! Which Rust types a `query!` argument may have where the SQL gives its
//! parameter a type (compared with, assigned to or inserted into a column;
//! a `LIMIT`/`OFFSET`).
//!
//! A parameter that meets an INTEGER column takes a type implementing
//! [`Integer`], and so on; where the column accepts NULL, `Option<T>` of
//! such a type too. [`Value`], `&dyn ToSql` and
//! `ToSqlOutput` pass everywhere (the escape hatch). For a type of your
//! own that binds as one of these (a newtype, a date stored as TEXT),
//! implement the marker:
//!
//! ```
//! struct Email(String);
//! impl rusqlite::ToSql for Email {
//!     fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
//!         self.0.to_sql()
//!     }
//! }
//! impl schemaguard::param::Text for Email {}
//! ```

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use rusqlite::ToSql;
use rusqlite::types::{Null, ToSqlOutput, Value, ValueRef};

/// Binds as an INTEGER: `i8`…`i64`, `isize`, `u8`…`u64`, `usize`, `bool`
/// (0 or 1).
pub trait Integer {}
/// Binds as a REAL: `f32`, `f64`, and every [`Integer`] type but `bool`
/// (SQLite converts the value to REAL).
pub trait Real {}
/// Binds as TEXT: `str`, `String`, `Box<str>`, `Rc<str>`, `Arc<str>`,
/// `Cow<str>`.
pub trait Text {}
/// Binds as a BLOB: `[u8]`, `[u8; N]`, `Vec<u8>`, `Cow<[u8]>`.
pub trait Blob {}
/// Binds as a BOOLEAN column's value: `bool`.
pub trait Boolean {}

// Pointers and the escape hatches are `do_not_recommend`: a mismatch then
// names the argument's own type and lists the plain types that fit.
macro_rules! marks {
    ($trait:ident) => {
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for &T {}
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for &mut T {}
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for Box<T> {}
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for Rc<T> {}
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for Arc<T> {}
        #[diagnostic::do_not_recommend]
        impl $trait for Value {}
        #[diagnostic::do_not_recommend]
        impl $trait for ValueRef<'_> {}
        #[diagnostic::do_not_recommend]
        impl $trait for ToSqlOutput<'_> {}
        #[diagnostic::do_not_recommend]
        impl $trait for dyn ToSql + '_ {}
    };
}

marks!(Integer);
marks!(Real);
marks!(Text);
marks!(Blob);
marks!(Boolean);

// The plain types, one impl a line: rustc quotes these lines when it
// lists the types that fit.
impl Integer for i8 {}
impl Integer for i16 {}
impl Integer for i32 {}
impl Integer for i64 {}
impl Integer for isize {}
impl Integer for u8 {}
impl Integer for u16 {}
impl Integer for u32 {}
impl Integer for u64 {}
impl Integer for usize {}
impl Integer for bool {}
impl Real for f32 {}
impl Real for f64 {}
impl Real for i8 {}
impl Real for i16 {}
impl Real for i32 {}
impl Real for i64 {}
impl Real for isize {}
impl Real for u8 {}
impl Real for u16 {}
impl Real for u32 {}
impl Real for u64 {}
impl Real for usize {}
impl Text for str {}
impl Text for String {}
impl Text for Cow<'_, str> {}
impl Blob for [u8] {}
impl<const N: usize> Blob for [u8; N] {}
impl Blob for Vec<u8> {}
impl Blob for Cow<'_, [u8]> {}
impl Boolean for bool {}

macro_rules! or_null {
    ($($trait:ident => $nullable:ident),*) => {$(
        #[doc = concat!("[`", stringify!($trait), "`], `Option` of one, or `Null`: for a column that accepts NULL.")]
        pub trait $nullable {}
        impl<T: $trait + ?Sized> $nullable for T {}
        impl<T: $trait> $nullable for Option<T> {}
        impl $nullable for Null {}
    )*};
}

or_null!(
    Integer => IntegerOrNull,
    Real => RealOrNull,
    Text => TextOrNull,
    Blob => BlobOrNull,
    Boolean => BooleanOrNull
);
