//! `migrate upgrade TARGET [--sql]`: applies revisions up to a target, or prints the script that would.

use anyhow::bail;
use migrate_core::HeadsPolicy;
use migrate_runtime::StepDirection;

use crate::Context;
use crate::database::{self, BackendArg};
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
    /// Print the SQL instead of running it (starts from `base`, or from START in `START:END`)
    #[arg(long)]
    sql: bool,
    /// The SQL dialect of --sql when no database URL is configured
    #[arg(long, value_enum, requires = "sql")]
    backend: Option<BackendArg>,
}

/// Runs `migrate upgrade`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let (start, target) = database::split_range(&args.target);
    if args.sql {
        let backend = database::offline_backend(&settings, args.backend)?;
        let from = database::offline_start(&graph, &settings, context, start)?;
        let migrator = database::migrator(&graph, &settings, context);
        let (applied, _) = graph.applied_set(from.iter().map(String::as_str));
        let plan = graph.plan_upgrade(&applied, target)?;
        let from: Vec<&str> = from.iter().map(String::as_str).collect();
        let script = migrator.script_upgrade(backend, &from, target)?;
        database::print_plan(
            context,
            backend,
            &graph,
            StepDirection::Upgrade,
            &plan.steps,
            false,
        );
        context.out.raw(&script);
        return Ok(());
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
    });
    let report = migrator.upgrade(&mut conn, target)?;
    for warning in &report.warnings {
        context.out.warn(warning);
    }
    super::print_schema::after_migration(&settings, context, &mut conn)
}
