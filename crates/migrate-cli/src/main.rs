//! `migrate`: Alembic's workflow — `init`, `revision -m`, `upgrade head`, `downgrade -1`, `current`, `history`,
//! `show`, `heads`, `branches`, `merge heads`, `stamp`, `--sql` — over the migrations folder that
//! `embed_migrations!()` embeds. The folder is read at run time through migrate-core (the same diagnostics as
//! the build) and applied through migrate-runtime (the same history table, locks and guarantees).
//!
//! This crate is a binary; its modules are implementation details. `main` runs the command and maps an error to
//! `error: ...` on stderr and exit code 1; clap's usage errors exit with 2.

mod alembic;
mod commands;
mod config;
mod database;
mod diesel;
mod import;
mod offline;
mod output;
mod picture;
mod progress;
mod replay;
mod template;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser};

use crate::config::{Overrides, Settings};
use crate::output::Output;

/// Alembic-style migrations for Rust and Diesel.
#[derive(Debug, Parser)]
#[command(
    name = "migrate",
    version,
    about = "Alembic-style database migrations for Rust and Diesel",
    after_help = "Examples:\n  migrate init\n  migrate revision -m \"create users\"\n  migrate upgrade head\n  migrate downgrade -1\n  migrate history --indicate-current"
)]
struct Cli {
    /// The configuration file [default: migrate.toml, if present]
    #[arg(short = 'c', long = "config", global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The migrations folder (overrides `dir` in migrate.toml) [default: migrations]
    #[arg(long, global = true, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The database URL (else `database_url` in migrate.toml)
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// Print only results and errors, no INFO lines
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: commands::Command,
}

/// What every command gets: the command-line overrides (settings are read on demand, so `init` works without
/// a configuration) and the printer.
#[derive(Debug)]
pub struct Context {
    overrides: Overrides,
    /// The printer.
    pub out: Output,
}

impl Context {
    /// Reads `migrate.toml` and applies the overrides.
    pub fn settings(&self) -> anyhow::Result<Settings> {
        Settings::load(Overrides {
            config: self.overrides.config.clone(),
            dir: self.overrides.dir.clone(),
            database_url: self.overrides.database_url.clone(),
        })
    }

    /// Whether `--dir` was given.
    pub fn dir_override(&self) -> Option<&std::path::Path> {
        self.overrides.dir.as_deref()
    }
}

/// Reads `.env` from the working directory or the nearest parent that has one, as diesel_cli and sqlx-cli do:
/// it sets the variables that are not set yet (so `DATABASE_URL=... migrate ...` wins over the file). A file
/// that cannot be read or parsed is reported as a warning and skipped (its values are not printed).
fn load_dotenv() -> Result<(), String> {
    match dotenvy::dotenv() {
        Ok(_) => Ok(()),
        Err(error) if error.not_found() => Ok(()),
        // The line is not shown: it may hold a password.
        Err(dotenvy::Error::LineParse(..)) => {
            Err("cannot read .env: a line does not parse; the file is ignored".to_owned())
        }
        Err(error) => Err(format!("cannot read .env: {error}; the file is ignored")),
    }
}

fn main() -> ExitCode {
    // Before parsing, so that a DATABASE_URL from `.env` reaches `--database-url`.
    let dotenv = load_dotenv();
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    if let commands::Command::Completions(args) = &cli.command {
        commands::completions::run(args, &mut Cli::command());
        return ExitCode::SUCCESS;
    }
    // An empty DATABASE_URL is no URL at all (as diesel_cli reads it); an empty `--database-url` is given.
    let from_env = matches.value_source("database_url") == Some(ValueSource::EnvVariable);
    let database_url = cli.database_url.filter(|url| !(from_env && url.is_empty()));
    let context = Context {
        overrides: Overrides {
            config: cli.config,
            dir: cli.dir,
            database_url,
        },
        out: Output::new(cli.quiet),
    };
    if let Err(problem) = dotenv {
        context.out.warn(problem);
    }
    match commands::run(cli.command, &context) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Whatever failed, no password of a configured URL reaches the terminal.
            let urls = config::known_urls(&context.overrides);
            let message = output::in_config_terms(&format!("{error:#}"));
            output::error(&migrate_runtime::redact_text(&message, &urls));
            ExitCode::FAILURE
        }
    }
}
