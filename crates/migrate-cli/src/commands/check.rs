//! `migrate check`: for CI. The folder is valid and has one head (the build's rule), the database is at the
//! heads, every applied revision's checksum matches its file, and no revision is unknown or left `running`.
//! With a schema file, the models agree with the folder ([`super::check_models`]). With `--drift` (or
//! `drift = true`) the live database is also compared with the folder's replay (`drift.rs`). Exits with 1
//! and lists every problem otherwise.

mod drift;

use anyhow::bail;
use migrate_core::HeadsPolicy;

use crate::Context;
use crate::database;
use crate::output::or_base;

/// Arguments of `migrate check`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate check                       # in CI, before deploying\n  DATABASE_URL=postgres://... migrate check\n  migrate check --drift               # and the database has no hand-made changes"
)]
pub struct Args {
    /// Also compare the live database with the folder's replay: indexes, defaults, constraints included
    #[arg(long)]
    drift: bool,
}

/// Runs `migrate check`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::Single)?;
    let mut conn = database::connect(&settings, context)?;
    let migrator =
        migrate_runtime::Migrator::new(&graph).with_options(database::options(&settings));
    let mut problems: Vec<String> = migrator
        .verify(&mut conn)?
        .iter()
        .map(ToString::to_string)
        .collect();
    problems.extend(super::check_models::problem(&settings, context, &graph)?);
    if args.drift || settings.drift {
        problems.extend(drift::problems(&graph, &settings, &mut conn, context)?);
    }
    if !problems.is_empty() {
        let count = problems.len();
        let mut text = format!(
            "{count} problem{} found:",
            if count == 1 { "" } else { "s" }
        );
        for problem in problems {
            text.push_str(&format!("\n- {problem}"));
        }
        bail!(text);
    }
    let heads: Vec<&str> = graph.heads().iter().map(|&n| graph.id(n)).collect();
    context.out.info(format!(
        "No problems found: {} revision{}, the database is at the head{} ({}).",
        graph.len(),
        if graph.len() == 1 { "" } else { "s" },
        if heads.len() == 1 { "" } else { "s" },
        or_base(heads.iter())
    ));
    Ok(())
}
