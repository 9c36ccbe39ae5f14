//! `migrate downgrade TARGET [--sql]`: reverts revisions down to a target, or prints the script that would.

use anyhow::bail;
use migrate_core::HeadsPolicy;
use migrate_runtime::StepDirection;

use crate::Context;
use crate::database::{self, BackendArg};

/// Arguments of `migrate downgrade`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate downgrade -1\n  migrate downgrade 3f2a\n  migrate downgrade base\n  migrate downgrade billing@base\n  migrate downgrade head:base --sql > downgrade.sql"
)]
pub struct Args {
    /// Target: `-N`, an id or unique prefix, `base`, `<label>@base`, `head-1`, ... (`START:END` with --sql)
    #[arg(allow_negative_numbers = true)]
    target: String,
    /// Print the SQL instead of running it (needs `START:END`)
    #[arg(long)]
    sql: bool,
    /// The SQL dialect of --sql when no database URL is configured
    #[arg(long, value_enum, requires = "sql")]
    backend: Option<BackendArg>,
}

/// Runs `migrate downgrade`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let (start, target) = database::split_range(&args.target);
    if args.sql {
        let Some(start) = start else {
            bail!(
                "downgrade with --sql needs a `START:END` range, e.g. `migrate downgrade head:base --sql`"
            );
        };
        let backend = database::offline_backend(&settings, args.backend)?;
        let from = database::offline_start(&graph, &settings, context, Some(start))?;
        let migrator = database::migrator(&graph, &settings, context);
        let (applied, _) = graph.applied_set(from.iter().map(String::as_str));
        let plan = graph.plan_downgrade(&applied, target)?;
        let from: Vec<&str> = from.iter().map(String::as_str).collect();
        let script = migrator.script_downgrade(backend, &from, target)?;
        database::print_plan(
            context,
            backend,
            &graph,
            StepDirection::Downgrade,
            &plan.steps,
            false,
        );
        context.out.raw(&script);
        return Ok(());
    }
    if start.is_some() {
        bail!(
            "a `START:END` range is only allowed with --sql; the start of an online downgrade is the database's current state"
        );
    }
    let mut conn = database::connect(&settings, context)?;
    let mut migrator = database::migrator(&graph, &settings, context);
    let report = migrator.downgrade(&mut conn, target)?;
    for warning in &report.warnings {
        context.out.warn(warning);
    }
    super::print_schema::after_migration(&settings, context, &mut conn)
}
