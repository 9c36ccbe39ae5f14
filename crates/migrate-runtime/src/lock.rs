//! The migration lock: one process at a time plans and applies revisions on a database.
//!
//! Each backend takes it its own way (`backend/`): PostgreSQL a session-level advisory lock (with
//! `client_connection_check_interval` on 14+), MySQL/MariaDB `GET_LOCK`, SQLite the database file's
//! exclusive lock (`BEGIN EXCLUSIVE` and `locking_mode = EXCLUSIVE`, waiting up to `busy_timeout`). All three
//! die with the session or the process, so a killed run never leaves one behind.

use crate::connection::MigrationConnection;
use crate::error::Error;
use crate::options::Options;

/// A lock [`lock`] took, and what [`unlock`] has to restore with it.
#[derive(Debug, Default)]
pub(crate) struct Held {
    /// A session setting the backend changed while taking the lock, as it was before (PostgreSQL:
    /// `client_connection_check_interval`); `None` when nothing changed.
    pub(crate) previous_setting: Option<String>,
}

/// SQLite: makes the connection wait up to the lock timeout for a file another connection holds, rather
/// than failing with "database is locked" (reads outside the migration lock use it too). Nothing on the
/// other backends, whose reads do not wait for a migration.
pub(crate) fn wait_when_busy(
    conn: &mut impl MigrationConnection,
    options: &Options,
) -> Result<(), Error> {
    conn.backend().dialect().wait_when_busy(conn, options)
}

/// Takes the lock, waiting for another process that holds it.
pub(crate) fn lock(conn: &mut impl MigrationConnection, options: &Options) -> Result<Held, Error> {
    conn.backend().dialect().lock(conn, options)
}

/// Releases the lock. Errors are ignored: the server (or the OS) drops the lock with the session anyway.
pub(crate) fn unlock(
    conn: &mut impl MigrationConnection,
    options: &Options,
    held: Held,
) -> Result<(), Error> {
    conn.backend().dialect().unlock(conn, options, held)
}
