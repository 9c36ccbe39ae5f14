//! A database of its own for one test (dropped on exit), and what the tests read from it.

use std::sync::atomic::{AtomicU32, Ordering};

use migrate_runtime::{AnyConnection, Backend, MigrationConnection, connect};
use migrate_schema::sql::Dialect;

/// The backends this build tests: SQLite always, the servers with their features.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    if cfg!(feature = "postgres") {
        out.push(Backend::Postgres);
    }
    if cfg!(feature = "mysql") {
        out.push(Backend::Mysql);
    }
    out
}

pub fn dialect(backend: Backend) -> Dialect {
    match backend {
        Backend::Sqlite => Dialect::Sqlite,
        Backend::Postgres => Dialect::Postgres,
        Backend::Mysql => Dialect::Mysql,
    }
}

pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    admin_url: Option<String>,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "migrate_schema_t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos % 1_000_000
    )
}

fn server_url(backend: Backend) -> String {
    let (var, default) = match backend {
        Backend::Postgres => (
            "MIGRATE_TEST_POSTGRES_URL",
            "postgres://postgres@127.0.0.1:5432/test",
        ),
        _ => ("MIGRATE_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test"),
    };
    std::env::var(var).unwrap_or_else(|_| default.to_owned())
}

/// `url` with its database (the path) replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_at(url.find('?').unwrap_or(url.len()));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    format!("{}/{name}{query}", &base[..host_end])
}

impl TestDb {
    pub fn new(backend: Backend) -> TestDb {
        if backend == Backend::Sqlite {
            let dir = tempfile::tempdir().unwrap();
            return TestDb {
                backend,
                url: dir.path().join("test.db").display().to_string(),
                admin_url: None,
                name: String::new(),
                _dir: Some(dir),
            };
        }
        let admin_url = server_url(backend);
        let name = unique_name();
        let mut admin = connect(&admin_url).unwrap_or_else(|e| {
            panic!("the {backend} test server does not answer ({e}); start it or set its MIGRATE_TEST_*_URL (the feature is on, so these tests cannot be skipped)")
        });
        admin
            .run_sql(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        TestDb {
            backend,
            url: with_database(&admin_url, &name),
            admin_url: Some(admin_url),
            name,
            _dir: None,
        }
    }

    pub fn conn(&self) -> AnyConnection {
        connect(&self.url).unwrap_or_else(|e| panic!("cannot connect to the test database: {e}"))
    }

    /// The `t` column of every row of `sql`.
    pub fn texts(&self, sql: &str) -> Vec<String> {
        self.conn()
            .query_texts(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The tables, columns (type, nullability, key), foreign keys, indexes and triggers the catalog
    /// has, one sorted line each, leaving out migrate's own tables. (Introspection into the schema model is
    /// not in this crate; the tests read the catalog directly.)
    pub fn catalog(&self) -> Vec<String> {
        let queries: &[&str] = match self.backend {
            Backend::Sqlite => &[
                "SELECT m.name || '.' || p.name || ' ' || p.type || ' notnull=' || p.\"notnull\" || ' pk=' || p.pk AS t FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\\_\\_%' ESCAPE '\\'",
                "SELECT m.name || '.' || f.\"from\" || ' -> ' || f.\"table\" || '.' || f.\"to\" AS t FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
                "SELECT type || ' ' || name || ' on ' || tbl_name AS t FROM sqlite_master WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%' AND tbl_name NOT LIKE '\\_\\_%' ESCAPE '\\'",
            ],
            Backend::Postgres => &[
                "SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || udt_name || COALESCE('(' || character_maximum_length || ')', '') || ' ' || is_nullable || ' identity=' || is_identity AS t FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name NOT LIKE '\\_\\_%'",
                "SELECT tc.table_schema || '.' || tc.table_name || ' ' || tc.constraint_type || ' ' || tc.constraint_name || ' (' || string_agg(k.column_name, ', ' ORDER BY k.ordinal_position) || ')' AS t FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name WHERE tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') AND tc.table_schema NOT IN ('pg_catalog', 'information_schema') AND tc.table_name NOT LIKE '\\_\\_%' GROUP BY tc.table_schema, tc.table_name, tc.constraint_type, tc.constraint_name",
                "SELECT tc.table_name || '.' || tc.constraint_name || ' -> ' || u.table_schema || '.' || u.table_name || '.' || u.column_name AS t FROM information_schema.table_constraints tc JOIN information_schema.constraint_column_usage u ON u.constraint_name = tc.constraint_name AND u.constraint_schema = tc.constraint_schema WHERE tc.constraint_type = 'FOREIGN KEY'",
                "SELECT 'index ' || schemaname || '.' || indexname || ' on ' || tablename AS t FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename NOT LIKE '\\_\\_%'",
            ],
            Backend::Mysql => &[
                "SELECT CONCAT(table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ', extra) AS t FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name NOT LIKE '\\_\\_%'",
                "SELECT CONCAT(table_name, ' ', constraint_name, ' ', column_name, ' -> ', COALESCE(referenced_table_name, ''), '.', COALESCE(referenced_column_name, ''), ' #', ordinal_position) AS t FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND table_name NOT LIKE '\\_\\_%'",
            ],
        };
        let mut conn = self.conn();
        let mut lines: Vec<String> = queries
            .iter()
            .flat_map(|q| conn.query_texts(q).unwrap_or_else(|e| panic!("{q}: {e}")))
            .collect();
        lines.sort();
        lines
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin_url) = &self.admin_url else {
            return;
        };
        if let Ok(mut admin) = connect(admin_url) {
            let sql = match self.backend {
                Backend::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
                _ => format!("DROP DATABASE IF EXISTS {}", self.name),
            };
            let _ = admin.run_sql(&sql);
        }
    }
}
