//! Converting Alembic's offline SQL into migrate revisions (`migrate import alembic`).
//!
//! The input is what Alembic itself writes: `alembic upgrade base:heads --sql` (one block per revision,
//! opened by `-- Running upgrade <parents> -> <rev>`), `alembic downgrade heads:base --sql` (blocks opened
//! by `-- Running downgrade <rev> -> <parents>`) and `alembic history --verbose` (messages, create dates,
//! branch labels, `depends_on`). From each block the statements on Alembic's version table
//! (`INSERT INTO alembic_version`, `UPDATE alembic_version`, `DELETE FROM alembic_version`) and the
//! `BEGIN;`/`COMMIT;` lines are removed; the rest is the revision's SQL, as Alembic rendered it for the
//! configured database. A block where Alembic commits and begins again (`autocommit_block()`) becomes
//! `Transactional: false`.
//!
//! - Ids, parents (merges too) and the order are Alembic's. Messages come from the history, else from the
//!   `INFO ... Running upgrade a -> b, message` log lines when the script holds them.
//! - Branch labels: `alembic history` lists a label on every revision of its line; it goes on the lowest
//!   revision that carries it and whose parents do not, which gives migrate the same lineage.
//! - A revision with no SQL (Alembic's `pass`) gets a comment and `SELECT 1;` (migrate refuses an empty up
//!   section), except a merge. Without a downgrade script, the revisions are irreversible.

use std::collections::HashMap;

use anyhow::bail;

use crate::import::NewFile;

/// The lines added to an up section that holds no SQL.
pub const NO_OP: &str =
    "-- migrate import: this Alembic revision runs no SQL; migrate needs a statement\nSELECT 1;\n";

/// What `alembic history --verbose` says about one revision.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The first line of the docstring.
    pub message: String,
    /// `Create Date`, to the second.
    pub create_date: String,
    /// `Branch names` (propagated along the line, as Alembic lists them).
    pub labels: Vec<String>,
    /// `Also depends on`.
    pub depends_on: Vec<String>,
    /// `Parent` / `Merges`.
    pub parents: Vec<String>,
}

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "<base>")
        .map(str::to_owned)
        .collect()
}

/// Parses `alembic history --verbose`.
pub fn parse_history(text: &str) -> HashMap<String, HistoryEntry> {
    let mut entries = HashMap::new();
    let mut current: Option<(String, HistoryEntry, bool)> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("Rev: ") {
            if let Some((id, entry, _)) = current.take() {
                entries.insert(id, entry);
            }
            let id = rest.split_whitespace().next().unwrap_or("").to_owned();
            current = Some((id, HistoryEntry::default(), false));
            continue;
        }
        let Some((_, entry, in_doc)) = current.as_mut() else {
            continue;
        };
        if let Some(rest) = line
            .strip_prefix("Parent: ")
            .or_else(|| line.strip_prefix("Merges: "))
        {
            entry.parents = list(rest);
        } else if let Some(rest) = line.strip_prefix("Also depends on: ") {
            entry.depends_on = list(rest);
        } else if let Some(rest) = line.strip_prefix("Branch names: ") {
            entry.labels = list(rest);
        } else if line.starts_with("Path: ") {
            *in_doc = true;
        } else if *in_doc {
            let doc = line.trim();
            if let Some(date) = doc.strip_prefix("Create Date: ") {
                entry.create_date = date.chars().take(19).collect();
            } else if entry.message.is_empty() && !doc.is_empty() {
                entry.message = doc.to_owned();
            }
        }
    }
    if let Some((id, entry, _)) = current {
        entries.insert(id, entry);
    }
    entries
}

/// One `-- Running upgrade|downgrade` block of an offline script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The revision upgraded to (or downgraded from).
    pub revision: String,
    /// Its parents.
    pub parents: Vec<String>,
    /// Its SQL, without the version-table statements and transaction lines.
    pub sql: String,
    /// False when Alembic commits inside the block (`autocommit_block()`).
    pub transactional: bool,
}

fn is_bookkeeping(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed == "BEGIN;"
        || trimmed == "COMMIT;"
        || trimmed.starts_with("INFO  [")
        || [
            "INSERT INTO alembic_version ",
            "UPDATE alembic_version ",
            "DELETE FROM alembic_version ",
        ]
        .iter()
        .any(|p| trimmed.starts_with(p))
}

/// Splits an offline script into its blocks; `messages` collects `INFO ... Running upgrade a -> b, msg`
/// lines found in it.
pub fn parse_script(
    text: &str,
    direction: &str,
    messages: &mut HashMap<String, String>,
) -> Vec<Block> {
    let marker = format!("-- Running {direction} ");
    let mut blocks: Vec<(Block, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        collect_message(line, messages);
        if let Some(rest) = line.strip_prefix(&marker) {
            let (left, right) = rest.split_once(" -> ").unwrap_or((rest, ""));
            let (revision, parents) = if direction == "upgrade" {
                (right.trim().to_owned(), list(left))
            } else {
                (left.trim().to_owned(), list(right))
            };
            blocks.push((
                Block {
                    revision,
                    parents,
                    sql: String::new(),
                    transactional: true,
                },
                Vec::new(),
            ));
        } else if let Some((_, lines)) = blocks.last_mut() {
            lines.push(line);
        }
    }
    blocks
        .into_iter()
        .map(|(mut block, lines)| {
            let commit = lines.iter().position(|l| l.trim() == "COMMIT;");
            block.transactional =
                !commit.is_some_and(|at| lines[at..].iter().any(|l| l.trim() == "BEGIN;"));
            let kept: Vec<&str> = lines.into_iter().filter(|l| !is_bookkeeping(l)).collect();
            let body = kept.join("\n");
            let body = body.trim_matches(|c| c == '\n' || c == '\r');
            block.sql = if body.trim().is_empty() {
                String::new()
            } else {
                format!("{body}\n")
            };
            block
        })
        .collect()
}

/// `INFO  [alembic.runtime.migration] Running upgrade a1 -> b2, message`: records b2's message.
fn collect_message(line: &str, messages: &mut HashMap<String, String>) {
    let Some((_, rest)) = line.split_once("] Running upgrade ") else {
        return;
    };
    let Some((_, right)) = rest.split_once(" -> ") else {
        return;
    };
    if let Some((id, message)) = right.split_once(", ") {
        messages.insert(id.trim().to_owned(), message.trim().to_owned());
    }
}

/// Converts Alembic's offline upgrade script (and optionally the downgrade script and the verbose
/// history) into revision files, in Alembic's order.
pub fn convert(
    upgrade: &str,
    downgrade: Option<&str>,
    history: Option<&str>,
    log: &str,
) -> anyhow::Result<Vec<NewFile>> {
    let mut messages = HashMap::new();
    for line in log.lines() {
        collect_message(line, &mut messages);
    }
    let ups = parse_script(upgrade, "upgrade", &mut messages);
    if ups.is_empty() {
        bail!(
            "no `-- Running upgrade` block in the upgrade script; give the output of `alembic upgrade base:heads --sql`"
        );
    }
    let downs: HashMap<String, Block> = downgrade
        .map(|text| {
            parse_script(text, "downgrade", &mut HashMap::new())
                .into_iter()
                .map(|b| (b.revision.clone(), b))
                .collect()
        })
        .unwrap_or_default();
    let history = history.map(parse_history).unwrap_or_default();
    let labels_of = |id: &str| {
        history
            .get(id)
            .map(|e| e.labels.clone())
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for block in &ups {
        let id = &block.revision;
        if !migrate_core::is_valid_name(id) {
            problems.push(format!(
                "Alembic revision `{id}` is not a valid migrate id (1-64 letters, digits and _, not head, heads, base or current)"
            ));
            continue;
        }
        let entry = history.get(id).cloned().unwrap_or_default();
        let message = if entry.message.is_empty() {
            messages.get(id).cloned().unwrap_or_default()
        } else {
            entry.message.clone()
        };
        let inherited: Vec<String> = block.parents.iter().flat_map(|p| labels_of(p)).collect();
        let own: Vec<String> = entry
            .labels
            .iter()
            .filter(|l| !inherited.contains(l))
            .cloned()
            .collect();
        let mut up = block.sql.clone();
        if up.is_empty() && block.parents.len() < 2 {
            up.push_str(NO_OP);
        }
        if !up.is_empty() {
            up.push('\n');
        }
        let down = if downgrade.is_some() {
            match downs.get(id) {
                Some(block) => Some(block.sql.clone()),
                None => {
                    problems.push(format!(
                        "revision {id} has no `-- Running downgrade {id} -> ...` block in the downgrade script; give the output of `alembic downgrade heads:base --sql`"
                    ));
                    None
                }
            }
        } else {
            None
        };
        let mut text = format!("-- Revision ID: {id}\n-- Revises:");
        if !block.parents.is_empty() {
            text.push_str(&format!(" {}", block.parents.join(", ")));
        }
        text.push('\n');
        text.push_str(&format!("-- Message: {message}\n"));
        if !entry.create_date.is_empty() {
            text.push_str(&format!("-- Create Date: {}\n", entry.create_date));
        }
        if !own.is_empty() {
            text.push_str(&format!("-- Branch Labels: {}\n", own.join(", ")));
        }
        if !entry.depends_on.is_empty() {
            text.push_str(&format!("-- Depends On: {}\n", entry.depends_on.join(", ")));
        }
        if !block.transactional {
            text.push_str("-- Transactional: false\n");
        }
        text.push_str("\n-- Imported by `migrate import alembic` from Alembic's offline SQL.\n-- migrate:up\n");
        text.push_str(&up);
        if let Some(down) = &down {
            text.push_str("-- migrate:down\n");
            text.push_str(down);
        }
        files.push(NewFile {
            id: id.clone(),
            message,
            text,
            up,
            down,
            origin: format!("Alembic revision {id}"),
        });
    }
    if !problems.is_empty() {
        bail!(
            "cannot import the Alembic history:\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const UP: &str = "BEGIN;\n\nCREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);\n\n-- Running upgrade  -> a1\n\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n\nINSERT INTO alembic_version (version_num) VALUES ('a1') RETURNING alembic_version.version_num;\n\n-- Running upgrade a1 -> c3\n\nCOMMIT;\n\nCREATE INDEX CONCURRENTLY ix ON users (id);\n\nBEGIN;\n\nUPDATE alembic_version SET version_num='c3' WHERE alembic_version.version_num = 'a1';\n\n-- Running upgrade a1 -> b2\n\nINSERT INTO alembic_version (version_num) VALUES ('b2') RETURNING alembic_version.version_num;\n\n-- Running upgrade b2, c3 -> d4\n\nDELETE FROM alembic_version WHERE alembic_version.version_num = 'b2';\n\nUPDATE alembic_version SET version_num='d4' WHERE alembic_version.version_num = 'c3';\n\nCOMMIT;\n\n";
    const DOWN: &str = "BEGIN;\n\n-- Running downgrade d4 -> b2, c3\n\nINSERT INTO alembic_version (version_num) VALUES ('b2');\n\n-- Running downgrade b2 -> a1\n\n-- Running downgrade c3 -> a1\n\nDROP INDEX ix;\n\n-- Running downgrade a1 -> \n\nDROP TABLE users;\n\nDELETE FROM alembic_version WHERE alembic_version.version_num = 'a1';\n\nCOMMIT;\n";
    const HISTORY: &str = "Rev: d4 (head) (mergepoint)\nMerges: b2, c3\nBranch names: side\nPath: /x/d4_merge.py\n\n    merge heads\n    \n    Revision ID: d4\n    Revises: b2, c3\n    Create Date: 2026-12-01 12:22:08.517336\n\nRev: c3\nParent: a1\nBranch names: side\nPath: /x/c3.py\n\n    branch two\n    \n    Create Date: 2026-12-01 12:22:07.385141\n\nRev: a1 (branchpoint)\nParent: <base>\nBranches into: b2, c3\nPath: /x/a1.py\n\n    create users\n";

    #[test]
    fn blocks_ids_parents_labels() {
        let files = convert(
            UP,
            Some(DOWN),
            Some(HISTORY),
            "INFO  [alembic.runtime.migration] Running upgrade a1 -> b2, add email\n",
        )
        .unwrap();
        let ids: Vec<&str> = files.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["a1", "c3", "b2", "d4"]);
        assert_eq!(
            files[0].text,
            "-- Revision ID: a1\n-- Revises:\n-- Message: create users\n\n-- Imported by `migrate import alembic` from Alembic's offline SQL.\n-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE users;\n"
        );
        assert_eq!(
            files[1].text,
            "-- Revision ID: c3\n-- Revises: a1\n-- Message: branch two\n-- Create Date: 2026-12-01 12:22:07\n-- Branch Labels: side\n-- Transactional: false\n\n-- Imported by `migrate import alembic` from Alembic's offline SQL.\n-- migrate:up\nCREATE INDEX CONCURRENTLY ix ON users (id);\n\n-- migrate:down\nDROP INDEX ix;\n"
        );
        // b2 ran no SQL; its message came from the log line.
        assert_eq!(files[2].message, "add email");
        assert_eq!(files[2].up, format!("{NO_OP}\n"));
        // The merge: no SQL, no label of its own.
        assert!(files[3].text.starts_with("-- Revision ID: d4\n-- Revises: b2, c3\n-- Message: merge heads\n-- Create Date: 2026-12-01 12:22:08\n\n"), "{}", files[3].text);
        for file in &files {
            let parsed = migrate_core::parse_file("x.sql", &file.text);
            assert!(
                parsed.diagnostics.is_empty(),
                "{}: {:?}",
                file.id,
                parsed.diagnostics
            );
            let revision = parsed.revision.unwrap();
            assert_eq!(revision.up_sql, file.up);
            assert_eq!(revision.down_sql.as_deref(), file.down.as_deref());
        }
    }

    #[test]
    fn without_a_downgrade_script_revisions_are_irreversible() {
        let files = convert(UP, None, None, "").unwrap();
        assert!(
            files
                .iter()
                .all(|f| f.down.is_none() && !f.text.contains("-- migrate:down"))
        );
        assert!(convert("SELECT 1;\n", None, None, "").is_err());
        let error = convert(UP, Some("-- Running downgrade a1 -> \n"), None, "")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("revision c3 has no `-- Running downgrade c3 -> ...` block"),
            "{error}"
        );
    }
}
