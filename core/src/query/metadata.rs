//! `[package.metadata.schemaguard]` in the calling crate's `Cargo.toml`:
//! the one place `schema!()` and `query!` both read.

use std::path::Path;

use crate::layout::Layout;

/// What the metadata table says (each `None` when absent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The table exists.
    pub present: bool,
    /// `base = "…"`.
    pub base: Option<String>,
    /// `base = false`: no base schema (`schema!(base = none)`).
    pub no_base: bool,
    /// `layout = "…"`.
    pub layout: Option<Layout>,
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

/// An argument of `schema!(…)` that says something else than the metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// `base`, `migrations`, `layout` or `functions`.
    pub key: &'static str,
    /// The compile error's text.
    pub message: String,
}

impl Metadata {
    /// The arguments of `schema!(…)` that differ from the metadata table
    /// (none when there is no table: the arguments then stand alone).
    pub fn conflicts(
        &self,
        base: Option<&str>,
        migrations: Option<&str>,
        functions: Option<&[String]>,
    ) -> Vec<Conflict> {
        self.all_conflicts(base, false, migrations, None, functions)
    }

    /// [`Metadata::conflicts`] with `base = none` (`no_base`) and
    /// `layout` too: each is compared when the call gives it.
    pub fn all_conflicts(
        &self,
        base: Option<&str>,
        no_base: bool,
        migrations: Option<&str>,
        layout: Option<Layout>,
        functions: Option<&[String]>,
    ) -> Vec<Conflict> {
        if !self.present {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut check = |key: &'static str, given: Option<String>, meta: String| {
            if let Some(given) = given
                && given != meta
            {
                out.push(Conflict {
                    key,
                    message: format!(
                        "`{key} = {given}` differs from `{key} = {meta}` in `[package.metadata.schemaguard]` of Cargo.toml\n  = help: Cargo.toml wins: `query!` reads only the metadata, and `schema!()` reads it too; remove this argument (or change the metadata)"
                    ),
                });
            }
        };
        let quoted = |s: &str| format!("{s:?}");
        let list = |l: &[String]| {
            format!(
                "[{}]",
                l.iter().map(|f| quoted(f)).collect::<Vec<_>>().join(", ")
            )
        };
        let meta_base = if self.no_base {
            "none".to_string()
        } else {
            quoted(self.base())
        };
        let given_base = if no_base {
            Some("none".to_string())
        } else {
            base.map(quoted)
        };
        check("base", given_base, meta_base);
        let meta_layout = self
            .layout
            .map_or_else(|| "(detected)".to_string(), |l| quoted(l.name()));
        check("layout", layout.map(|l| quoted(l.name())), meta_layout);
        check(
            "migrations",
            migrations.map(quoted),
            quoted(self.migrations()),
        );
        check("functions", functions.map(list), list(self.functions()));
        out
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
            "base" if v.as_bool() == Some(false) => m.no_base = true,
            "layout" => {
                let names = Layout::ALL.map(|l| format!("\"{}\"", l.name())).join(", ");
                let name = v.as_str().ok_or_else(|| {
                    format!("`layout` in [package.metadata.schemaguard] must be a string, one of {names}")
                })?;
                m.layout = Some(Layout::from_name(name).ok_or_else(|| {
                    format!("unknown layout \"{name}\" in [package.metadata.schemaguard]: `layout` is one of {names}; leave it out to detect the layout from the file names")
                })?);
            }
            "base" if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("none")) => {
                return Err("`base = \"none\"` in [package.metadata.schemaguard] names a file called `none`: write `base = false` when the project has no base schema (as `schema!(base = none)`)".into());
            }
            "base" | "migrations" => {
                let s = v.as_str().filter(|s| !s.trim().is_empty()).ok_or_else(|| {
                    format!(
                        "`{k}` in [package.metadata.schemaguard] must be a non-empty path string{}",
                        if k == "base" {
                            " (or `false` for no base schema)"
                        } else {
                            ""
                        }
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
                    "unknown key `{other}` in [package.metadata.schemaguard]: expected `base`, `migrations`, `layout` or `functions`"
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
    fn schema_arguments_that_differ_from_the_table_are_conflicts() {
        let m = parse("[package.metadata.schemaguard]\nbase = \"db/schema.sql\"\n").unwrap();
        let c = m.conflicts(
            Some("schema.sql"),
            Some("migrations"),
            Some(&["f".to_string()]),
        );
        let keys: Vec<_> = c.iter().map(|c| c.key).collect();
        assert_eq!(keys, ["base", "functions"]);
        assert!(
            c[0].message
                .starts_with("`base = \"schema.sql\"` differs from `base = \"db/schema.sql\"`"),
            "{}",
            c[0].message
        );
        assert!(
            c[1].message.contains("`functions = []` in"),
            "{}",
            c[1].message
        );
        assert!(m.conflicts(Some("db/schema.sql"), None, None).is_empty());
        // Without a table, arguments are the only settings.
        assert!(
            Metadata::default()
                .conflicts(Some("x.sql"), None, None)
                .is_empty()
        );
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
        assert!(
            parse("[package.metadata.schemaguard]\nbase = \"none\"\n")
                .unwrap_err()
                .contains("write `base = false`")
        );
        assert!(
            parse("[package.metadata.schemaguard]\nbase = true\n")
                .unwrap_err()
                .contains("or `false` for no base schema")
        );
        assert!(
            parse("[package.metadata.schemaguard]\nlayout = \"Sqlx\"\n")
                .unwrap_err()
                .contains("unknown layout \"Sqlx\"")
        );
    }

    #[test]
    fn no_base_and_layout_say_what_schema_arguments_say() {
        let m =
            parse("[package.metadata.schemaguard]\nbase = false\nlayout = \"refinery\"\n").unwrap();
        assert!(m.no_base);
        assert_eq!(m.layout, Some(Layout::Refinery));
        assert!(
            m.all_conflicts(None, true, None, Some(Layout::Refinery), None)
                .is_empty()
        );
        let keys = |c: Vec<Conflict>| c.into_iter().map(|c| c.key).collect::<Vec<_>>();
        assert_eq!(
            keys(m.all_conflicts(Some("schema.sql"), false, None, Some(Layout::Sqlx), None)),
            ["base", "layout"]
        );
        let plain = parse("[package.metadata.schemaguard]\nmigrations = \"db\"\n").unwrap();
        assert_eq!(
            keys(plain.all_conflicts(None, true, None, None, None)),
            ["base"]
        );
    }
}
