//! PostgreSQL: what it does differently.
//!
//! - **Lock**: `pg_advisory_lock(key)`, a session-level advisory lock whose key is derived from the history
//!   table's name (FNV-1a). Advisory locks are per database; the server drops them when the session ends,
//!   so a killed process never leaves one behind. On PostgreSQL 14 and later (`server_version_num` at least
//!   140000) the session also sets `client_connection_check_interval` to [`CHECK_INTERVAL`] while it holds
//!   the lock (and restores the previous value after): otherwise the server finishes the statement a killed
//!   client left running (a long `pg_sleep`, an index build) before it notices the client is gone and drops
//!   the lock. Where the server refuses the setting (a platform without the kernel support), the lock is
//!   taken without it.
//! - **History tables**: `to_regclass` and `pg_attribute` say whether they exist.

#[cfg(all(feature = "postgres", feature = "schema"))]
mod introspect;

#[cfg(feature = "schema")]
pub(crate) mod scratch;

use super::{ColumnTypes, Dialect};
use crate::connection::MigrationConnection;
use crate::error::Error;
use crate::lock::Held;
use crate::options::Options;
use crate::split::{Rules, Syntax};

/// PostgreSQL's [`Dialect`].
#[derive(Debug)]
pub(crate) struct Postgres;

#[cfg(feature = "postgres")]
crate::connection::impl_connection!(diesel::PgConnection, super::Backend::Postgres);

/// `client_connection_check_interval` of the migration session on PostgreSQL 14+: how often the server
/// checks, while a statement runs, that the client is still connected.
pub(crate) const CHECK_INTERVAL: &str = "1s";

/// PostgreSQL's lexer (`scan.l`) and `psql`'s; bodies by `psql`'s rules.
const SYNTAX: Syntax = Syntax {
    vertical_tab_is_space: false,
    dash_comment_needs_space: false,
    hash_comments: false,
    cr_ends_line_comment: true,
    nested_block_comments: true,
    executable_comments: false,
    backslash_escapes: false,
    backtick_quotes: false,
    bracket_quotes: false,
    dollar_quotes: true,
    escape_strings: true,
    client_delimiter: false,
};

const TYPES: ColumnTypes = ColumnTypes {
    big_text: "TEXT",
    key: "VARCHAR(64)",
    serial: "BIGSERIAL PRIMARY KEY",
    suffix: "",
};

/// The advisory lock key for a history table name.
pub(crate) fn advisory_key(history_table: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in b"migrate:".iter().chain(history_table.as_bytes()) {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}

impl Dialect for Postgres {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn syntax(&self) -> &'static Syntax {
        &SYNTAX
    }

    fn split_rules(&self) -> Rules {
        Rules::postgres()
    }

    fn column_types(&self) -> &'static ColumnTypes {
        &TYPES
    }

    fn foreign_table_exists(&self, table: &str) -> String {
        format!(
            "SELECT CAST(CASE WHEN to_regclass({}) IS NULL THEN 0 ELSE 1 END AS BIGINT) AS n",
            self.literal(table)
        )
    }

    /// `FILTER` (PostgreSQL 9.4).
    fn count_where(&self, condition: &str) -> String {
        format!("COUNT(*) FILTER (WHERE {condition})")
    }

    fn list_aggregate(&self, column: &str) -> String {
        format!("COALESCE(string_agg({column}, ','), '')")
    }

    fn exists_query(&self, history: &str, log: &str, column: &str) -> String {
        // `to_regclass` rather than information_schema, whose views cost a millisecond per start-up. The
        // name stays unquoted (it is a plain identifier) so it folds to lower case as `CREATE TABLE` did.
        let regclass = |name: &str| {
            format!(
                "to_regclass(quote_ident(current_schema()) || '.' || {})",
                self.literal(name)
            )
        };
        let exists = |name: &str| format!("CAST({} IS NOT NULL AS INTEGER)", regclass(name));
        format!(
            "SELECT CAST({} + {} + 4 * (SELECT COUNT(*) FROM pg_attribute WHERE attrelid = {} AND attname = {column} AND NOT attisdropped) AS BIGINT) AS n",
            exists(history),
            exists(log),
            regclass(history),
            column = self.literal(column)
        )
    }

    fn lock(&self, conn: &mut dyn MigrationConnection, options: &Options) -> Result<Held, Error> {
        let what = "cannot take the migration lock";
        let mut held = Held::default();
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
                self.literal(CHECK_INTERVAL)
            );
            // A failure of the SET (a platform without the kernel support) stops the batch before the
            // lock, which is then taken alone; so is any other failure of the batch, and then the
            // lock's own error is the one reported.
            if conn.run_sql(&set).is_ok() {
                held.previous_setting = Some(previous);
                return Ok(held);
            }
        }
        conn.run_sql(&lock).map_err(|e| Error::database(what, e))?;
        Ok(held)
    }

    fn unlock(
        &self,
        conn: &mut dyn MigrationConnection,
        options: &Options,
        held: Held,
    ) -> Result<(), Error> {
        let what = "cannot release the migration lock";
        let mut sql = format!(
            "SELECT pg_advisory_unlock({})",
            advisory_key(&options.history_table)
        );
        if let Some(previous) = held.previous_setting {
            sql.push_str(&format!(
                "; SET client_connection_check_interval = {}",
                self.literal(&previous)
            ));
        }
        conn.run_sql(&sql).map_err(|e| Error::database(what, e))
    }
}

/// Opens a PostgreSQL connection.
#[cfg(feature = "postgres")]
pub(super) fn connect(url: &str) -> Result<crate::connection::AnyConnection, Error> {
    use diesel::Connection;
    diesel::PgConnection::establish(url)
        .map(crate::connection::AnyConnection::Postgres)
        .map_err(|e| super::connection_failed(url, &e.to_string()))
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
