//! Offline scripts: the SQL an upgrade, downgrade or stamp would run, through the same engine as an online
//! run, returned with the steps it takes (planned once).

use migrate_core::{AppliedSet, Direction, Node, RevisionGraph};

use crate::apply::{Run, ScriptSink, Step};
use crate::backend::Backend;
use crate::error::Error;
use crate::history::Tables;
use crate::migrator::{Migrator, ids, stamp_steps, step, steps};
use crate::report::{StepDirection, StepEvent, StepReport};
use crate::time::now_utc;

/// An offline script and the plan it was written from: what [`Migrator::script_upgrade`],
/// [`script_downgrade`](Migrator::script_downgrade) and [`script_stamp`](Migrator::script_stamp) return.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Script {
    /// The SQL, history and log statements included, ready to run on the backend it was written for.
    pub sql: String,
    /// The steps the script takes, in order (their `Display` is Alembic's `Running upgrade a -> b` line).
    pub steps: Vec<StepEvent>,
    /// The heads of the state the script starts from.
    pub heads_before: Vec<String>,
    /// The heads it leaves.
    pub heads_after: Vec<String>,
}

impl Migrator<'_> {
    /// The SQL an upgrade from `from` to `target` would run on `backend`, history statements included.
    /// `from` names the revisions applied (ids, prefixes, labels or `heads`; their ancestors are implied);
    /// empty or `base` means an empty database, and then the script creates the history and log tables.
    ///
    /// ```
    /// use migrate_runtime::{Backend, EmbeddedMigrations, embed_migrations};
    ///
    /// const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
    ///
    /// let script = MIGRATIONS.migrator().script_upgrade(Backend::Postgres, &[], "1f3a9c2b7d40")?;
    /// assert_eq!(script.steps[0].to_string(), "Running upgrade <base> -> 1f3a9c2b7d40, create users");
    /// assert!(script.sql.contains("CREATE TABLE users"));
    /// # Ok::<(), migrate_runtime::Error>(())
    /// ```
    pub fn script_upgrade(
        &self,
        backend: Backend,
        from: &[&str],
        target: &str,
    ) -> Result<Script, Error> {
        self.script_moving(backend, from, target, Direction::Upgrade)
    }

    /// The SQL a downgrade from `from` to `target` would run on `backend`.
    ///
    /// ```
    /// use migrate_runtime::{Backend, EmbeddedMigrations, embed_migrations};
    ///
    /// const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
    ///
    /// let script = MIGRATIONS.migrator().script_downgrade(Backend::Sqlite, &["1f3a9c2b7d40"], "base")?;
    /// assert_eq!(script.steps[0].to_string(), "Running downgrade 1f3a9c2b7d40 -> <base>, create users");
    /// assert!(script.sql.contains("DROP TABLE users"));
    /// # Ok::<(), migrate_runtime::Error>(())
    /// ```
    pub fn script_downgrade(
        &self,
        backend: Backend,
        from: &[&str],
        target: &str,
    ) -> Result<Script, Error> {
        self.script_moving(backend, from, target, Direction::Downgrade)
    }

    /// The SQL a stamp from `from` to `targets` would run on `backend`.
    ///
    /// ```
    /// use migrate_runtime::{Backend, EmbeddedMigrations, StampMode, embed_migrations};
    ///
    /// const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");
    ///
    /// let script = MIGRATIONS.migrator().script_stamp(Backend::Mysql, &[], &["head"], StampMode::Keep)?;
    /// assert_eq!(script.heads_after, ["7a5d2f8c1e39"]);
    /// assert!(script.sql.contains("'stamped'"));
    /// # Ok::<(), migrate_runtime::Error>(())
    /// ```
    pub fn script_stamp(
        &self,
        backend: Backend,
        from: &[&str],
        targets: &[&str],
        mode: crate::StampMode,
    ) -> Result<Script, Error> {
        let purge = mode == crate::StampMode::Purge;
        let graph = self.graph();
        let applied = self.script_start(from)?;
        let plan = graph.plan_stamp(&applied, targets, purge)?;
        let purged = purge.then(|| {
            let nodes = applied.nodes(graph).into_iter().rev();
            nodes
                .map(|n| step(graph, n, StepDirection::Stamp))
                .collect()
        });
        let steps = stamp_steps(graph, &plan, purged, &[]);
        let what = format!(
            "stamp {}{}",
            if purge { "--purge " } else { "" },
            targets.join(" ")
        );
        let sql = self.script(backend, from, &what, |run, sink| run.stamp(sink, &steps))?;
        Ok(script(graph, sql, &steps, &applied, &plan.heads_after))
    }

    /// An upgrade or downgrade script: one plan, then the engine writes it.
    fn script_moving(
        &self,
        backend: Backend,
        from: &[&str],
        target: &str,
        direction: Direction,
    ) -> Result<Script, Error> {
        let graph = self.graph();
        let applied = self.script_start(from)?;
        let (plan, direction, verb) = match direction {
            Direction::Upgrade => (
                graph.plan_upgrade(&applied, target)?,
                StepDirection::Upgrade,
                "upgrade",
            ),
            Direction::Downgrade => (
                graph.plan_downgrade(&applied, target)?,
                StepDirection::Downgrade,
                "downgrade",
            ),
        };
        let steps = steps(graph, &plan.steps, direction);
        let what = format!("{verb} {target}");
        let sql = self.script(backend, from, &what, |run, sink| run.steps(sink, &steps))?;
        Ok(script(graph, sql, &steps, &applied, &plan.heads_after))
    }

    /// The applied set a script starts from.
    fn script_start(&self, from: &[&str]) -> Result<AppliedSet, Error> {
        self.options.validate()?;
        Ok(self.graph().applied_through(from)?)
    }

    /// Writes a script: its header line, the session's `init_sql`, then what `body` runs.
    fn script(
        &self,
        backend: Backend,
        from: &[&str],
        what: &str,
        body: impl FnOnce(&mut Run<'_, '_>, &mut ScriptSink) -> Result<Vec<StepReport>, Error>,
    ) -> Result<String, Error> {
        let start = from.iter().all(|f| *f == "base");
        let mut sink = ScriptSink::new(
            backend,
            format!(
                "-- migrate {what} from {} ({backend}), generated {} UTC\n",
                if start {
                    "base".to_owned()
                } else {
                    from.join(", ")
                },
                now_utc()
            ),
        );
        for text in &self.options.init_sql {
            for statement in crate::split::split_statements(text, backend) {
                use crate::apply::Sink as _;
                sink.exec(&statement).map_err(|error| Error::InitSql {
                    statement: statement.to_string(),
                    error,
                })?;
            }
        }
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

/// The [`Script`] of written SQL and the steps and heads of its plan.
fn script(
    graph: &RevisionGraph,
    sql: String,
    steps: &[Step<'_>],
    applied: &AppliedSet,
    heads_after: &[Node],
) -> Script {
    Script {
        sql,
        steps: steps.iter().map(Step::event).collect(),
        heads_before: ids(graph, &applied.heads(graph)),
        heads_after: ids(graph, heads_after),
    }
}
