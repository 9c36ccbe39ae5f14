//! Test support shared by the tests of every migrate crate (an implementation detail, not published):
//!
//! - `server`: where the test servers are (`MIGRATE_TEST_POSTGRES_URL`, `MIGRATE_TEST_MYSQL_URL`), unique
//!   database names, and the parts of a URL;
//! - [`ScratchDb`]: a database of its own for one test, created and dropped through migrate-runtime's
//!   connections (the runtime's tests drive it through Diesel);
//! - [`Project`] and [`ClientDb`]: a folder where `migrate init` ran, and databases reached through their
//!   own command-line clients (`sqlite3`, `psql`, `mariadb`), as the CLI's tests and the cross-crate tests
//!   use them;
//! - [`Terminal`]: the binary on a pseudo-terminal (`script`);
//! - [`count_statements`], [`record_statements`]: the statements a connection sends, through Diesel's
//!   instrumentation.
//!
//! A server whose backend feature is on and that does not answer fails the test that needs it; nothing
//! skips.
#![allow(
    clippy::new_without_default,
    reason = "each `new` creates a database or a folder, which is no default value"
)]

mod client;
mod project;
mod scratch;
mod server;
mod statements;
mod terminal;

#[cfg(feature = "mysql")]
pub use client::Mysql;
#[cfg(feature = "postgres")]
pub use client::Postgres;
pub use client::{ClientDb, Sqlite};
pub use project::{Project, Run, binary};
pub use scratch::{ScratchDb, strings};
pub use server::{Server, UrlParts, lines, sorted, unique_name};
pub use statements::{count_statements, record_statements};
pub use terminal::Terminal;
