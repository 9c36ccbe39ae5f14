//! Integration tests of migrate-runtime against real databases: SQLite always; PostgreSQL and MariaDB/MySQL
//! with the `postgres` and `mysql` features, at `MIGRATE_TEST_POSTGRES_URL` and `MIGRATE_TEST_MYSQL_URL`.
//! Each test creates its own database and drops it at the end. Without a backend feature there is no
//! database to test against, and the binary is empty.
#![cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]

mod support;

mod history_format;
mod outside_transaction;
mod own_transaction;
mod processes;
mod scenarios;
mod startup;

mod splitting;

#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "postgres")]
mod postgres;

#[cfg(feature = "mysql")]
mod mysql;
