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

macro_rules! marks {
    ($trait:ident: $($t:ty),*) => {
        $(impl $trait for $t {})*
        impl<T: $trait + ?Sized> $trait for &T {}
        impl<T: $trait + ?Sized> $trait for &mut T {}
        impl<T: $trait + ?Sized> $trait for Box<T> {}
        impl<T: $trait + ?Sized> $trait for Rc<T> {}
        impl<T: $trait + ?Sized> $trait for Arc<T> {}
        impl $trait for Value {}
        impl $trait for ValueRef<'_> {}
        impl $trait for ToSqlOutput<'_> {}
        impl $trait for dyn ToSql + '_ {}
    };
}

marks!(Integer: i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, bool);
marks!(Real: f32, f64, i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);
marks!(Text: str, String, Cow<'_, str>);
marks!(Blob: [u8], Vec<u8>, Cow<'_, [u8]>);
marks!(Boolean: bool);
impl<const N: usize> Blob for [u8; N] {}

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
