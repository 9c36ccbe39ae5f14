//! The [`Migrator`]: upgrade, downgrade, stamp, and the read-only views of a database's history.

use std::borrow::Cow;

use migrate_core::{Node, Revision, RevisionGraph};

use crate::apply::{DbSink, Run, ScriptSink, Step};
use crate::connection::{Backend, MigrationConnection};
use crate::error::Error;
use crate::history::{HistoryRow, LogRow, State, SummaryRow, Tables, now_utc};
use crate::lock;
use crate::options::{OnMismatch, Options};
use crate::report::{Problem, Report, StepDirection, StepEvent, StepReport};

/// The callback [`Migrator::on_step`] stores.
type StepCallback<'g> = Box<dyn FnMut(&StepEvent) + 'g>;

/// Applies a revision graph to databases. Build one per run with [`Migrator::new`] (or
/// [`EmbeddedMigrations::migrator`](crate::EmbeddedMigrations::migrator)).
pub struct Migrator<'g> {
    pub(crate) graph: &'g RevisionGraph,
    pub(crate) options: Options,
    pub(crate) on_step: Option<StepCallback<'g>>,
}

impl std::fmt::Debug for Migrator<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Migrator")
            .field("revisions", &self.graph.len())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<'g> Migrator<'g> {
    /// A migrator for `graph` with default [`Options`].
    pub fn new(graph: &'g RevisionGraph) -> Self {
        Migrator {
            graph,
            options: Options::default(),
            on_step: None,
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

    /// The graph this migrator applies.
    pub fn graph(&self) -> &'g RevisionGraph {
        self.graph
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Upgrades the database to `target` (Alembic grammar: `head`, `heads`, `+1`, an id, `label@head`...).
    ///
    /// Takes the migration lock, reads the history, refuses (changing nothing) on a `running` marker, an
    /// unknown revision, checksum drift or a plan the planner rejects, then runs the steps.
    pub fn upgrade(
        &mut self,
        conn: &mut impl MigrationConnection,
        target: &str,
    ) -> Result<Report, Error> {
        self.locked(conn, |this, conn| {
            let summary = this.read_summary(conn)?;
            let exists = summary.is_some();
            let texts = summary.unwrap_or_default();
            let rows: Vec<SummaryRow<'_>> = texts.iter().map(|t| SummaryRow::parse(t)).collect();
            if rows.iter().any(|r| r.state == State::Running) {
                let db = this.read(conn)?;
                this.refuse_running(conn, &db)?;
            }
            let (applied, unknown) = this.graph.applied_set(rows.iter().map(|r| r.revision));
            if !unknown.is_empty() {
                return Err(Error::UnknownRevisions { ids: unknown });
            }
            let recorded = rows.iter().map(|r| (r.revision, r.checksum));
            let warnings = this.check_checksums(this.graph, recorded)?;
            let plan = this.graph.plan_upgrade(&applied, target)?;
            let steps = steps(this.graph, &plan.steps, StepDirection::Upgrade);
            let reports = this.run(conn, exists, &steps)?;
            Ok(Report {
                steps: reports,
                heads_before: ids(this.graph, &plan.heads_before),
                heads_after: ids(this.graph, &plan.heads_after),
                warnings,
            })
        })
    }

    /// Downgrades the database to `target` (`-1`, an id, `base`, `label@base`...).
    ///
    /// Revisions recorded in the history that this build does not know are downgraded with the down SQL
    /// stored in their history rows.
    pub fn downgrade(
        &mut self,
        conn: &mut impl MigrationConnection,
        target: &str,
    ) -> Result<Report, Error> {
        self.locked(conn, |this, conn| {
            let db = this.read(conn)?;
            this.refuse_running(conn, &db)?;
            let extended;
            let graph: &RevisionGraph = if db
                .rows
                .iter()
                .all(|r| this.graph.node(&r.revision).is_some())
            {
                this.graph
            } else {
                extended = extend_graph(this.graph, &db.rows, &this.options.history_table)?;
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
            let reports = this.run(conn, db.exists, &steps)?;
            Ok(Report {
                steps: reports,
                heads_before: ids(graph, &plan.heads_before),
                heads_after: ids(graph, &plan.heads_after),
                warnings,
            })
        })
    }

    /// Records the state that upgrading/downgrading to `targets` would leave, running no migration SQL.
    /// With `purge`, the history is cleared first (unknown revisions included). A `running` revision that
    /// the stamp keeps is recorded as `stamped`; one it removes is deleted: this is how a failed
    /// non-transactional revision is resolved after a repair by hand.
    pub fn stamp(
        &mut self,
        conn: &mut impl MigrationConnection,
        targets: &[&str],
        purge: bool,
    ) -> Result<Report, Error> {
        self.locked(conn, |this, conn| {
            let db = this.read(conn)?;
            let graph = this.graph;
            let (applied, unknown) = graph.applied_set(db.ids());
            if !unknown.is_empty() && !purge {
                return Err(Error::UnknownRevisions { ids: unknown });
            }
            let plan = graph.plan_stamp(&applied, targets, purge)?;
            let mut steps = Vec::new();
            let stamp = |node, removed, confirm| Step {
                removed,
                confirm,
                ..step(graph, node, StepDirection::Stamp)
            };
            if purge {
                // Every row goes, unknown ones included; then the new state is recorded.
                for row in db.rows.iter().rev() {
                    let mut s = match graph.node(&row.revision) {
                        Some(node) => stamp(node, true, false),
                        None => synthetic_step(row, &this.options.history_table),
                    };
                    s.removed = true;
                    steps.push(s);
                }
            } else {
                steps.extend(plan.removed.iter().map(|&n| stamp(n, true, false)));
                let running = db.rows.iter().filter(|r| r.state == State::Running);
                for row in running {
                    if let Some(node) = graph.node(&row.revision)
                        && !plan.removed.contains(&node)
                    {
                        steps.push(stamp(node, false, true));
                    }
                }
            }
            steps.extend(plan.added.iter().map(|&n| stamp(n, false, false)));
            let heads_before = current_head_ids(graph, &db.rows);
            let reports = if steps.is_empty() {
                Vec::new()
            } else {
                let mut on_step = this.on_step.take();
                let mut run = Run {
                    tables: Tables::new(conn.backend(), &this.options),
                    mode: this.options.transaction_mode,
                    create_tables: !db.exists,
                    on_step: on_step.as_deref_mut().map(|f| f as _),
                    offline: false,
                };
                let result = run.stamp(&mut DbSink(conn), &steps);
                this.on_step = on_step;
                result?
            };
            Ok(Report {
                steps: reports,
                heads_before,
                heads_after: ids(graph, &plan.heads_after),
                warnings: Vec::new(),
            })
        })
    }

    /// The history rows of the database's current heads: applied (or stamped, or running) revisions that no
    /// other recorded revision revises (a revision recorded only as another's dependency is one, as in
    /// `alembic current`). Empty for an empty database; creates nothing.
    pub fn current_heads(
        &self,
        conn: &mut impl MigrationConnection,
    ) -> Result<Vec<HistoryRow>, Error> {
        let db = self.read(conn)?;
        let heads = current_head_ids(self.graph, &db.rows);
        let mut rows: Vec<HistoryRow> = db.rows;
        rows.retain(|r| heads.contains(&r.revision));
        rows.sort_by_key(|r| heads.iter().position(|h| *h == r.revision));
        Ok(rows)
    }

    /// Every history row, oldest first. Empty when the table does not exist (nothing is created).
    pub fn history(&self, conn: &mut impl MigrationConnection) -> Result<Vec<HistoryRow>, Error> {
        Ok(self.read(conn)?.rows)
    }

    /// Every log row, oldest first. Empty when the table does not exist.
    pub fn log(&self, conn: &mut impl MigrationConnection) -> Result<Vec<LogRow>, Error> {
        self.options.validate()?;
        let tables = Tables::new(conn.backend(), &self.options);
        if !tables_exist(conn, &tables)? {
            return Ok(Vec::new());
        }
        conn.load_log(&tables.select_log())
            .map_err(|e| Error::database("cannot read the migration log", e))
    }

    /// The revisions an upgrade to `target` would run, in order.
    pub fn pending(
        &self,
        conn: &mut impl MigrationConnection,
        target: &str,
    ) -> Result<Vec<&'g Revision>, Error> {
        let db = self.read(conn)?;
        let (applied, unknown) = self.graph.applied_set(db.ids());
        if !unknown.is_empty() {
            return Err(Error::UnknownRevisions { ids: unknown });
        }
        let plan = self.graph.plan_upgrade(&applied, target)?;
        Ok(plan.steps.iter().map(|&n| self.graph.revision(n)).collect())
    }

    /// Compares the database with the graph: checksum drift, unknown revisions, `running` markers, and
    /// whether the database is at the graph's heads. An empty list means all is well. Creates nothing.
    pub fn verify(&self, conn: &mut impl MigrationConnection) -> Result<Vec<Problem>, Error> {
        let db = self.read(conn)?;
        let mut problems = Vec::new();
        for row in &db.rows {
            match self.graph.get(&row.revision) {
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
        let (applied, unknown) = self.graph.applied_set(db.ids());
        if unknown.is_empty() {
            let plan = self.graph.plan_upgrade(&applied, "heads")?;
            if !plan.steps.is_empty() {
                problems.push(Problem::NotAtHead {
                    current: ids(self.graph, &plan.heads_before),
                    heads: ids(self.graph, &self.graph.heads()),
                    pending: plan.steps.len(),
                });
            }
        }
        Ok(problems)
    }

    /// The SQL an upgrade from `from` to `target` would run on `backend`, history statements included.
    /// `from` names the revisions applied (ids, prefixes, labels or `heads`; their ancestors are implied);
    /// empty or `base` means an empty database, and then the script creates the history and log tables.
    pub fn script_upgrade(
        &self,
        backend: Backend,
        from: &[&str],
        target: &str,
    ) -> Result<String, Error> {
        let applied = self.script_start(from)?;
        let plan = self.graph.plan_upgrade(&applied, target)?;
        let steps = steps(self.graph, &plan.steps, StepDirection::Upgrade);
        self.script(backend, from, &format!("upgrade {target}"), |run, sink| {
            run.steps(sink, &steps)
        })
    }

    /// The SQL a downgrade from `from` to `target` would run on `backend`.
    pub fn script_downgrade(
        &self,
        backend: Backend,
        from: &[&str],
        target: &str,
    ) -> Result<String, Error> {
        let applied = self.script_start(from)?;
        let plan = self.graph.plan_downgrade(&applied, target)?;
        let steps = steps(self.graph, &plan.steps, StepDirection::Downgrade);
        self.script(
            backend,
            from,
            &format!("downgrade {target}"),
            |run, sink| run.steps(sink, &steps),
        )
    }

    /// The SQL a stamp from `from` to `targets` would run on `backend`.
    pub fn script_stamp(
        &self,
        backend: Backend,
        from: &[&str],
        targets: &[&str],
        purge: bool,
    ) -> Result<String, Error> {
        let applied = self.script_start(from)?;
        let plan = self.graph.plan_stamp(&applied, targets, purge)?;
        let graph = self.graph;
        let mut steps: Vec<Step> = Vec::new();
        let removed = if purge {
            applied.nodes(graph).into_iter().rev().collect()
        } else {
            plan.removed.clone()
        };
        for node in removed {
            steps.push(Step {
                removed: true,
                ..step(graph, node, StepDirection::Stamp)
            });
        }
        steps.extend(
            plan.added
                .iter()
                .map(|&n| step(graph, n, StepDirection::Stamp)),
        );
        self.script(
            backend,
            from,
            &format!(
                "stamp {}{}",
                if purge { "--purge " } else { "" },
                targets.join(" ")
            ),
            |run, sink| run.stamp(sink, &steps),
        )
    }

    // ---- internals ----

    /// Runs `body` with the migration lock held, releasing it whatever happens.
    fn locked<C: MigrationConnection, T>(
        &mut self,
        conn: &mut C,
        body: impl FnOnce(&mut Self, &mut C) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.options.validate()?;
        lock::lock(conn, &self.options)?;
        let result = body(self, conn);
        let unlocked = lock::unlock(conn, &self.options);
        let value = result?;
        unlocked?;
        Ok(value)
    }

    /// Reads the history (without creating anything).
    fn read(&self, conn: &mut impl MigrationConnection) -> Result<Db, Error> {
        self.options.validate()?;
        let tables = Tables::new(conn.backend(), &self.options);
        if !tables_exist(conn, &tables)? {
            return Ok(Db {
                exists: false,
                rows: Vec::new(),
            });
        }
        let rows = conn
            .load_history(&tables.select_history())
            .map_err(|e| Error::database("cannot read the migration history", e))?;
        Ok(Db { exists: true, rows })
    }

    /// Reads what `upgrade` needs of the history: one `revision state checksum` text per row, to parse with
    /// [`SummaryRow::parse`] (`None`: no history table yet).
    fn read_summary(
        &self,
        conn: &mut impl MigrationConnection,
    ) -> Result<Option<Vec<String>>, Error> {
        let tables = Tables::new(conn.backend(), &self.options);
        if !tables_exist(conn, &tables)? {
            return Ok(None);
        }
        conn.query_texts(&tables.select_summary())
            .map(Some)
            .map_err(|e| Error::database("cannot read the migration history", e))
    }

    /// Refuses to go on while a revision is marked `running`, naming the statement that failed (from the log).
    fn refuse_running(&self, conn: &mut impl MigrationConnection, db: &Db) -> Result<(), Error> {
        let Some(row) = db.rows.iter().find(|r| r.state == State::Running) else {
            return Ok(());
        };
        let log = self.log(conn)?;
        let last = log.iter().rev().find(|l| l.revision == row.revision);
        let failed = last.filter(|l| l.outcome == "failed");
        Err(Error::Running {
            revision: row.revision.clone(),
            parents: row.parents.clone(),
            statement: failed.and_then(|l| l.statement.clone()),
            error: failed.and_then(|l| l.error.clone()),
        })
    }

    /// Checksum drift of known, applied revisions (`(revision, recorded checksum)` pairs): an error, or
    /// warnings with `OnMismatch::Warn`.
    fn check_checksums<'r>(
        &self,
        graph: &RevisionGraph,
        recorded: impl IntoIterator<Item = (&'r str, &'r str)>,
    ) -> Result<Vec<String>, Error> {
        let mut warnings = Vec::new();
        for (id, checksum) in recorded {
            let Some(revision) = graph.get(id) else {
                continue;
            };
            let synthetic = revision.source.path.ends_with(HISTORY_SOURCE);
            if revision.checksum != checksum && !synthetic {
                let error = Error::ChecksumMismatch {
                    revision: id.to_owned(),
                    path: revision.source.path.to_string(),
                    recorded: checksum.to_owned(),
                    current: revision.checksum.to_string(),
                };
                match self.options.on_checksum_mismatch {
                    OnMismatch::Error => return Err(error),
                    OnMismatch::Warn => warnings.push(error.to_string()),
                }
            }
        }
        Ok(warnings)
    }

    /// Runs upgrade or downgrade steps on a connection.
    fn run(
        &mut self,
        conn: &mut impl MigrationConnection,
        tables_exist: bool,
        steps: &[Step],
    ) -> Result<Vec<StepReport>, Error> {
        if steps.is_empty() {
            return Ok(Vec::new());
        }
        let mut on_step = self.on_step.take();
        let mut run = Run {
            tables: Tables::new(conn.backend(), &self.options),
            mode: self.options.transaction_mode,
            create_tables: !tables_exist,
            on_step: on_step.as_deref_mut().map(|f| f as _),
            offline: false,
        };
        let result = run.steps(&mut DbSink(conn), steps);
        self.on_step = on_step;
        result
    }

    /// The applied set a script starts from.
    fn script_start(&self, from: &[&str]) -> Result<migrate_core::AppliedSet, Error> {
        self.options.validate()?;
        let graph = self.graph;
        let (empty, _) = graph.applied_set([]);
        let mut named = Vec::new();
        for spec in from {
            if let migrate_core::Resolved::Revisions(nodes) = graph.resolve(&empty, spec, true)? {
                named.extend(nodes);
            }
        }
        let below = graph.ancestors(&named, migrate_core::Edges::WithDependencies);
        let (applied, _) = graph.applied_set(
            (0..graph.len() as Node)
                .filter(|&n| below[n as usize])
                .map(|n| graph.id(n)),
        );
        Ok(applied)
    }

    fn script(
        &self,
        backend: Backend,
        from: &[&str],
        what: &str,
        body: impl FnOnce(&mut Run<'_, '_>, &mut ScriptSink) -> Result<Vec<StepReport>, Error>,
    ) -> Result<String, Error> {
        let start = from.iter().all(|f| *f == "base");
        let mut sink = ScriptSink {
            backend,
            text: format!(
                "-- migrate {what} from {} ({backend}), generated {} UTC\n",
                if start {
                    "base".to_owned()
                } else {
                    from.join(", ")
                },
                now_utc()
            ),
        };
        let mut run = Run {
            tables: Tables::new(backend, &self.options),
            mode: self.options.transaction_mode,
            create_tables: start,
            on_step: None,
            offline: true,
        };
        body(&mut run, &mut sink)?;
        Ok(sink.text)
    }
}

/// Where synthetic revisions (rebuilt from history rows) say they come from.
const HISTORY_SOURCE: &str = "(history table)";

/// What the history table holds.
struct Db {
    exists: bool,
    rows: Vec<HistoryRow>,
}

impl Db {
    fn ids(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|r| r.revision.as_str())
    }
}

fn tables_exist(conn: &mut impl MigrationConnection, tables: &Tables<'_>) -> Result<bool, Error> {
    let count = conn
        .query_count(&tables.exists_query())
        .map_err(|e| Error::database("cannot look for the migration history table", e))?;
    Ok(count.unwrap_or(0) > 0)
}

fn ids(graph: &RevisionGraph, nodes: &[Node]) -> Vec<String> {
    nodes.iter().map(|&n| graph.id(n).to_owned()).collect()
}

fn step(graph: &RevisionGraph, node: Node, direction: StepDirection) -> Step {
    Step {
        revision: graph.revision(node).clone(),
        depends_on: ids(graph, graph.dependencies(node)),
        direction,
        removed: false,
        confirm: false,
    }
}

fn steps(graph: &RevisionGraph, nodes: &[Node], direction: StepDirection) -> Vec<Step> {
    nodes.iter().map(|&n| step(graph, n, direction)).collect()
}

/// The current heads of the recorded rows, as `alembic current` lists them: rows no other row revises (a
/// revision recorded only as another's dependency is one), in topological order where the graph knows them.
fn current_head_ids(graph: &RevisionGraph, rows: &[HistoryRow]) -> Vec<String> {
    let revised: std::collections::HashSet<&str> = rows
        .iter()
        .flat_map(|row| row.parents.iter().map(String::as_str))
        .collect();
    let mut heads: Vec<&HistoryRow> = rows
        .iter()
        .filter(|row| !revised.contains(row.revision.as_str()))
        .collect();
    heads.sort_by_key(|r| graph.node(&r.revision).map_or(u32::MAX, |n| graph.rank(n)));
    heads.into_iter().map(|r| r.revision.clone()).collect()
}

/// A revision rebuilt from a history row, for a build that does not know it.
fn synthetic_revision(row: &HistoryRow, table: &str) -> Revision {
    let list = |items: &[String]| -> migrate_core::TextList {
        items
            .iter()
            .map(|s| Cow::Owned(s.clone()))
            .collect::<Vec<_>>()
            .into()
    };
    Revision {
        id: Cow::Owned(row.revision.clone()),
        parents: list(&row.parents),
        depends_on: list(&row.depends_on),
        branch_labels: Cow::Owned(Vec::new()),
        message: Cow::Owned(row.message.clone()),
        create_date: Cow::Borrowed(""),
        transactional: true,
        up_sql: Cow::Borrowed(""),
        down_sql: row.down_sql.clone().map(Cow::Owned),
        checksum: Cow::Owned(row.checksum.clone()),
        source: migrate_core::Source {
            path: Cow::Owned(format!("{table} {HISTORY_SOURCE}")),
            id_line: 0,
            parents_line: 0,
            depends_on_line: 0,
            labels_line: 0,
            up_line: 0,
            down_line: 0,
            up_bytes: (0, 0),
            down_bytes: None,
        },
    }
}

fn synthetic_step(row: &HistoryRow, table: &str) -> Step {
    Step {
        revision: synthetic_revision(row, table),
        depends_on: row.depends_on.clone(),
        direction: StepDirection::Stamp,
        removed: false,
        confirm: false,
    }
}

/// The graph plus revisions rebuilt from history rows it does not know, so a downgrade can use their stored
/// down SQL.
fn extend_graph(
    graph: &RevisionGraph,
    rows: &[HistoryRow],
    table: &str,
) -> Result<RevisionGraph, Error> {
    let mut revisions = graph.revisions().to_vec();
    let unknown: Vec<&HistoryRow> = rows
        .iter()
        .filter(|r| graph.node(&r.revision).is_none())
        .collect();
    revisions.extend(unknown.iter().map(|r| synthetic_revision(r, table)));
    let mut problems = Vec::new();
    match migrate_core::build_graph(revisions, &mut problems) {
        Some(extended) if problems.is_empty() => Ok(extended),
        _ => Err(Error::UnknownRevisions {
            ids: unknown.iter().map(|r| r.revision.clone()).collect(),
        }),
    }
}

impl crate::EmbeddedMigrations {
    /// A [`Migrator`] over the embedded revisions, with default options.
    pub fn migrator(&self) -> Migrator<'static> {
        Migrator::new(self.graph())
    }
}
