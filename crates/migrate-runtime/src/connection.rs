//! Backends, the connection trait the migrator works through, and opening a connection from a URL.

use diesel::QueryResult;

use crate::error::Error;
use crate::history::{HistoryRow, LogRow};
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
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
        }
    }

    /// Whether DDL runs inside transactions (PostgreSQL, SQLite); MySQL commits DDL implicitly.
    pub fn transactional_ddl(self) -> bool {
        !matches!(self, Backend::Mysql)
    }

    /// The backend a URL selects, without opening anything: `postgres://`, `postgresql://` → PostgreSQL;
    /// `mysql://`, `mariadb://` → MySQL; `sqlite:...`, `file:...` or anything without a scheme (a file path)
    /// → SQLite (the accepted SQLite forms are in [`sqlite_path`](crate::sqlite_path)). An empty URL and a
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
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A Diesel connection the migrator can drive. Implemented for `SqliteConnection`, `PgConnection` and
/// `MysqlConnection` (each behind its feature), for r2d2 pooled connections of them (feature `r2d2`) and for
/// [`AnyConnection`]. The methods other than [`backend`](Self::backend) are the migrator's primitives and
/// not meant to be called directly.
pub trait MigrationConnection {
    /// The backend behind this connection.
    fn backend(&self) -> Backend;

    /// Runs one SQL text (one or more statements) without results.
    #[doc(hidden)]
    fn run_sql(&mut self, sql: &str) -> QueryResult<()>;

    /// Runs a query selecting the history table's columns.
    #[doc(hidden)]
    fn load_history(&mut self, sql: &str) -> QueryResult<Vec<HistoryRow>>;

    /// Runs a query selecting the log table's columns.
    #[doc(hidden)]
    fn load_log(&mut self, sql: &str) -> QueryResult<Vec<LogRow>>;

    /// Runs a query whose first row has a BIGINT column `n` (`None` when there is no row or it is NULL).
    #[doc(hidden)]
    fn query_count(&mut self, sql: &str) -> QueryResult<Option<i64>>;

    /// Runs a query selecting one text column `t`; its values.
    #[doc(hidden)]
    fn query_texts(&mut self, sql: &str) -> QueryResult<Vec<String>>;
}

#[derive(diesel::QueryableByName)]
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, reason = "read only by the backends' implementations")
)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    n: Option<i64>,
}

#[derive(diesel::QueryableByName)]
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, reason = "read only by the backends' implementations")
)]
struct TextRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    t: String,
}

#[allow(unused_macros, reason = "unused when no backend feature is on")]
macro_rules! impl_connection {
    ($conn:ty, $backend:expr) => {
        impl MigrationConnection for $conn {
            fn backend(&self) -> Backend {
                $backend
            }

            fn run_sql(&mut self, sql: &str) -> QueryResult<()> {
                diesel::connection::SimpleConnection::batch_execute(self, sql)
            }

            fn load_history(&mut self, sql: &str) -> QueryResult<Vec<HistoryRow>> {
                use diesel::RunQueryDsl;
                let rows: Vec<crate::rows::RawHistory> = diesel::sql_query(sql).load(self)?;
                Ok(rows.into_iter().map(HistoryRow::from).collect())
            }

            fn load_log(&mut self, sql: &str) -> QueryResult<Vec<LogRow>> {
                use diesel::RunQueryDsl;
                let rows: Vec<crate::rows::RawLog> = diesel::sql_query(sql).load(self)?;
                Ok(rows.into_iter().map(LogRow::from).collect())
            }

            fn query_count(&mut self, sql: &str) -> QueryResult<Option<i64>> {
                use diesel::RunQueryDsl;
                let rows: Vec<Count> = diesel::sql_query(sql).load(self)?;
                Ok(rows.into_iter().next().and_then(|c| c.n))
            }

            fn query_texts(&mut self, sql: &str) -> QueryResult<Vec<String>> {
                use diesel::RunQueryDsl;
                let rows: Vec<TextRow> = diesel::sql_query(sql).load(self)?;
                Ok(rows.into_iter().map(|r| r.t).collect())
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_connection!(diesel::SqliteConnection, Backend::Sqlite);
#[cfg(feature = "postgres")]
impl_connection!(diesel::PgConnection, Backend::Postgres);
#[cfg(feature = "mysql")]
impl_connection!(diesel::MysqlConnection, Backend::Mysql);

#[cfg(feature = "r2d2")]
impl<C> MigrationConnection for diesel::r2d2::PooledConnection<diesel::r2d2::ConnectionManager<C>>
where
    C: MigrationConnection + diesel::r2d2::R2D2Connection + Send + 'static,
{
    fn backend(&self) -> Backend {
        (**self).backend()
    }
    fn run_sql(&mut self, sql: &str) -> QueryResult<()> {
        (**self).run_sql(sql)
    }
    fn load_history(&mut self, sql: &str) -> QueryResult<Vec<HistoryRow>> {
        (**self).load_history(sql)
    }
    fn load_log(&mut self, sql: &str) -> QueryResult<Vec<LogRow>> {
        (**self).load_log(sql)
    }
    fn query_count(&mut self, sql: &str) -> QueryResult<Option<i64>> {
        (**self).query_count(sql)
    }
    fn query_texts(&mut self, sql: &str) -> QueryResult<Vec<String>> {
        (**self).query_texts(sql)
    }
}

impl<C: MigrationConnection + ?Sized> MigrationConnection for &mut C {
    fn backend(&self) -> Backend {
        (**self).backend()
    }
    fn run_sql(&mut self, sql: &str) -> QueryResult<()> {
        (**self).run_sql(sql)
    }
    fn load_history(&mut self, sql: &str) -> QueryResult<Vec<HistoryRow>> {
        (**self).load_history(sql)
    }
    fn load_log(&mut self, sql: &str) -> QueryResult<Vec<LogRow>> {
        (**self).load_log(sql)
    }
    fn query_count(&mut self, sql: &str) -> QueryResult<Option<i64>> {
        (**self).query_count(sql)
    }
    fn query_texts(&mut self, sql: &str) -> QueryResult<Vec<String>> {
        (**self).query_texts(sql)
    }
}

/// A connection to whichever backend a URL names (see [`connect`]).
#[non_exhaustive]
pub enum AnyConnection {
    /// SQLite.
    #[cfg(feature = "sqlite")]
    Sqlite(diesel::SqliteConnection),
    /// PostgreSQL.
    #[cfg(feature = "postgres")]
    Postgres(diesel::PgConnection),
    /// MySQL or MariaDB.
    #[cfg(feature = "mysql")]
    Mysql(diesel::MysqlConnection),
}

impl std::fmt::Debug for AnyConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AnyConnection({})", self.backend())
    }
}

macro_rules! each {
    ($self:expr, $c:ident => $body:expr) => {
        match *$self {
            #[cfg(feature = "sqlite")]
            AnyConnection::Sqlite(ref mut $c) => $body,
            #[cfg(feature = "postgres")]
            AnyConnection::Postgres(ref mut $c) => $body,
            #[cfg(feature = "mysql")]
            AnyConnection::Mysql(ref mut $c) => $body,
        }
    };
    (ref $self:expr, $c:ident => $body:expr) => {
        match *$self {
            #[cfg(feature = "sqlite")]
            AnyConnection::Sqlite(ref $c) => $body,
            #[cfg(feature = "postgres")]
            AnyConnection::Postgres(ref $c) => $body,
            #[cfg(feature = "mysql")]
            AnyConnection::Mysql(ref $c) => $body,
        }
    };
}

#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(
        unused_variables,
        reason = "AnyConnection has no variant without a backend feature"
    )
)]
impl MigrationConnection for AnyConnection {
    fn backend(&self) -> Backend {
        each!(ref self, c => c.backend())
    }
    fn run_sql(&mut self, sql: &str) -> QueryResult<()> {
        each!(self, c => c.run_sql(sql))
    }
    fn load_history(&mut self, sql: &str) -> QueryResult<Vec<HistoryRow>> {
        each!(self, c => c.load_history(sql))
    }
    fn load_log(&mut self, sql: &str) -> QueryResult<Vec<LogRow>> {
        each!(self, c => c.load_log(sql))
    }
    fn query_count(&mut self, sql: &str) -> QueryResult<Option<i64>> {
        each!(self, c => c.query_count(sql))
    }
    fn query_texts(&mut self, sql: &str) -> QueryResult<Vec<String>> {
        each!(self, c => c.query_texts(sql))
    }
}

/// Opens a connection to the database a URL names (see [`Backend::from_url`] for the schemes). Fails with
/// [`Error::FeatureDisabled`] when the backend's feature is off; error texts never contain the password.
pub fn connect(url: &str) -> Result<AnyConnection, Error> {
    let backend = Backend::from_url(url)?;
    let fail = |message: String| Error::Connection {
        url: redact_url(url),
        message: scrub(&message, url),
    };
    match backend {
        #[cfg(feature = "sqlite")]
        Backend::Sqlite => {
            use diesel::Connection;
            diesel::SqliteConnection::establish(&sqlite_path(url)?)
                .map(AnyConnection::Sqlite)
                .map_err(|e| fail(format!("{e}{}", sqlite_hint(url))))
        }
        #[cfg(feature = "postgres")]
        Backend::Postgres => {
            use diesel::Connection;
            diesel::PgConnection::establish(url)
                .map(AnyConnection::Postgres)
                .map_err(|e| fail(e.to_string()))
        }
        #[cfg(feature = "mysql")]
        Backend::Mysql => {
            use diesel::Connection;
            let url = match url.get(..10) {
                Some(scheme) if scheme.eq_ignore_ascii_case("mariadb://") => {
                    format!("mysql://{}", &url[10..])
                }
                _ => url.to_owned(),
            };
            diesel::MysqlConnection::establish(&url)
                .map(AnyConnection::Mysql)
                .map_err(|e| fail(e.to_string()))
        }
        #[allow(
            unreachable_patterns,
            reason = "reachable when a backend feature is off"
        )]
        other => {
            let _ = fail;
            Err(Error::FeatureDisabled {
                url: redact_url(url),
                backend: other.name(),
                feature: match other {
                    Backend::Sqlite => "sqlite",
                    Backend::Postgres => "postgres",
                    Backend::Mysql => "mysql",
                },
            })
        }
    }
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
}
