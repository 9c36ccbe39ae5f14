//! Run-time options of a [`Migrator`](crate::Migrator).

use std::time::Duration;

use crate::error::Error;

/// What to do when an applied revision's file no longer has the checksum recorded in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnMismatch {
    /// Refuse to run ([`Error::ChecksumMismatch`]).
    #[default]
    Error,
    /// Run, and list the drift in [`Report::warnings`](crate::Report::warnings).
    Warn,
}

/// How revisions are grouped into transactions on PostgreSQL and SQLite. MySQL commits DDL implicitly, so
/// there every revision is tracked with a `running` marker whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TransactionMode {
    /// Each revision, its history row and its log row commit together.
    #[default]
    PerRevision,
    /// The whole run commits together (or not at all). `Transactional: false` revisions still run alone,
    /// between a commit of what precedes them and a new transaction for what follows.
    Single,
}

/// What a stamp starts from: the history as it is, or an empty one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StampMode {
    /// Move from the recorded state, as upgrade or downgrade would (`migrate stamp`).
    #[default]
    Keep,
    /// Clear the history first, unknown revisions included, then record the targets (`migrate stamp
    /// --purge`).
    Purge,
}

/// Options of a [`Migrator`](crate::Migrator): start from [`Options::default`] and change what differs with
/// the `with_*` methods.
///
/// ```
/// use std::time::Duration;
/// use migrate_runtime::{OnMismatch, Options};
///
/// let options = Options::default()
///     .with_history_table("app_migrations")
///     .with_on_checksum_mismatch(OnMismatch::Warn)
///     .with_lock_timeout(Duration::from_secs(30));
/// assert_eq!(options.history_table, "app_migrations");
/// assert_eq!(options.log_table, Options::DEFAULT_LOG_TABLE);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Name of the history table (default `__migrate_history`).
    pub history_table: String,
    /// Name of the append-only log table (default `__migrate_log`).
    pub log_table: String,
    /// Checksum drift of an applied revision: error (default) or warning.
    pub on_checksum_mismatch: OnMismatch,
    /// Per-revision transactions (default) or one for the whole run.
    pub transaction_mode: TransactionMode,
    /// How long to wait for another process's migration lock (MySQL `GET_LOCK`, SQLite busy timeout;
    /// PostgreSQL waits for its advisory lock without limit). Default 10 minutes.
    pub lock_timeout: Duration,
    /// SQL run on the connection before anything else, at the start of every operation that touches the
    /// database (each upgrade, downgrade, stamp, adoption and read), before the migration lock: Flyway's
    /// `initSql`, for a history that needs `SET FOREIGN_KEY_CHECKS = 0`, a `search_path` or a
    /// `lock_timeout`. Each entry may hold several statements; they run in order, one call each. Offline
    /// scripts start with them too (after the header), since whoever runs the script needs them as much.
    /// Default: none.
    pub init_sql: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            history_table: Options::DEFAULT_HISTORY_TABLE.to_owned(),
            log_table: Options::DEFAULT_LOG_TABLE.to_owned(),
            on_checksum_mismatch: OnMismatch::Error,
            transaction_mode: TransactionMode::PerRevision,
            lock_timeout: Duration::from_secs(600),
            init_sql: Vec::new(),
        }
    }
}

impl Options {
    /// The history table's default name.
    pub const DEFAULT_HISTORY_TABLE: &'static str = "__migrate_history";
    /// The log table's default name.
    pub const DEFAULT_LOG_TABLE: &'static str = "__migrate_log";

    /// Sets [`history_table`](Self::history_table).
    pub fn with_history_table(mut self, name: impl Into<String>) -> Self {
        self.history_table = name.into();
        self
    }

    /// Sets [`log_table`](Self::log_table).
    pub fn with_log_table(mut self, name: impl Into<String>) -> Self {
        self.log_table = name.into();
        self
    }

    /// Sets [`on_checksum_mismatch`](Self::on_checksum_mismatch).
    pub fn with_on_checksum_mismatch(mut self, on_mismatch: OnMismatch) -> Self {
        self.on_checksum_mismatch = on_mismatch;
        self
    }

    /// Sets [`transaction_mode`](Self::transaction_mode).
    pub fn with_transaction_mode(mut self, mode: TransactionMode) -> Self {
        self.transaction_mode = mode;
        self
    }

    /// Sets [`lock_timeout`](Self::lock_timeout).
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// Sets [`init_sql`](Self::init_sql): statements run on the connection before anything else.
    pub fn with_init_sql<S: Into<String>>(mut self, sql: impl IntoIterator<Item = S>) -> Self {
        self.init_sql = sql.into_iter().map(Into::into).collect();
        self
    }

    /// Checks the table names: 1-63 characters of `[A-Za-z0-9_]`, not starting with a digit, and distinct.
    pub fn validate(&self) -> Result<(), Error> {
        for name in [&self.history_table, &self.log_table] {
            if !is_identifier(name) {
                return Err(Error::InvalidTableName { name: name.clone() });
            }
        }
        if self.history_table == self.log_table {
            return Err(Error::InvalidTableName {
                name: self.log_table.clone(),
            });
        }
        Ok(())
    }
}

fn is_identifier(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names() {
        assert!(Options::default().validate().is_ok());
        for bad in ["", "a-b", "1abc", "x y", "t;drop", &"a".repeat(64)] {
            let options = Options {
                history_table: bad.to_owned(),
                ..Options::default()
            };
            assert!(
                matches!(options.validate(), Err(Error::InvalidTableName { .. })),
                "{bad}"
            );
        }
    }
}
