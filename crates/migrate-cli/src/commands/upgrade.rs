//! `migrate upgrade TARGET [--sql]`: applies revisions up to a target, or prints the script that would.

use anyhow::bail;
use migrate_core::HeadsPolicy;
use migrate_runtime::Migrator;

use crate::Context;
use crate::database;
use crate::offline::{self, OfflineArgs};
use crate::template::PLACEHOLDER_MARK;

/// Arguments of `migrate upgrade`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate upgrade head\n  migrate upgrade +1\n  migrate upgrade billing@head\n  migrate upgrade 3f2a\n  migrate upgrade head --sql > upgrade.sql\n  migrate upgrade 1f3a:head --sql --backend postgres"
)]
pub struct Args {
    /// Target: `head`, `heads`, an id or unique prefix, `+N`, `<label>@head`, ... (`START:END` with --sql)
    #[arg(allow_negative_numbers = true)]
    target: String,
    #[command(flatten)]
    offline: OfflineArgs,
}

/// Runs `migrate upgrade`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let (start, target) = offline::split_range(&args.target);
    if args.offline.sql {
        let write = |migrator: &Migrator<'_>, backend, from: &[&str]| {
            migrator.script_upgrade(backend, from, target)
        };
        return args
            .offline
            .run(context, &settings, &graph, start, write, offline::per_step);
    }
    if start.is_some() {
        bail!(
            "a `START:END` range is only allowed with --sql; the start of an online upgrade is the database's current state"
        );
    }
    let mut conn = database::connect(&settings, context)?;
    // The warning comes from the plan the upgrade makes under its lock: reading the pending revisions
    // before would be a second read and plan, outside the lock (on SQLite it failed while another
    // process held the file).
    let out = context.out;
    let mut migrator = database::migrator(&graph, &settings, context).on_plan(move |plan| {
        for revision in &plan.revisions {
            if revision.up_sql.contains(PLACEHOLDER_MARK) {
                out.warn(format!(
                    "revision {} ({}) still has the generated placeholder `SELECT 1;` in its up section",
                    revision.id, revision.source.path
                ));
            }
        }
        crate::progress::start(out, plan);
    });
    let report = database::with_progress(context, || migrator.upgrade(&mut conn, target))?;
    for warning in &report.warnings {
        context.out.warning(warning);
    }
    super::print_schema::after_migration(&settings, context, &mut conn)
}
