//! The text of new revision files, their names and ids.
//!
//! A new revision's up section holds `SELECT 1;` under a comment asking to replace it. migrate-core refuses an
//! empty up section (a revision recorded as applied that ran nothing is how Alembic's `pass` template bites),
//! and `migrate revision` must leave a valid folder, so the template carries the smallest statement that runs
//! on PostgreSQL, MySQL/MariaDB and SQLite alike. `migrate upgrade` warns when it is about to run a revision
//! whose placeholder was never replaced, and the recorded checksum catches an edit made after it ran.

use std::time::SystemTime;

/// The first line of the up-section comment; its presence marks an untouched placeholder.
pub const PLACEHOLDER_MARK: &str =
    "-- Replace `SELECT 1;` with the SQL that applies this revision.";

/// Header fields of a new revision.
#[derive(Debug, Default)]
pub struct NewRevision<'a> {
    /// The revision id.
    pub id: &'a str,
    /// Parent ids (several for a merge).
    pub parents: Vec<String>,
    /// The message.
    pub message: &'a str,
    /// The creation date.
    pub create_date: String,
    /// Branch labels.
    pub branch_labels: Vec<String>,
    /// Full ids of `Depends On`.
    pub depends_on: Vec<String>,
}

fn header_line(key: &str, value: &str) -> String {
    if value.is_empty() {
        format!("-- {key}:\n")
    } else {
        format!("-- {key}: {value}\n")
    }
}

impl NewRevision<'_> {
    fn header(&self) -> String {
        let message = self
            .message
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut text = String::new();
        text.push_str(&header_line("Revision ID", self.id));
        text.push_str(&header_line("Revises", &self.parents.join(", ")));
        text.push_str(&header_line("Message", &message));
        text.push_str(&header_line("Create Date", &self.create_date));
        text.push_str(&header_line(
            "Branch Labels",
            &self.branch_labels.join(", "),
        ));
        text.push_str(&header_line("Depends On", &self.depends_on.join(", ")));
        text
    }

    /// The file of an ordinary revision.
    pub fn revision_file(&self) -> String {
        format!(
            "{}\n-- migrate:up\n{PLACEHOLDER_MARK}\n-- Until then this revision runs as a no-op (like Alembic's `pass`). Edit it before\n-- `migrate upgrade`: once applied, its checksum is recorded and later edits are refused.\nSELECT 1;\n\n-- migrate:down\n-- The SQL that reverts the up section. Empty is a no-op; deleting this section (its marker line\n-- included) makes the revision irreversible.\n",
            self.header()
        )
    }

    /// The file of a merge revision: both sections empty (a merge only joins branches).
    pub fn merge_file(&self) -> String {
        format!(
            "{}\n-- migrate:up\n-- A merge joins branches; it may stay empty or hold SQL that reconciles them.\n\n-- migrate:down\n",
            self.header()
        )
    }
}

/// The file name from the template: `{rev}` and `{slug}` replaced.
pub fn file_name(template: &str, id: &str, message: &str) -> String {
    template
        .replace("{rev}", id)
        .replace("{slug}", &slug(message))
}

/// Alembic's slug: the message's words, lowercase, joined by `_`, cut at a word boundary near 40 characters.
pub fn slug(message: &str) -> String {
    let words: Vec<String> = message
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let slug = words.join("_");
    const LIMIT: usize = 40;
    if slug.chars().count() <= LIMIT {
        return slug;
    }
    let cut: String = slug.chars().take(LIMIT).collect();
    match cut.rfind('_') {
        Some(pos) if pos > 0 => format!("{}_", &cut[..pos]),
        _ => cut,
    }
}

/// A new revision id: 12 random hex digits, as Alembic's `uuid4().hex[-12:]`.
pub fn new_id() -> anyhow::Result<String> {
    let value =
        getrandom::u64().map_err(|e| anyhow::anyhow!("cannot generate a revision id: {e}"))?;
    Ok(format!("{:012x}", value & 0xffff_ffff_ffff))
}

/// Now, in UTC, as `YYYY-MM-DD HH:MM:SS`.
pub fn now_utc() -> String {
    format_utc(SystemTime::now())
}

/// `time` in UTC to the second: the runtime's timestamp without its milliseconds.
fn format_utc(time: SystemTime) -> String {
    let mut text = migrate_runtime::__cli::format_utc(time);
    text.truncate("YYYY-MM-DD HH:MM:SS".len());
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_like_alembic() {
        assert_eq!(slug("Add a column"), "add_a_column");
        assert_eq!(slug("create users; (v2)"), "create_users_v2");
        assert_eq!(slug(""), "");
        assert_eq!(
            slug("this is a very long message that goes on and on"),
            "this_is_a_very_long_message_that_goes_"
        );
        assert_eq!(
            file_name("{rev}_{slug}.sql", "ab12", "Add users"),
            "ab12_add_users.sql"
        );
    }

    #[test]
    fn dates() {
        let at =
            |secs: u64| format_utc(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01 00:00:00");
        assert_eq!(at(1_795_773_851), "2026-11-27 10:04:11");
        assert_eq!(at(951_782_400), "2000-02-29 00:00:00");
    }

    #[test]
    fn ids() {
        let id = new_id().unwrap();
        assert_eq!(id.len(), 12);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn templates_parse() {
        let new = NewRevision {
            id: "ab12cd34ef56",
            parents: vec!["1a2b3c4d5e6f".into()],
            message: "add users",
            create_date: "2026-11-21 10:04:11".into(),
            ..Default::default()
        };
        let parsed = migrate_core::parse_file("x.sql", &new.revision_file());
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let revision = parsed.revision.unwrap();
        assert_eq!(revision.parents.as_ref(), ["1a2b3c4d5e6f"]);
        assert_eq!(revision.message, "add users");
        assert!(revision.up_sql.contains("SELECT 1;"));
        assert_eq!(
            revision
                .down_sql
                .as_deref()
                .map(str::trim)
                .map(|s| s.starts_with("--")),
            Some(true)
        );
        let merge = NewRevision {
            parents: vec!["a1".into(), "b1".into()],
            ..new
        };
        let parsed = migrate_core::parse_file("m.sql", &merge.merge_file());
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    }
}
