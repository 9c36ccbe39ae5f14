//! `migrate import alembic`: converts the SQL Alembic writes offline into revisions in the migrations folder.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context as _, bail};

use crate::Context;

/// Arguments of `migrate import alembic`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate import alembic                                  # runs `alembic` (on the PATH) in this folder\n  migrate import alembic --alembic-ini service/alembic.ini\n  alembic upgrade base:heads --sql > up.sql; alembic downgrade heads:base --sql > down.sql; alembic history --verbose > history.txt\n  migrate import alembic --upgrade-sql up.sql --downgrade-sql down.sql --history history.txt\n\nThen, on each database Alembic manages: migrate stamp --from alembic"
)]
pub struct Args {
    /// The output of `alembic upgrade base:heads --sql` [default: run it]
    #[arg(long, value_name = "FILE")]
    upgrade_sql: Option<PathBuf>,
    /// The output of `alembic downgrade heads:base --sql` [default: run it when --upgrade-sql is not given;
    /// without it the revisions are irreversible]
    #[arg(long, value_name = "FILE")]
    downgrade_sql: Option<PathBuf>,
    /// The output of `alembic history --verbose` (messages, dates, branch labels, depends_on) [default: run it
    /// when --upgrade-sql is not given]
    #[arg(long, value_name = "FILE")]
    history: Option<PathBuf>,
    /// The Alembic configuration `alembic` is run with (its `-c`) [default: alembic.ini]
    #[arg(long, value_name = "FILE", conflicts_with = "upgrade_sql")]
    alembic_ini: Option<PathBuf>,
    /// Write into a migrations folder that is not empty (files already there with the same text are kept)
    #[arg(long)]
    force: bool,
}

/// Runs `alembic ARGS...`: its stdout and stderr.
fn alembic(ini: Option<&PathBuf>, args: &[&str]) -> anyhow::Result<(String, String)> {
    let mut command = Command::new("alembic");
    if let Some(ini) = ini {
        command.arg("-c").arg(ini);
    }
    let output = command.args(args).output().with_context(|| {
        "cannot run `alembic`: install it (pip install alembic) or give the scripts with --upgrade-sql and --downgrade-sql"
    })?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        bail!(
            "`alembic {}` failed:\n{}",
            args.join(" "),
            stderr.trim_end()
        );
    }
    Ok((String::from_utf8_lossy(&output.stdout).into_owned(), stderr))
}

fn read(path: &PathBuf) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Runs `migrate import alembic`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let ini = args.alembic_ini.as_ref();
    let (upgrade, downgrade, history, log, source) = match &args.upgrade_sql {
        Some(path) => (
            read(path)?,
            args.downgrade_sql.as_ref().map(read).transpose()?,
            args.history.as_ref().map(read).transpose()?,
            String::new(),
            migrate_core::display_path(path, &settings.root),
        ),
        None => {
            let (upgrade, log) = alembic(ini, &["upgrade", "base:heads", "--sql"])?;
            let downgrade = match &args.downgrade_sql {
                Some(path) => read(path)?,
                None => alembic(ini, &["downgrade", "heads:base", "--sql"])?.0,
            };
            let history = match &args.history {
                Some(path) => read(path)?,
                None => alembic(ini, &["history", "--verbose"])?.0,
            };
            (
                upgrade,
                Some(downgrade),
                Some(history),
                log,
                "alembic".to_owned(),
            )
        }
    };
    let files = crate::alembic::convert(&upgrade, downgrade.as_deref(), history.as_deref(), &log)?;
    crate::import::write(context, &settings, files, args.force, &source)
}
