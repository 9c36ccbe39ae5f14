//! Everything one database does differently, one module (a folder: `mod.rs`, and `introspect.rs` for the
//! catalog queries of feature `schema`) per backend beside the engine that is the same for
//! all three (`apply/`, `history.rs`, `lock.rs`, `migrator.rs`, `views.rs`, `offline.rs`).
//!
//! [`Backend`] is the public name of a database; [`Backend::dialect`] dispatches once on it to the backend's
//! [`Dialect`], a crate-private trait implemented in [`sqlite`], [`postgres`] and [`mysql`]: string literals,
//! the history tables' column types and the queries that look for them, `BEGIN`, what an offline script
//! starts with, the migration lock and its settings, how the statement splitter lexes and which body rules
//! it follows, and opening a connection (each behind its cargo feature). The trait's provided methods are
//! standard SQL; a backend overrides what it does otherwise. The splitter's machinery (the lexer, the body
//! rules' state machines) stays in `split/`, which the backends configure. sqlx's `sqlx-{postgres,sqlite,mysql}/src/migrate.rs` beside
//! `sqlx-core/src/migrate/migrate.rs` have the same shape.

pub(crate) mod mysql;
pub(crate) mod postgres;
pub(crate) mod sqlite;

use crate::connection::{AnyConnection, MigrationConnection};
use crate::error::Error;
use crate::lock::Held;
use crate::options::Options;
use crate::split::{Rules, Syntax};
use crate::url::{redact_url, scrub, sqlite_path};

/// A database backend: decides the SQL dialect, the lock and the transaction strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// SQLite (feature `sqlite`).
    Sqlite,
    /// PostgreSQL (feature `postgres`).
    Postgres,
    /// MySQL or MariaDB (feature `mysql`).
    Mysql,
}

impl Backend {
    /// The backend's name, as in messages.
    pub fn name(self) -> &'static str {
        self.dialect().name()
    }

    /// Whether DDL runs inside transactions (PostgreSQL, SQLite); MySQL commits DDL implicitly.
    pub fn transactional_ddl(self) -> bool {
        self.dialect().transactional_ddl()
    }

    /// The backend a URL selects, without opening anything: `postgres://`, `postgresql://` → PostgreSQL;
    /// `mysql://`, `mariadb://` → MySQL; `sqlite:...`, `file:...` or anything without a scheme (a file path)
    /// → SQLite (the accepted SQLite forms are listed at [`connect`](crate::connect)). An empty URL and a
    /// SQLite URL without a path are [`Error::NoDatabase`].
    pub fn from_url(url: &str) -> Result<Backend, Error> {
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if lower.starts_with("mysql://") || lower.starts_with("mariadb://") {
            Ok(Backend::Mysql)
        } else if lower.starts_with("sqlite:")
            || lower.starts_with("file:")
            || !lower.contains("://")
        {
            sqlite_path(url)?;
            Ok(Backend::Sqlite)
        } else {
            Err(Error::UnsupportedUrl {
                url: redact_url(url),
            })
        }
    }

    /// What this backend does differently: the one dispatch on the enum.
    pub(crate) fn dialect(self) -> &'static dyn Dialect {
        match self {
            Backend::Sqlite => &sqlite::Sqlite,
            Backend::Postgres => &postgres::Postgres,
            Backend::Mysql => &mysql::Mysql,
        }
    }
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The column types of the history and log tables that differ per backend, and what follows a `CREATE
/// TABLE`'s closing parenthesis.
#[derive(Debug)]
pub(crate) struct ColumnTypes {
    /// SQL text of any length: `down_sql`, `running_statement`, the log's `statement` and `error`.
    pub big_text: &'static str,
    /// The revision id, a primary key in the history table.
    pub key: &'static str,
    /// The log table's generated id.
    pub serial: &'static str,
    /// After the column list: engine and character set.
    pub suffix: &'static str,
}

/// What a replay's scratch database needs of a backend (feature `schema`; `<backend>/scratch.rs`).
#[cfg(feature = "schema")]
#[derive(Debug)]
pub(crate) struct ScratchSql {
    /// A query whose `n` is how many tables and views the database has.
    pub count_objects: &'static str,
    /// A query whose `t` rows are the statements that drop everything in the database.
    pub drop_statements: &'static str,
    /// Run before those statements ("" for nothing).
    pub before_drops: &'static str,
    /// Run after them ("" for nothing).
    pub after_drops: &'static str,
    /// A query whose `t` is the session's id, when a session must be ended before its database is dropped.
    pub session: Option<&'static str>,
    /// `CREATE DATABASE` of a temporary database.
    pub create_database: fn(&str) -> String,
    /// Dropping a temporary database, ending the given session first where that is needed.
    pub drop_database: fn(&str, Option<&str>) -> String,
}

#[cfg(feature = "schema")]
impl Backend {
    /// The backend's side of a replay's scratch database.
    pub(crate) fn scratch(self) -> &'static ScratchSql {
        match self {
            Backend::Sqlite => &sqlite::scratch::SCRATCH,
            Backend::Postgres => &postgres::scratch::SCRATCH,
            Backend::Mysql => &mysql::scratch::SCRATCH,
        }
    }
}

/// One backend's SQL and session handling. The provided methods are standard SQL.
pub(crate) trait Dialect: Sync {
    /// The backend's name, as in messages; also the cargo feature that builds it in.
    fn name(&self) -> &'static str;

    /// Whether DDL runs inside transactions.
    fn transactional_ddl(&self) -> bool {
        true
    }

    /// A string literal: quotes doubled.
    fn literal(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        self.push_literal(&mut out, text);
        out
    }

    /// Appends [`literal`](Self::literal)`(text)` to `out` (the history rows of a large run are written this
    /// way, without a string per value).
    fn push_literal(&self, out: &mut String, text: &str) {
        push_escaped(out, text, b"'", |_| "''");
    }

    /// How the backend (and its own client) lexes SQL, for the statement splitter.
    fn syntax(&self) -> &'static Syntax;

    /// The rules that say when a top-level `;` ends a statement (a fresh set, for one statement).
    fn split_rules(&self) -> Rules;

    /// The history and log tables' column types.
    fn column_types(&self) -> &'static ColumnTypes;

    /// Whether a statement kept prepared on a connection ([`KeptQuery`](crate::connection::KeptQuery))
    /// reads the tables its text names when it runs. MySQL binds them when it prepares, to the database
    /// current then: on a connection that later switches (`USE tenant_2`), a kept first look would read
    /// the other database's history and could find nothing to do where everything is.
    fn keeps_prepared(&self) -> bool {
        true
    }

    /// Where `CREATE INDEX` has no `IF NOT EXISTS` (MySQL 8): a query whose `n` counts the index `index`
    /// of `table` (0 when missing); the history table then declares its index in its `CREATE TABLE`.
    /// `None` elsewhere.
    fn index_exists_query(&self, _table: &str, _index: &str) -> Option<String> {
        None
    }

    /// A query `n` = how many of the two tables exist, plus 4 when the history table has the column
    /// `column` (see `Tables::exists_query`).
    fn exists_query(&self, history: &str, log: &str, column: &str) -> String;

    /// A query whose `n` is 1 when the table `table` (another tool's history table, e.g.
    /// `__diesel_schema_migrations`) exists where the connection looks up unqualified names, else 0.
    fn foreign_table_exists(&self, table: &str) -> String;

    /// A NULL of a text type, for a column an older history table lacks.
    fn null_text(&self) -> &'static str {
        "CAST(NULL AS TEXT)"
    }

    /// The SQL expressions `parts` concatenated as text.
    fn concat(&self, parts: &[&str]) -> String {
        parts.join(" || ")
    }

    /// The text column `column` of every row aggregated into one text, separated by commas (empty for no
    /// rows). MySQL's can be cut short (`group_concat_max_len`), which a count beside it shows.
    fn list_aggregate(&self, column: &str) -> String;

    /// How many rows `condition` holds for, as an aggregate.
    fn count_where(&self, condition: &str) -> String {
        format!("COUNT(CASE WHEN {condition} THEN 1 END)")
    }

    /// What follows `SELECT` in a query of [`list_aggregate`](Self::list_aggregate)s: MySQL's hint that
    /// lifts `group_concat_max_len` for the statement (MariaDB ignores it).
    fn aggregate_hint(&self) -> &'static str {
        ""
    }

    /// The statement that starts a transaction.
    fn begin(&self) -> &'static str {
        "BEGIN"
    }

    /// What an offline script starts with (after its comment lines) for the backend's own client.
    fn script_prelude(&self) -> &'static str {
        ""
    }

    /// Makes reads outside the migration lock wait for a migration that holds it, where they would fail.
    fn wait_when_busy(
        &self,
        _conn: &mut dyn MigrationConnection,
        _options: &Options,
    ) -> Result<(), Error> {
        Ok(())
    }

    /// Takes the migration lock, waiting for another process that holds it.
    fn lock(&self, conn: &mut dyn MigrationConnection, options: &Options) -> Result<Held, Error>;

    /// Releases the migration lock and restores what [`lock`](Self::lock) changed.
    fn unlock(
        &self,
        conn: &mut dyn MigrationConnection,
        options: &Options,
        held: Held,
    ) -> Result<(), Error>;
}

/// Appends `text` between single quotes, with each of the ASCII bytes `special` replaced by `escape` of
/// it; runs of other characters are copied whole (an ASCII byte is never part of another character).
pub(crate) fn push_escaped(
    out: &mut String,
    text: &str,
    special: &[u8],
    escape: impl Fn(u8) -> &'static str,
) {
    out.reserve(text.len() + 2);
    out.push('\'');
    let mut rest = text;
    // `find` with one character searches with `memchr`; most texts hold no special byte at all.
    let next = |rest: &str| match special {
        [one] => rest.find(char::from(*one)),
        _ => rest.bytes().position(|b| special.contains(&b)),
    };
    while let Some(at) = next(rest) {
        out.push_str(&rest[..at]);
        out.push_str(escape(rest.as_bytes()[at]));
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out.push('\'');
}

/// Opens a connection to the database a URL names; [`Error::FeatureDisabled`] when the backend's feature is
/// off.
pub(crate) fn connect(url: &str) -> Result<AnyConnection, Error> {
    match Backend::from_url(url)? {
        #[cfg(feature = "sqlite")]
        Backend::Sqlite => sqlite::connect(url),
        #[cfg(feature = "postgres")]
        Backend::Postgres => postgres::connect(url),
        #[cfg(feature = "mysql")]
        Backend::Mysql => mysql::connect(url),
        #[allow(
            unreachable_patterns,
            reason = "reachable when a backend feature is off"
        )]
        other => Err(Error::FeatureDisabled {
            url: redact_url(url),
            backend: other.name(),
            feature: other.name(),
        }),
    }
}

/// A failure to open a connection to `url`, without its password.
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, reason = "used by the backends' connect")
)]
fn connection_failed(url: &str, message: &str) -> Error {
    Error::Connection {
        url: redact_url(url),
        source: Box::new(crate::error::DatabaseMessage(scrub(message, url))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_from_urls() {
        assert_eq!(
            Backend::from_url("postgres://u@h/d").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::from_url("postgresql://u@h/d").unwrap(),
            Backend::Postgres
        );
        assert_eq!(Backend::from_url("mysql://u@h/d").unwrap(), Backend::Mysql);
        assert_eq!(
            Backend::from_url("mariadb://u@h/d").unwrap(),
            Backend::Mysql
        );
        assert_eq!(
            Backend::from_url("sqlite://app.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("sqlite::memory:").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(Backend::from_url("data/app.db").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::from_url("mongodb://u:secret@h/d")
                .unwrap_err()
                .to_string(),
            "unsupported database URL mongodb://u:***@h/d: use postgres://, postgresql://, mysql://, mariadb://, sqlite://<path>, sqlite::memory: or a file path"
        );
        for url in ["", "sqlite:", "sqlite://"] {
            assert!(
                matches!(Backend::from_url(url), Err(Error::NoDatabase { .. })),
                "{url}"
            );
        }
        assert_eq!(
            Backend::from_url("").unwrap_err().to_string(),
            "empty database URL: use postgres://..., mysql://..., sqlite:///relative/path.db, sqlite:////absolute/path.db, a file path, or sqlite::memory: for a database in memory"
        );
        assert_eq!(
            Backend::from_url("sqlite://").unwrap_err().to_string(),
            "database URL `sqlite://` names no database: use postgres://..., mysql://..., sqlite:///relative/path.db, sqlite:////absolute/path.db, a file path, or sqlite::memory: for a database in memory"
        );
    }

    #[test]
    fn literals() {
        let pg = Backend::Postgres.dialect();
        assert_eq!(pg.literal(r"it's a \ test"), r"'it''s a \ test'");
        let my = Backend::Mysql.dialect();
        assert_eq!(my.literal(r"it's a \ test"), r"'it''s a \\ test'");
        // Runs between the escaped characters are copied whole, multi-byte ones included.
        assert_eq!(pg.literal("'café''"), "'''café'''''");
        assert_eq!(my.literal(r"\é'"), r"'\\é'''");
        assert_eq!(pg.literal(""), "''");
    }
}
