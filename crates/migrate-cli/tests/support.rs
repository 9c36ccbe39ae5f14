//! The CLI's test support: the shared test support's projects and databases reached through their own
//! command-line clients.

#[cfg(feature = "mysql")]
pub use migrate_test_support::Mysql;
#[cfg(feature = "postgres")]
pub use migrate_test_support::Postgres;
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub use migrate_test_support::UrlParts;
pub use migrate_test_support::{ClientDb as TestDb, Project, Run, Sqlite, lines};
