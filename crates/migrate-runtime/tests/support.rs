//! Test databases (one per test, dropped on exit), fixture folders, schema dumps and child processes.

use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use migrate_core::{HeadsPolicy, RevisionGraph};
use migrate_runtime::{AnyConnection, Backend, MigrationConnection, connect};

/// A database of its own for one test.
pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    admin_url: Option<String>,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u32(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    format!("migrate_t_{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

/// `url` with its database (the path) replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.find('?') {
        Some(q) => (&url[..q], &url[q..]),
        None => (url, ""),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    format!("{}/{name}{query}", &base[..host_end])
}

impl TestDb {
    pub fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("test.db");
                TestDb {
                    backend,
                    url: path.display().to_string(),
                    admin_url: None,
                    name: String::new(),
                    _dir: Some(dir),
                }
            }
            Backend::Postgres | Backend::Mysql => {
                let (var, default) = server_var(backend);
                let admin_url = std::env::var(var).unwrap_or_else(|_| default.to_owned());
                let name = unique_name();
                let mut admin = connect(&admin_url).unwrap_or_else(|e| {
                    panic!(
                        "the {backend} test server does not answer ({e}); start it or set {var} (the `{backend}` feature is on, so these tests cannot be skipped)"
                    )
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

    /// One number from a query whose column is `n`.
    pub fn number(&self, sql: &str) -> Option<i64> {
        self.conn().query_count(sql).unwrap()
    }
}

pub fn server_var(backend: Backend) -> (&'static str, &'static str) {
    match backend {
        Backend::Postgres => (
            "MIGRATE_TEST_POSTGRES_URL",
            "postgres://postgres@127.0.0.1:5432/test",
        ),
        _ => ("MIGRATE_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test"),
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

#[derive(diesel::QueryableByName)]
struct S {
    #[diesel(sql_type = diesel::sql_types::Text)]
    s: String,
}

/// The `s` column of every row of a query.
pub fn strings(conn: &mut AnyConnection, sql: &str) -> Vec<String> {
    use diesel::RunQueryDsl;
    let query = diesel::sql_query(sql);
    let rows: Vec<S> = match conn {
        #[cfg(feature = "sqlite")]
        AnyConnection::Sqlite(c) => query.load(c).unwrap(),
        #[cfg(feature = "postgres")]
        AnyConnection::Postgres(c) => query.load(c).unwrap(),
        #[cfg(feature = "mysql")]
        AnyConnection::Mysql(c) => query.load(c).unwrap(),
        _ => unreachable!(),
    };
    rows.into_iter().map(|r| r.s).collect()
}

/// A migrations folder written for one test, and its validated graph.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub graph: RevisionGraph,
}

/// The text of a migration file.
pub fn rev(id: &str, revises: &str, headers: &str, up: &str, down: Option<&str>) -> String {
    let mut text =
        format!("-- Revision ID: {id}\n-- Revises: {revises}\n-- Message: {id} message\n");
    text.push_str(headers);
    text.push_str("\n-- migrate:up\n");
    text.push_str(up);
    text.push('\n');
    if let Some(down) = down {
        text.push_str("\n-- migrate:down\n");
        text.push_str(down);
        text.push('\n');
    }
    text
}

pub fn fixture(files: &[String]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    let graph = load(dir.path());
    Fixture { dir, graph }
}

pub fn write_files(dir: &Path, files: &[String]) {
    for (i, text) in files.iter().enumerate() {
        std::fs::write(dir.join(format!("{i:03}.sql")), text).unwrap();
    }
}

pub fn load(dir: &Path) -> RevisionGraph {
    migrate_core::load_and_validate(dir, dir, HeadsPolicy::AllowMultiple)
        .unwrap_or_else(|e| panic!("fixture does not validate:\n{e}"))
}

/// The repository's `migrations/` folder.
pub fn repo_migrations() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations")
}

/// A portable reversible graph shaped like the repository's: two roots, a labelled branch, a
/// `Depends On`, a `Transactional: false` revision and a merge.
///
/// ```text
/// a1 ── b2 ── c3 (Transactional: false) ──┐
///  ╲ (depends on)                          f6 (merge)
/// d4 [audit] ── e5 ───────────────────────┘
/// ```
pub fn shaped() -> Fixture {
    fixture(&[
        rev(
            "a1",
            "",
            "",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);",
            Some("DROP TABLE users;"),
        ),
        rev(
            "b2",
            "a1",
            "",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(200) NOT NULL);\nINSERT INTO posts (id, title) VALUES (1, 'it''s; tricky');",
            Some("DROP TABLE posts;"),
        ),
        rev(
            "c3",
            "b2",
            "-- Transactional: false\n",
            "CREATE TABLE tags (id INTEGER PRIMARY KEY);",
            Some("DROP TABLE tags;"),
        ),
        rev(
            "d4",
            "",
            "-- Branch Labels: audit\n",
            "CREATE TABLE audit_log (id INTEGER PRIMARY KEY);",
            Some("DROP TABLE audit_log;"),
        ),
        rev(
            "e5",
            "d4",
            "-- Depends On: a1\n",
            "CREATE TABLE audit_user_events (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL);",
            Some("DROP TABLE audit_user_events;"),
        ),
        rev("f6", "c3, e5", "", "", Some("")),
    ])
}

/// Environment variable that turns the test binary into a child process (see `child_main`).
pub const CHILD_MODE: &str = "MIGRATE_TEST_CHILD";

/// Spawns this test binary as a child running `upgrade <target>` on `url` with the migrations in `dir`.
/// The child prints `STARTED <rev>` as each step starts and `DONE <n>` at the end.
pub fn spawn_child(url: &str, dir: &Path, target: &str) -> std::process::Child {
    std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "support::child_main",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_MODE, "upgrade")
        .env("MIGRATE_TEST_CHILD_URL", url)
        .env("MIGRATE_TEST_CHILD_DIR", dir)
        .env("MIGRATE_TEST_CHILD_TARGET", target)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// The child process's body; ignored in normal runs (it only does something under `CHILD_MODE`).
#[test]
#[ignore = "run by spawn_child in a child process"]
fn child_main() {
    use std::io::Write;
    if std::env::var(CHILD_MODE).is_err() {
        return;
    }
    let url = std::env::var("MIGRATE_TEST_CHILD_URL").unwrap();
    let dir = PathBuf::from(std::env::var("MIGRATE_TEST_CHILD_DIR").unwrap());
    let target = std::env::var("MIGRATE_TEST_CHILD_TARGET").unwrap();
    let graph = load(&dir);
    let mut conn = connect(&url).unwrap();
    let mut migrator = migrate_runtime::Migrator::new(&graph).on_step(|event| {
        println!("STARTED {}", event.revision);
        std::io::stdout().flush().unwrap();
    });
    match migrator.upgrade(&mut conn, &target) {
        Ok(report) => println!("DONE {}", report.steps.len()),
        Err(error) => {
            println!("FAILED {error}");
            std::process::exit(3);
        }
    }
}

/// User, host, port and database of a `mysql://user@host:port/db` URL (tests use no password).
#[cfg(feature = "mysql")]
pub fn mysql_parts(url: &str) -> (String, String, String, String) {
    let rest = url.split_once("://").unwrap().1;
    let (user, rest) = rest.split_once('@').unwrap();
    let user = user.split(':').next().unwrap().to_owned();
    let (hostport, db) = rest.split_once('/').unwrap();
    let (host, port) = hostport.split_once(':').unwrap_or((hostport, "3306"));
    (
        user,
        host.to_owned(),
        port.to_owned(),
        db.split('?').next().unwrap().to_owned(),
    )
}

/// Runs a database client (`sqlite3`, `psql`, `mariadb`) with `args`, feeds it `script` and asserts it succeeded.
pub fn pipe_into_client(client: &str, args: &[&str], script: &str) {
    use std::io::Write;
    let mut child = std::process::Command::new(client)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("the {client} client is needed for this test: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    assert!(
        child.wait().unwrap().success(),
        "{client} failed on the script"
    );
}
