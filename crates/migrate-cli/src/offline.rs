//! Offline (`--sql`) scripts: the arguments upgrade, downgrade and stamp share, and the one runner that
//! works out the dialect and the starting point, has the runtime write the script, and prints it.

use anyhow::bail;
use migrate_core::RevisionGraph;
use migrate_runtime::{Backend, Migrator, Script};

use crate::Context;
use crate::config::Settings;
use crate::database;

/// The offline arguments of `upgrade`, `downgrade` and `stamp` (flattened into each).
#[derive(Debug, clap::Args)]
pub struct OfflineArgs {
    /// Print the SQL instead of running it (starts from `base`, or from START in `START:END`)
    #[arg(long)]
    pub sql: bool,
    /// The SQL dialect of --sql when no database URL is configured
    #[arg(long, value_enum, requires = "sql")]
    pub backend: Option<BackendArg>,
}

/// `--backend` of offline (`--sql`) commands, for when no database URL is configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendArg {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    Mysql,
}

impl From<BackendArg> for Backend {
    fn from(arg: BackendArg) -> Backend {
        match arg {
            BackendArg::Sqlite => Backend::Sqlite,
            BackendArg::Postgres => Backend::Postgres,
            BackendArg::Mysql => Backend::Mysql,
        }
    }
}

/// Splits an offline `start:end` range; a plain target has no start.
pub fn split_range(target: &str) -> (Option<&str>, &str) {
    match target.split_once(':') {
        Some((start, end)) => (Some(start), end),
        None => (None, target),
    }
}

/// The log lines of most offline commands: one `Running upgrade a -> b` line per step of the script.
/// (Stamp logs version-table changes instead, as Alembic does.)
pub fn per_step(script: &Script) -> anyhow::Result<Vec<String>> {
    Ok(script.steps.iter().map(|s| s.to_string()).collect())
}

impl OfflineArgs {
    /// Runs an offline command: the backend (`--backend`, else the configured URL's scheme, which is
    /// not opened), the applied revisions at `start`, the script `write` has the runtime produce from
    /// them, then Alembic's preamble, the step `lines` of the script and the SQL.
    pub fn run(
        &self,
        context: &Context,
        settings: &Settings,
        graph: &RevisionGraph,
        start: Option<&str>,
        write: impl FnOnce(&Migrator<'_>, Backend, &[&str]) -> Result<Script, migrate_runtime::Error>,
        lines: impl FnOnce(&Script) -> anyhow::Result<Vec<String>>,
    ) -> anyhow::Result<()> {
        print(context, settings, graph, self.backend, start, write, lines)
    }
}

/// [`OfflineArgs::run`].
fn print(
    context: &Context,
    settings: &Settings,
    graph: &RevisionGraph,
    backend_arg: Option<BackendArg>,
    start: Option<&str>,
    write: impl FnOnce(&Migrator<'_>, Backend, &[&str]) -> Result<Script, migrate_runtime::Error>,
    lines: impl FnOnce(&Script) -> anyhow::Result<Vec<String>>,
) -> anyhow::Result<()> {
    let backend = backend(settings, backend_arg)?;
    let from = start_ids(graph, settings, context, start)?;
    let from: Vec<&str> = from.iter().map(String::as_str).collect();
    let migrator = database::migrator(graph, settings, context);
    let script = write(&migrator, backend, &from)?;
    let lines = lines(&script)?;
    preamble(context, backend);
    for line in lines {
        context.out.info(line);
    }
    context.out.raw(&script.sql);
    Ok(())
}

/// The lines Alembic logs before an offline script: the backend, `Generating static SQL`, the DDL mode.
fn preamble(context: &Context, backend: Backend) {
    context.out.info(format!("Context impl {backend}."));
    context.out.info("Generating static SQL");
    context.out.info(database::ddl_line(backend));
}

/// The backend an offline script is written for: `--backend`, else the configured URL's scheme (nothing is
/// opened).
fn backend(settings: &Settings, arg: Option<BackendArg>) -> anyhow::Result<Backend> {
    if let Some(arg) = arg {
        return Ok(arg.into());
    }
    match settings.database_url_if_any() {
        Some(url) => Ok(Backend::from_url(url)?),
        None => bail!(
            "--sql needs to know the SQL dialect: pass `--backend sqlite|postgres|mysql`, or configure a database URL (it is not opened)"
        ),
    }
}

/// The ids applied where an offline script starts: none for `base` (or no start), the database's history
/// for `current`, else the revisions `start` names in the folder and all their ancestors.
fn start_ids(
    graph: &RevisionGraph,
    settings: &Settings,
    context: &Context,
    start: Option<&str>,
) -> anyhow::Result<Vec<String>> {
    match start {
        None | Some("base") => Ok(Vec::new()),
        Some("current") => {
            let mut conn = database::connect(settings, context)?;
            let migrator = Migrator::new(graph).with_options(database::options(settings));
            Ok(migrator
                .history(&mut conn)?
                .into_iter()
                .map(|row| row.revision)
                .collect())
        }
        Some(start) => {
            let applied = graph.applied_through(&[start])?;
            Ok(applied
                .nodes(graph)
                .into_iter()
                .map(|n| graph.id(n).to_owned())
                .collect())
        }
    }
}
