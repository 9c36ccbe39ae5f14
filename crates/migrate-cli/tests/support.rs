//! The CLI's test support: the shared test support's projects and databases reached through their own
//! command-line clients.

#[cfg(feature = "mysql")]
pub use migrate_test_support::Mysql;
#[cfg(feature = "postgres")]
pub use migrate_test_support::Postgres;
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub use migrate_test_support::UrlParts;
pub use migrate_test_support::{ClientDb as TestDb, Project, Run, Sqlite, lines};

/// Held by the tests that create temporary databases on a server (replays, `migrate test`, drift), so that
/// those comparing the server's `migrate_replay_*` databases before and after see only their own.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub fn scratch_server() -> std::sync::MutexGuard<'static, ()> {
    static SERVER: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERVER.lock().unwrap_or_else(|e| e.into_inner())
}
