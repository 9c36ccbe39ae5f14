//! Tests across the crates. `interop` runs the `migrate` binary, which it has cargo build first (with this
//! package's backend features); SQLite always, PostgreSQL and MariaDB with the `postgres` and `mysql`
//! features.

mod cli;
mod embedded;
mod interop;
mod parity;
mod rebuild;
