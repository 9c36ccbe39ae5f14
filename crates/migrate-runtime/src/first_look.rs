//! The lock-free first look of an upgrade: one read of the history, which is the whole run when everything
//! requested is applied (the start-up check of an application that is up to date).

use crate::connection::MigrationConnection;
use crate::history::Tables;
use crate::migrator::{Graph, Migrator, ids};
use crate::report::{Report, StepDirection};
use crate::rows::Glance;

impl Migrator<'_> {
    /// The lock-free first look of an upgrade: one read of the history summary. A report when there is
    /// nothing to do; `None` (take the lock and look again) on anything else: pending steps, a `running`
    /// marker, an unknown revision, a checksum that differs, a target the planner refuses, or a read that
    /// fails (no history table yet, or SQLite busy with another migration). An embedded table answers
    /// `head`/`heads` with everything applied from the table alone, so the start-up check of an
    /// application that is up to date never builds the graph.
    pub(crate) fn up_to_date(
        &mut self,
        conn: &mut impl MigrationConnection,
        target: &str,
    ) -> Option<Report> {
        let tables = Tables::new(conn.backend(), &self.options);
        let (count, running, revisions, checksums) =
            conn.query_glance(&tables.select_glance()).ok()??;
        let glance = Glance::new(count, running, &revisions, &checksums)?;
        if glance.running > 0 {
            return None;
        }
        if let Graph::Embedded(embedded) = self.graph
            && let Some(head) = embedded.everything_applied(&glance, target)
        {
            return Some(self.nothing_to_do(vec![head.to_owned()], vec![head.to_owned()]));
        }
        let graph = self.graph();
        let mut applied = Vec::with_capacity(graph.len());
        // One pass, one lookup per row; drift (refused or warned about) is for the locked run to report.
        let known = glance.each_row(|revision, checksum| {
            let node = graph.node(revision);
            node.is_some_and(|node| {
                applied.push(node);
                graph.revision(node).checksum == checksum
            })
        });
        if !known {
            return None;
        }
        let applied = graph.applied_nodes(applied);
        let plan = graph.plan_upgrade(&applied, target).ok()?;
        if !plan.steps.is_empty() {
            return None;
        }
        Some(self.nothing_to_do(
            ids(graph, &plan.heads_before),
            ids(graph, &plan.heads_after),
        ))
    }

    /// The report of an upgrade with nothing to do, after telling the plan callback so.
    fn nothing_to_do(&mut self, heads_before: Vec<String>, heads_after: Vec<String>) -> Report {
        self.announce_plan(StepDirection::Upgrade, &[]);
        Report {
            steps: Vec::new(),
            heads_before,
            heads_after,
            warnings: Vec::new(),
        }
    }
}
