//! Converting a diesel_migrations folder into migrate revisions (`migrate import diesel`).
//!
//! - **Order**: as diesel applies them, by version (the folder name up to its first `_`, dashes removed),
//!   compared as strings, not by folder name. The revisions form one linear chain in that order.
//! - **Ids**: the version itself ([`migrate_runtime::diesel_revision_id`]): `2024-01-15-093000_create_users`
//!   becomes `20240115093000`. Stable (importing again gives the same ids) and unique (diesel versions are);
//!   adoption finds the revisions of the versions `__diesel_schema_migrations` lists by the same rule. A
//!   version that is not 1-64 letters and digits is refused.
//! - **Message**: the rest of the folder name, `_` read as spaces (`create users`). **Create Date**: the
//!   version when it is a 14-digit timestamp (`YYYYMMDDHHMMSS`).
//! - `metadata.toml` as diesel reads it: `run_in_transaction = false` gives `Transactional: false` (a
//!   file that exists but does not set the key is `false` too, diesel's serde default; a file that does not
//!   parse is ignored, as diesel ignores it).
//! - **SQL byte for byte**: the up section is `up.sql` as it is, plus a final `\n` when the file lacks one
//!   (the `-- migrate:down` marker must start a line); the down section is `down.sql` as it is. An `up.sql`
//!   holding only comments or nothing, which diesel runs as a no-op, gets two lines after its text (a
//!   comment and `SELECT 1;`), since migrate refuses an up section without SQL. An empty `down.sql` is a
//!   reversible no-op; a missing one makes the revision irreversible.

use std::path::Path;

use anyhow::{Context as _, bail};

use crate::import::NewFile;

/// One diesel migration folder, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DieselMigration {
    /// The folder name (`2024-01-15-093000_create_users`).
    pub folder: String,
    /// `up.sql`.
    pub up: String,
    /// `down.sql`, if present.
    pub down: Option<String>,
    /// `metadata.toml`, if present.
    pub metadata: Option<String>,
}

/// The lines added to an up section that holds no SQL.
pub const NO_OP: &str =
    "-- migrate import: diesel ran this up.sql as a no-op; migrate needs a statement\nSELECT 1;\n";

/// Reads the migrations of a diesel folder as diesel_migrations does: every sub-folder not starting with
/// `.` is a migration and must hold `up.sql`; files beside them are ignored.
pub fn read_folder(dir: &Path) -> anyhow::Result<Vec<DieselMigration>> {
    let shown = dir.display();
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read the diesel folder {shown}"))?;
    let mut migrations = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read the diesel folder {shown}"))?;
        let folder = entry.file_name().to_string_lossy().into_owned();
        if folder.starts_with('.') || !entry.path().is_dir() {
            continue;
        }
        let path = entry.path();
        let read = |name: &str| -> anyhow::Result<Option<String>> {
            match std::fs::read(path.join(name)) {
                Ok(bytes) => String::from_utf8(bytes)
                    .map(Some)
                    .map_err(|_| anyhow::anyhow!("{shown}/{folder}/{name} is not UTF-8")),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(anyhow::anyhow!("cannot read {shown}/{folder}/{name}: {e}")),
            }
        };
        let (up, down, metadata) = match (read("up.sql"), read("down.sql"), read("metadata.toml")) {
            (Ok(up), Ok(down), Ok(metadata)) => (up, down, metadata),
            (a, b, c) => {
                problems.extend(
                    [a.err(), b.err(), c.err()]
                        .into_iter()
                        .flatten()
                        .map(|e| e.to_string()),
                );
                continue;
            }
        };
        let Some(up) = up else {
            problems.push(format!(
                "{shown}/{folder} has no up.sql (diesel refuses such a folder too); add one or move the folder away"
            ));
            continue;
        };
        migrations.push(DieselMigration {
            folder,
            up,
            down,
            metadata,
        });
    }
    if !problems.is_empty() {
        problems.sort();
        bail!("cannot import {shown}:\n  {}", problems.join("\n  "));
    }
    Ok(migrations)
}

/// The version diesel reads from a folder name: up to the first `_`, dashes removed.
pub fn version(folder: &str) -> String {
    folder.split('_').next().unwrap_or("").replace('-', "")
}

/// `YYYY-MM-DD HH:MM:SS` from a 14-digit timestamp version, if it is one.
pub fn create_date(version: &str) -> Option<String> {
    if version.len() != 14 || !version.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |range: std::ops::Range<usize>| version[range].parse::<u32>().unwrap_or(99);
    let (month, day, hour, minute, second) = (n(4..6), n(6..8), n(8..10), n(10..12), n(12..14));
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    valid.then(|| {
        format!(
            "{}-{}-{} {}:{}:{}",
            &version[0..4],
            &version[4..6],
            &version[6..8],
            &version[8..10],
            &version[10..12],
            &version[12..14]
        )
    })
}

/// `run_in_transaction` as diesel reads `metadata.toml`.
fn run_in_transaction(metadata: Option<&str>) -> bool {
    let Some(text) = metadata else { return true };
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => match table.get("run_in_transaction") {
            None => false,
            Some(toml::Value::Boolean(value)) => *value,
            Some(_) => true,
        },
        Err(_) => true,
    }
}

/// Whether migrate would find no SQL in this text (every line blank or a `--` comment).
fn holds_no_sql(sql: &str) -> bool {
    sql.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with("--")
    })
}

/// Converts diesel migrations into migrate revision files, in diesel's order, as one chain. Every problem
/// is reported at once.
pub fn convert(mut migrations: Vec<DieselMigration>) -> anyhow::Result<Vec<NewFile>> {
    migrations.sort_by(|a, b| {
        version(&a.folder)
            .cmp(&version(&b.folder))
            .then(a.folder.cmp(&b.folder))
    });
    let mut problems = Vec::new();
    for pair in migrations.windows(2) {
        if version(&pair[0].folder) == version(&pair[1].folder) {
            problems.push(format!(
                "{} and {} have the same version {}; diesel would run only one of them: rename one",
                pair[0].folder,
                pair[1].folder,
                version(&pair[0].folder)
            ));
        }
    }
    let mut files = Vec::new();
    let mut parent: Option<String> = None;
    for migration in &migrations {
        let version = version(&migration.folder);
        let Some(id) = migrate_runtime::diesel_revision_id(&version) else {
            problems.push(format!(
                "{}: its version `{version}` is not a valid revision id (1-64 letters and digits, not head, heads, base or current)",
                migration.folder
            ));
            continue;
        };
        let name = migration
            .folder
            .split_once('_')
            .map_or("", |(_, name)| name);
        let message = name
            .replace('_', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut up = migration.up.clone();
        if !up.is_empty() && !up.ends_with('\n') {
            up.push('\n');
        }
        if holds_no_sql(&up) {
            up.push_str(NO_OP);
        }
        let mut text = format!("-- Revision ID: {id}\n");
        match &parent {
            Some(parent) => text.push_str(&format!("-- Revises: {parent}\n")),
            None => text.push_str("-- Revises:\n"),
        }
        text.push_str(&format!("-- Message: {message}\n"));
        if let Some(date) = create_date(&version) {
            text.push_str(&format!("-- Create Date: {date}\n"));
        }
        if !run_in_transaction(migration.metadata.as_deref()) {
            text.push_str("-- Transactional: false\n");
        }
        text.push_str(&format!(
            "\n-- Imported by `migrate import diesel` from {}.\n-- migrate:up\n{up}",
            migration.folder
        ));
        if let Some(down) = &migration.down {
            text.push_str("-- migrate:down\n");
            text.push_str(down);
        }
        files.push(NewFile {
            id: id.to_owned(),
            message,
            text,
            up,
            down: migration.down.clone(),
            origin: migration.folder.clone(),
        });
        parent = Some(id.to_owned());
    }
    if !problems.is_empty() {
        bail!(
            "cannot import the diesel folder:\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migration(
        folder: &str,
        up: &str,
        down: Option<&str>,
        metadata: Option<&str>,
    ) -> DieselMigration {
        DieselMigration {
            folder: folder.into(),
            up: up.into(),
            down: down.map(Into::into),
            metadata: metadata.map(Into::into),
        }
    }

    #[test]
    fn versions_and_dates() {
        assert_eq!(version("2024-01-15-093000_create_users"), "20240115093000");
        assert_eq!(version("20151219180527_create_users"), "20151219180527");
        assert_eq!(
            version("00000000000000_diesel_initial_setup"),
            "00000000000000"
        );
        assert_eq!(version("7"), "7");
        assert_eq!(
            create_date("20240115093000").as_deref(),
            Some("2024-01-15 09:30:00")
        );
        assert_eq!(create_date("00000000000000"), None);
        assert_eq!(create_date("20241315093000"), None);
        assert_eq!(create_date("2024011509300"), None);
    }

    #[test]
    fn metadata_as_diesel_reads_it() {
        assert!(run_in_transaction(None));
        assert!(!run_in_transaction(Some("run_in_transaction = false\n")));
        assert!(run_in_transaction(Some("run_in_transaction = true\n")));
        assert!(!run_in_transaction(Some("# nothing\n")));
        assert!(run_in_transaction(Some("not toml [")));
    }

    #[test]
    fn a_chain_in_diesel_order() {
        let files = convert(vec![
            migration(
                "20240201000000_second",
                "CREATE TABLE b (id INT);",
                Some(""),
                Some("run_in_transaction = false"),
            ),
            migration(
                "2024-01-15-093000_first_one",
                "CREATE TABLE a (id INT);\n",
                Some("DROP TABLE a;\n"),
                None,
            ),
            migration("3_noop", "-- nothing here\n", None, None),
        ])
        .unwrap();
        let ids: Vec<&str> = files.iter().map(|f| f.id.as_str()).collect();
        // "3" sorts after "2024...", as diesel compares versions as strings.
        assert_eq!(ids, ["20240115093000", "20240201000000", "3"]);
        assert_eq!(
            files[0].text,
            "-- Revision ID: 20240115093000\n-- Revises:\n-- Message: first one\n-- Create Date: 2024-01-15 09:30:00\n\n-- Imported by `migrate import diesel` from 2024-01-15-093000_first_one.\n-- migrate:up\nCREATE TABLE a (id INT);\n-- migrate:down\nDROP TABLE a;\n"
        );
        assert_eq!(
            files[1].text,
            "-- Revision ID: 20240201000000\n-- Revises: 20240115093000\n-- Message: second\n-- Create Date: 2024-02-01 00:00:00\n-- Transactional: false\n\n-- Imported by `migrate import diesel` from 20240201000000_second.\n-- migrate:up\nCREATE TABLE b (id INT);\n-- migrate:down\n"
        );
        assert_eq!(files[2].up, format!("-- nothing here\n{NO_OP}"));
        assert_eq!(files[2].down, None);
        for file in &files {
            let parsed = migrate_core::parse_file("x.sql", &file.text);
            assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
            let revision = parsed.revision.unwrap();
            assert_eq!(revision.up_sql, file.up);
            assert_eq!(revision.down_sql.as_deref(), file.down.as_deref());
        }
        let parsed = migrate_core::parse_file("x.sql", &files[1].text)
            .revision
            .unwrap();
        assert!(!parsed.transactional);
    }

    #[test]
    fn every_problem_at_once() {
        let error = convert(vec![
            migration("1_a", "SELECT 1;", None, None),
            migration("1_b", "SELECT 1;", None, None),
            migration("1.5_c", "SELECT 1;", None, None),
        ])
        .unwrap_err()
        .to_string();
        assert_eq!(
            error,
            "cannot import the diesel folder:\n  1_a and 1_b have the same version 1; diesel would run only one of them: rename one\n  1.5_c: its version `1.5` is not a valid revision id (1-64 letters and digits, not head, heads, base or current)"
        );
    }
}
