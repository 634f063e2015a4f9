//! Which Rust types a `query!` argument may have where the SQL gives its
//! parameter a type (compared with, assigned to or inserted into a column;
//! a `LIMIT`/`OFFSET`).
//!
//! A parameter that meets an INTEGER column takes a type implementing
//! [`Integer`], and so on; where the column accepts NULL (or the
//! statement tests the parameter itself: `?1 IS NULL OR col = ?1`),
//! `Option<T>` and `&Option<T>` of such a type too.
//! [`Value`], `&dyn ToSql` and `ToSqlOutput` pass everywhere. For a type
//! of your own that binds as one of these (a newtype, a date stored as
//! TEXT), implement the marker:
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
//!
//! Another crate's type (chrono's `DateTime`, `uuid::Uuid`) cannot
//! implement the marker: write its argument as `value as _`, which
//! `query!` binds as it is (any `ToSql`), unchecked.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use rusqlite::ToSql;
use rusqlite::types::{Null, ToSqlOutput, Value, ValueRef};

/// Binds as an INTEGER: `i8`…`i64`, `isize`, `u8`…`u64`, `usize`, `bool`
/// (0 or 1). rusqlite binds `u64` and `usize` only with its
/// `fallible_uint` feature.
#[diagnostic::on_unimplemented(
    message = "the argument is `{Self}`, but its parameter takes INTEGER values",
    label = "expected an integer (`i64`, `i32`, `u32`, …), found `{Self}`",
    note = "the parameter meets an INTEGER column (compared with, assigned to or inserted into it) or is a `LIMIT`/`OFFSET`; it takes no NULL: the column is NOT NULL, or the parameter is compared, and comparing with NULL is never true (`col IS ?` matches NULL; a parameter also tested with `?1 IS NULL` takes NULL)",
    note = "for a type of your own that binds as INTEGER, implement `schemaguard::param::Integer` for it; for another crate's type (which cannot implement it) or to skip the check, write the argument as `value as _`"
)]
pub trait Integer {}
/// Binds as a REAL: `f32`, `f64`, and every [`Integer`] type but `bool`
/// (SQLite converts the value to REAL).
#[diagnostic::on_unimplemented(
    message = "the argument is `{Self}`, but its parameter takes REAL values",
    label = "expected a number (`f64`, `f32`, or an integer), found `{Self}`",
    note = "the parameter meets a REAL column (compared with, assigned to or inserted into it); it takes no NULL: the column is NOT NULL, or the parameter is compared, and comparing with NULL is never true (`col IS ?` matches NULL; a parameter also tested with `?1 IS NULL` takes NULL)",
    note = "for a type of your own that binds as REAL, implement `schemaguard::param::Real` for it; for another crate's type (which cannot implement it) or to skip the check, write the argument as `value as _`"
)]
pub trait Real {}
/// Binds as TEXT: `str`, `String`, `Box<str>`, `Rc<str>`, `Arc<str>`,
/// `Cow<str>`.
#[diagnostic::on_unimplemented(
    message = "the argument is `{Self}`, but its parameter takes TEXT values",
    label = "expected text (`&str`, `String`, …), found `{Self}`",
    note = "the parameter meets a TEXT column (compared with, assigned to or inserted into it); it takes no NULL: the column is NOT NULL, or the parameter is compared, and comparing with NULL is never true (`col IS ?` matches NULL; a parameter also tested with `?1 IS NULL` takes NULL)",
    note = "for a type of your own that binds as TEXT, implement `schemaguard::param::Text` for it; for another crate's type (which cannot implement it) or to skip the check, write the argument as `value as _`"
)]
pub trait Text {}
/// Binds as a BLOB: `[u8]`, `[u8; N]`, `Vec<u8>`, `Cow<[u8]>`.
#[diagnostic::on_unimplemented(
    message = "the argument is `{Self}`, but its parameter takes BLOB values",
    label = "expected bytes (`&[u8]`, `Vec<u8>`, …), found `{Self}`",
    note = "the parameter meets a BLOB column (compared with, assigned to or inserted into it); it takes no NULL: the column is NOT NULL, or the parameter is compared, and comparing with NULL is never true (`col IS ?` matches NULL; a parameter also tested with `?1 IS NULL` takes NULL)",
    note = "for a type of your own that binds as BLOB, implement `schemaguard::param::Blob` for it; for another crate's type (which cannot implement it) or to skip the check, write the argument as `value as _`"
)]
pub trait Blob {}
/// Binds as a BOOLEAN column's value: `bool`.
#[diagnostic::on_unimplemented(
    message = "the argument is `{Self}`, but its parameter takes BOOLEAN values",
    label = "expected a `bool`, found `{Self}`",
    note = "the parameter meets a BOOLEAN column (compared with, assigned to or inserted into it); it takes no NULL: the column is NOT NULL, or the parameter is compared, and comparing with NULL is never true (`col IS ?` matches NULL; a parameter also tested with `?1 IS NULL` takes NULL)",
    note = "for a type of your own that binds as BOOLEAN, implement `schemaguard::param::Boolean` for it; for another crate's type (which cannot implement it) or to skip the check, write the argument as `value as _`"
)]
pub trait Boolean {}

// Pointers and the escape hatches are `do_not_recommend`: a mismatch then
// names the argument's own type and lists the plain types that fit. No
// `&mut T`: rusqlite binds none.
macro_rules! marks {
    ($trait:ident) => {
        #[diagnostic::do_not_recommend]
        impl<T: $trait + ?Sized> $trait for &T {}
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
    ($($trait:ident => $nullable:ident: $message:literal, $label:literal, $note:literal, $own:literal;)*) => {$(
        #[doc = concat!("[`", stringify!($trait), "`], `Option` of one, or `Null`: for a column that accepts NULL.")]
        #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note, note = $own)]
        pub trait $nullable {}
    )*};
}

or_null!(
    Integer => IntegerOrNull:
        "the argument is `{Self}`, but its parameter takes INTEGER values or NULL",
        "expected an integer (`i64`, `i32`, `u32`, …) or an `Option` of one, found `{Self}`",
        "the parameter meets an INTEGER column and takes NULL: the column accepts NULL (the parameter is assigned to or inserted into it), the parameter is compared with `IS`, or it is itself tested for NULL (`?1 IS NULL`)",
        "for a type of your own that binds as INTEGER, implement `schemaguard::param::Integer` for it (an `Option` of it then fits too); for another crate's type (which cannot implement it) or to skip the check, write the argument as `value as _`";
    Real => RealOrNull:
        "the argument is `{Self}`, but its parameter takes REAL values or NULL",
        "expected a number (`f64`, `f32`, or an integer) or an `Option` of one, found `{Self}`",
        "the parameter meets a REAL column and takes NULL: the column accepts NULL (the parameter is assigned to or inserted into it), the parameter is compared with `IS`, or it is itself tested for NULL (`?1 IS NULL`)",
        "for a type of your own that binds as REAL, implement `schemaguard::param::Real` for it (an `Option` of it then fits too); for another crate's type (which cannot implement it) or to skip the check, write the argument as `value as _`";
    Text => TextOrNull:
        "the argument is `{Self}`, but its parameter takes TEXT values or NULL",
        "expected text (`&str`, `String`, …) or an `Option` of one, found `{Self}`",
        "the parameter meets a TEXT column and takes NULL: the column accepts NULL (the parameter is assigned to or inserted into it), the parameter is compared with `IS`, or it is itself tested for NULL (`?1 IS NULL`)",
        "for a type of your own that binds as TEXT, implement `schemaguard::param::Text` for it (an `Option` of it then fits too); for another crate's type (which cannot implement it) or to skip the check, write the argument as `value as _`";
    Blob => BlobOrNull:
        "the argument is `{Self}`, but its parameter takes BLOB values or NULL",
        "expected bytes (`&[u8]`, `Vec<u8>`, …) or an `Option` of one, found `{Self}`",
        "the parameter meets a BLOB column and takes NULL: the column accepts NULL (the parameter is assigned to or inserted into it), the parameter is compared with `IS`, or it is itself tested for NULL (`?1 IS NULL`)",
        "for a type of your own that binds as BLOB, implement `schemaguard::param::Blob` for it (an `Option` of it then fits too); for another crate's type (which cannot implement it) or to skip the check, write the argument as `value as _`";
    Boolean => BooleanOrNull:
        "the argument is `{Self}`, but its parameter takes BOOLEAN values or NULL",
        "expected a `bool` or an `Option` of one, found `{Self}`",
        "the parameter meets a BOOLEAN column and takes NULL: the column accepts NULL (the parameter is assigned to or inserted into it), the parameter is compared with `IS`, or it is itself tested for NULL (`?1 IS NULL`)",
        "for a type of your own that binds as BOOLEAN, implement `schemaguard::param::Boolean` for it (an `Option` of it then fits too); for another crate's type (which cannot implement it) or to skip the check, write the argument as `value as _`";
);

// One impl a line, out of the macro: rustc quotes these lines when it
// lists the types that fit. `&Option<T>` (`&self.field`) does not overlap
// the first of each: no `Option` has a marker, and no other crate may
// give it one.
impl<T: Integer + ?Sized> IntegerOrNull for T {}
impl<T: Integer> IntegerOrNull for Option<T> {}
impl<T: Integer> IntegerOrNull for &Option<T> {}
impl IntegerOrNull for Null {}
impl<T: Real + ?Sized> RealOrNull for T {}
impl<T: Real> RealOrNull for Option<T> {}
impl<T: Real> RealOrNull for &Option<T> {}
impl RealOrNull for Null {}
impl<T: Text + ?Sized> TextOrNull for T {}
impl<T: Text> TextOrNull for Option<T> {}
impl<T: Text> TextOrNull for &Option<T> {}
impl TextOrNull for Null {}
impl<T: Blob + ?Sized> BlobOrNull for T {}
impl<T: Blob> BlobOrNull for Option<T> {}
impl<T: Blob> BlobOrNull for &Option<T> {}
impl BlobOrNull for Null {}
impl<T: Boolean + ?Sized> BooleanOrNull for T {}
impl<T: Boolean> BooleanOrNull for Option<T> {}
impl<T: Boolean> BooleanOrNull for &Option<T> {}
impl BooleanOrNull for Null {}

// What `query!` writes for an argument whose parameter has a type: a
// call that compiles only when the argument's type has the marker, so a
// mismatch is rustc's error at the argument, with the marker's message.
// A function of this crate per marker, not items per argument: rustc
// checks a call far faster than a trait, an impl and a function.

#[doc(hidden)]
pub fn __integer<T: Integer + ?Sized>(value: &T) -> &T {
    value
}

#[doc(hidden)]
pub fn __integer_or_null<T: IntegerOrNull + ?Sized>(value: &T) -> &T {
    value
}

#[doc(hidden)]
pub fn __real<T: Real + ?Sized>(value: &T) -> &T {
    value
}

#[doc(hidden)]
pub fn __real_or_null<T: RealOrNull + ?Sized>(value: &T) -> &T {
    value
}

#[doc(hidden)]
pub fn __text<T: Text + ?Sized>(value: &T) -> &T {
    value
}

#[doc(hidden)]
pub fn __text_or_null<T: TextOrNull + ?Sized>(value: &T) -> &T {
    value
}

#[doc(hidden)]
pub fn __blob<T: Blob + ?Sized>(value: &T) -> &T {
    value
}

#[doc(hidden)]
pub fn __blob_or_null<T: BlobOrNull + ?Sized>(value: &T) -> &T {
    value
}

#[doc(hidden)]
pub fn __boolean<T: Boolean + ?Sized>(value: &T) -> &T {
    value
}

#[doc(hidden)]
pub fn __boolean_or_null<T: BooleanOrNull + ?Sized>(value: &T) -> &T {
    value
}
