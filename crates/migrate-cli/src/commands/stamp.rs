//! `migrate stamp TARGET... [--purge] [--sql]`: records the state an upgrade or downgrade to the targets would
//! leave, running no migration SQL.

use anyhow::bail;
use migrate_core::HeadsPolicy;

use crate::Context;
use crate::database::{self, BackendArg};

/// Arguments of `migrate stamp`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate stamp head\n  migrate stamp base\n  migrate stamp --purge 3f2a9c1b7d4e\n  migrate stamp billing@head accounts@head\n  migrate stamp base:head --sql --backend sqlite"
)]
pub struct Args {
    /// Targets: ids, prefixes, `head`, `heads`, `base`, `<label>@head`, ... (first one may be `START:END` with --sql)
    #[arg(required = true, allow_negative_numbers = true)]
    targets: Vec<String>,
    /// Clear the history first (also removes revisions this folder does not know)
    #[arg(long)]
    purge: bool,
    /// Print the SQL instead of running it (starts from `base`, or from START in `START:END`)
    #[arg(long)]
    sql: bool,
    /// The SQL dialect of --sql when no database URL is configured
    #[arg(long, value_enum, requires = "sql")]
    backend: Option<BackendArg>,
}

/// Runs `migrate stamp`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let mut start = None;
    let mut targets: Vec<&str> = Vec::new();
    for (index, text) in args.targets.iter().enumerate() {
        let (s, t) = database::split_range(text);
        if s.is_some() && (index > 0 || !args.sql) {
            bail!("only the first target of `stamp --sql` may be a `START:END` range");
        }
        start = start.or(s);
        targets.push(t);
    }
    if args.sql {
        let backend = database::offline_backend(&settings, args.backend)?;
        let from = database::offline_start(&graph, &settings, context, start)?;
        let migrator = database::migrator(&graph, &settings, context);
        let from: Vec<&str> = from.iter().map(String::as_str).collect();
        let script = migrator.script_stamp(backend, &from, &targets, args.purge)?;
        context.out.info("Generating static SQL");
        context.out.raw(&script);
        return Ok(());
    }
    let mut conn = database::connect(&settings, context)?;
    let mut migrator = database::migrator(&graph, &settings, context);
    let report = migrator.stamp(&mut conn, &targets, args.purge)?;
    for warning in &report.warnings {
        context.out.warn(warning);
    }
    Ok(())
}
