//! The migration lock: one process at a time plans and applies revisions on a database.
//!
//! - **PostgreSQL**: `pg_advisory_lock(key)`, a session-level advisory lock whose key is derived from the
//!   history table's name (FNV-1a). Advisory locks are per database; the server drops them when the session
//!   ends, so a killed process never leaves one behind. On PostgreSQL 14 and later (`server_version_num`
//!   at least 140000) the session also sets `client_connection_check_interval` to
//!   [`CHECK_INTERVAL`] while it holds the lock (and restores the previous value after): otherwise the
//!   server finishes the statement a killed client left running (a long `pg_sleep`, an index build)
//!   before it notices the client is gone and drops the lock. Where the server refuses the setting (a
//!   platform without the kernel support), the lock is taken without it.
//! - **MySQL/MariaDB**: `GET_LOCK('migrate_<sha1 of database.table>', timeout)`, also released by the server
//!   when the session ends.
//! - **SQLite**: `BEGIN EXCLUSIVE`, then `PRAGMA locking_mode = EXCLUSIVE; COMMIT`: the connection takes the
//!   database file's exclusive lock and keeps it across the run's transactions (so the per-revision commits
//!   and `Transactional: false` revisions happen under it), waiting up to `busy_timeout` for another
//!   process. Unlocking sets `locking_mode = NORMAL` and reads the schema, which releases the file lock. The
//!   operating system drops file locks of a killed process, and SQLite rolls back its hot journal on the next
//!   open.

use crate::connection::{Backend, MigrationConnection};
use crate::error::Error;
use crate::options::Options;

/// `client_connection_check_interval` of the migration session on PostgreSQL 14+: how often the server
/// checks, while a statement runs, that the client is still connected.
pub(crate) const CHECK_INTERVAL: &str = "1s";

/// What [`unlock`] has to restore.
#[derive(Debug)]
pub(crate) struct Held {
    /// PostgreSQL: the session's `client_connection_check_interval` before [`lock`] set it.
    check_interval: Option<String>,
}

/// SQLite: makes the connection wait up to the lock timeout for a file another connection holds, rather
/// than failing with "database is locked" (reads outside the migration lock use it too). Nothing on the
/// other backends, whose reads do not wait for a migration.
pub(crate) fn wait_when_busy(
    conn: &mut impl MigrationConnection,
    options: &Options,
) -> Result<(), Error> {
    if conn.backend() == Backend::Sqlite {
        conn.run_sql(&busy_timeout(options))
            .map_err(|e| Error::database("cannot set the busy timeout", e))?;
    }
    Ok(())
}

fn busy_timeout(options: &Options) -> String {
    format!(
        "PRAGMA busy_timeout = {}",
        options.lock_timeout.as_millis().min(i32::MAX as u128)
    )
}

fn pg_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The advisory lock key for a history table name.
pub(crate) fn advisory_key(history_table: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in b"migrate:".iter().chain(history_table.as_bytes()) {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}

fn mysql_lock_name(options: &Options) -> String {
    format!(
        "CONCAT('migrate_', SHA1(CONCAT(DATABASE(), '.', '{}')))",
        options.history_table
    )
}

/// Takes the lock, waiting for another process that holds it.
pub(crate) fn lock(conn: &mut impl MigrationConnection, options: &Options) -> Result<Held, Error> {
    let what = "cannot take the migration lock";
    let mut held = Held {
        check_interval: None,
    };
    match conn.backend() {
        Backend::Postgres => {
            // '' on servers before 14, which do not have the setting.
            let previous = conn
                .query_texts(
                    "SELECT CASE WHEN CAST(current_setting('server_version_num') AS INTEGER) >= 140000 THEN COALESCE(current_setting('client_connection_check_interval', true), '') ELSE '' END AS t",
                )
                .map_err(|e| Error::database(what, e))?
                .pop()
                .unwrap_or_default();
            let lock = format!(
                "SELECT pg_advisory_lock({})",
                advisory_key(&options.history_table)
            );
            if !previous.is_empty() {
                let set = format!(
                    "SET client_connection_check_interval = {}; {lock}",
                    pg_literal(CHECK_INTERVAL)
                );
                // A failure of the SET (a platform without the kernel support) stops the batch before the
                // lock, which is then taken alone; so is any other failure of the batch, and then the
                // lock's own error is the one reported.
                if conn.run_sql(&set).is_ok() {
                    held.check_interval = Some(previous);
                    return Ok(held);
                }
            }
            conn.run_sql(&lock).map_err(|e| Error::database(what, e))?;
        }
        Backend::Mysql => {
            let got = conn
                .query_count(&format!(
                    "SELECT CAST(GET_LOCK({}, {}) AS SIGNED) AS n",
                    mysql_lock_name(options),
                    options.lock_timeout.as_secs().max(1)
                ))
                .map_err(|e| Error::database(what, e))?;
            if got != Some(1) {
                return Err(Error::Database {
                    message: format!(
                        "{what}: another migration held it for more than {} s; wait for it to finish, or raise `lock_timeout`",
                        options.lock_timeout.as_secs()
                    ),
                });
            }
        }
        Backend::Sqlite => {
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
                let _ = unlock(conn, options, held);
                return Err(Error::database(what, e));
            }
        }
    }
    Ok(held)
}

/// Releases the lock. Errors are ignored: the server (or the OS) drops the lock with the session anyway.
pub(crate) fn unlock(
    conn: &mut impl MigrationConnection,
    options: &Options,
    held: Held,
) -> Result<(), Error> {
    let what = "cannot release the migration lock";
    match conn.backend() {
        Backend::Postgres => {
            let mut sql = format!(
                "SELECT pg_advisory_unlock({})",
                advisory_key(&options.history_table)
            );
            if let Some(previous) = held.check_interval {
                sql.push_str(&format!(
                    "; SET client_connection_check_interval = {}",
                    pg_literal(&previous)
                ));
            }
            conn.run_sql(&sql).map_err(|e| Error::database(what, e))
        }
        Backend::Mysql => conn
            .run_sql(&format!(
                "SELECT RELEASE_LOCK({})",
                mysql_lock_name(options)
            ))
            .map_err(|e| Error::database(what, e)),
        Backend::Sqlite => {
            conn.run_sql("PRAGMA locking_mode = NORMAL")
                .map_err(|e| Error::database(what, e))?;
            conn.query_count("SELECT COUNT(*) AS n FROM sqlite_master")
                .map(drop)
                .map_err(|e| Error::database(what, e))
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_differ_per_table() {
        assert_eq!(
            super::advisory_key("__migrate_history"),
            super::advisory_key("__migrate_history")
        );
        assert_ne!(
            super::advisory_key("__migrate_history"),
            super::advisory_key("other")
        );
    }
}
