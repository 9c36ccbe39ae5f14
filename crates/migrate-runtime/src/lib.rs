//! migrate-runtime: what applications depend on. Re-exports `embed_migrations!()` and applies the embedded
//! revisions through Diesel.
//!
//! # Embedding the migrations folder
//!
//! [`embed_migrations!`] reads the folder while the application compiles, fails the build on any problem
//! in it (every problem at once, as `file:line: what` and `help: how to fix it`), and expands to a const
//! [`EmbeddedMigrations`] table:
//!
//! ```
//! use migrate_runtime::{EmbeddedMigrations, embed_migrations};
//!
//! // An application writes `embed_migrations!()` for the `migrations/` folder next to its Cargo.toml;
//! // this example embeds the repository's example folder.
//! pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
//!
//! let heads: Vec<&str> = MIGRATIONS.heads().iter().map(|r| r.id.as_ref()).collect();
//! assert_eq!(heads, ["7a5d2f8c1e39"]);
//! ```
//!
//! Editing a migration rebuilds the application; for cargo to notice a **new** file, add a `build.rs`
//! with `migrate_runtime::build::rerun_if_migrations_change("migrations");` (and `migrate-runtime` in
//! `[build-dependencies]`), or the one line `println!("cargo:rerun-if-changed=migrations");`. See
//! [`build`].
//!
//! # Applying migrations
//!
//! A [`Migrator`] applies a revision graph to a Diesel connection (`SqliteConnection`, `PgConnection`,
//! `MysqlConnection`, r2d2 pooled ones, or an [`AnyConnection`] from [`connect`]): [`Migrator::upgrade`],
//! [`downgrade`](Migrator::downgrade), [`stamp`](Migrator::stamp), [`current_heads`](Migrator::current_heads),
//! [`pending`](Migrator::pending), [`history`](Migrator::history), [`verify`](Migrator::verify) and offline
//! scripts ([`script_upgrade`](Migrator::script_upgrade)...). Targets use Alembic's grammar (`head`, `-1`,
//! `label@head`, ids and prefixes).
//!
//! ```
//! # #[cfg(feature = "sqlite")]
//! # fn main() -> Result<(), migrate_runtime::Error> {
//! use migrate_runtime::{EmbeddedMigrations, connect, embed_migrations};
//!
//! pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
//!
//! let mut conn = connect("sqlite::memory:")?;
//! let mut lines = Vec::new();
//! let report = MIGRATIONS
//!     .migrator()
//!     .on_step(|step| lines.push(step.to_string())) // as each step starts
//!     .upgrade(&mut conn, "head")?;
//! assert_eq!(lines[0], "Running upgrade <base> -> 1f3a9c2b7d40, create users");
//! assert_eq!(report.heads_after, ["7a5d2f8c1e39"]);
//!
//! // Nothing left to do; the history says where the database is.
//! let migrator = MIGRATIONS.migrator();
//! assert!(migrator.pending(&mut conn, "head")?.is_empty());
//! assert_eq!(migrator.current_heads(&mut conn)?[0].revision, "7a5d2f8c1e39");
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "sqlite"))]
//! # fn main() {}
//! ```
//!
//! # Adopting a database diesel_migrations or Alembic managed
//!
//! After `migrate import diesel` (or `migrate import alembic`), [`Migrator::adopt_diesel`]
//! ([`adopt_alembic`](Migrator::adopt_alembic)) records as `stamped` what the other tool's table says is
//! applied, when the migrate history is empty; afterwards it does nothing, so a deploy can call it at every
//! start-up, before `upgrade`:
//!
//! ```
//! # #[cfg(feature = "sqlite")]
//! # fn main() -> Result<(), migrate_runtime::Error> {
//! use migrate_runtime::{AdoptionOutcome, EmbeddedMigrations, MigrationConnection, connect, embed_migrations};
//!
//! pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
//!
//! let mut conn = connect("sqlite::memory:")?;
//! // What diesel left: its table, listing the first revision's version (and that revision's table).
//! conn.run_sql("CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP); INSERT INTO __diesel_schema_migrations (version) VALUES ('1f3a9c2b7d40'); CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)").unwrap();
//!
//! let mut migrator = MIGRATIONS.migrator();
//! let adoption = migrator.adopt_diesel(&mut conn)?;
//! assert_eq!(adoption.outcome, AdoptionOutcome::Stamped);
//! assert_eq!(adoption.report.heads_after, ["1f3a9c2b7d40"]);
//! let report = migrator.upgrade(&mut conn, "head")?; // runs only what diesel had not
//! assert_eq!(report.steps.len(), MIGRATIONS.graph().len() - 1);
//! assert!(report.steps.iter().all(|step| step.revision != "1f3a9c2b7d40"));
//! // Once is enough.
//! assert_eq!(migrator.adopt_diesel(&mut conn)?.outcome, AdoptionOutcome::AlreadyManaged);
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "sqlite"))]
//! # fn main() {}
//! ```
//!
//! # Schemas (feature `schema`)
//!
//! [`introspect()`] reads a live database into a [`migrate_schema::Schema`], the model that
//! `diesel print-schema` would write for it (print it with [`migrate_schema::print()`]), with each table's
//! facets (indexes, defaults, uniques, checks, foreign keys, SQLite triggers) filled in; migrate's history
//! and log tables are never part of it. [`replay()`] gets the schema a migrations folder produces, by applying
//! it to a scratch database ([`Scratch`]: SQLite in memory, a dev database, or a temporary database on a
//! server that is always dropped) and introspecting that. The feature is off by default, so applications
//! that only migrate do not build it; the CLI turns it on.
//!
//! ## What happens in the database
//!
//! - `__migrate_history` holds one row per applied revision (parents, depends-on, message, checksum, down
//!   SQL, state `applied`/`stamped`/`running`, time); `__migrate_log` one row per step ever taken. Both are
//!   created by the first write; read-only calls never create them.
//! - PostgreSQL and SQLite: each revision commits with its history and log rows
//!   ([`TransactionMode::Single`]: the whole run at once); a failing statement leaves everything as it was.
//!   `Transactional: false` revisions, and every MySQL revision, are marked `running` first, and the marker
//!   records which statement starts before each one ([`RunningStatement`]); a failure (or a kill) leaves the
//!   marker, and the next run refuses with [`Error::Running`], naming the statement, until `stamp` resolves
//!   it.
//! - One process at a time: PostgreSQL advisory lock, MySQL `GET_LOCK`, SQLite exclusive file lock
//!   (`locking_mode = EXCLUSIVE` with a busy timeout). The history is read and the plan made once, after
//!   the lock is taken ([`Migrator::on_plan`] sees that plan), so a second deploy waits and then finds
//!   nothing to do. All three locks die with the session or process; on PostgreSQL 14+ the session sets
//!   `client_connection_check_interval`, so the server also stops a killed deploy's running statement.
//! - Revisions recorded by a newer build are refused, except by a downgrade, which uses their stored down
//!   SQL.
//!
//! # Cargo features
//!
//! - `sqlite` (default), `postgres`, `mysql`: the backends, each Diesel's connection of that name;
//! - `bundled`: PostgreSQL and MySQL with libpq and libmysqlclient built from source and linked in (needs a C
//!   and C++ compiler, cmake and OpenSSL's headers); `bundled-openssl` builds OpenSSL too;
//! - `r2d2`: [`MigrationConnection`] for r2d2 pooled connections;
//! - `schema`: introspection of a live database into migrate-schema's model (`introspect`), replays of a
//!   folder into a scratch database (`replay`, `replay_all`) and the round trips of `migrate test`
//!   (`round_trips`); the CLI turns it on, applications do not need it;
//! - `tracing`: a `tracing` event (target `migrate`) as each step starts, is done and fails, so an
//!   application's subscriber logs its migrations (`running step`, `step done` with `duration_ms` and
//!   `statements`, `step failed` at `ERROR`).
//!
//! # Inside the crate
//!
//! An engine that is the same for every database, and one module per backend beside it for everything a
//! database does differently (as sqlx keeps `sqlx-postgres/src/migrate.rs` beside
//! `sqlx-core/src/migrate/migrate.rs`):
//!
//! - the engine: `migrator` (the verbs that change a database), `views` (the read-only ones), `offline`
//!   (scripts, planned once and returned with their steps as a [`Script`]), `apply` (running steps into a database or a script), `history` (the statements that read and
//!   write the history and log tables), `lock`, `refusals`, `rebuild` (revisions from history rows), `rows`,
//!   `time`, `connection` (the [`MigrationConnection`] trait, [`AnyConnection`], [`connect`]) and `split`
//!   (the statement splitter's lexer and body rules);
//! - `introspect` and `replay` (feature `schema`): the entry points and what is the same for every backend;
//! - `backend/{sqlite,postgres,mysql}/`: in `mod.rs`, string literals, the history tables' column types and the query
//!   that looks for them, `BEGIN`, what an offline script starts with, the migration lock with its waits and
//!   settings, opening a connection and the Diesel connection's [`MigrationConnection`], and which lexing and
//!   body rules the splitter follows; in `introspect.rs`, the catalog queries of introspection. [`Backend`]
//!   names them; the engine dispatches once on it.
//!
//! # What the API promises
//!
//! [`MigrationConnection`] is sealed (this crate implements it for Diesel's connections); the structs it
//! hands out ([`Report`], [`StepReport`], [`StepEvent`], [`HistoryRow`], [`LogRow`], [`Script`]...) are
//! `#[non_exhaustive]`, so fields can be added; [`Options`] is built from its default with `with_*`
//! methods. Everything under a `__` module is for the macro, the CLI and the fuzz target, not for
//! applications.
#![warn(missing_docs)]

extern crate self as migrate_runtime;

mod adopt;
mod apply;
mod backend;
mod batch;
pub mod build;
mod connection;
mod embedded;
mod embedded_text;
mod error;
mod first_look;
mod history;
#[cfg(feature = "schema")]
mod introspect;
mod lock;
mod migrator;
mod offline;
mod options;
mod rebuild;
mod refusals;
#[cfg(feature = "schema")]
mod replay;
mod report;
#[cfg(feature = "schema")]
mod round_trip;
mod rows;
mod split;
mod time;
mod trace;
mod url;
mod views;

pub use adopt::{Adoption, AdoptionOutcome, Foreign, diesel_revision_id};
pub use backend::Backend;
pub use connection::{AnyConnection, MigrationConnection, connect};
pub use embedded::EmbeddedMigrations;
pub use error::Error;
#[cfg(feature = "schema")]
pub use introspect::{DocComments, Introspect, IntrospectOptions, TableFilter, introspect};
pub use migrate_core as core;
pub use migrate_macros::embed_migrations;
#[cfg(feature = "schema")]
pub use migrate_schema;
pub use migrator::Migrator;
pub use offline::Script;
pub use options::{OnMismatch, Options, StampMode, TransactionMode};
#[cfg(feature = "schema")]
pub use replay::{Scratch, ScratchDatabase, drop_scratch_databases, replay, replay_all};
pub use report::{PlanEvent, Problem, Report, StepDirection, StepEvent, StepReport, Warning};
#[cfg(feature = "schema")]
pub use round_trip::{RoundTrip, RoundTripOutcome, round_trips};
pub use rows::{HistoryRow, LogRow, Outcome, RunningStatement, State};
pub use url::{redact_text, redact_url};

/// What the `migrate` CLI uses besides the public API: the calendar formatting of its revision templates
/// and SQLite URL parsing. Not a public API.
#[doc(hidden)]
pub mod __cli {
    pub use crate::time::format_utc;
    pub use crate::url::sqlite_path;
}

/// The statement splitter's internals, for the fuzz target (`fuzz/`) and property tests. Not a public API.
#[doc(hidden)]
pub mod __split {
    pub use crate::split::{
        Kind, Split, Token, check, ends_in_line_comment, render_statement, split_spans,
        split_statements, tokens,
    };
}

/// What the code generated by `embed_migrations!()` refers to. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::embedded::{EmbeddedMigrations, EmbeddedTable, graph_from_embedded};
    pub use crate::embedded_text::check_texts;
    pub use migrate_core::RevisionGraph;
    pub use std::sync::OnceLock;
}
