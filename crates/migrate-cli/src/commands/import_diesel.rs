//! `migrate import diesel DIR`: converts a diesel_migrations folder into revisions in the migrations folder.

use std::path::PathBuf;

use crate::Context;

/// Arguments of `migrate import diesel`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate import diesel diesel/migrations\n  migrate import diesel diesel/migrations --force   # add what is new since the last import\n\nThen, on each database diesel manages: migrate stamp --from diesel"
)]
pub struct Args {
    /// The diesel migrations folder (the one with `<version>_<name>/up.sql`)
    #[arg(value_name = "DIR")]
    folder: PathBuf,
    /// Write into a migrations folder that is not empty (files already there with the same text are kept)
    #[arg(long)]
    force: bool,
}

/// Runs `migrate import diesel`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let migrations = crate::diesel::read_folder(&args.folder)?;
    let files = crate::diesel::convert(migrations)?;
    let source = migrate_core::display_path(&args.folder, &settings.root);
    crate::import::write(context, &settings, files, args.force, &source)
}
