//! The typed revision: one migration file, parsed.

use std::borrow::Cow;

/// Text that is either borrowed from the binary (embedded at compile time) or owned (read at run time).
pub type Text = Cow<'static, str>;

/// A list of [`Text`], borrowed or owned for the same reason.
pub type TextList = Cow<'static, [Text]>;

/// One revision: everything migrate knows about one migration file.
///
/// The same type is built by the run-time loader and embedded as a `const` by `embed_migrations!()`, so the
/// two can be compared field by field. Build one with [`Revision::new`] and the `with_*` methods (the
/// parser, the embedded table and the runtime's revisions rebuilt from history rows all do).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Revision {
    /// The revision id (`-- Revision ID:`).
    pub id: Text,
    /// The revisions this one revises (`-- Revises:`): none for a root, several for a merge.
    pub parents: TextList,
    /// Extra ordering edges (`-- Depends On:`), as written: revision ids or branch labels.
    pub depends_on: TextList,
    /// Branch labels (`-- Branch Labels:`).
    pub branch_labels: TextList,
    /// The message (`-- Message:`), empty when absent.
    pub message: Text,
    /// The creation date as written (`-- Create Date:`), empty when absent.
    pub create_date: Text,
    /// Whether the revision runs inside a transaction (`-- Transactional:`, default `true`).
    pub transactional: bool,
    /// The SQL of the `-- migrate:up` section.
    pub up_sql: Text,
    /// The SQL of the `-- migrate:down` section; `None` makes the revision irreversible.
    pub down_sql: Option<Text>,
    /// Lowercase hex SHA-256 of the up section with `\r\n` normalised to `\n`.
    pub checksum: Text,
    /// Where the revision came from, for messages.
    pub source: Source,
}

/// Where a revision was read from: the path (relative to the crate or working directory) and the lines of
/// the parts that diagnostics point at. Lines are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Path of the file, relative to the folder's crate, with `/` separators.
    pub path: Text,
    /// Line of `-- Revision ID:`.
    pub id_line: u32,
    /// Line of `-- Revises:` (the id line when absent).
    pub parents_line: u32,
    /// Line of `-- Depends On:` (the id line when absent).
    pub depends_on_line: u32,
    /// Line of `-- Branch Labels:` (the id line when absent).
    pub labels_line: u32,
    /// Line of `-- migrate:up`.
    pub up_line: u32,
    /// Line of `-- migrate:down`, 0 when absent.
    pub down_line: u32,
    /// Byte range of the up section in the file's text (what `up_sql` holds); `(0, 0)` for a revision
    /// rebuilt from a history row.
    pub up_bytes: (usize, usize),
    /// Byte range of the down section in the file's text, `None` when absent.
    pub down_bytes: Option<(usize, usize)>,
}

impl Source {
    /// A source from its path, the lines of the id, `Revises`, `Depends On`, `Branch Labels` headers
    /// and of the up and down markers (in that order), and the byte ranges of the up and down sections.
    pub fn new(
        path: Text,
        lines: [u32; 6],
        up_bytes: (usize, usize),
        down_bytes: Option<(usize, usize)>,
    ) -> Self {
        Source {
            path,
            id_line: lines[0],
            parents_line: lines[1],
            depends_on_line: lines[2],
            labels_line: lines[3],
            up_line: lines[4],
            down_line: lines[5],
            up_bytes,
            down_bytes,
        }
    }

    /// A source with no lines: for a revision that comes from somewhere other than a file (a history row).
    pub fn unlocated(path: Text) -> Self {
        Source::new(path, [0; 6], (0, 0), None)
    }
}

impl Revision {
    /// A root revision with this id, up section and its checksum (see [`checksum`]), read from `source`:
    /// no parents, dependencies or labels, empty message and date, transactional, irreversible. The
    /// `with_*` methods set the rest.
    pub fn new(id: Text, up_sql: Text, checksum: Text, source: Source) -> Self {
        Revision {
            id,
            parents: Cow::Borrowed(&[]),
            depends_on: Cow::Borrowed(&[]),
            branch_labels: Cow::Borrowed(&[]),
            message: Cow::Borrowed(""),
            create_date: Cow::Borrowed(""),
            transactional: true,
            up_sql,
            down_sql: None,
            checksum,
            source,
        }
    }

    /// Sets the revisions this one revises.
    pub fn with_parents(mut self, parents: TextList) -> Self {
        self.parents = parents;
        self
    }

    /// Sets the `Depends On` entries.
    pub fn with_depends_on(mut self, depends_on: TextList) -> Self {
        self.depends_on = depends_on;
        self
    }

    /// Sets the branch labels.
    pub fn with_branch_labels(mut self, branch_labels: TextList) -> Self {
        self.branch_labels = branch_labels;
        self
    }

    /// Sets the message.
    pub fn with_message(mut self, message: Text) -> Self {
        self.message = message;
        self
    }

    /// Sets the creation date, as written.
    pub fn with_create_date(mut self, create_date: Text) -> Self {
        self.create_date = create_date;
        self
    }

    /// Sets whether the revision runs inside a transaction.
    pub fn with_transactional(mut self, transactional: bool) -> Self {
        self.transactional = transactional;
        self
    }

    /// Sets the down section (`None`: irreversible).
    pub fn with_down_sql(mut self, down_sql: Option<Text>) -> Self {
        self.down_sql = down_sql;
        self
    }

    /// Whether the revision has a down section and so can be downgraded.
    pub fn is_reversible(&self) -> bool {
        self.down_sql.is_some()
    }

    /// Whether the revision is a merge (more than one parent).
    pub fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }
}

/// Returns the lowercase hex SHA-256 of `up_sql` with `\r\n` normalised to `\n`.
pub fn checksum(up_sql: &str) -> String {
    use sha2::{Digest, Sha256};
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hasher = Sha256::new();
    // Hash everything but the `\r` of each `\r\n`.
    let bytes = up_sql.as_bytes();
    let mut start = 0;
    for (pos, pair) in bytes.windows(2).enumerate() {
        if pair == b"\r\n" {
            hasher.update(&bytes[start..pos]);
            start = pos + 1;
        }
    }
    hasher.update(&bytes[start..]);
    let mut hex = String::with_capacity(64);
    for byte in hasher.finalize() {
        hex.push(HEX[usize::from(byte >> 4)] as char);
        hex.push(HEX[usize::from(byte & 0xf)] as char);
    }
    hex
}

/// Names that the target grammar gives a meaning and that so cannot be revision ids or labels.
pub const RESERVED_NAMES: [&str; 4] = ["head", "heads", "base", "current"];

/// Checks the shape of a revision id or branch label: 1–64 characters of `[A-Za-z0-9_]`, not a reserved word.
pub fn is_valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !RESERVED_NAMES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_ignores_crlf() {
        assert_eq!(checksum("a\r\nb\r\n"), checksum("a\nb\n"));
        assert_eq!(checksum("a\rb\r\n\r"), checksum("a\rb\n\r"));
        assert_ne!(checksum("a\rb\n"), checksum("ab\n"));
        assert_ne!(checksum("a\nb\n"), checksum("a\nc\n"));
        assert_eq!(
            checksum(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn names() {
        assert!(is_valid_name("3f2a9c1b7d4e"));
        assert!(is_valid_name("add_users_1"));
        assert!(!is_valid_name("a-b"));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name(&"a".repeat(65)));
        assert!(!is_valid_name("head"));
    }
}
