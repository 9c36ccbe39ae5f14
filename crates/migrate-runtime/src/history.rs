//! The history and log tables: their DDL per backend and every statement that reads or writes them (the
//! rows themselves are in `rows.rs`).
//!
//! Rows are written with literal values (quoted per backend) rather than bind parameters, so that the offline
//! script ([`Migrator::script_upgrade`](crate::Migrator::script_upgrade)) is exactly what an online run
//! executes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::connection::Backend;
use crate::options::Options;
pub(crate) use crate::rows::{HistoryRow, LogRow, RunningStatement, State, SummaryRow};

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
                "CREATE TABLE IF NOT EXISTS {h} (\n    revision {key} NOT NULL PRIMARY KEY,\n    parents {text} NOT NULL,\n    depends_on {text} NOT NULL,\n    message {text} NOT NULL,\n    checksum VARCHAR(64) NOT NULL,\n    down_sql {big_text},\n    state VARCHAR(16) NOT NULL,\n    applied_at VARCHAR(32) NOT NULL,\n    execution_time_ms BIGINT NOT NULL,\n    running_statement {big_text}\n){suffix}",
                h = self.history
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS {l} (\n    id {serial},\n    revision {key} NOT NULL,\n    direction VARCHAR(16) NOT NULL,\n    started_at VARCHAR(32) NOT NULL,\n    duration_ms BIGINT NOT NULL,\n    outcome VARCHAR(16) NOT NULL,\n    statement {big_text},\n    error {big_text}\n){suffix}",
                l = self.log
            ),
        ]
    }

    /// A query `n` = how many of the two tables exist, plus 4 when the history table has the
    /// `running_statement` column (tables created before it was added lack it).
    pub fn exists_query(&self) -> String {
        let names = format!("{}, {}", self.literal(self.history), self.literal(self.log));
        let column = self.literal(RUNNING_STATEMENT);
        match self.backend {
            // `pragma_table_list(name)` looks the name up; a query on sqlite_master scans every table's row.
            Backend::Sqlite => format!(
                "SELECT CAST((SELECT COUNT(*) FROM pragma_table_list({h}) WHERE schema = 'main' AND type = 'table') + (SELECT COUNT(*) FROM pragma_table_list({l}) WHERE schema = 'main' AND type = 'table') + 4 * (SELECT COUNT(*) FROM pragma_table_info({h}) WHERE name = {column}) AS BIGINT) AS n",
                h = self.literal(self.history),
                l = self.literal(self.log)
            ),
            // `to_regclass` rather than information_schema, whose views cost a millisecond per start-up. The
            // name stays unquoted (it is a plain identifier) so it folds to lower case as `CREATE TABLE` did.
            Backend::Postgres => {
                let regclass = |name: &str| {
                    format!(
                        "to_regclass(quote_ident(current_schema()) || '.' || {})",
                        self.literal(name)
                    )
                };
                let exists =
                    |name: &str| format!("CAST({} IS NOT NULL AS INTEGER)", regclass(name));
                format!(
                    "SELECT CAST({} + {} + 4 * (SELECT COUNT(*) FROM pg_attribute WHERE attrelid = {} AND attname = {column} AND NOT attisdropped) AS BIGINT) AS n",
                    exists(self.history),
                    exists(self.log),
                    regclass(self.history)
                )
            }
            Backend::Mysql => format!(
                "SELECT CAST((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ({names})) + 4 * (SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = {} AND column_name = {column}) AS SIGNED) AS n",
                self.literal(self.history)
            ),
        }
    }

    /// The history rows; `legacy`: the table lacks the `running_statement` column.
    pub fn select_history(&self, legacy: bool) -> String {
        let running = match (legacy, self.backend) {
            (false, _) => RUNNING_STATEMENT,
            (true, Backend::Mysql) => "CAST(NULL AS CHAR) AS running_statement",
            (true, _) => "CAST(NULL AS TEXT) AS running_statement",
        };
        format!(
            "SELECT revision, parents, depends_on, message, checksum, down_sql, state, applied_at, execution_time_ms, {running} FROM {} ORDER BY applied_at, revision",
            self.history
        )
    }

    /// Adds the `running_statement` column to a history table created before it existed.
    pub fn add_running_statement(&self) -> String {
        let text = if self.backend == Backend::Mysql {
            "LONGTEXT"
        } else {
            "TEXT"
        };
        format!(
            "ALTER TABLE {} ADD COLUMN {RUNNING_STATEMENT} {text}",
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
            "INSERT INTO {} (revision, parents, depends_on, message, checksum, down_sql, state, applied_at, execution_time_ms, running_statement) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
            self.history,
            self.literal(&row.revision),
            self.literal(&row.parents.join(",")),
            self.literal(&row.depends_on.join(",")),
            self.literal(&row.message),
            self.literal(&row.checksum),
            self.opt_literal(row.down_sql.as_deref()),
            self.literal(row.state.as_str()),
            self.literal(&row.applied_at),
            row.execution_time_ms,
            self.opt_literal(row.running_statement.as_deref())
        )
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

/// The history table's column that says which statement of a `running` revision started last.
const RUNNING_STATEMENT: &str = "running_statement";

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
