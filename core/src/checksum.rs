//! Checksums of what SQLite executes, not of how it is laid out.

use sha2::{Digest, Sha256};

use crate::sql::normalize::checksum_token;
use crate::sql::split::Script;

/// Lower-case hex SHA-256 of the file's token stream: comments and
/// whitespace dropped, tokens joined by one space, unquoted words upper
/// case, literals and quoted identifiers as written.
///
/// Line endings, a BOM, indentation, formatting and comments do not change
/// it; any change to a statement does.
///
/// ```
/// use schemaguard_core::checksum::checksum;
/// assert_eq!(
///     checksum("create index i on t(a,b); -- note"),
///     checksum("\u{feff}CREATE INDEX i\r\n  ON t ( a, b );"),
/// );
/// assert_ne!(checksum("SELECT 'x';"), checksum("SELECT 'X';"));
/// ```
pub fn checksum(source: &str) -> String {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let script = Script::parse(source);
    let mut hasher = Sha256::new();
    for (i, token) in script.tokens.iter().enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        hasher.update(checksum_token(token, source).as_bytes());
    }
    hex(&hasher.finalize())
}

/// What the history checksum of the first file is chained to. Tracking
/// rows written with another start fail the start-up check once, and the
/// slow path then brings the tracking table up to date (its triggers
/// included) and seals the newest row again: change it whenever the
/// start-up check comes to rely on something new in that table.
pub const CHAIN_START: &str = "schemaguard history 2";

/// The history checksum after a migration: SHA-256 of the previous one,
/// the version and the migration's checksum. The last one stands for every
/// migration and its checksum, in order, so a start-up can check them all
/// by reading one row.
///
/// ```
/// use schemaguard_core::checksum::{chain, checksum};
/// let base = chain("", 0, &checksum("CREATE TABLE t (a);"));
/// let one = chain(&base, 1, &checksum("CREATE INDEX i ON t(a);"));
/// assert_ne!(one, chain(&base, 1, &checksum("CREATE INDEX i ON t(a DESC);")));
/// assert_ne!(one, chain(&base, 2, &checksum("CREATE INDEX i ON t(a);")));
/// ```
pub fn chain(previous: &str, version: u64, checksum: &str) -> String {
    hex(&Sha256::digest(
        format!("{previous}:{version}:{checksum}").as_bytes(),
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_lowercase_hex_sha256() {
        let sum = checksum("SELECT 1;");
        assert_eq!(sum.len(), 64);
        assert!(
            sum.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
    }

    #[test]
    fn matches_the_documented_token_stream() {
        // "select 1;" → tokens SELECT, 1, ; joined by single spaces.
        let expected: String = Sha256::digest(b"SELECT 1 ;")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(checksum("select\n  1 ;  -- trailing"), expected);
    }

    #[test]
    fn quoted_identifiers_keep_their_spelling() {
        assert_ne!(checksum("SELECT \"a\";"), checksum("SELECT a;"));
        assert_eq!(checksum("SELECT a;"), checksum("select A;"));
    }

    #[test]
    fn any_statement_change_counts() {
        assert_ne!(checksum("SELECT 1;"), checksum("SELECT 2;"));
        assert_ne!(checksum("SELECT 1;"), checksum("SELECT 1"));
    }
}
