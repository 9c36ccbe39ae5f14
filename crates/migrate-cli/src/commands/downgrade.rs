//! `migrate downgrade TARGET [--sql]`: reverts revisions down to a target, or prints the script that would.

use anyhow::bail;
use migrate_core::HeadsPolicy;
use migrate_runtime::Migrator;

use crate::Context;
use crate::database;
use crate::offline::{self, OfflineArgs};

/// Arguments of `migrate downgrade`.
#[derive(Debug, clap::Args)]
#[command(
    mut_arg("sql", |a| a.help("Print the SQL instead of running it (needs `START:END`)")),
    after_help = "Examples:\n  migrate downgrade -1\n  migrate downgrade 3f2a\n  migrate downgrade base\n  migrate downgrade billing@base\n  migrate downgrade head:base --sql > downgrade.sql"
)]
pub struct Args {
    /// Target: `-N`, an id or unique prefix, `base`, `<label>@base`, `head-1`, ... (`START:END` with --sql)
    #[arg(allow_negative_numbers = true)]
    target: String,
    #[command(flatten)]
    offline: OfflineArgs,
}

/// Runs `migrate downgrade`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let (start, target) = offline::split_range(&args.target);
    if args.offline.sql {
        let Some(start) = start else {
            bail!(
                "downgrade with --sql needs a `START:END` range, e.g. `migrate downgrade head:base --sql`"
            );
        };
        let write = |migrator: &Migrator<'_>, backend, from: &[&str]| {
            migrator.script_downgrade(backend, from, target)
        };
        return args.offline.run(
            context,
            &settings,
            &graph,
            Some(start),
            write,
            offline::per_step,
        );
    }
    if start.is_some() {
        bail!(
            "a `START:END` range is only allowed with --sql; the start of an online downgrade is the database's current state"
        );
    }
    let mut conn = database::connect(&settings, context)?;
    let mut migrator = database::migrator(&graph, &settings, context);
    let report = database::with_progress(context, || migrator.downgrade(&mut conn, target))?;
    for warning in &report.warnings {
        context.out.warning(warning);
    }
    super::print_schema::after_migration(&settings, context, &mut conn)
}
