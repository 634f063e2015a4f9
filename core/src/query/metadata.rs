//! `[package.metadata.schemaguard]` in the calling crate's `Cargo.toml`:
//! the one place `schema!()` and `query!` both read.

use std::path::Path;

/// What the metadata table says (each `None` when absent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The table exists.
    pub present: bool,
    /// `base = "…"`.
    pub base: Option<String>,
    /// `migrations = "…"`.
    pub migrations: Option<String>,
    /// `functions = ["…"]`.
    pub functions: Option<Vec<String>>,
}

impl Metadata {
    /// The base schema path, or the default `schema.sql`.
    pub fn base(&self) -> &str {
        self.base.as_deref().unwrap_or("schema.sql")
    }
    /// The migrations directory, or the default `migrations`.
    pub fn migrations(&self) -> &str {
        self.migrations.as_deref().unwrap_or("migrations")
    }
    /// The declared functions (none by default).
    pub fn functions(&self) -> &[String] {
        self.functions.as_deref().unwrap_or(&[])
    }
}

/// Reads `root/Cargo.toml`; a missing file or table is the defaults.
pub fn read(root: &Path) -> Result<Metadata, String> {
    let path = root.join("Cargo.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(Metadata::default());
    };
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads the `[package.metadata.schemaguard]` table of a manifest.
pub fn parse(manifest: &str) -> Result<Metadata, String> {
    let doc = toml::de::DeTable::parse(manifest)
        .map_err(|e| format!("not valid TOML: {}", e.message()))?;
    let Some(section) = get(doc.get_ref(), "package")
        .and_then(|p| p.as_table())
        .and_then(|p| get(p, "metadata"))
        .and_then(|m| m.as_table())
        .and_then(|m| get(m, "schemaguard"))
    else {
        return Ok(Metadata::default());
    };
    let Some(section) = section.as_table() else {
        return Err("`package.metadata.schemaguard` must be a table".into());
    };
    let mut m = Metadata {
        present: true,
        ..Metadata::default()
    };
    for (k, v) in section {
        let (k, v) = (k.get_ref().as_ref(), v.get_ref());
        match k {
            "base" | "migrations" => {
                let s = v.as_str().filter(|s| !s.trim().is_empty()).ok_or_else(|| {
                    format!(
                        "`{k}` in [package.metadata.schemaguard] must be a non-empty path string"
                    )
                })?;
                if k == "base" {
                    m.base = Some(s.to_string());
                } else {
                    m.migrations = Some(s.to_string());
                }
            }
            "functions" => {
                let list = v
                    .as_array()
                    .and_then(|a| {
                        a.iter()
                            .map(|x| x.get_ref().as_str().map(String::from))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| {
                        "`functions` in [package.metadata.schemaguard] must be a list of strings"
                            .to_string()
                    })?;
                m.functions = Some(list);
            }
            other => {
                return Err(format!(
                    "unknown key `{other}` in [package.metadata.schemaguard]: expected `base`, `migrations` or `functions`"
                ));
            }
        }
    }
    Ok(m)
}

/// The value under `key` in `table`.
fn get<'a, 'i>(table: &'a toml::de::DeTable<'i>, key: &str) -> Option<&'a toml::de::DeValue<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v.get_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_table_or_defaults() {
        let m = parse("[package]\nname = \"a\"\n[package.metadata.schemaguard]\nbase = \"db/schema.sql\"\nfunctions = [\"f\"]\n").unwrap();
        assert!(m.present);
        assert_eq!(m.base(), "db/schema.sql");
        assert_eq!(m.migrations(), "migrations");
        assert_eq!(m.functions(), ["f".to_string()]);
        let d = parse("[package]\nname = \"a\"\n").unwrap();
        assert!(!d.present);
        assert_eq!(d.base(), "schema.sql");
    }

    #[test]
    fn mistakes_are_named() {
        assert!(
            parse("[package.metadata.schemaguard]\nbase = 3\n")
                .unwrap_err()
                .contains("`base`")
        );
        assert!(
            parse("[package.metadata.schemaguard]\nmigration = \"m\"\n")
                .unwrap_err()
                .contains("unknown key `migration`")
        );
        assert!(
            parse("[package.metadata.schemaguard]\nfunctions = [1]\n")
                .unwrap_err()
                .contains("`functions`")
        );
        assert!(parse("[package").unwrap_err().contains("not valid TOML"));
    }
}
