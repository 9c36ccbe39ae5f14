//! Round trips (feature `schema`, `migrate test`): proves each revision's down section on a scratch
//! database (the replay's: SQLite in memory, a `dev_url`, or a temporary database always dropped).
//!
//! For each revision, in upgrade (topological) order, with the database at the revisions before it:
//! introspect, upgrade that one revision, introspect, downgrade that one revision, introspect and compare
//! with the schema before the upgrade, upgrade it again and compare with the schema after the first
//! upgrade. A revision without a down section is irreversible: it is upgraded and not tested. After a
//! failure the scratch database is emptied and brought back to where the run was, so one run reports every
//! revision that fails.
//!
//! ```
//! # #[cfg(feature = "sqlite")]
//! # fn main() -> Result<(), migrate_runtime::Error> {
//! use migrate_runtime::{EmbeddedMigrations, IntrospectOptions, Options, Scratch, embed_migrations, round_trips};
//!
//! const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
//! let graph = MIGRATIONS.graph();
//! let all: Vec<&str> = graph.topological_order().iter().map(|&n| graph.id(n)).collect();
//! let results = round_trips(graph, &all, &Scratch::SqliteMemory, &Options::default(), &IntrospectOptions::default(), |_| {})?;
//! assert!(results.iter().all(|r| r.passed()));
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "sqlite"))]
//! # fn main() {}
//! ```

use migrate_core::{Edges, Node, RevisionGraph};
use migrate_schema::{Difference, Schema, compare};

use crate::connection::MigrationConnection;
use crate::error::Error;
use crate::introspect::{IntrospectOptions, introspect};
use crate::migrator::{Migrator, steps};
use crate::options::Options;
use crate::replay::{Scratch, Session};
use crate::report::StepDirection;

/// What the round trip of one revision found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RoundTripOutcome {
    /// The down section restored the schema, and the upgrade after it gave the same schema again.
    Restored,
    /// The revision has no down section: upgraded, not tested.
    Irreversible,
    /// After the downgrade the schema is not the one before the upgrade (first: before the upgrade,
    /// second: after the downgrade).
    NotRestored(Vec<Difference>),
    /// The down section failed, with this error.
    DownFailed(String),
    /// The upgrade after the downgrade failed, with this error: the down section left something behind
    /// that introspection does not see (a type, a sequence, a function).
    UpAgainFailed(String),
    /// The upgrade after the downgrade gave another schema than the first one (first: after the first
    /// upgrade, second: after the second).
    UpAgainDiffers(Vec<Difference>),
}

/// The round trip of one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundTrip {
    /// The revision id.
    pub revision: String,
    /// What happened.
    pub outcome: RoundTripOutcome,
}

impl RoundTrip {
    /// Whether the revision passed (irreversible ones count as passed: they were skipped).
    pub fn passed(&self) -> bool {
        matches!(
            self.outcome,
            RoundTripOutcome::Restored | RoundTripOutcome::Irreversible
        )
    }
}

/// Tests the down sections of `revisions` (ids, tested in the graph's upgrade order whatever their order
/// here) on `scratch`, calling `on_result` after each one. Revisions below them are upgraded, not
/// tested. An upgrade that fails (an up section that does not apply) ends the run with its error.
pub fn round_trips(
    graph: &RevisionGraph,
    revisions: &[&str],
    scratch: &Scratch,
    options: &Options,
    introspect_options: &IntrospectOptions,
    mut on_result: impl FnMut(&RoundTrip),
) -> Result<Vec<RoundTrip>, Error> {
    let mut wanted = vec![false; graph.len()];
    for id in revisions {
        let node = graph.node(id).ok_or_else(|| Error::Introspect {
            message: format!("revision {id} is not in the folder"),
        })?;
        wanted[node as usize] = true;
    }
    let order: Vec<Node> = graph
        .topological_order()
        .iter()
        .copied()
        .filter(|&n| wanted[n as usize])
        .collect();
    Session::run(scratch, |session| {
        let mut trip = Trip {
            graph,
            options,
            introspect_options,
            reached: Vec::new(),
        };
        let mut results = Vec::with_capacity(order.len());
        for node in order {
            let result = trip.test(session, node)?;
            on_result(&result);
            results.push(result);
        }
        Ok(results)
    })
}

/// The state of a run: what it needs to step, and the revisions upgraded so far.
struct Trip<'a> {
    graph: &'a RevisionGraph,
    options: &'a Options,
    introspect_options: &'a IntrospectOptions,
    reached: Vec<Node>,
}

impl Trip<'_> {
    fn migrator(&self) -> Migrator<'_> {
        Migrator::new(self.graph).with_options(self.options.clone())
    }

    fn upgrade(&self, session: &mut Session, node: Node) -> Result<(), Error> {
        self.migrator()
            .upgrade(session.conn(), self.graph.id(node))
            .map(drop)
    }

    fn snapshot(&self, session: &mut Session) -> Result<Schema, Error> {
        introspect(session.conn(), self.introspect_options)
    }

    /// The round trip of `node`; the database is at `node` afterwards.
    fn test(&mut self, session: &mut Session, node: Node) -> Result<RoundTrip, Error> {
        let graph = self.graph;
        for &below in graph.parents(node).iter().chain(graph.dependencies(node)) {
            self.upgrade(session, below)?;
        }
        let revision = graph.revision(node);
        let result = |outcome| RoundTrip {
            revision: revision.id.to_string(),
            outcome,
        };
        if !revision.is_reversible() {
            self.upgrade(session, node)?;
            self.reached.push(node);
            return Ok(result(RoundTripOutcome::Irreversible));
        }
        let before = self.snapshot(session)?;
        self.upgrade(session, node)?;
        self.reached.push(node);
        let after = self.snapshot(session)?;
        let outcome = match self.migrator().downgrade_only(session.conn(), node) {
            Err(error) => RoundTripOutcome::DownFailed(step_error(error)),
            Ok(()) => {
                let differences = compare(&before, &self.snapshot(session)?);
                if !differences.is_empty() {
                    RoundTripOutcome::NotRestored(differences)
                } else {
                    match self.upgrade(session, node) {
                        Err(error) => RoundTripOutcome::UpAgainFailed(step_error(error)),
                        Ok(()) => {
                            let differences = compare(&after, &self.snapshot(session)?);
                            if differences.is_empty() {
                                RoundTripOutcome::Restored
                            } else {
                                RoundTripOutcome::UpAgainDiffers(differences)
                            }
                        }
                    }
                }
            }
        };
        if outcome != RoundTripOutcome::Restored {
            self.start_again(session)?;
        }
        Ok(result(outcome))
    }

    /// Empties the scratch database and upgrades it to every revision reached so far.
    fn start_again(&self, session: &mut Session) -> Result<(), Error> {
        session.reset()?;
        let members = self.graph.ancestors(&self.reached, Edges::WithDependencies);
        for head in self.graph.heads_of(&members) {
            self.upgrade(session, head)?;
        }
        Ok(())
    }
}

/// A failed step in one line, without the advice about the history that a scratch database does not need:
/// `statement 1 (`DROP TABLE x`) failed: no such table: x`.
fn step_error(error: Error) -> String {
    match error {
        Error::StatementFailed {
            index,
            statement,
            error,
            ..
        } => {
            let statement = statement.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("statement {index} (`{statement}`) failed: {error}")
        }
        other => other.to_string(),
    }
}

impl Migrator<'_> {
    /// Downgrades exactly `node`, which must be applied with nothing applied above it: its down section
    /// runs and its history row goes, as in any downgrade.
    pub(crate) fn downgrade_only(
        &mut self,
        conn: &mut impl MigrationConnection,
        node: Node,
    ) -> Result<(), Error> {
        self.options.validate()?;
        self.init_session(conn)?;
        self.locked(conn, |this, conn| {
            let db = this.read(conn)?;
            this.refuse_running(conn, &db)?;
            let steps = steps(this.graph(), &[node], StepDirection::Downgrade);
            this.run(conn, &db, &steps).map(drop)
        })
    }
}
