//! The runtime's test support: fixture folders and child processes, over the shared test support's
//! databases (one per test, dropped on exit) and URLs.

use std::path::{Path, PathBuf};

use migrate_core::{HeadsPolicy, RevisionGraph};
#[cfg(any(feature = "postgres", feature = "mysql"))]
use migrate_runtime::Backend;
use migrate_runtime::connect;
#[cfg(any(feature = "postgres", feature = "mysql"))]
use migrate_test_support::Server;

/// A database of its own for one test (the shared test support's).
pub use migrate_test_support::ScratchDb as TestDb;
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub use migrate_test_support::strings;

/// The variable naming a backend's test server, and its default URL.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub fn server_var(backend: Backend) -> (&'static str, &'static str) {
    let server = match backend {
        Backend::Postgres => Server::Postgres,
        _ => Server::Mysql,
    };
    (server.var(), server.default_url())
}

/// A migrations folder written for one test, and its validated graph.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub graph: RevisionGraph,
}

/// The text of a migration file.
/// Each history row's revision and state, in order.
pub fn states(rows: &[migrate_runtime::HistoryRow]) -> Vec<(&str, migrate_runtime::State)> {
    rows.iter()
        .map(|r| (r.revision.as_str(), r.state))
        .collect()
}

/// Each log row's revision and outcome, in order.
pub fn outcomes(log: &[migrate_runtime::LogRow]) -> Vec<(&str, migrate_runtime::Outcome)> {
    log.iter()
        .map(|r| (r.revision.as_str(), r.outcome))
        .collect()
}

/// A revision that creates the table named like it (and drops it on the way down).
pub fn table_rev(id: &str, revises: &str, headers: &str) -> String {
    rev(
        id,
        revises,
        headers,
        &format!("CREATE TABLE {id} (id INTEGER);"),
        Some(&format!("DROP TABLE {id};")),
    )
}

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
    let parts = migrate_test_support::UrlParts::parse(url);
    let port = parts.port.unwrap_or_else(|| "3306".to_owned());
    (parts.user, parts.host, port, parts.database)
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
