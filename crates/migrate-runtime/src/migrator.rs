//! The [`Migrator`]: its options and callbacks, and the verbs that change a database (upgrade, downgrade,
//! stamp). Each of them takes the migration lock first, then reads the history and plans once, under it.
//!
//! The lock-free first look of an upgrade is in `first_look.rs`, the read-only views in `views.rs`, offline
//! scripts in `offline.rs`, the refusals in `refusals.rs` and revisions rebuilt from history rows in
//! `rebuild.rs`.

use std::borrow::Cow;

use migrate_core::{Node, RevisionGraph, StampPlan};

use crate::EmbeddedMigrations;
use crate::apply::{DbSink, Run, Step};
use crate::connection::MigrationConnection;
use crate::error::Error;
use crate::history::{State, SummaryRow, Tables};
use crate::lock;
use crate::options::{Options, StampMode};
use crate::rebuild::{current_head_ids, extend_graph, synthetic_step};
use crate::report::{PlanEvent, Report, StepDirection, StepEvent, StepReport};
use crate::views::Db;

/// The callback [`Migrator::on_step`] stores.
type StepCallback<'g> = Box<dyn FnMut(&StepEvent) + 'g>;
/// The callback [`Migrator::on_plan`] stores.
type PlanCallback<'g> = Box<dyn FnMut(&PlanEvent<'_>) + 'g>;

/// Applies a revision graph to databases. Build one per run with [`Migrator::new`] (or
/// [`EmbeddedMigrations::migrator`](crate::EmbeddedMigrations::migrator)).
pub struct Migrator<'g> {
    pub(crate) graph: Graph<'g>,
    pub(crate) options: Options,
    pub(crate) on_step: Option<StepCallback<'g>>,
    pub(crate) on_plan: Option<PlanCallback<'g>>,
}

/// The graph a [`Migrator`] applies: one it was given, or an embedded table's, which is built on first use
/// (an up-to-date start-up check of an embedded table does not need it).
#[derive(Clone, Copy)]
pub(crate) enum Graph<'g> {
    Given(&'g RevisionGraph),
    Embedded(EmbeddedMigrations),
}

impl std::fmt::Debug for Migrator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let revisions = match self.graph {
            Graph::Given(graph) => graph.len(),
            Graph::Embedded(embedded) => embedded.len(),
        };
        f.debug_struct("Migrator")
            .field("revisions", &revisions)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<'g> Migrator<'g> {
    /// A migrator for `graph` with default [`Options`].
    pub fn new(graph: &'g RevisionGraph) -> Self {
        Migrator::over(Graph::Given(graph))
    }

    fn over(graph: Graph<'g>) -> Self {
        Migrator {
            graph,
            options: Options::default(),
            on_step: None,
            on_plan: None,
        }
    }

    /// Replaces the options. Table names are checked when the migrator first touches a database.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Calls `callback` as each step starts (before its SQL runs), e.g. to print
    /// `Running upgrade a -> b, message` as Alembic does.
    pub fn on_step(mut self, callback: impl FnMut(&StepEvent) + 'g) -> Self {
        self.on_step = Some(Box::new(callback));
        self
    }

    /// Calls `callback` once per [`upgrade`](Self::upgrade), [`downgrade`](Self::downgrade) or
    /// [`stamp`](Self::stamp) that passed its checks, with the revisions it is about to step through, in
    /// order: under the migration lock, after the plan is made and before the first step. The CLI warns
    /// here about revisions that still hold `migrate revision`'s placeholder. Not called when a refusal
    /// stops the run.
    pub fn on_plan(mut self, callback: impl FnMut(&PlanEvent<'_>) + 'g) -> Self {
        self.on_plan = Some(Box::new(callback));
        self
    }

    /// The graph this migrator applies (an embedded table's is built here on first use).
    pub fn graph(&self) -> &'g RevisionGraph {
        match self.graph {
            Graph::Given(graph) => graph,
            Graph::Embedded(embedded) => embedded.graph(),
        }
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Upgrades the database to `target` (Alembic grammar: `head`, `heads`, `+1`, an id, `label@head`...).
    ///
    /// First one read of the history, without the lock: when everything requested is applied, nothing is
    /// `running` or unknown and every checksum matches, that is the whole run (the start-up check of an
    /// application that is up to date costs one statement). Otherwise it takes the migration lock, reads
    /// the history again, refuses (changing nothing) on a `running` marker, an unknown revision, checksum
    /// drift or a plan the planner rejects, then runs the steps; the plan that runs is always made under
    /// the lock.
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
    /// let report = migrator.upgrade(&mut conn, "2b8e")?; // a unique prefix of 2b8e4d1c6a93
    /// let ran: Vec<&str> = report.steps.iter().map(|s| s.revision.as_str()).collect();
    /// assert_eq!(ran, ["1f3a9c2b7d40", "2b8e4d1c6a93"]);
    /// assert_eq!(report.heads_after, ["2b8e4d1c6a93"]);
    /// // Already there: nothing runs.
    /// assert!(migrator.upgrade(&mut conn, "2b8e4d1c6a93")?.steps.is_empty());
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqlite"))]
    /// # fn main() {}
    /// ```
    pub fn upgrade(
        &mut self,
        conn: &mut impl MigrationConnection,
        target: &str,
    ) -> Result<Report, Error> {
        self.options.validate()?;
        self.init_session(conn)?;
        if let Some(report) = self.up_to_date(conn, target) {
            return Ok(report);
        }
        self.locked(conn, |this, conn| {
            let summary = this.read_summary(conn)?;
            let texts = summary.texts.unwrap_or_default();
            let rows: Vec<SummaryRow<'_>> = texts.iter().map(|t| SummaryRow::parse(t)).collect();
            if rows.iter().any(|r| r.state == State::Running) {
                let db = this.read(conn)?;
                this.refuse_running(conn, &db)?;
            }
            let (applied, unknown) = this.graph().applied_set(rows.iter().map(|r| r.revision));
            if !unknown.is_empty() {
                return Err(Error::UnknownRevisions { ids: unknown });
            }
            let recorded = rows.iter().map(|r| (r.revision, r.checksum));
            let warnings = this.check_checksums(this.graph(), recorded)?;
            let plan = this.graph().plan_upgrade(&applied, target)?;
            let steps = steps(this.graph(), &plan.steps, StepDirection::Upgrade);
            this.announce_plan(StepDirection::Upgrade, &steps);
            let reports = this.run(conn, &summary.db, &steps)?;
            Ok(Report {
                steps: reports,
                heads_before: ids(this.graph(), &plan.heads_before),
                heads_after: ids(this.graph(), &plan.heads_after),
                warnings,
            })
        })
    }

    /// Downgrades the database to `target` (`-1`, an id, `base`, `label@base`...).
    ///
    /// Revisions recorded in the history that this build does not know are downgraded with the down SQL
    /// stored in their history rows.
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
    /// migrator.upgrade(&mut conn, "2b8e4d1c6a93")?;
    /// let report = migrator.downgrade(&mut conn, "-1")?;
    /// assert_eq!(report.steps[0].revision, "2b8e4d1c6a93");
    /// assert_eq!(report.heads_after, ["1f3a9c2b7d40"]);
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqlite"))]
    /// # fn main() {}
    /// ```
    pub fn downgrade(
        &mut self,
        conn: &mut impl MigrationConnection,
        target: &str,
    ) -> Result<Report, Error> {
        self.options.validate()?;
        self.init_session(conn)?;
        self.locked(conn, |this, conn| {
            let db = this.read(conn)?;
            this.refuse_running(conn, &db)?;
            let extended;
            let graph: &RevisionGraph = if db
                .rows
                .iter()
                .all(|r| this.graph().node(&r.revision).is_some())
            {
                this.graph()
            } else {
                extended = extend_graph(this.graph(), &db.rows, &this.options.history_table)?;
                &extended
            };
            let (applied, _) = graph.applied_set(db.ids());
            let recorded = db
                .rows
                .iter()
                .map(|r| (r.revision.as_str(), r.checksum.as_str()));
            let warnings = this.check_checksums(graph, recorded)?;
            let plan = graph.plan_downgrade(&applied, target)?;
            let steps = steps(graph, &plan.steps, StepDirection::Downgrade);
            this.announce_plan(StepDirection::Downgrade, &steps);
            let reports = this.run(conn, &db, &steps)?;
            Ok(Report {
                steps: reports,
                heads_before: ids(graph, &plan.heads_before),
                heads_after: ids(graph, &plan.heads_after),
                warnings,
            })
        })
    }

    /// Records the state that upgrading/downgrading to `targets` would leave, running no migration SQL.
    /// With [`StampMode::Purge`], the history is cleared first (unknown revisions included). A `running`
    /// revision that the stamp keeps is recorded as `stamped`; one it removes is deleted: this is how a
    /// failed non-transactional revision is resolved after a repair by hand.
    ///
    /// Like upgrade and downgrade, a stamp refuses (changing nothing) when an applied revision's up
    /// section changed since it was applied, unless [`OnMismatch::Warn`](crate::OnMismatch::Warn); rows
    /// marked `running` are not checked (their revision never completed), and neither is anything with
    /// [`StampMode::Purge`], which rewrites the whole history.
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
    /// use migrate_runtime::{StampMode, StepDirection};
    ///
    /// // Record that the schema is already at head (created by other means); no migration SQL runs.
    /// let report = migrator.stamp(&mut conn, &["head"], StampMode::Keep)?;
    /// assert!(report.steps.iter().all(|s| s.direction == StepDirection::Stamp));
    /// assert_eq!(report.heads_after, ["7a5d2f8c1e39"]);
    /// assert!(migrator.pending(&mut conn, "head")?.is_empty());
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "sqlite"))]
    /// # fn main() {}
    /// ```
    pub fn stamp(
        &mut self,
        conn: &mut impl MigrationConnection,
        targets: &[&str],
        mode: StampMode,
    ) -> Result<Report, Error> {
        let purge = mode == StampMode::Purge;
        self.options.validate()?;
        self.init_session(conn)?;
        self.locked(conn, |this, conn| {
            let db = this.read(conn)?;
            let graph = this.graph();
            let (applied, unknown) = graph.applied_set(db.ids());
            if !unknown.is_empty() && !purge {
                return Err(Error::UnknownRevisions { ids: unknown });
            }
            let warnings = if purge {
                Vec::new()
            } else {
                let recorded = db
                    .rows
                    .iter()
                    .filter(|r| r.state != State::Running)
                    .map(|r| (r.revision.as_str(), r.checksum.as_str()));
                this.check_checksums(graph, recorded)?
            };
            let plan = graph.plan_stamp(&applied, targets, purge)?;
            // A purge removes every row, unknown ones included (rebuilt from the row), newest first.
            let purged = purge.then(|| {
                let rows = db.rows.iter().rev();
                rows.map(|row| match graph.node(&row.revision) {
                    Some(node) => step(graph, node, StepDirection::Stamp),
                    None => synthetic_step(row, &this.options.history_table),
                })
                .collect()
            });
            let running: Vec<Node> = db
                .rows
                .iter()
                .filter(|r| r.state == State::Running)
                .filter_map(|r| graph.node(&r.revision))
                .collect();
            let steps = stamp_steps(graph, &plan, purged, &running);
            let heads_before = current_head_ids(graph, &db.rows);
            this.announce_plan(StepDirection::Stamp, &steps);
            let reports = this.run_stamp(conn, &db, &steps)?;
            Ok(Report {
                steps: reports,
                heads_before,
                heads_after: ids(graph, &plan.heads_after),
                warnings,
            })
        })
    }

    // ---- internals ----

    /// Runs [`Options::init_sql`](crate::Options::init_sql) on the connection, statement by statement.
    pub(crate) fn init_session(&self, conn: &mut impl MigrationConnection) -> Result<(), Error> {
        for text in &self.options.init_sql {
            for statement in crate::split::split_statements(text, conn.backend()) {
                conn.run_sql(&statement).map_err(|e| Error::InitSql {
                    statement: statement.to_string(),
                    error: crate::url::sanitize(&e.to_string()),
                })?;
            }
        }
        Ok(())
    }

    /// Runs `body` with the migration lock held, releasing it whatever happens.
    pub(crate) fn locked<C: MigrationConnection, T>(
        &mut self,
        conn: &mut C,
        body: impl FnOnce(&mut Self, &mut C) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.options.validate()?;
        let held = lock::lock(conn, &self.options)?;
        let result = body(self, conn);
        let unlocked = lock::unlock(conn, &self.options, held);
        let value = result?;
        unlocked?;
        Ok(value)
    }

    /// Passes the steps about to run to the [`on_plan`](Self::on_plan) callback.
    pub(crate) fn announce_plan(&mut self, direction: StepDirection, steps: &[Step]) {
        if let Some(callback) = self.on_plan.as_mut() {
            callback(&PlanEvent {
                direction,
                revisions: steps.iter().map(|s| &*s.revision).collect(),
            });
        }
    }

    /// Brings history tables created by an earlier version to this version's columns and index, before the first
    /// write (under the lock).
    pub(crate) fn upgrade_tables(
        &self,
        conn: &mut impl MigrationConnection,
        db: &Db,
    ) -> Result<(), Error> {
        let tables = Tables::new(conn.backend(), &self.options);
        if db.exists && db.legacy {
            conn.run_sql(&tables.add_running_statement())
                .map_err(|e| Error::database("cannot add a column to the migration history", e))?;
        }
        // Tables created before the index existed get it.
        if db.exists {
            let index = tables.glance_index();
            let missing = match &index.missing_query {
                Some(query) => {
                    conn.query_count(query).map_err(|e| {
                        Error::database("cannot read the migration history's indexes", e)
                    })? == Some(0)
                }
                None => true,
            };
            if missing {
                conn.run_sql(&index.create)
                    .map_err(|e| Error::database("cannot index the migration history", e))?;
            }
        }
        Ok(())
    }

    /// Records stamp steps (no migration SQL runs); nothing when there are none.
    pub(crate) fn run_stamp(
        &mut self,
        conn: &mut impl MigrationConnection,
        db: &Db,
        steps: &[Step<'_>],
    ) -> Result<Vec<StepReport>, Error> {
        self.execute(conn, db, steps, true)
    }

    /// Runs upgrade or downgrade steps on a connection.
    pub(crate) fn run(
        &mut self,
        conn: &mut impl MigrationConnection,
        db: &Db,
        steps: &[Step<'_>],
    ) -> Result<Vec<StepReport>, Error> {
        self.execute(conn, db, steps, false)
    }

    /// The engine run behind [`Self::run`] and [`Self::run_stamp`]: brings old history tables up to date,
    /// then records (`stamp`) or runs the steps, calling the step callback as each starts.
    fn execute(
        &mut self,
        conn: &mut impl MigrationConnection,
        db: &Db,
        steps: &[Step<'_>],
        stamp: bool,
    ) -> Result<Vec<StepReport>, Error> {
        if steps.is_empty() {
            return Ok(Vec::new());
        }
        self.upgrade_tables(conn, db)?;
        let mut on_step = self.on_step.take();
        let mut run = Run {
            tables: Tables::new(conn.backend(), &self.options),
            mode: self.options.transaction_mode,
            create_tables: !db.exists,
            on_step: on_step.as_deref_mut().map(|f| f as _),
            offline: false,
        };
        let mut sink = DbSink(conn);
        let result = if stamp {
            run.stamp(&mut sink, steps)
        } else {
            run.steps(&mut sink, steps)
        };
        self.on_step = on_step;
        result
    }
}

pub(crate) fn ids(graph: &RevisionGraph, nodes: &[Node]) -> Vec<String> {
    nodes.iter().map(|&n| graph.id(n).to_owned()).collect()
}

pub(crate) fn step(graph: &RevisionGraph, node: Node, direction: StepDirection) -> Step<'_> {
    Step {
        revision: Cow::Borrowed(graph.revision(node)),
        depends_on: ids(graph, graph.dependencies(node)),
        direction,
        removed: false,
        confirm: false,
    }
}

/// The steps of a stamp, online or in a script: with a purge, every recorded revision (`purged`) goes;
/// otherwise the plan's removals go and the `running` revisions it keeps are confirmed as `stamped`; then
/// the plan's additions are recorded.
pub(crate) fn stamp_steps<'g>(
    graph: &'g RevisionGraph,
    plan: &StampPlan,
    purged: Option<Vec<Step<'g>>>,
    running: &[Node],
) -> Vec<Step<'g>> {
    let stamp = |node, removed, confirm| Step {
        removed,
        confirm,
        ..step(graph, node, StepDirection::Stamp)
    };
    let mut steps: Vec<Step<'g>> = match purged {
        Some(purged) => purged
            .into_iter()
            .map(|step| Step {
                removed: true,
                ..step
            })
            .collect(),
        None => {
            let kept = running.iter().filter(|n| !plan.removed.contains(n));
            let removed = plan.removed.iter().map(|&n| stamp(n, true, false));
            removed
                .chain(kept.map(|&n| stamp(n, false, true)))
                .collect()
        }
    };
    steps.extend(plan.added.iter().map(|&n| stamp(n, false, false)));
    steps
}

pub(crate) fn steps<'g>(
    graph: &'g RevisionGraph,
    nodes: &[Node],
    direction: StepDirection,
) -> Vec<Step<'g>> {
    nodes.iter().map(|&n| step(graph, n, direction)).collect()
}

impl crate::EmbeddedMigrations {
    /// A [`Migrator`] over the embedded revisions, with default options.
    pub fn migrator(&self) -> Migrator<'static> {
        Migrator::over(Graph::Embedded(*self))
    }
}
