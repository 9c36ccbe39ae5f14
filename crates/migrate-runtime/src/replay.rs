//! Replay (feature `schema`): the schema a migrations folder produces up to a target, got by applying the
//! folder to a scratch database and introspecting that, as Atlas does with its dev database and Prisma with
//! its shadow database. The result does not depend on drift in anyone's database. What differs per backend
//! (the statements that create, drop, count and empty a scratch database) is in `backend/<name>/scratch.rs`.
//!
//! The scratch database ([`Scratch`]):
//! - SQLite: a database in memory, nothing to set up;
//! - a `dev_url`: a database that must be empty; it is emptied again afterwards (PostgreSQL: its
//!   non-system schemas dropped and `public` created again; MySQL and SQLite: its tables and views
//!   dropped);
//! - otherwise a temporary database `migrate_replay_<random>` created on the server of the database URL,
//!   always dropped afterwards by a guard ([`ScratchDatabase`]), also after a failing revision. A program
//!   that handles Ctrl-C calls [`drop_scratch_databases`] before it exits.
//!
//! ```
//! # #[cfg(feature = "sqlite")]
//! # fn main() -> Result<(), migrate_runtime::Error> {
//! use migrate_runtime::{EmbeddedMigrations, IntrospectOptions, Options, Scratch, embed_migrations, replay};
//!
//! const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
//! let schema = replay(MIGRATIONS.graph(), "heads", &Scratch::SqliteMemory, &Options::default(), &IntrospectOptions::default())?;
//! assert!(schema.tables.iter().any(|t| t.name.sql == "users"));
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "sqlite"))]
//! # fn main() {}
//! ```

use std::sync::Mutex;

use migrate_core::RevisionGraph;
use migrate_schema::Schema;

use crate::backend::Backend;
use crate::connection::{AnyConnection, MigrationConnection, connect};
use crate::error::Error;
use crate::introspect::{IntrospectOptions, introspect};
use crate::migrator::Migrator;
use crate::options::Options;
use crate::url::redact_url;

/// Where a replay applies the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scratch {
    /// A SQLite database in memory.
    SqliteMemory,
    /// An empty database (`dev_url`); emptied again afterwards.
    DevUrl(String),
    /// A temporary database created on the server of this URL and dropped afterwards.
    TemporaryOn(String),
}

/// The schema `graph` produces up to `target` (`heads` for every head): the folder applied to `scratch`
/// with `options` (history table names, init SQL), then introspected with `introspect_options`.
pub fn replay(
    graph: &RevisionGraph,
    target: &str,
    scratch: &Scratch,
    options: &Options,
    introspect_options: &IntrospectOptions,
) -> Result<Schema, Error> {
    replay_all(graph, &[target], scratch, options, introspect_options)
}

/// [`replay`] up to several targets, one after the other (a database's current heads); none is the empty
/// schema of `base`.
pub fn replay_all(
    graph: &RevisionGraph,
    targets: &[&str],
    scratch: &Scratch,
    options: &Options,
    introspect_options: &IntrospectOptions,
) -> Result<Schema, Error> {
    Session::run(scratch, |session| {
        for target in targets {
            Migrator::new(graph)
                .with_options(options.clone())
                .upgrade(session.conn(), target)?;
        }
        introspect(session.conn(), introspect_options)
    })
}

/// An open scratch database: its connection, and the temporary database behind it, if any (dropped after
/// the connection).
pub(crate) struct Session {
    conn: AnyConnection,
    kind: Kind,
}

enum Kind {
    Memory,
    Dev,
    /// Held for its `Drop`, which drops the database.
    Temporary(#[allow(dead_code, reason = "held for its Drop")] ScratchDatabase),
}

impl Session {
    /// Opens `scratch`, runs `body` on it, then empties a dev database or drops a temporary one, whatever
    /// `body` returned.
    pub(crate) fn run<T>(
        scratch: &Scratch,
        body: impl FnOnce(&mut Session) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut session = match scratch {
            Scratch::SqliteMemory => Session {
                conn: connect("sqlite::memory:")?,
                kind: Kind::Memory,
            },
            Scratch::DevUrl(url) => {
                let mut conn = connect(url)?;
                ensure_empty(&mut conn, url)?;
                Session {
                    conn,
                    kind: Kind::Dev,
                }
            }
            Scratch::TemporaryOn(url) => {
                let database = ScratchDatabase::create(url)?;
                let mut conn = connect(&database.url)?;
                database.remember_session(&mut conn);
                Session {
                    conn,
                    kind: Kind::Temporary(database),
                }
            }
        };
        let result = body(&mut session);
        let emptied = match session.kind {
            Kind::Dev => empty(&mut session.conn),
            Kind::Memory | Kind::Temporary(_) => Ok(()),
        };
        let Session { conn, kind } = session;
        drop(conn);
        drop(kind);
        let value = result?;
        emptied?;
        Ok(value)
    }

    /// The connection to the scratch database.
    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }

    /// Empties the scratch database, to start again from nothing.
    pub(crate) fn reset(&mut self) -> Result<(), Error> {
        match self.kind {
            Kind::Memory => {
                self.conn = connect("sqlite::memory:")?;
                Ok(())
            }
            Kind::Dev | Kind::Temporary(_) => empty(&mut self.conn),
        }
    }
}

/// Refuses a dev database that has tables.
fn ensure_empty(conn: &mut AnyConnection, url: &str) -> Result<(), Error> {
    let count = conn
        .query_count(conn.backend().scratch().count_objects)
        .map_err(|e| Error::database("cannot read the dev database", e))?
        .unwrap_or(0);
    if count > 0 {
        return Err(Error::Introspect {
            message: format!(
                "the dev database {} is not empty ({count} tables or views): a replay needs an empty database; empty it, or give `Scratch::DevUrl` an empty one",
                redact_url(url)
            ),
        });
    }
    Ok(())
}

/// Empties a dev database after a replay (a scratch database, to start again).
fn empty(conn: &mut AnyConnection) -> Result<(), Error> {
    let what = "cannot empty the dev database after the replay";
    let sql = conn.backend().scratch();
    let drops = conn
        .query_texts(sql.drop_statements)
        .map_err(|e| Error::database(what, e))?;
    let mut statements: Vec<&str> = vec![sql.before_drops];
    statements.extend(drops.iter().map(String::as_str));
    statements.push(sql.after_drops);
    statements.retain(|s| !s.is_empty());
    conn.run_sql(&statements.join("; "))
        .map_err(|e| Error::database(what, e))
}

/// A temporary database created for a replay, dropped when the guard is dropped.
#[derive(Debug)]
pub struct ScratchDatabase {
    /// The URL of the temporary database.
    pub url: String,
    /// Its name.
    pub name: String,
    server_url: String,
    backend: Backend,
}

/// A temporary database alive in this process: server URL, name, backend, and the session id of the
/// connection using it.
type Live = (String, String, Backend, Option<String>);

/// The temporary databases alive in this process, for [`drop_scratch_databases`].
static LIVE: Mutex<Vec<Live>> = Mutex::new(Vec::new());

impl ScratchDatabase {
    /// Creates `migrate_replay_<random>` on the server of `server_url` (PostgreSQL or MySQL), connecting
    /// with its credentials. When the server refuses, the error says to set `dev_url`.
    pub fn create(server_url: &str) -> Result<ScratchDatabase, Error> {
        let backend = Backend::from_url(server_url)?;
        if backend == Backend::Sqlite {
            return Err(Error::Introspect {
                message: "a SQLite replay needs no temporary database (it runs in memory)"
                    .to_owned(),
            });
        }
        let name = format!("migrate_replay_{}", random_suffix());
        let mut admin = connect(server_url)?;
        if let Err(e) = admin.run_sql(&(backend.scratch().create_database)(&name)) {
            return Err(Error::Introspect {
                message: format!(
                    "cannot create the temporary database {name} for the replay on the server of {}: {}; give `Scratch::DevUrl` an empty database the replay may use",
                    redact_url(server_url),
                    crate::url::sanitize(&e.to_string())
                ),
            });
        }
        drop(admin);
        let url = with_database(server_url, &name);
        lock_live().push((server_url.to_owned(), name.clone(), backend, None));
        Ok(ScratchDatabase {
            url,
            name,
            server_url: server_url.to_owned(),
            backend,
        })
    }

    /// Records the session of the connection that uses the database, so that a Ctrl-C handler can end it
    /// before dropping the database (MySQL waits for open sessions otherwise).
    fn remember_session(&self, conn: &mut AnyConnection) {
        let Some(query) = self.backend.scratch().session else {
            return;
        };
        let id = conn.query_texts(query).ok().and_then(|mut ids| ids.pop());
        if let Some(entry) = lock_live().iter_mut().find(|e| e.1 == self.name) {
            entry.3 = id;
        }
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        lock_live().retain(|e| e.1 != self.name);
        drop_database(&self.server_url, &self.name, self.backend, None);
    }
}

fn lock_live() -> std::sync::MutexGuard<'static, Vec<Live>> {
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Drops every temporary database of a replay still alive in this process (for a Ctrl-C handler, which
/// then exits: the replay's own connection is ended first).
pub fn drop_scratch_databases() {
    let live = std::mem::take(&mut *lock_live());
    for (server, name, backend, session) in live {
        drop_database(&server, &name, backend, session.as_deref());
    }
}

fn drop_database(server_url: &str, name: &str, backend: Backend, session: Option<&str>) {
    let Ok(mut admin) = connect(server_url) else {
        return;
    };
    let sql = (backend.scratch().drop_database)(name, session);
    let _ = admin.run_sql(&sql);
}

/// `url` with its database (the path) replaced by `database`, query kept.
fn with_database(url: &str, database: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let (head, tail) = url.split_at(start);
    let (authority, rest) = match tail.find('/') {
        Some(i) => (&tail[..i], &tail[i..]),
        None => (tail, ""),
    };
    let query = rest.find('?').map_or("", |i| &rest[i..]);
    format!("{head}{authority}/{database}{query}")
}

fn random_suffix() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    hasher.write_u32(std::process::id());
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn urls_get_another_database() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/app?sslmode=disable", "x"),
            "postgres://u:p@h:5432/x?sslmode=disable"
        );
        assert_eq!(with_database("mysql://root@h", "x"), "mysql://root@h/x");
    }
}
