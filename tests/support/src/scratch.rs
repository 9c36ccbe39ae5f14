//! A database of its own for one test, created and dropped through migrate-runtime's connections.

use migrate_runtime::{AnyConnection, Backend, MigrationConnection, connect};

use crate::server::{Server, UrlParts, unique_name};

/// A database of its own for one test: a SQLite file in a temporary folder, or a database created on the
/// test server and dropped when this is dropped.
#[derive(Debug)]
pub struct ScratchDb {
    pub backend: Backend,
    pub url: String,
    admin_url: Option<String>,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

/// The server of a backend that has one.
fn server(backend: Backend) -> Server {
    match backend {
        Backend::Postgres => Server::Postgres,
        _ => Server::Mysql,
    }
}

impl ScratchDb {
    pub fn new(backend: Backend) -> ScratchDb {
        if backend == Backend::Sqlite {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("test.db");
            return ScratchDb {
                backend,
                url: path.display().to_string(),
                admin_url: None,
                name: String::new(),
                _dir: Some(dir),
            };
        }
        let server = server(backend);
        let admin_url = server.url();
        let name = unique_name("migrate_t");
        let mut admin = connect(&admin_url).unwrap_or_else(|e| {
            panic!(
                "the {backend} test server does not answer ({e}); start it or set {} (the `{backend}` feature is on, so these tests cannot be skipped)",
                server.var()
            )
        });
        admin
            .run_sql(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        ScratchDb {
            backend,
            url: UrlParts::parse(&admin_url).with_database(&name),
            admin_url: Some(admin_url),
            name,
            _dir: None,
        }
    }

    pub fn conn(&self) -> AnyConnection {
        connect(&self.url).unwrap_or_else(|e| panic!("cannot connect to the test database: {e}"))
    }

    /// The tables, columns and triggers, one line each, sorted.
    pub fn schema(&self) -> Vec<String> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') AS s FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') AS s FROM information_schema.columns WHERE table_schema = 'public' UNION ALL SELECT 'trigger ' || trigger_name FROM information_schema.triggers WHERE trigger_schema = 'public' ORDER BY 1"
            }
            Backend::Mysql => {
                "SELECT CONCAT(table_name, '.', column_name, ' ', column_type, ' ', is_nullable) AS s FROM information_schema.columns WHERE table_schema = DATABASE() UNION ALL SELECT CONCAT('trigger ', trigger_name) FROM information_schema.triggers WHERE trigger_schema = DATABASE() ORDER BY 1"
            }
        };
        strings(&mut self.conn(), sql)
    }

    /// The `t` column of every row of a query.
    pub fn texts(&self, sql: &str) -> Vec<String> {
        self.conn()
            .query_texts(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// One number from a query whose column is `n`.
    pub fn number(&self, sql: &str) -> Option<i64> {
        self.conn().query_count(sql).unwrap()
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        let Some(admin_url) = &self.admin_url else {
            return;
        };
        if let Ok(mut admin) = connect(admin_url) {
            let _ = admin.run_sql(&server(self.backend).drop_database(&self.name));
        }
    }
}

#[derive(diesel::QueryableByName)]
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, reason = "read only through a backend's connection")
)]
struct S {
    #[diesel(sql_type = diesel::sql_types::Text)]
    s: String,
}

/// The `s` column of every row of a query.
#[cfg_attr(
    not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(
        unused_variables,
        reason = "no connection exists without a backend feature"
    )
)]
pub fn strings(conn: &mut AnyConnection, sql: &str) -> Vec<String> {
    #[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
    {
        use diesel::RunQueryDsl;
        let query = diesel::sql_query(sql);
        let rows: Vec<S> = match conn {
            #[cfg(feature = "sqlite")]
            AnyConnection::Sqlite(c) => query.load(c).unwrap(),
            #[cfg(feature = "postgres")]
            AnyConnection::Postgres(c) => query.load(c).unwrap(),
            #[cfg(feature = "mysql")]
            AnyConnection::Mysql(c) => query.load(c).unwrap(),
            _ => unreachable!("AnyConnection is non_exhaustive"),
        };
        rows.into_iter().map(|r| r.s).collect()
    }
    #[cfg(not(any(feature = "sqlite", feature = "postgres", feature = "mysql")))]
    unreachable!("no connection exists without a backend feature")
}
