//! Offline scripts: the SQL an upgrade, downgrade or stamp would run, through the same engine as an online
//! run.

use crate::apply::{Run, ScriptSink, Step};
use crate::backend::Backend;
use crate::error::Error;
use crate::history::Tables;
use crate::migrator::{Migrator, step, steps};
use crate::report::{StepDirection, StepReport};
use crate::time::now_utc;

impl Migrator<'_> {
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
            (0..graph.len() as migrate_core::Node)
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
