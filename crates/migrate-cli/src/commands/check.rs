//! `migrate check`: for CI. The folder is valid and has one head (the build's rule), the database is at the
//! heads, every applied revision's checksum matches its file, and no revision is unknown or left `running`.
//! With a schema file, the models agree with the folder ([`super::check_models`]). Exits with 1 and lists
//! every problem otherwise.

use anyhow::bail;
use migrate_core::HeadsPolicy;

use crate::Context;
use crate::database;

/// Arguments of `migrate check`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate check                       # in CI, before deploying\n  DATABASE_URL=postgres://... migrate check"
)]
pub struct Args {}

/// Runs `migrate check`.
pub fn run(_args: Args, context: &Context) -> anyhow::Result<()> {
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
        if heads.is_empty() {
            "<base>".to_owned()
        } else {
            heads.join(", ")
        }
    ));
    Ok(())
}
