//! Adopting a database another tool managed: diesel_migrations (`__diesel_schema_migrations`) or Alembic
//! (`alembic_version`). With an empty migrate history, the revisions the other tool's table says are applied
//! are recorded as `stamped`, running no migration SQL; the other tool's table is left as it is.
//!
//! The revisions are found by id: `migrate import diesel` gives each diesel migration the id
//! [`diesel_revision_id`] derives from its version, and `migrate import alembic` keeps Alembic's ids.

use migrate_core::{Edges, Node};

use crate::apply::Step;
use crate::connection::MigrationConnection;
use crate::error::Error;
use crate::migrator::{Migrator, ids, step};
use crate::report::{Report, StepDirection};

/// The tool whose table an adoption reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Foreign {
    /// diesel_migrations: `__diesel_schema_migrations` lists every applied version.
    Diesel,
    /// Alembic: `alembic_version` lists the current heads; everything below them is applied.
    Alembic,
}

impl Foreign {
    /// The other tool's table.
    pub fn table(self) -> &'static str {
        match self {
            Foreign::Diesel => "__diesel_schema_migrations",
            Foreign::Alembic => "alembic_version",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Foreign::Diesel => "version",
            Foreign::Alembic => "version_num",
        }
    }
}

/// What an adoption found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AdoptionOutcome {
    /// The migrate history was empty and the other tool's table exists: its revisions were recorded as
    /// `stamped` (none when the table is empty).
    Stamped,
    /// The migrate history already records revisions: nothing was done (an application that adopts at
    /// every start-up adopts once).
    AlreadyManaged,
    /// The other tool's table does not exist: nothing was done.
    NoForeignTable,
}

/// The result of [`Migrator::adopt`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Adoption {
    /// What was found.
    pub outcome: AdoptionOutcome,
    /// The values the other tool's table holds (diesel versions, Alembic heads), sorted.
    pub foreign: Vec<String>,
    /// The stamp steps taken (one per revision recorded), in order.
    pub report: Report,
}

/// The migrate revision id `migrate import diesel` gives the diesel migration of `version` (the folder
/// name up to its first `_`, dashes removed, as diesel reads it): the version itself, which is a valid id
/// when it is 1-64 letters and digits (`20240115093000`). `None` for a version that is not a valid id
/// (`migrate import diesel` refuses those).
pub fn diesel_revision_id(version: &str) -> Option<&str> {
    migrate_core::is_valid_name(version).then_some(version)
}

impl Migrator<'_> {
    /// Adopts a database that `foreign` managed. When the migrate history is empty and the other tool's
    /// table exists, records as `stamped` the revisions it says are applied: for diesel, exactly the
    /// revisions of the versions it lists; for Alembic, the heads it lists and everything below them.
    /// Refuses, changing nothing, when the table names a revision the graph does not have
    /// ([`Error::AdoptUnknown`]) or (diesel) lists versions with a gap below them
    /// ([`Error::AdoptGap`]). Runs under the migration lock; safe to call at every start-up, before
    /// [`upgrade`](Self::upgrade): once the history records anything it does nothing.
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
    /// use migrate_runtime::{AdoptionOutcome, Foreign};
    ///
    /// // No other tool's table: nothing to adopt, and nothing is recorded.
    /// let adoption = migrator.adopt(&mut conn, Foreign::Diesel)?;
    /// assert_eq!(adoption.outcome, AdoptionOutcome::NoForeignTable);
    /// assert!(migrator.history(&mut conn)?.is_empty());
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqlite"))]
    /// # fn main() {}
    /// ```
    pub fn adopt(
        &mut self,
        conn: &mut impl MigrationConnection,
        foreign: Foreign,
    ) -> Result<Adoption, Error> {
        self.options.validate()?;
        self.init_session(conn)?;
        self.locked(conn, |this, conn| this.adopt_locked(conn, foreign))
    }

    /// [`adopt`](Self::adopt) from diesel_migrations' `__diesel_schema_migrations`.
    pub fn adopt_diesel(&mut self, conn: &mut impl MigrationConnection) -> Result<Adoption, Error> {
        self.adopt(conn, Foreign::Diesel)
    }

    /// [`adopt`](Self::adopt) from Alembic's `alembic_version`.
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
    /// use migrate_runtime::{AdoptionOutcome, MigrationConnection};
    ///
    /// // What Alembic left: its version table at the first revision (and that revision's table).
    /// conn.run_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES ('1f3a9c2b7d40'); CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)").unwrap();
    /// let adoption = migrator.adopt_alembic(&mut conn)?;
    /// assert_eq!(adoption.outcome, AdoptionOutcome::Stamped);
    /// assert_eq!(adoption.report.heads_after, ["1f3a9c2b7d40"]);
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqlite"))]
    /// # fn main() {}
    /// ```
    pub fn adopt_alembic(
        &mut self,
        conn: &mut impl MigrationConnection,
    ) -> Result<Adoption, Error> {
        self.adopt(conn, Foreign::Alembic)
    }

    fn adopt_locked(
        &mut self,
        conn: &mut impl MigrationConnection,
        foreign: Foreign,
    ) -> Result<Adoption, Error> {
        let db = self.read(conn)?;
        let nothing = |outcome, foreign: Vec<String>, heads: Vec<String>| Adoption {
            outcome,
            foreign,
            report: Report {
                steps: Vec::new(),
                heads_before: heads.clone(),
                heads_after: heads,
                warnings: Vec::new(),
            },
        };
        if !db.rows.is_empty() {
            let heads = crate::rebuild::current_head_ids(self.graph(), &db.rows);
            return Ok(nothing(AdoptionOutcome::AlreadyManaged, Vec::new(), heads));
        }
        let table = foreign.table();
        let exists = conn
            .query_count(&conn.backend().dialect().foreign_table_exists(table))
            .map_err(|e| Error::database(&format!("cannot look for {table}"), e))?
            .unwrap_or(0);
        if exists == 0 {
            return Ok(nothing(
                AdoptionOutcome::NoForeignTable,
                Vec::new(),
                Vec::new(),
            ));
        }
        let mut values = conn
            .query_texts(&format!("SELECT {} AS t FROM {table}", foreign.column()))
            .map_err(|e| Error::database(&format!("cannot read {table}"), e))?;
        values.sort();
        let graph = self.graph();
        let mut nodes: Vec<Node> = Vec::new();
        let mut unknown = Vec::new();
        for value in &values {
            let id = match foreign {
                Foreign::Diesel => diesel_revision_id(value),
                Foreign::Alembic => Some(value.as_str()),
            };
            match id.and_then(|id| graph.node(id)) {
                Some(node) => nodes.push(node),
                None => unknown.push(value.clone()),
            }
        }
        if !unknown.is_empty() {
            return Err(Error::AdoptUnknown {
                table,
                values: unknown,
            });
        }
        let below = graph.ancestors(&nodes, Edges::WithDependencies);
        if foreign == Foreign::Diesel {
            let mut listed = vec![false; graph.len()];
            for &n in &nodes {
                listed[n as usize] = true;
            }
            let missing: Vec<String> = graph
                .topological_order()
                .iter()
                .filter(|&&n| below[n as usize] && !listed[n as usize])
                .map(|&n| graph.id(n).to_owned())
                .collect();
            if !missing.is_empty() {
                return Err(Error::AdoptGap {
                    table,
                    missing,
                    highest: values.last().cloned().unwrap_or_default(),
                });
            }
        }
        let order: Vec<Node> = graph
            .topological_order()
            .iter()
            .copied()
            .filter(|&n| below[n as usize])
            .collect();
        let steps: Vec<Step<'_>> = order
            .iter()
            .map(|&n| step(graph, n, StepDirection::Stamp))
            .collect();
        let (applied, _) = graph.applied_set(order.iter().map(|&n| graph.id(n)));
        let heads_after = ids(graph, &applied.heads(graph));
        if !steps.is_empty() {
            self.announce_plan(StepDirection::Stamp, &steps);
        }
        let reports = self.run_stamp(conn, &db, &steps)?;
        Ok(Adoption {
            outcome: AdoptionOutcome::Stamped,
            foreign: values,
            report: Report {
                steps: reports,
                heads_before: Vec::new(),
                heads_after,
                warnings: Vec::new(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diesel_ids_are_the_versions() {
        assert_eq!(diesel_revision_id("20240115093000"), Some("20240115093000"));
        assert_eq!(diesel_revision_id("00000000000000"), Some("00000000000000"));
        assert_eq!(diesel_revision_id("1"), Some("1"));
        assert_eq!(diesel_revision_id("1.2"), None);
        assert_eq!(diesel_revision_id(""), None);
        assert_eq!(diesel_revision_id("head"), None);
        assert_eq!(diesel_revision_id(&"1".repeat(65)), None);
    }
}
