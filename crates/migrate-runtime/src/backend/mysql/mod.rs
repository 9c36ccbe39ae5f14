//! MySQL and MariaDB: what they do differently.
//!
//! - **DDL commits implicitly**, so every revision runs with a `running` marker (see `apply/marked.rs`);
//!   transactions start with `START TRANSACTION`.
//! - **Literals**: a backslash is an escape character in strings, so it is doubled too.
//! - **Lock**: `GET_LOCK('migrate_<sha1 of database.table>', timeout)`, released by the server when the
//!   session ends.
//! - **Offline scripts** start with `SET NAMES utf8mb4`.
//! - **History tables**: InnoDB, utf8mb4, `LONGTEXT` for SQL; `information_schema` says whether they exist.

#[cfg(all(feature = "mysql", feature = "schema"))]
mod introspect;

#[cfg(feature = "schema")]
pub(crate) mod scratch;

use super::{ColumnTypes, Dialect};
use crate::connection::MigrationConnection;
use crate::error::Error;
use crate::lock::Held;
use crate::options::Options;
use crate::split::{Rules, Syntax};

/// MySQL's and MariaDB's [`Dialect`].
#[derive(Debug)]
pub(crate) struct Mysql;

#[cfg(feature = "mysql")]
crate::connection::impl_connection!(diesel::MysqlConnection, super::Backend::Mysql);

/// MySQL's and MariaDB's lexer and the `mysql` client's; bodies by the compound-statement grammar.
const SYNTAX: Syntax = Syntax {
    vertical_tab_is_space: true,
    dash_comment_needs_space: true,
    hash_comments: true,
    cr_ends_line_comment: false,
    nested_block_comments: false,
    executable_comments: true,
    backslash_escapes: true,
    backtick_quotes: true,
    bracket_quotes: false,
    dollar_quotes: false,
    escape_strings: false,
    client_delimiter: true,
};

const TYPES: ColumnTypes = ColumnTypes {
    big_text: "LONGTEXT",
    key: "VARCHAR(64)",
    serial: "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
    suffix: " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
};

/// The `GET_LOCK` name: per database and history table.
fn lock_name(options: &Options) -> String {
    format!(
        "CONCAT('migrate_', SHA1(CONCAT(DATABASE(), '.', '{}')))",
        options.history_table
    )
}

impl Dialect for Mysql {
    fn name(&self) -> &'static str {
        "mysql"
    }

    fn transactional_ddl(&self) -> bool {
        false
    }

    fn push_literal(&self, out: &mut String, text: &str) {
        super::push_escaped(out, text, b"'\\", |byte| match byte {
            b'\'' => "''",
            _ => "\\\\",
        });
    }

    fn syntax(&self) -> &'static Syntax {
        &SYNTAX
    }

    fn split_rules(&self) -> Rules {
        Rules::mysql()
    }

    fn column_types(&self) -> &'static ColumnTypes {
        &TYPES
    }

    fn index_exists_query(&self, table: &str, index: &str) -> Option<String> {
        Some(format!(
            "SELECT CAST(COUNT(*) AS SIGNED) AS n FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = {} AND index_name = {}",
            self.literal(table),
            self.literal(index)
        ))
    }

    fn foreign_table_exists(&self, table: &str) -> String {
        format!(
            "SELECT CAST(COUNT(*) AS SIGNED) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = {}",
            self.literal(table)
        )
    }

    fn exists_query(&self, history: &str, log: &str, column: &str) -> String {
        let names = format!("{}, {}", self.literal(history), self.literal(log));
        format!(
            "SELECT CAST((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ({names})) + 4 * (SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = {} AND column_name = {column}) AS SIGNED) AS n",
            self.literal(history),
            column = self.literal(column)
        )
    }

    fn null_text(&self) -> &'static str {
        "CAST(NULL AS CHAR)"
    }

    /// `GROUP_CONCAT` stops at `group_concat_max_len` bytes (MariaDB's default 1 MiB, MySQL's 1 KiB): the
    /// hint raises it for the statement on MySQL 8; MariaDB reads it as a comment. A text cut short holds
    /// fewer rows than its count, and the caller then reads the rows one by one.
    fn list_aggregate(&self, column: &str) -> String {
        format!("COALESCE(GROUP_CONCAT({column} SEPARATOR ','), '')")
    }

    /// A prepared statement keeps the database current when it was prepared (see the trait).
    fn keeps_prepared(&self) -> bool {
        false
    }

    fn aggregate_hint(&self) -> &'static str {
        "/*+ SET_VAR(group_concat_max_len = 1073741824) */ "
    }

    fn concat(&self, parts: &[&str]) -> String {
        format!("CONCAT({})", parts.join(", "))
    }

    fn begin(&self) -> &'static str {
        "START TRANSACTION"
    }

    /// `SET NAMES utf8mb4`, since the `mysql`/`mariadb` client's default character set (often latin1 or
    /// 3-byte utf8) would mangle or refuse non-ASCII text such as an emoji in a message. The online
    /// connection needs nothing: Diesel opens MySQL connections in utf8mb4, and the history tables are
    /// utf8mb4.
    fn script_prelude(&self) -> &'static str {
        "SET NAMES utf8mb4;\n"
    }

    fn lock(&self, conn: &mut dyn MigrationConnection, options: &Options) -> Result<Held, Error> {
        let what = "cannot take the migration lock";
        let got = conn
            .query_count(&format!(
                "SELECT CAST(GET_LOCK({}, {}) AS SIGNED) AS n",
                lock_name(options),
                options.lock_timeout.as_secs().max(1)
            ))
            .map_err(|e| Error::database(what, e))?;
        if got != Some(1) {
            return Err(Error::Database {
                message: format!(
                    "{what}: another migration held it for more than {} s; wait for it to finish, or raise `Options::lock_timeout`",
                    options.lock_timeout.as_secs()
                ),
                source: None,
            });
        }
        Ok(Held::default())
    }

    fn unlock(
        &self,
        conn: &mut dyn MigrationConnection,
        options: &Options,
        _held: Held,
    ) -> Result<(), Error> {
        conn.run_sql(&format!("SELECT RELEASE_LOCK({})", lock_name(options)))
            .map_err(|e| Error::database("cannot release the migration lock", e))
    }
}

/// Opens a MySQL or MariaDB connection (`mariadb://` is read as `mysql://`).
#[cfg(feature = "mysql")]
pub(super) fn connect(url: &str) -> Result<crate::connection::AnyConnection, Error> {
    use diesel::Connection;
    let original = url;
    let url = match url.get(..10) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mariadb://") => {
            format!("mysql://{}", &url[10..])
        }
        _ => url.to_owned(),
    };
    diesel::MysqlConnection::establish(&url)
        .map(crate::connection::AnyConnection::Mysql)
        .map_err(|e| super::connection_failed(original, &e.to_string()))
}
