//! The history and log tables: their DDL and every statement that reads or writes them (the rows themselves
//! are in `rows.rs`; each backend's column types, quoting and exists query in `backend/`).
//!
//! Rows are written with literal values (quoted per backend) rather than bind parameters, so that the offline
//! script ([`Migrator::script_upgrade`](crate::Migrator::script_upgrade)) is exactly what an online run
//! executes.

use migrate_core::Revision;

use crate::backend::{Backend, ColumnTypes};
use crate::options::Options;
use crate::report::StepDirection;
pub(crate) use crate::rows::{HistoryRow, LogRow, Outcome, RunningStatement, State, SummaryRow};

/// A history row to write, borrowing its revision's texts (a run of 1,000 revisions copied each of them
/// into a [`HistoryRow`] only to write it out again).
#[derive(Debug, Clone)]
pub(crate) struct NewHistoryRow<'a> {
    pub revision: &'a Revision,
    /// `Depends On`, resolved to revision ids.
    pub depends_on: &'a [String],
    pub state: State,
    pub applied_at: String,
    pub execution_time_ms: i64,
    pub running_statement: Option<String>,
}

/// A log row to write, borrowing what it can.
#[derive(Debug, Clone)]
pub(crate) struct NewLogRow<'a> {
    pub revision: &'a str,
    pub direction: StepDirection,
    pub started_at: String,
    pub duration_ms: i64,
    /// For a failed step: the statement and the database's error.
    pub failure: Option<(&'a str, &'a str)>,
}

/// Generates the bookkeeping SQL for one backend and one pair of table names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tables<'a> {
    pub backend: Backend,
    pub history: &'a str,
    pub log: &'a str,
}

impl<'a> Tables<'a> {
    pub fn new(backend: Backend, options: &'a Options) -> Self {
        Tables {
            backend,
            history: &options.history_table,
            log: &options.log_table,
        }
    }

    /// A string literal for this backend.
    pub fn literal(&self, text: &str) -> String {
        self.backend.dialect().literal(text)
    }

    fn opt_literal(&self, text: Option<&str>) -> String {
        text.map_or_else(|| "NULL".to_owned(), |t| self.literal(t))
    }

    /// `CREATE TABLE` statements for both tables (idempotent).
    pub fn create(&self) -> Vec<String> {
        let ColumnTypes {
            big_text,
            key,
            serial,
            suffix,
        } = self.backend.dialect().column_types();
        let text = "TEXT";
        let index = self.glance_index();
        // Where `CREATE INDEX` cannot say `IF NOT EXISTS` (MySQL), the table declares the index itself.
        let inline = if index.missing_query.is_some() {
            format!(",\n    INDEX {} ({GLANCE_COLUMNS})", index.name)
        } else {
            String::new()
        };
        let mut statements = vec![
            format!(
                "CREATE TABLE IF NOT EXISTS {h} (\n    revision {key} NOT NULL PRIMARY KEY,\n    parents {text} NOT NULL,\n    depends_on {text} NOT NULL,\n    message {text} NOT NULL,\n    checksum VARCHAR(64) NOT NULL,\n    down_sql {big_text},\n    state VARCHAR(16) NOT NULL,\n    applied_at VARCHAR(32) NOT NULL,\n    execution_time_ms BIGINT NOT NULL,\n    running_statement {big_text}{inline}\n){suffix}",
                h = self.history
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS {l} (\n    id {serial},\n    revision {key} NOT NULL,\n    direction VARCHAR(16) NOT NULL,\n    started_at VARCHAR(32) NOT NULL,\n    duration_ms BIGINT NOT NULL,\n    outcome VARCHAR(16) NOT NULL,\n    statement {big_text},\n    error {big_text}\n){suffix}",
                l = self.log
            ),
        ];
        if inline.is_empty() {
            statements.push(index.create);
        }
        statements
    }

    /// The history table's index on the columns the first look of an upgrade reads
    /// ([`select_glance`](Self::select_glance)): the database then reads the index, not the rows with their
    /// down SQL and messages (SQLite, in a fresh process, read about half the pages). Its name, the
    /// statement that creates it, and, where that statement cannot say `IF NOT EXISTS` (MySQL 8), the query
    /// whose `n` is 0 when it is missing.
    pub fn glance_index(&self) -> GlanceIndex {
        // Identifiers are at most 63 characters (PostgreSQL); table names are checked to fit.
        let base = &self.history[..self.history.len().min(63 - GLANCE_SUFFIX.len())];
        let name = format!("{base}{GLANCE_SUFFIX}");
        let dialect = self.backend.dialect();
        let missing_query = dialect.index_exists_query(self.history, &name);
        let if_not_exists = if missing_query.is_some() {
            ""
        } else {
            "IF NOT EXISTS "
        };
        let create = format!(
            "CREATE INDEX {if_not_exists}{name} ON {} ({GLANCE_COLUMNS})",
            self.history
        );
        GlanceIndex {
            name,
            create,
            missing_query,
        }
    }

    /// A query `n` = how many of the two tables exist, plus 4 when the history table has the
    /// `running_statement` column (tables created before it was added lack it).
    pub fn exists_query(&self) -> String {
        self.backend
            .dialect()
            .exists_query(self.history, self.log, RUNNING_STATEMENT)
    }

    /// The history rows; `legacy`: the table lacks the `running_statement` column.
    pub fn select_history(&self, legacy: bool) -> String {
        let null;
        let running = if legacy {
            null = format!(
                "{} AS {RUNNING_STATEMENT}",
                self.backend.dialect().null_text()
            );
            &null
        } else {
            RUNNING_STATEMENT
        };
        format!(
            "SELECT revision, parents, depends_on, message, checksum, down_sql, state, applied_at, execution_time_ms, {running} FROM {} ORDER BY applied_at, revision",
            self.history
        )
    }

    /// Adds the `running_statement` column to a history table created before it existed.
    pub fn add_running_statement(&self) -> String {
        format!(
            "ALTER TABLE {} ADD COLUMN {RUNNING_STATEMENT} {}",
            self.history,
            self.backend.dialect().column_types().big_text
        )
    }

    /// One text column `t` per history row, `revision state checksum`: what `upgrade` needs to plan and check.
    /// One column because Diesel spends about 100 ns per row on every column it decodes, which is most of the
    /// start-up check's time with thousands of revisions.
    pub fn select_summary(&self) -> String {
        let text = self
            .backend
            .dialect()
            .concat(&["revision", "' '", "state", "' '", "checksum"]);
        format!("SELECT {text} AS t FROM {}", self.history)
    }

    /// What the lock-free first look of an upgrade reads, in one row: the number of history rows (`n`), how
    /// many are `running`, then every revision and every checksum, each list comma-separated
    /// (`revisions`, `checksums`). One row for Diesel to decode rather than one per history row, aggregates
    /// of plain columns rather than of a text built per row, which cost the database twice as much (SQLite,
    /// 1,000 rows), and no concatenation of the lists, which copied them. Read with
    /// [`Glance::new`](crate::rows::Glance::new); [`Glance::each_row`](crate::rows::Glance::each_row) says
    /// when a list was cut short.
    pub fn select_glance(&self) -> String {
        let dialect = self.backend.dialect();
        format!(
            "SELECT {}COUNT(*) AS n, {} AS running, {} AS revisions, {} AS checksums FROM {}",
            dialect.aggregate_hint(),
            dialect.count_where("state = 'running'"),
            dialect.list_aggregate("revision"),
            dialect.list_aggregate("checksum"),
            self.history
        )
    }

    pub fn select_log(&self) -> String {
        format!(
            "SELECT id, revision, direction, started_at, duration_ms, outcome, statement, error FROM {} ORDER BY id",
            self.log
        )
    }

    pub fn insert_history(&self, row: &NewHistoryRow<'_>) -> String {
        self.insert_history_rows(std::slice::from_ref(row))
    }

    /// One `INSERT` of several history rows (the same values as one `INSERT` each). `running_statement`
    /// is named only when a row has one: the column's `NULL` default fills it otherwise (SQLite parses a
    /// thousand `NULL`s in a batch at about a fifth of a millisecond).
    pub fn insert_history_rows(&self, rows: &[NewHistoryRow<'_>]) -> String {
        let running = rows.iter().any(|row| row.running_statement.is_some());
        let mut sql = format!(
            "INSERT INTO {} (revision, parents, depends_on, message, checksum, down_sql, state, applied_at, execution_time_ms{}) VALUES ",
            self.history,
            if running { ", running_statement" } else { "" }
        );
        let dialect = self.backend.dialect();
        push_rows(&mut sql, rows, |sql, row| {
            let revision = row.revision;
            dialect.push_literal(sql, &revision.id);
            for list in [revision.parents.join(","), row.depends_on.join(",")] {
                sql.push_str(", ");
                dialect.push_literal(sql, &list);
            }
            for value in [&revision.message, &revision.checksum] {
                sql.push_str(", ");
                dialect.push_literal(sql, value);
            }
            sql.push_str(", ");
            push_value(dialect, sql, revision.down_sql.as_deref());
            for value in [row.state.as_str(), &row.applied_at] {
                sql.push_str(", ");
                dialect.push_literal(sql, value);
            }
            sql.push_str(", ");
            sql.push_str(itoa::Buffer::new().format(row.execution_time_ms));
            if running {
                sql.push_str(", ");
                push_value(dialect, sql, row.running_statement.as_deref());
            }
        });
        sql
    }

    /// Sets a row's state, time and duration, and its `running_statement` (`None` but for `running`).
    pub fn set_state(
        &self,
        revision: &str,
        state: State,
        at: &str,
        duration_ms: i64,
        running: Option<&str>,
    ) -> String {
        format!(
            "UPDATE {} SET state = {}, applied_at = {}, execution_time_ms = {}, running_statement = {} WHERE revision = {}",
            self.history,
            self.literal(state.as_str()),
            self.literal(at),
            duration_ms,
            self.opt_literal(running),
            self.literal(revision)
        )
    }

    /// Records which statement of a `running` revision starts next.
    pub fn set_running_statement(&self, revision: &str, running: &str) -> String {
        format!(
            "UPDATE {} SET running_statement = {} WHERE revision = {}",
            self.history,
            self.literal(running),
            self.literal(revision)
        )
    }

    pub fn delete_history(&self, revision: &str) -> String {
        format!(
            "DELETE FROM {} WHERE revision = {}",
            self.history,
            self.literal(revision)
        )
    }

    /// One `DELETE` of several history rows.
    pub fn delete_history_rows(&self, revisions: &[&str]) -> String {
        match revisions {
            [one] => self.delete_history(one),
            _ => {
                let list: Vec<String> = revisions.iter().map(|r| self.literal(r)).collect();
                format!(
                    "DELETE FROM {} WHERE revision IN ({})",
                    self.history,
                    list.join(", ")
                )
            }
        }
    }

    pub fn insert_log(&self, row: &NewLogRow<'_>) -> String {
        self.insert_log_rows(std::slice::from_ref(row))
    }

    /// One `INSERT` of several log rows, in order (so their ids increase as one `INSERT` each gives them).
    /// `statement` and `error` are named only when a row has one (a failure's row).
    pub fn insert_log_rows(&self, rows: &[NewLogRow<'_>]) -> String {
        let failure = rows.iter().any(|row| row.failure.is_some());
        let mut sql = format!(
            "INSERT INTO {} (revision, direction, started_at, duration_ms, outcome{}) VALUES ",
            self.log,
            if failure { ", statement, error" } else { "" }
        );
        let dialect = self.backend.dialect();
        push_rows(&mut sql, rows, |sql, row| {
            for value in [row.revision, row.direction.as_str(), &row.started_at] {
                dialect.push_literal(sql, value);
                sql.push_str(", ");
            }
            sql.push_str(itoa::Buffer::new().format(row.duration_ms));
            sql.push_str(", ");
            let outcome = if row.failure.is_some() {
                Outcome::Failed
            } else {
                Outcome::Ok
            };
            dialect.push_literal(sql, outcome.as_str());
            if failure {
                let (statement, error) = row.failure.unzip();
                for value in [statement, error] {
                    sql.push_str(", ");
                    push_value(dialect, sql, value);
                }
            }
        });
        sql
    }
}

/// `(values), (values)...` of `rows` after an `INSERT ... VALUES `, each row's values written by `values`.
fn push_rows<T>(sql: &mut String, rows: &[T], mut values: impl FnMut(&mut String, &T)) {
    for (i, row) in rows.iter().enumerate() {
        sql.push_str(if i > 0 { ", (" } else { "(" });
        values(sql, row);
        sql.push(')');
    }
}

/// A literal, or `NULL` for `None`.
fn push_value(dialect: &dyn crate::backend::Dialect, sql: &mut String, value: Option<&str>) {
    match value {
        Some(value) => dialect.push_literal(sql, value),
        None => sql.push_str("NULL"),
    }
}

/// The history table's column that says which statement of a `running` revision started last.
const RUNNING_STATEMENT: &str = "running_statement";
/// The columns of [`Tables::glance_index`], and what its name adds to the history table's.
const GLANCE_COLUMNS: &str = "revision, state, checksum";
const GLANCE_SUFFIX: &str = "_glance";

/// See [`Tables::glance_index`].
pub(crate) struct GlanceIndex {
    pub name: String,
    pub create: String,
    pub missing_query: Option<String>,
}
