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

/// The current heads of the recorded rows, as `alembic current` lists them: the core's rule
/// ([`RevisionGraph::recorded_heads`]), for rows this build may not know.
pub(crate) fn current_head_ids(graph: &RevisionGraph, rows: &[HistoryRow]) -> Vec<String> {
    let recorded: Vec<(&str, &[String])> = rows
        .iter()
        .map(|row| (row.revision.as_str(), row.parents.as_slice()))
        .collect();
    graph.recorded_heads(&recorded)
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
    let source = migrate_core::Source::unlocated(Cow::Owned(format!("{table} {HISTORY_SOURCE}")));
    Revision::new(
        Cow::Owned(row.revision.clone()),
        Cow::Borrowed(""),
        Cow::Owned(row.checksum.clone()),
        source,
    )
    .with_parents(list(&row.parents))
    .with_depends_on(list(&row.depends_on))
    .with_message(Cow::Owned(row.message.clone()))
    .with_down_sql(row.down_sql.clone().map(Cow::Owned))
}

pub(crate) fn synthetic_step(row: &HistoryRow, table: &str) -> Step<'static> {
    Step {
        revision: std::borrow::Cow::Owned(synthetic_revision(row, table)),
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
