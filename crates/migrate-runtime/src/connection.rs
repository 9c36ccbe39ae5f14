//! The connection trait the migrator works through, the connection to whichever backend a URL names, and
//! opening it (each backend's own connecting is in `backend/`).

use diesel::QueryResult;

pub(crate) use crate::backend::Backend;
use crate::error::Error;
use crate::history::{HistoryRow, LogRow};

/// A Diesel connection the migrator can drive. Implemented for `SqliteConnection`, `PgConnection` and
/// `MysqlConnection` (each behind its feature), for r2d2 pooled connections of them (feature `r2d2`) and for
/// [`AnyConnection`] (and `&mut` any of them). The methods other than [`backend`](Self::backend) are the
/// migrator's primitives and not meant to be called directly.
///
/// The trait is sealed: only this crate implements it, so that its primitives can change without breaking
/// anyone.
pub trait MigrationConnection: sealed::Sealed {
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

    /// Runs the first look of an upgrade (kept prepared where the backend allows, see [`KeptQuery`]),
    /// whose one row has the
    /// columns `n` and `running` (BIGINT) and `revisions` and `checksums` (text); `None` without a row.
    #[doc(hidden)]
    fn query_glance(&mut self, sql: &str) -> QueryResult<Option<(i64, i64, String, String)>>;
}

/// A query of fixed SQL text without binds that Diesel keeps prepared in the connection's statement cache,
/// keyed by its text (`sql_query` never is): on a connection that has run it once, the first look of an
/// `upgrade` is one round trip to PostgreSQL (not a prepare, then an execute) and no parse on SQLite. Only
/// for a text that does not vary (the first look of one table name), since every text stays in the cache
/// for the connection's life, and not on MySQL (see `Dialect::keeps_prepared`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeptQuery<'a>(pub &'a str);

impl<DB: diesel::backend::Backend> diesel::query_builder::QueryFragment<DB> for KeptQuery<'_> {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        out.push_sql(self.0);
        Ok(())
    }
}

impl diesel::query_builder::QueryId for KeptQuery<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::Query for KeptQuery<'_> {
    type SqlType = diesel::sql_types::Untyped;
}

impl<Conn> diesel::RunQueryDsl<Conn> for KeptQuery<'_> {}

/// The supertrait that seals [`MigrationConnection`]: public in a private module, so nothing outside this
/// crate can name it or implement it.
pub(crate) mod sealed {
    /// Implemented beside every [`MigrationConnection`](super::MigrationConnection) implementation.
    pub trait Sealed {}
}

#[derive(diesel::QueryableByName)]
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, reason = "read only by the backends' implementations")
)]
pub(crate) struct Count {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    pub(crate) n: Option<i64>,
}

#[derive(diesel::QueryableByName)]
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, reason = "read only by the backends' implementations")
)]
pub(crate) struct TextRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub(crate) t: String,
}

/// Implements [`MigrationConnection`] for one backend's Diesel connection (used in `backend/`).
#[allow(unused_macros, reason = "unused when no backend feature is on")]
macro_rules! impl_connection {
    ($conn:ty, $backend:expr) => {
        impl crate::connection::sealed::Sealed for $conn {}

        impl crate::connection::MigrationConnection for $conn {
            fn backend(&self) -> crate::backend::Backend {
                $backend
            }

            fn run_sql(&mut self, sql: &str) -> diesel::QueryResult<()> {
                diesel::connection::SimpleConnection::batch_execute(self, sql)
            }

            fn load_history(
                &mut self,
                sql: &str,
            ) -> diesel::QueryResult<Vec<crate::history::HistoryRow>> {
                use diesel::RunQueryDsl;
                let rows: Vec<crate::rows::RawHistory> = diesel::sql_query(sql).load(self)?;
                Ok(rows
                    .into_iter()
                    .map(crate::history::HistoryRow::from)
                    .collect())
            }

            fn load_log(&mut self, sql: &str) -> diesel::QueryResult<Vec<crate::history::LogRow>> {
                use diesel::RunQueryDsl;
                let rows: Vec<crate::rows::RawLog> = diesel::sql_query(sql).load(self)?;
                Ok(rows.into_iter().map(crate::history::LogRow::from).collect())
            }

            fn query_count(&mut self, sql: &str) -> diesel::QueryResult<Option<i64>> {
                use diesel::RunQueryDsl;
                let rows: Vec<crate::connection::Count> = diesel::sql_query(sql).load(self)?;
                Ok(rows.into_iter().next().and_then(|c| c.n))
            }

            fn query_texts(&mut self, sql: &str) -> diesel::QueryResult<Vec<String>> {
                use diesel::RunQueryDsl;
                let rows: Vec<crate::connection::TextRow> = diesel::sql_query(sql).load(self)?;
                Ok(rows.into_iter().map(|r| r.t).collect())
            }

            fn query_glance(
                &mut self,
                sql: &str,
            ) -> diesel::QueryResult<Option<(i64, i64, String, String)>> {
                use diesel::RunQueryDsl;
                let rows: Vec<crate::rows::RawGlance> = if $backend.dialect().keeps_prepared() {
                    crate::connection::KeptQuery(sql).load(self)?
                } else {
                    diesel::sql_query(sql).load(self)?
                };
                Ok(rows
                    .into_iter()
                    .next()
                    .map(crate::rows::RawGlance::into_parts))
            }
        }
    };
}

#[allow(unused_imports, reason = "unused when no backend feature is on")]
pub(crate) use impl_connection;

#[cfg(feature = "r2d2")]
impl<C> sealed::Sealed for diesel::r2d2::PooledConnection<diesel::r2d2::ConnectionManager<C>> where
    C: MigrationConnection + diesel::r2d2::R2D2Connection + Send + 'static
{
}

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
    fn query_glance(&mut self, sql: &str) -> QueryResult<Option<(i64, i64, String, String)>> {
        (**self).query_glance(sql)
    }
}

impl<C: MigrationConnection + ?Sized> sealed::Sealed for &mut C {}

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
    fn query_glance(&mut self, sql: &str) -> QueryResult<Option<(i64, i64, String, String)>> {
        (**self).query_glance(sql)
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

impl sealed::Sealed for AnyConnection {}

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
    fn query_glance(&mut self, sql: &str) -> QueryResult<Option<(i64, i64, String, String)>> {
        each!(self, c => c.query_glance(sql))
    }
}

/// Opens a connection to the database a URL names (see [`Backend::from_url`] for the schemes). Fails with
/// [`Error::FeatureDisabled`] when the backend's feature is off; error texts never contain the password.
///
/// SQLite URLs:
///
/// | URL | database |
/// |---|---|
/// | `sqlite:///app.db`, `sqlite:///data/app.db` | `./app.db`, `./data/app.db`: relative to the working directory (SQLAlchemy's form) |
/// | `sqlite:////srv/app.db` | `/srv/app.db` (SQLAlchemy's absolute form) |
/// | `sqlite://app.db`, `sqlite://data/app.db` | `./app.db`, `./data/app.db` (sqlx's relative form) |
/// | `sqlite:app.db`, `sqlite:/srv/app.db` | `./app.db`, `/srv/app.db` |
/// | `app.db`, `./data/app.db`, `/srv/app.db` | that path |
/// | `file:app.db?mode=rwc` | a SQLite URI, given to SQLite as it is |
/// | `sqlite::memory:`, `sqlite://:memory:`, `sqlite:///:memory:`, `:memory:`, `file::memory:` | a new database in memory |
/// | `""`, `sqlite:`, `sqlite://`, `sqlite:///` | [`Error::NoDatabase`] |
///
/// SQLAlchemy reads `sqlite://` as a database in memory; migrate refuses it, because a URL that lost its
/// path (an unset variable, a typo) would otherwise migrate a database that vanishes and report success.
pub fn connect(url: &str) -> Result<AnyConnection, Error> {
    crate::backend::connect(url)
}
