//! The read-only views of a database's history: current heads, history and log rows, pending revisions,
//! verify. None of them creates anything; on SQLite each waits under the busy timeout
//! ([`Options::lock_timeout`](crate::Options::lock_timeout)) while a migration holds the file lock, rather
//! than failing with "database is locked".

use migrate_core::Revision;

use crate::connection::MigrationConnection;
use crate::error::Error;
use crate::history::{HistoryRow, LogRow, State, Tables};
use crate::lock;
use crate::migrator::{Migrator, ids};
use crate::rebuild::current_head_ids;
use crate::report::Problem;

/// What the history table holds.
pub(crate) struct Db {
    /// Whether the history tables exist.
    pub exists: bool,
    /// Whether they were created by an earlier version and lack the `running_statement` column.
    pub legacy: bool,
    pub rows: Vec<HistoryRow>,
}

impl Db {
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|r| r.revision.as_str())
    }
}

/// What `upgrade` reads: the tables' state and one `revision state checksum` text per row (`None`: no
/// history table yet).
pub(crate) struct Summary {
    pub db: Db,
    pub texts: Option<Vec<String>>,
}

impl<'g> Migrator<'g> {
    /// The history rows of the database's current heads: applied (or stamped, or running) revisions that no
    /// other recorded revision revises (a revision recorded only as another's dependency is one, as in
    /// `alembic current`). Empty for an empty database; creates nothing.
    ///
    /// ```
    /// # #[cfg(feature = "sqlite")]
    /// # fn main() -> Result<(), migrate_runtime::Error> {
    /// use migrate_runtime::{EmbeddedMigrations, connect, embed_migrations};
    ///
    /// const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
    ///
    /// let mut conn = connect("sqlite::memory:")?;
    /// let mut migrator = MIGRATIONS.migrator();
    /// assert!(migrator.current_heads(&mut conn)?.is_empty());
    /// migrator.upgrade(&mut conn, "5e2b8c3a7f16")?;
    /// let heads: Vec<String> = migrator.current_heads(&mut conn)?.into_iter().map(|r| r.revision).collect();
    /// // 5e2b8c3a7f16 depends on 1f3a9c2b7d40, which no applied revision revises: a head of its own.
    /// assert_eq!(heads, ["1f3a9c2b7d40", "5e2b8c3a7f16"]);
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqlite"))]
    /// # fn main() {}
    /// ```
    pub fn current_heads(
        &self,
        conn: &mut impl MigrationConnection,
    ) -> Result<Vec<HistoryRow>, Error> {
        let db = self.read_waiting(conn)?;
        let heads = current_head_ids(self.graph(), &db.rows);
        let mut rows: Vec<HistoryRow> = db.rows;
        rows.retain(|r| heads.contains(&r.revision));
        rows.sort_by_key(|r| heads.iter().position(|h| *h == r.revision));
        Ok(rows)
    }

    /// Every history row, oldest first. Empty when the table does not exist (nothing is created).
    ///
    /// ```
    /// # #[cfg(feature = "sqlite")]
    /// # fn main() -> Result<(), migrate_runtime::Error> {
    /// use migrate_runtime::{EmbeddedMigrations, connect, embed_migrations};
    ///
    /// const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
    ///
    /// let mut conn = connect("sqlite::memory:")?;
    /// let mut migrator = MIGRATIONS.migrator();
    /// use migrate_runtime::State;
    ///
    /// migrator.upgrade(&mut conn, "2b8e4d1c6a93")?;
    /// let rows = migrator.history(&mut conn)?;
    /// let ids: Vec<&str> = rows.iter().map(|r| r.revision.as_str()).collect();
    /// assert_eq!(ids, ["1f3a9c2b7d40", "2b8e4d1c6a93"]);
    /// assert!(rows.iter().all(|r| r.state == State::Applied));
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqlite"))]
    /// # fn main() {}
    /// ```
    pub fn history(&self, conn: &mut impl MigrationConnection) -> Result<Vec<HistoryRow>, Error> {
        Ok(self.read_waiting(conn)?.rows)
    }

    /// Every log row, oldest first. Empty when the table does not exist.
    ///
    /// ```
    /// # #[cfg(feature = "sqlite")]
    /// # fn main() -> Result<(), migrate_runtime::Error> {
    /// use migrate_runtime::{EmbeddedMigrations, connect, embed_migrations};
    ///
    /// const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
    ///
    /// let mut conn = connect("sqlite::memory:")?;
    /// let mut migrator = MIGRATIONS.migrator();
    /// use migrate_runtime::{Outcome, StepDirection};
    ///
    /// migrator.upgrade(&mut conn, "1f3a9c2b7d40")?;
    /// migrator.downgrade(&mut conn, "base")?;
    /// let log = migrator.log(&mut conn)?;
    /// let steps: Vec<(StepDirection, Outcome)> = log.iter().map(|l| (l.direction, l.outcome)).collect();
    /// assert_eq!(steps, [(StepDirection::Upgrade, Outcome::Ok), (StepDirection::Downgrade, Outcome::Ok)]);
    /// assert!(migrator.history(&mut conn)?.is_empty()); // the log keeps what the history no longer holds
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqlite"))]
    /// # fn main() {}
    /// ```
    pub fn log(&self, conn: &mut impl MigrationConnection) -> Result<Vec<LogRow>, Error> {
        self.options.validate()?;
        self.init_session(conn)?;
        lock::wait_when_busy(conn, &self.options)?;
        self.read_log(conn)
    }

    /// The revisions an upgrade to `target` would run, in order. (An upgrade plans again under its lock;
    /// to act on the revisions it runs, use [`on_plan`](Self::on_plan).)
    ///
    /// ```
    /// # #[cfg(feature = "sqlite")]
    /// # fn main() -> Result<(), migrate_runtime::Error> {
    /// use migrate_runtime::{EmbeddedMigrations, connect, embed_migrations};
    ///
    /// const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
    ///
    /// let mut conn = connect("sqlite::memory:")?;
    /// let mut migrator = MIGRATIONS.migrator();
    /// assert_eq!(migrator.pending(&mut conn, "head")?.len(), MIGRATIONS.len());
    /// migrator.upgrade(&mut conn, "2b8e4d1c6a93")?;
    /// let next: Vec<&str> = migrator.pending(&mut conn, "+1")?.iter().map(|r| r.id.as_ref()).collect();
    /// assert_eq!(next, ["3c7d2e9f1b84"]);
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqlite"))]
    /// # fn main() {}
    /// ```
    pub fn pending(
        &self,
        conn: &mut impl MigrationConnection,
        target: &str,
    ) -> Result<Vec<&'g Revision>, Error> {
        let db = self.read_waiting(conn)?;
        let (applied, unknown) = self.graph().applied_set(db.ids());
        if !unknown.is_empty() {
            return Err(Error::UnknownRevisions { ids: unknown });
        }
        let plan = self.graph().plan_upgrade(&applied, target)?;
        Ok(plan
            .steps
            .iter()
            .map(|&n| self.graph().revision(n))
            .collect())
    }

    /// Compares the database with the graph: checksum drift, unknown revisions, `running` markers, and
    /// whether the database is at the graph's heads. An empty list means all is well. Creates nothing.
    ///
    /// ```
    /// # #[cfg(feature = "sqlite")]
    /// # fn main() -> Result<(), migrate_runtime::Error> {
    /// use migrate_runtime::{EmbeddedMigrations, connect, embed_migrations};
    ///
    /// const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
    ///
    /// let mut conn = connect("sqlite::memory:")?;
    /// let mut migrator = MIGRATIONS.migrator();
    /// use migrate_runtime::Problem;
    ///
    /// migrator.upgrade(&mut conn, "2b8e4d1c6a93")?;
    /// let problems = migrator.verify(&mut conn)?;
    /// assert!(matches!(problems.as_slice(), [Problem::NotAtHead { pending: 5, .. }]));
    /// migrator.upgrade(&mut conn, "heads")?;
    /// assert!(migrator.verify(&mut conn)?.is_empty());
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqlite"))]
    /// # fn main() {}
    /// ```
    pub fn verify(&self, conn: &mut impl MigrationConnection) -> Result<Vec<Problem>, Error> {
        let db = self.read_waiting(conn)?;
        let mut problems = Vec::new();
        for row in &db.rows {
            match self.graph().get(&row.revision) {
                None => problems.push(Problem::UnknownRevision {
                    revision: row.revision.clone(),
                }),
                Some(_) if row.state == State::Running => problems.push(Problem::Running {
                    revision: row.revision.clone(),
                }),
                Some(revision) if revision.checksum != row.checksum => {
                    problems.push(Problem::ChecksumMismatch {
                        revision: row.revision.clone(),
                        path: revision.source.path.to_string(),
                        recorded: row.checksum.clone(),
                        current: revision.checksum.to_string(),
                    })
                }
                Some(_) => {}
            }
        }
        let (applied, unknown) = self.graph().applied_set(db.ids());
        if unknown.is_empty() {
            let plan = self.graph().plan_upgrade(&applied, "heads")?;
            if !plan.steps.is_empty() {
                problems.push(Problem::NotAtHead {
                    current: ids(self.graph(), &plan.heads_before),
                    heads: ids(self.graph(), &self.graph().heads()),
                    pending: plan.steps.len(),
                });
            }
        }
        Ok(problems)
    }

    // ---- internals ----

    /// Reads the history outside the lock: on SQLite, waiting under the busy timeout for a migration
    /// that holds the file.
    fn read_waiting(&self, conn: &mut impl MigrationConnection) -> Result<Db, Error> {
        self.options.validate()?;
        self.init_session(conn)?;
        lock::wait_when_busy(conn, &self.options)?;
        self.read(conn)
    }

    /// Reads the history (without creating anything).
    pub(crate) fn read(&self, conn: &mut impl MigrationConnection) -> Result<Db, Error> {
        self.options.validate()?;
        let tables = Tables::new(conn.backend(), &self.options);
        let (exists, legacy) = tables_exist(conn, &tables)?;
        if !exists {
            return Ok(Db {
                exists,
                legacy,
                rows: Vec::new(),
            });
        }
        let rows = conn
            .load_history(&tables.select_history(legacy))
            .map_err(|e| Error::database("cannot read the migration history", e))?;
        Ok(Db {
            exists,
            legacy,
            rows,
        })
    }

    /// The log rows (the tables are known to exist or not, no waiting).
    pub(crate) fn read_log(
        &self,
        conn: &mut impl MigrationConnection,
    ) -> Result<Vec<LogRow>, Error> {
        let tables = Tables::new(conn.backend(), &self.options);
        if !tables_exist(conn, &tables)?.0 {
            return Ok(Vec::new());
        }
        conn.load_log(&tables.select_log())
            .map_err(|e| Error::database("cannot read the migration log", e))
    }

    /// Reads what `upgrade` needs of the history: one `revision state checksum` text per row, to parse with
    /// [`SummaryRow::parse`](crate::history::SummaryRow::parse).
    pub(crate) fn read_summary(
        &self,
        conn: &mut impl MigrationConnection,
    ) -> Result<Summary, Error> {
        let tables = Tables::new(conn.backend(), &self.options);
        let (exists, legacy) = tables_exist(conn, &tables)?;
        let db = Db {
            exists,
            legacy,
            rows: Vec::new(),
        };
        if !exists {
            return Ok(Summary { db, texts: None });
        }
        let texts = conn
            .query_texts(&tables.select_summary())
            .map_err(|e| Error::database("cannot read the migration history", e))?;
        Ok(Summary {
            db,
            texts: Some(texts),
        })
    }
}

/// Whether the history tables exist, and whether they lack this version's `running_statement` column.
fn tables_exist(
    conn: &mut impl MigrationConnection,
    tables: &Tables<'_>,
) -> Result<(bool, bool), Error> {
    let count = conn
        .query_count(&tables.exists_query())
        .map_err(|e| Error::database("cannot look for the migration history table", e))?
        .unwrap_or(0);
    let exists = count & 3 > 0;
    Ok((exists, exists && count & 4 == 0))
}
