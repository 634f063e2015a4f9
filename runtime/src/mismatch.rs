//! Why an untracked database matches no version: per object, its live form
//! and the form the nearest version expects.

use std::fmt;

use crate::{MigrationId, SchemaObject};

/// An object that keeps an untracked database from matching the version
/// nearest to it ([`Error::Undetectable`](crate::Error::Undetectable)).
/// `Display`: `index idx_x: live ON t(b, a), migration 2 (add_x) creates ON
/// t(a, b)`, or `table t: live …, but version 2 does not have it`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct Mismatch {
    /// The object (its expected kind, or its live one where the version
    /// lacks it).
    pub object: SchemaObject,
    /// Its live form (`ON t(b, a)`, a table's columns, …); `None`: missing.
    pub live: Option<String>,
    /// The form expected instead, and which migration gives the object
    /// that form; `None`: the nearest version does not have the object.
    pub expected: Option<ExpectedForm>,
    /// The version the object is compared with (`None`: the empty schema,
    /// before the base schema).
    pub version: Option<u64>,
}

/// The form a version gives an object, and the migration that gave it
/// that form (the version itself, or an earlier one).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct ExpectedForm {
    /// The form, rendered like [`Mismatch::live`].
    pub form: String,
    /// The migration whose SQL gives the object this form.
    pub created_by: MigrationId,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.object)?;
        match &self.live {
            Some(live) => write!(f, "live {live}")?,
            None => f.write_str("missing")?,
        }
        match (&self.expected, self.version) {
            (Some(e), _) => write!(f, ", {} creates {}", e.created_by, e.form),
            (None, Some(version)) => write!(f, ", but version {version} does not have it"),
            (None, None) => f.write_str(", but the empty schema does not have it"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ObjectKind;

    fn index(live: Option<&str>, expected: Option<ExpectedForm>, version: Option<u64>) -> Mismatch {
        Mismatch {
            object: SchemaObject::new(ObjectKind::Index, "idx_x"),
            live: live.map(str::to_string),
            expected,
            version,
        }
    }

    #[test]
    fn each_mismatch_is_one_line_naming_both_forms_or_the_version() {
        let by_2 = ExpectedForm {
            form: "ON t(a, b)".to_string(),
            created_by: MigrationId {
                version: 2,
                name: "add_x".to_string(),
            },
        };
        assert_eq!(
            index(Some("ON t(b, a)"), Some(by_2.clone()), Some(3)).to_string(),
            "index idx_x: live ON t(b, a), migration 2 (add_x) creates ON t(a, b)"
        );
        assert_eq!(
            index(None, Some(by_2), Some(2)).to_string(),
            "index idx_x: missing, migration 2 (add_x) creates ON t(a, b)"
        );
        assert_eq!(
            index(Some("ON t(a)"), None, Some(1)).to_string(),
            "index idx_x: live ON t(a), but version 1 does not have it"
        );
        assert_eq!(
            index(Some("ON t(a)"), None, None).to_string(),
            "index idx_x: live ON t(a), but the empty schema does not have it"
        );
    }
}
