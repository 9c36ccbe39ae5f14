//! The history and log tables: their rows, their DDL per backend and every statement that writes them.
//!
//! Rows are written with literal values (quoted per backend) rather than bind parameters, so that the offline
//! script ([`Migrator::script_upgrade`](crate::Migrator::script_upgrade)) is exactly what an online run
//! executes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::sql_types::{BigInt, Nullable, Text};

use crate::connection::Backend;
use crate::options::Options;

/// What a history row records about its revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Its up section ran to completion.
    Applied,
    /// Recorded by `stamp`; no SQL ran.
    Stamped,
    /// A run started it outside a transaction and has not (yet) finished it.
    Running,
}

impl State {
    /// The text stored in the `state` column.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Stamped => "stamped",
            State::Running => "running",
        }
    }

    fn parse(text: &str) -> State {
        match text {
            "stamped" => State::Stamped,
            "running" => State::Running,
            _ => State::Applied,
        }
    }
}

/// What `upgrade` reads of a history row (see [`Tables::select_summary`]), borrowed from the query's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SummaryRow<'t> {
    pub revision: &'t str,
    pub state: State,
    pub checksum: &'t str,
}

impl<'t> SummaryRow<'t> {
    /// Parses `revision state checksum` (revision ids and checksums hold no spaces).
    pub fn parse(text: &'t str) -> SummaryRow<'t> {
        let mut parts = text.splitn(3, ' ');
        let revision = parts.next().unwrap_or_default();
        let state = State::parse(parts.next().unwrap_or_default());
        SummaryRow {
            revision,
            state,
            checksum: parts.next().unwrap_or_default(),
        }
    }
}

/// One row of the history table: a revision recorded as applied (or stamped, or running).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// The revision id.
    pub revision: String,
    /// Its parents (`Revises`).
    pub parents: Vec<String>,
    /// The revision ids it depends on (`Depends On`, labels resolved).
    pub depends_on: Vec<String>,
    /// Its message.
    pub message: String,
    /// The checksum of its up section when it was applied.
    pub checksum: String,
    /// Its down section, so a build that no longer knows the revision can still downgrade it.
    pub down_sql: Option<String>,
    /// Applied, stamped or running.
    pub state: State,
    /// When it was applied, UTC, `YYYY-MM-DD HH:MM:SS.mmm`.
    pub applied_at: String,
    /// How long its up section took, in milliseconds.
    pub execution_time_ms: i64,
}

/// One row of the append-only log table: a step taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRow {
    /// Increasing id.
    pub id: i64,
    /// The revision of the step.
    pub revision: String,
    /// `upgrade`, `downgrade` or `stamp`.
    pub direction: String,
    /// When the step started, UTC, `YYYY-MM-DD HH:MM:SS.mmm`.
    pub started_at: String,
    /// How long it took, in milliseconds.
    pub duration_ms: i64,
    /// `ok` or `failed`.
    pub outcome: String,
    /// The failing statement, for a failed step.
    pub statement: Option<String>,
    /// The database's error, for a failed step.
    pub error: Option<String>,
}

#[derive(diesel::QueryableByName)]
pub(crate) struct RawHistory {
    #[diesel(sql_type = Text)]
    revision: String,
    #[diesel(sql_type = Text)]
    parents: String,
    #[diesel(sql_type = Text)]
    depends_on: String,
    #[diesel(sql_type = Text)]
    message: String,
    #[diesel(sql_type = Text)]
    checksum: String,
    #[diesel(sql_type = Nullable<Text>)]
    down_sql: Option<String>,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Text)]
    applied_at: String,
    #[diesel(sql_type = BigInt)]
    execution_time_ms: i64,
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl From<RawHistory> for HistoryRow {
    fn from(raw: RawHistory) -> Self {
        HistoryRow {
            revision: raw.revision,
            parents: split_list(&raw.parents),
            depends_on: split_list(&raw.depends_on),
            message: raw.message,
            checksum: raw.checksum,
            down_sql: raw.down_sql,
            state: State::parse(&raw.state),
            applied_at: raw.applied_at,
            execution_time_ms: raw.execution_time_ms,
        }
    }
}

#[derive(diesel::QueryableByName)]
pub(crate) struct RawLog {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    revision: String,
    #[diesel(sql_type = Text)]
    direction: String,
    #[diesel(sql_type = Text)]
    started_at: String,
    #[diesel(sql_type = BigInt)]
    duration_ms: i64,
    #[diesel(sql_type = Text)]
    outcome: String,
    #[diesel(sql_type = Nullable<Text>)]
    statement: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    error: Option<String>,
}

impl From<RawLog> for LogRow {
    fn from(raw: RawLog) -> Self {
        LogRow {
            id: raw.id,
            revision: raw.revision,
            direction: raw.direction,
            started_at: raw.started_at,
            duration_ms: raw.duration_ms,
            outcome: raw.outcome,
            statement: raw.statement,
            error: raw.error,
        }
    }
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
        let mut out = String::with_capacity(text.len() + 2);
        out.push('\'');
        for c in text.chars() {
            match c {
                '\'' => out.push_str("''"),
                '\\' if self.backend == Backend::Mysql => out.push_str("\\\\"),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    }

    fn opt_literal(&self, text: Option<&str>) -> String {
        text.map_or_else(|| "NULL".to_owned(), |t| self.literal(t))
    }

    /// `CREATE TABLE` statements for both tables (idempotent).
    pub fn create(&self) -> Vec<String> {
        let (big_text, key, serial, suffix) = match self.backend {
            Backend::Sqlite => ("TEXT", "TEXT", "INTEGER PRIMARY KEY AUTOINCREMENT", ""),
            Backend::Postgres => ("TEXT", "VARCHAR(64)", "BIGSERIAL PRIMARY KEY", ""),
            Backend::Mysql => (
                "LONGTEXT",
                "VARCHAR(64)",
                "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
                " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
            ),
        };
        let text = "TEXT";
        vec![
            format!(
                "CREATE TABLE IF NOT EXISTS {h} (\n    revision {key} NOT NULL PRIMARY KEY,\n    parents {text} NOT NULL,\n    depends_on {text} NOT NULL,\n    message {text} NOT NULL,\n    checksum VARCHAR(64) NOT NULL,\n    down_sql {big_text},\n    state VARCHAR(16) NOT NULL,\n    applied_at VARCHAR(32) NOT NULL,\n    execution_time_ms BIGINT NOT NULL\n){suffix}",
                h = self.history
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS {l} (\n    id {serial},\n    revision {key} NOT NULL,\n    direction VARCHAR(16) NOT NULL,\n    started_at VARCHAR(32) NOT NULL,\n    duration_ms BIGINT NOT NULL,\n    outcome VARCHAR(16) NOT NULL,\n    statement {big_text},\n    error {big_text}\n){suffix}",
                l = self.log
            ),
        ]
    }

    /// A query counting how many of the two tables exist (`n`).
    pub fn exists_query(&self) -> String {
        let names = format!("{}, {}", self.literal(self.history), self.literal(self.log));
        match self.backend {
            // `pragma_table_list(name)` looks the name up; a query on sqlite_master scans every table's row.
            Backend::Sqlite => format!(
                "SELECT CAST((SELECT COUNT(*) FROM pragma_table_list({}) WHERE schema = 'main' AND type = 'table') + (SELECT COUNT(*) FROM pragma_table_list({}) WHERE schema = 'main' AND type = 'table') AS BIGINT) AS n",
                self.literal(self.history),
                self.literal(self.log)
            ),
            // `to_regclass` rather than information_schema, whose views cost a millisecond per start-up. The
            // name stays unquoted (it is a plain identifier) so it folds to lower case as `CREATE TABLE` did.
            Backend::Postgres => {
                let exists = |name: &str| {
                    format!(
                        "CAST(to_regclass(quote_ident(current_schema()) || '.' || {}) IS NOT NULL AS INTEGER)",
                        self.literal(name)
                    )
                };
                format!(
                    "SELECT CAST({} + {} AS BIGINT) AS n",
                    exists(self.history),
                    exists(self.log)
                )
            }
            Backend::Mysql => format!(
                "SELECT CAST(COUNT(*) AS SIGNED) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ({names})"
            ),
        }
    }

    pub fn select_history(&self) -> String {
        format!(
            "SELECT revision, parents, depends_on, message, checksum, down_sql, state, applied_at, execution_time_ms FROM {} ORDER BY applied_at, revision",
            self.history
        )
    }

    /// One text column `t` per history row, `revision state checksum`: what `upgrade` needs to plan and check.
    /// One column because Diesel spends about 100 ns per row on every column it decodes, which is most of the
    /// start-up check's time with thousands of revisions.
    pub fn select_summary(&self) -> String {
        let h = self.history;
        match self.backend {
            Backend::Mysql => {
                format!("SELECT CONCAT(revision, ' ', state, ' ', checksum) AS t FROM {h}")
            }
            _ => format!("SELECT revision || ' ' || state || ' ' || checksum AS t FROM {h}"),
        }
    }

    pub fn select_log(&self) -> String {
        format!(
            "SELECT id, revision, direction, started_at, duration_ms, outcome, statement, error FROM {} ORDER BY id",
            self.log
        )
    }

    pub fn insert_history(&self, row: &HistoryRow) -> String {
        format!(
            "INSERT INTO {} (revision, parents, depends_on, message, checksum, down_sql, state, applied_at, execution_time_ms) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})",
            self.history,
            self.literal(&row.revision),
            self.literal(&row.parents.join(",")),
            self.literal(&row.depends_on.join(",")),
            self.literal(&row.message),
            self.literal(&row.checksum),
            self.opt_literal(row.down_sql.as_deref()),
            self.literal(row.state.as_str()),
            self.literal(&row.applied_at),
            row.execution_time_ms
        )
    }

    pub fn set_state(&self, revision: &str, state: State, at: &str, duration_ms: i64) -> String {
        format!(
            "UPDATE {} SET state = {}, applied_at = {}, execution_time_ms = {} WHERE revision = {}",
            self.history,
            self.literal(state.as_str()),
            self.literal(at),
            duration_ms,
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

    pub fn insert_log(&self, row: &LogRow) -> String {
        format!(
            "INSERT INTO {} (revision, direction, started_at, duration_ms, outcome, statement, error) VALUES ({}, {}, {}, {}, {}, {}, {})",
            self.log,
            self.literal(&row.revision),
            self.literal(&row.direction),
            self.literal(&row.started_at),
            row.duration_ms,
            self.literal(&row.outcome),
            self.opt_literal(row.statement.as_deref()),
            self.opt_literal(row.error.as_deref())
        )
    }
}

/// The current UTC time as `YYYY-MM-DD HH:MM:SS.mmm`.
pub(crate) fn now_utc() -> String {
    format_utc(SystemTime::now())
}

/// `time` in UTC as `YYYY-MM-DD HH:MM:SS.mmm`, the form the history and log tables store.
pub fn format_utc(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let secs = since.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:03}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_format() {
        assert_eq!(format_utc(UNIX_EPOCH), "1970-01-01 00:00:00.000");
        let t = UNIX_EPOCH + Duration::from_millis(1_795_000_000_123);
        assert_eq!(format_utc(t), "2026-11-18 11:06:40.123");
    }

    #[test]
    fn literals() {
        let options = Options::default();
        let pg = Tables::new(Backend::Postgres, &options);
        assert_eq!(pg.literal(r"it's a \ test"), r"'it''s a \ test'");
        let my = Tables::new(Backend::Mysql, &options);
        assert_eq!(my.literal(r"it's a \ test"), r"'it''s a \\ test'");
    }
}
