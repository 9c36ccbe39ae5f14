//! Revisions rebuilt from history rows, for a build that does not know them (so a downgrade can use their
//! stored down SQL, and `stamp --purge` can remove them), and the heads of the recorded rows.

use std::borrow::Cow;

use migrate_core::{Revision, RevisionGraph};

use crate::apply::Step;
use crate::error::Error;
use crate::history::HistoryRow;
use crate::report::StepDirection;

/// Where synthetic revisions (rebuilt from history rows) say they come from.
pub(crate) const HISTORY_SOURCE: &str = "(history table)";

/// The current heads of the recorded rows, as `alembic current` lists them: rows no other row revises (a
/// revision recorded only as another's dependency is one), in topological order where the graph knows them.
pub(crate) fn current_head_ids(graph: &RevisionGraph, rows: &[HistoryRow]) -> Vec<String> {
    let revised: std::collections::HashSet<&str> = rows
        .iter()
        .flat_map(|row| row.parents.iter().map(String::as_str))
        .collect();
    let mut heads: Vec<&HistoryRow> = rows
        .iter()
        .filter(|row| !revised.contains(row.revision.as_str()))
        .collect();
    heads.sort_by_key(|r| graph.node(&r.revision).map_or(u32::MAX, |n| graph.rank(n)));
    heads.into_iter().map(|r| r.revision.clone()).collect()
}

/// A revision rebuilt from a history row, for a build that does not know it.
fn synthetic_revision(row: &HistoryRow, table: &str) -> Revision {
    let list = |items: &[String]| -> migrate_core::TextList {
        items
            .iter()
            .map(|s| Cow::Owned(s.clone()))
            .collect::<Vec<_>>()
            .into()
    };
    Revision {
        id: Cow::Owned(row.revision.clone()),
        parents: list(&row.parents),
        depends_on: list(&row.depends_on),
        branch_labels: Cow::Owned(Vec::new()),
        message: Cow::Owned(row.message.clone()),
        create_date: Cow::Borrowed(""),
        transactional: true,
        up_sql: Cow::Borrowed(""),
        down_sql: row.down_sql.clone().map(Cow::Owned),
        checksum: Cow::Owned(row.checksum.clone()),
        source: migrate_core::Source {
            path: Cow::Owned(format!("{table} {HISTORY_SOURCE}")),
            id_line: 0,
            parents_line: 0,
            depends_on_line: 0,
            labels_line: 0,
            up_line: 0,
            down_line: 0,
            up_bytes: (0, 0),
            down_bytes: None,
        },
    }
}

pub(crate) fn synthetic_step(row: &HistoryRow, table: &str) -> Step {
    Step {
        revision: synthetic_revision(row, table),
        depends_on: row.depends_on.clone(),
        direction: StepDirection::Stamp,
        removed: false,
        confirm: false,
    }
}

/// The graph plus revisions rebuilt from history rows it does not know, so a downgrade can use their stored
/// down SQL.
pub(crate) fn extend_graph(
    graph: &RevisionGraph,
    rows: &[HistoryRow],
    table: &str,
) -> Result<RevisionGraph, Error> {
    let mut revisions = graph.revisions().to_vec();
    let unknown: Vec<&HistoryRow> = rows
        .iter()
        .filter(|r| graph.node(&r.revision).is_none())
        .collect();
    revisions.extend(unknown.iter().map(|r| synthetic_revision(r, table)));
    let mut problems = Vec::new();
    match migrate_core::build_graph(revisions, &mut problems) {
        Some(extended) if problems.is_empty() => Ok(extended),
        _ => Err(Error::UnknownRevisions {
            ids: unknown.iter().map(|r| r.revision.clone()).collect(),
        }),
    }
}
