//! Rust types for result columns: from a column's declared type by
//! SQLite's affinity rules, or from a small table of expressions.

/// The Rust type a column is read as (before nullability).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    /// `i64`: INTEGER affinity, `count(…)`, integer literals.
    I64,
    /// `f64`: REAL affinity, `total(…)`, `avg(…)`, real literals.
    F64,
    /// `String`: TEXT affinity, string literals.
    String,
    /// `Vec<u8>`: declared `BLOB`, blob literals.
    Bytes,
    /// `bool`: declared `BOOLEAN` or `BOOL`.
    Bool,
    /// `schemaguard::query::Value`: any SQLite value. Columns without a
    /// declared type, NUMERIC affinity other than BOOLEAN, STRICT `ANY`,
    /// and expressions the table does not know.
    Value,
    /// A type the SQL names with `AS "name: Type"`, as written.
    Named(String),
}

impl Type {
    /// The Rust spelling, for messages.
    pub fn rust(&self) -> String {
        match self {
            Type::I64 => "i64".into(),
            Type::F64 => "f64".into(),
            Type::String => "String".into(),
            Type::Bytes => "Vec<u8>".into(),
            Type::Bool => "bool".into(),
            Type::Value => "schemaguard::query::Value".into(),
            Type::Named(t) => t.clone(),
        }
    }
}

/// The type that reads every value of `a` and of `b`: the same type, or
/// `f64` for integers and reals together (rusqlite reads an INTEGER as
/// `f64`), or `i64` for integers and booleans (a boolean is the integer 0
/// or 1); anything else is [`Type::Value`].
pub fn unify(a: &Type, b: &Type) -> Type {
    match (a, b) {
        _ if a == b => a.clone(),
        (Type::I64 | Type::Bool, Type::I64 | Type::Bool) => Type::I64,
        (Type::I64 | Type::Bool | Type::F64, Type::I64 | Type::Bool | Type::F64) => Type::F64,
        _ => Type::Value,
    }
}

/// The type of a column declared `decl` (SQLite's `sqlite3_column_decltype`),
/// by the affinity rules of <https://sqlite.org/datatype3.html> §3.1, with
/// `BOOLEAN`/`BOOL` read as `bool` and NUMERIC affinity as [`Type::Value`].
/// `None` or an empty declaration (no type) is [`Type::Value`].
pub fn of_declared(decl: Option<&str>) -> Type {
    let Some(decl) = decl.map(str::trim).filter(|d| !d.is_empty()) else {
        return Type::Value;
    };
    let upper = decl.to_ascii_uppercase();
    if upper.contains("INT") {
        Type::I64
    } else if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") {
        Type::String
    } else if upper.contains("BLOB") {
        Type::Bytes
    } else if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") {
        Type::F64
    } else if matches!(
        upper.split(|c: char| c == '(' || c.is_whitespace()).next(),
        Some("BOOLEAN" | "BOOL")
    ) {
        Type::Bool
    } else {
        Type::Value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affinity_rules() {
        assert_eq!(of_declared(Some("INTEGER")), Type::I64);
        assert_eq!(of_declared(Some("BIGINT")), Type::I64);
        // Rule 1 wins over rule 2: "POINT" contains "INT".
        assert_eq!(of_declared(Some("FLOATING POINT")), Type::I64);
        assert_eq!(of_declared(Some("VARCHAR(255)")), Type::String);
        assert_eq!(of_declared(Some("text")), Type::String);
        assert_eq!(of_declared(Some("BLOB")), Type::Bytes);
        assert_eq!(of_declared(Some("DOUBLE PRECISION")), Type::F64);
        assert_eq!(of_declared(Some("BOOLEAN")), Type::Bool);
        assert_eq!(of_declared(Some("NUMERIC")), Type::Value);
        assert_eq!(of_declared(Some("DATETIME")), Type::Value);
        assert_eq!(of_declared(Some("ANY")), Type::Value);
        assert_eq!(of_declared(Some("")), Type::Value);
        assert_eq!(of_declared(None), Type::Value);
    }

    #[test]
    fn unified_types_read_both_sides() {
        assert_eq!(unify(&Type::String, &Type::String), Type::String);
        assert_eq!(unify(&Type::I64, &Type::F64), Type::F64);
        assert_eq!(unify(&Type::F64, &Type::Bool), Type::F64);
        assert_eq!(unify(&Type::Bool, &Type::I64), Type::I64);
        assert_eq!(unify(&Type::I64, &Type::String), Type::Value);
        assert_eq!(unify(&Type::Bytes, &Type::String), Type::Value);
        assert_eq!(unify(&Type::Value, &Type::Value), Type::Value);
        assert_eq!(unify(&Type::Named("u32".into()), &Type::I64), Type::Value);
    }
}
