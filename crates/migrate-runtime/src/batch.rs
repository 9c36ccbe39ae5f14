//! The bookkeeping of a single-transaction run ([`TransactionMode::Single`](crate::TransactionMode::Single)),
//! written in batches: the history and log rows of the revisions run so far wait here and go to the
//! database as one multi-row `INSERT` (or `DELETE`) each, before the transaction commits, rather than as two
//! statements per revision. The rows are the ones a per-revision run writes, value for value, and the log
//! rows keep their order (so their ids too). A revision that fails rolls the transaction back, and the rows
//! waiting here with it.
//!
//! The migration SQL of a later revision in the same run does not see the rows of the earlier ones until the
//! batch is written (at the latest when the transaction commits).

use crate::history::{NewHistoryRow, NewLogRow, Tables};

/// Rows (or SQL text) that make a batch worth writing before the commit: this keeps each statement, and the
/// memory the batch holds, bounded whatever the number of revisions.
const FLUSH_ROWS: usize = 500;
const FLUSH_BYTES: usize = 1 << 20;

/// The rows waiting to be written.
#[derive(Debug, Default)]
pub(crate) struct Batch<'a> {
    inserted: Vec<NewHistoryRow<'a>>,
    deleted: Vec<&'a str>,
    log: Vec<NewLogRow<'a>>,
    bytes: usize,
}

impl<'a> Batch<'a> {
    /// Adds an upgraded revision's history row.
    pub fn insert(&mut self, row: NewHistoryRow<'a>) {
        let revision = row.revision;
        self.bytes +=
            revision.down_sql.as_ref().map_or(0, |d| d.len()) + revision.message.len() + 200;
        self.inserted.push(row);
    }

    /// Adds a downgraded revision (its history row goes).
    pub fn delete(&mut self, revision: &'a str) {
        self.bytes += revision.len() + 4;
        self.deleted.push(revision);
    }

    /// Adds a log row.
    pub fn log(&mut self, row: NewLogRow<'a>) {
        self.bytes += row.revision.len() + 120;
        self.log.push(row);
    }

    /// Whether the batch should be written now rather than at the commit.
    pub fn is_full(&self) -> bool {
        self.inserted.len() + self.deleted.len() + self.log.len() >= FLUSH_ROWS
            || self.bytes >= FLUSH_BYTES
    }

    /// The statements that write the batch (none when it is empty), emptying it.
    pub fn take(&mut self, tables: &Tables<'_>) -> Vec<String> {
        let mut statements = Vec::with_capacity(3);
        if !self.inserted.is_empty() {
            statements.push(tables.insert_history_rows(&self.inserted));
        }
        if !self.deleted.is_empty() {
            statements.push(tables.delete_history_rows(&self.deleted));
        }
        if !self.log.is_empty() {
            statements.push(tables.insert_log_rows(&self.log));
        }
        *self = Batch::default();
        statements
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Backend;
    use crate::history::State;
    use migrate_core::{Revision, Source};

    fn tables() -> Tables<'static> {
        Tables {
            backend: Backend::Sqlite,
            history: "h",
            log: "l",
        }
    }

    fn revision(id: &'static str) -> Revision {
        let source = Source::unlocated("a.sql".into());
        Revision::new(
            id.into(),
            "CREATE TABLE t (a INT)".into(),
            "c".into(),
            source,
        )
        .with_parents(vec!["p".into()].into())
        .with_message("it's".into())
    }

    fn history(revision: &Revision) -> NewHistoryRow<'_> {
        NewHistoryRow {
            revision,
            depends_on: &[],
            state: State::Applied,
            applied_at: "2026-12-01 10:00:00.000".to_owned(),
            execution_time_ms: 3,
            running_statement: None,
        }
    }

    fn log(revision: &Revision) -> NewLogRow<'_> {
        NewLogRow {
            revision: &revision.id,
            direction: crate::report::StepDirection::Upgrade,
            started_at: "2026-12-01 10:00:00.000".to_owned(),
            duration_ms: 3,
            failure: None,
        }
    }

    #[test]
    fn one_statement_per_table_with_the_values_of_one_statement_per_row() {
        let tables = tables();
        let mut batch = Batch::default();
        assert!(batch.take(&tables).is_empty());
        let (a1, b2) = (revision("a1"), revision("b2"));
        for revision in [&a1, &b2] {
            batch.insert(history(revision));
            batch.log(log(revision));
        }
        let statements = batch.take(&tables);
        let single = |sql: String| sql[sql.find("VALUES ").unwrap() + 7..].to_owned();
        assert_eq!(
            statements,
            [
                format!(
                    "{}, {}",
                    tables.insert_history(&history(&a1)),
                    single(tables.insert_history(&history(&b2)))
                ),
                format!(
                    "{}, {}",
                    tables.insert_log(&log(&a1)),
                    single(tables.insert_log(&log(&b2)))
                ),
            ]
        );
        assert!(batch.take(&tables).is_empty(), "taking empties the batch");
        batch.delete("a1");
        batch.delete("b2");
        assert_eq!(
            batch.take(&tables),
            ["DELETE FROM h WHERE revision IN ('a1', 'b2')"]
        );
    }

    #[test]
    fn columns_that_would_hold_only_null_are_not_named() {
        let tables = tables();
        let a1 = revision("a1");
        assert_eq!(
            tables.insert_history(&history(&a1)),
            "INSERT INTO h (revision, parents, depends_on, message, checksum, down_sql, state, applied_at, execution_time_ms) VALUES ('a1', 'p', '', 'it''s', 'c', NULL, 'applied', '2026-12-01 10:00:00.000', 3)"
        );
        let failed = NewLogRow {
            failure: Some(("SELECT x", "no such column: x")),
            ..log(&a1)
        };
        assert_eq!(
            tables.insert_log_rows(&[log(&a1), failed]),
            "INSERT INTO l (revision, direction, started_at, duration_ms, outcome, statement, error) VALUES ('a1', 'upgrade', '2026-12-01 10:00:00.000', 3, 'ok', NULL, NULL), ('a1', 'upgrade', '2026-12-01 10:00:00.000', 3, 'failed', 'SELECT x', 'no such column: x')"
        );
    }

    #[test]
    fn full_after_many_rows_or_much_text() {
        let a1 = revision("a1");
        let mut batch = Batch::default();
        for _ in 0..FLUSH_ROWS - 1 {
            batch.log(log(&a1));
        }
        assert!(!batch.is_full());
        batch.log(log(&a1));
        assert!(batch.is_full());
        let big_down = revision("a1").with_down_sql(Some("x".repeat(FLUSH_BYTES).into()));
        let mut big = Batch::default();
        big.insert(history(&big_down));
        assert!(big.is_full());
    }
}
