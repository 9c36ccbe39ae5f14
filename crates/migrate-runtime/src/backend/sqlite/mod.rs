//! SQLite: what it does differently.
//!
//! - **Lock**: `BEGIN EXCLUSIVE`, then `PRAGMA locking_mode = EXCLUSIVE; COMMIT`: the connection takes the
//!   database file's exclusive lock and keeps it across the run's transactions (so the per-revision commits
//!   and `Transactional: false` revisions happen under it), waiting up to `busy_timeout` for another
//!   process. Unlocking sets `locking_mode = NORMAL` and reads the schema, which releases the file lock. The
//!   operating system drops file locks of a killed process, and SQLite rolls back its hot journal on the next
//!   open.
//! - **Reads outside the lock** wait up to the lock timeout (`busy_timeout`) for a file another connection
//!   holds, rather than failing with "database is locked".
//! - **History tables**: `pragma_table_list` and `pragma_table_info` say whether they exist.

#[cfg(all(feature = "sqlite", feature = "schema"))]
mod checks;
#[cfg(all(feature = "sqlite", feature = "schema"))]
mod introspect;

#[cfg(feature = "schema")]
pub(crate) mod scratch;

use super::{ColumnTypes, Dialect};
use crate::connection::MigrationConnection;
use crate::error::Error;
use crate::lock::Held;
use crate::options::Options;
use crate::split::{Rules, Syntax};

/// SQLite's [`Dialect`].
#[derive(Debug)]
pub(crate) struct Sqlite;

#[cfg(feature = "sqlite")]
crate::connection::impl_connection!(diesel::SqliteConnection, super::Backend::Sqlite);

/// `sqlite3`'s lexer (`tokenize.c`); bodies by `sqlite3_complete()`'s trigger rule.
const SYNTAX: Syntax = Syntax {
    vertical_tab_is_space: false,
    dash_comment_needs_space: false,
    hash_comments: false,
    cr_ends_line_comment: false,
    nested_block_comments: false,
    executable_comments: false,
    backslash_escapes: false,
    backtick_quotes: true,
    bracket_quotes: true,
    dollar_quotes: false,
    escape_strings: false,
    client_delimiter: false,
};

const TYPES: ColumnTypes = ColumnTypes {
    big_text: "TEXT",
    key: "TEXT",
    serial: "INTEGER PRIMARY KEY AUTOINCREMENT",
    suffix: "",
};

fn busy_timeout(options: &Options) -> String {
    format!(
        "PRAGMA busy_timeout = {}",
        options.lock_timeout.as_millis().min(i32::MAX as u128)
    )
}

impl Dialect for Sqlite {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn syntax(&self) -> &'static Syntax {
        &SYNTAX
    }

    fn split_rules(&self) -> Rules {
        Rules::sqlite()
    }

    fn column_types(&self) -> &'static ColumnTypes {
        &TYPES
    }

    fn foreign_table_exists(&self, table: &str) -> String {
        format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM sqlite_master WHERE type = 'table' AND name = {}",
            self.literal(table)
        )
    }

    /// `FILTER` (SQLite 3.30, PostgreSQL 9.4), which SQLite evaluates faster than a `CASE` per row.
    fn count_where(&self, condition: &str) -> String {
        format!("COUNT(*) FILTER (WHERE {condition})")
    }

    fn list_aggregate(&self, column: &str) -> String {
        format!("COALESCE(group_concat({column}, ','), '')")
    }

    fn exists_query(&self, history: &str, log: &str, column: &str) -> String {
        // `pragma_table_list(name)` looks the name up; a query on sqlite_master scans every table's row.
        format!(
            "SELECT CAST((SELECT COUNT(*) FROM pragma_table_list({h}) WHERE schema = 'main' AND type = 'table') + (SELECT COUNT(*) FROM pragma_table_list({l}) WHERE schema = 'main' AND type = 'table') + 4 * (SELECT COUNT(*) FROM pragma_table_info({h}) WHERE name = {column}) AS BIGINT) AS n",
            h = self.literal(history),
            l = self.literal(log),
            column = self.literal(column)
        )
    }

    fn wait_when_busy(
        &self,
        conn: &mut dyn MigrationConnection,
        options: &Options,
    ) -> Result<(), Error> {
        conn.run_sql(&busy_timeout(options))
            .map_err(|e| Error::database("cannot set the busy timeout", e))
    }

    fn lock(&self, conn: &mut dyn MigrationConnection, options: &Options) -> Result<Held, Error> {
        let what = "cannot take the migration lock";
        let held = Held::default();
        // Wait for the file lock in NORMAL mode: there a busy retry gives the SHARED lock back, so
        // waiters never hold a lock the holder needs. Switching to EXCLUSIVE mode first made a waiter
        // keep its SHARED lock between retries, and two waiters then deadlocked until `lock_timeout`.
        conn.run_sql(&busy_timeout(options))
            .map_err(|e| Error::database(what, e))?;
        conn.run_sql("BEGIN EXCLUSIVE")
            .map_err(|e| Error::database(what, e))?;
        // Holding the exclusive lock now; EXCLUSIVE mode keeps it after COMMIT for the whole run.
        if let Err(e) = conn.run_sql("PRAGMA locking_mode = EXCLUSIVE; COMMIT") {
            let _ = conn.run_sql("ROLLBACK");
            let _ = self.unlock(conn, options, held);
            return Err(Error::database(what, e));
        }
        Ok(held)
    }

    fn unlock(
        &self,
        conn: &mut dyn MigrationConnection,
        _options: &Options,
        _held: Held,
    ) -> Result<(), Error> {
        let what = "cannot release the migration lock";
        conn.run_sql("PRAGMA locking_mode = NORMAL")
            .map_err(|e| Error::database(what, e))?;
        conn.query_count("SELECT COUNT(*) AS n FROM sqlite_master")
            .map(drop)
            .map_err(|e| Error::database(what, e))
    }
}

/// Opens a SQLite database (see [`sqlite_path`](crate::sqlite_path) for the URL forms).
#[cfg(feature = "sqlite")]
pub(super) fn connect(url: &str) -> Result<crate::connection::AnyConnection, Error> {
    use diesel::Connection;
    diesel::SqliteConnection::establish(&crate::url::sqlite_path(url)?)
        .map(crate::connection::AnyConnection::Sqlite)
        .map_err(|e| super::connection_failed(url, &format!("{e}{}", sqlite_hint(url))))
}

/// What to add to a failure to open a `sqlite:///path` URL: that form is relative (SQLAlchemy's reading, which
/// earlier versions of migrate did not follow).
#[cfg_attr(
    not(feature = "sqlite"),
    allow(dead_code, reason = "used by the sqlite backend only")
)]
fn sqlite_hint(url: &str) -> &'static str {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("sqlite:///") && !lower.starts_with("sqlite:////") {
        " (sqlite:///path is relative to the working directory, as in SQLAlchemy; write sqlite:////path for an absolute path)"
    } else {
        ""
    }
}
