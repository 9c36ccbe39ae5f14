//! `migrate stamp TARGET... [--purge] [--sql]`: records the state an upgrade or downgrade to the targets would
//! leave, running no migration SQL. `migrate stamp --from diesel|alembic` adopts a database another tool
//! managed.

use anyhow::bail;
use migrate_core::HeadsPolicy;
use migrate_runtime::{AdoptionOutcome, Foreign};

use crate::Context;
use crate::database::{self, BackendArg};

/// The tool `stamp --from` adopts a database from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// diesel_migrations: stamps the revisions of the versions `__diesel_schema_migrations` lists
    Diesel,
    /// Alembic: stamps the heads `alembic_version` lists and everything below them
    Alembic,
}

/// Arguments of `migrate stamp`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate stamp head\n  migrate stamp base\n  migrate stamp --purge 3f2a9c1b7d4e\n  migrate stamp billing@head accounts@head\n  migrate stamp base:head --sql --backend sqlite\n  migrate stamp --from diesel     # after `migrate import diesel`, on a database diesel managed"
)]
pub struct Args {
    /// Targets: ids, prefixes, `head`, `heads`, `base`, `<label>@head`, ... (first one may be `START:END` with --sql)
    #[arg(
        required_unless_present = "from",
        conflicts_with = "from",
        allow_negative_numbers = true
    )]
    targets: Vec<String>,
    /// Clear the history first (also removes revisions this folder does not know)
    #[arg(long, conflicts_with = "from")]
    purge: bool,
    /// Print the SQL instead of running it (starts from `base`, or from START in `START:END`)
    #[arg(long, conflicts_with = "from")]
    sql: bool,
    /// The SQL dialect of --sql when no database URL is configured
    #[arg(long, value_enum, requires = "sql")]
    backend: Option<BackendArg>,
    /// Adopt a database another tool managed: with an empty history, record what its table says is applied
    #[arg(long, value_enum, value_name = "TOOL")]
    from: Option<From>,
}

/// Runs `migrate stamp`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    if let Some(from) = args.from {
        let foreign = match from {
            From::Diesel => Foreign::Diesel,
            From::Alembic => Foreign::Alembic,
        };
        let table = foreign.table();
        let mut conn = database::connect(&settings, context)?;
        let mut migrator = database::migrator(&graph, &settings, context);
        let adoption = migrator.adopt(&mut conn, foreign)?;
        match adoption.outcome {
            AdoptionOutcome::NoForeignTable => bail!(
                "this database has no {table} table, so there is nothing to adopt; `migrate upgrade head` starts it from base"
            ),
            AdoptionOutcome::AlreadyManaged => bail!(
                "the migrate history of this database is not empty (current: {}); nothing was adopted: adoption only starts an empty history, `migrate stamp <rev>` changes one",
                adoption.report.heads_after.join(", ")
            ),
            _ => {}
        }
        let count = adoption.report.steps.len();
        let pending = migrator.pending(&mut conn, "heads")?.len();
        context.out.line(format!(
            "Adopted {count} {} from {table} ({} {} listed); current: {}; {pending} {} to run with `migrate upgrade heads`",
            if count == 1 { "revision" } else { "revisions" },
            adoption.foreign.len(),
            if adoption.foreign.len() == 1 { "value" } else { "values" },
            if adoption.report.heads_after.is_empty() {
                "base".to_owned()
            } else {
                adoption.report.heads_after.join(", ")
            },
            if pending == 1 { "revision" } else { "revisions" },
        ));
        return Ok(());
    }
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
