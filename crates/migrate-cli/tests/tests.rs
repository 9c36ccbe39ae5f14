//! End-to-end tests of the `migrate` binary: the real binary in temporary folders, real databases.
//! SQLite always; PostgreSQL and MariaDB with the `postgres` / `mysql` features (`MIGRATE_TEST_POSTGRES_URL`,
//! `MIGRATE_TEST_MYSQL_URL`); with a feature on and no server answering, those tests fail.

mod process;
mod support;

#[cfg(feature = "alembic-parity")]
mod alembic;
mod alembic_output;
#[cfg(feature = "alembic-parity")]
mod alembic_parity;
mod autogenerate;
#[cfg(feature = "bundled")]
mod bundled;
mod concurrency;
mod conventions;
mod diesel;
mod down_sections;
mod drift;
mod errors;
mod facets;
mod folder;
mod graph;
mod init_sql;
#[cfg(any(feature = "postgres", feature = "mysql"))]
mod kills;
mod progress;
mod replay;
mod running;
mod schema;
mod schema_drift;
mod secrets;
mod urls;
mod walkthrough;
