//! SQL text handling: tokens, statements, statement headers, names.
//!
//! SQLite decides what SQL means; this module only finds where statements
//! begin and end, and reads the few words each rule needs.

pub mod header;
pub mod lexer;
pub mod name;
pub mod normalize;
pub mod split;
pub mod table_def;
