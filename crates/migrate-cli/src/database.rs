//! The bridge to migrate-runtime: opening the database, the migrator with the configured tables, the
//! database's current heads as graph nodes, and the backend of offline scripts.

use anyhow::bail;
use migrate_core::{Node, RevisionGraph};
use migrate_runtime::{AnyConnection, Backend, Migrator, Options};

use crate::Context;
use crate::config::Settings;

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

/// Opens the configured database. Errors never contain the URL's password.
pub fn connect(settings: &Settings, context: &Context) -> anyhow::Result<AnyConnection> {
    let url = settings.database_url()?;
    let conn = migrate_runtime::connect(url)?;
    let backend = migrate_runtime::MigrationConnection::backend(&conn);
    context.out.info(format!("Context impl {backend}."));
    context.out.info(ddl_line(backend));
    Ok(conn)
}

fn ddl_line(backend: Backend) -> &'static str {
    if backend.transactional_ddl() {
        "Will assume transactional DDL."
    } else {
        "Will assume non-transactional DDL."
    }
}

/// The lines Alembic logs before an offline script: the backend, `Generating static SQL`, the DDL mode.
pub fn offline_preamble(context: &Context, backend: Backend) {
    context.out.info(format!("Context impl {backend}."));
    context.out.info("Generating static SQL");
    context.out.info(ddl_line(backend));
}

/// The runtime options from the settings.
#[allow(
    clippy::field_reassign_with_default,
    reason = "Options is non_exhaustive: no struct literal outside its crate"
)]
pub fn options(settings: &Settings) -> Options {
    let mut options = Options::default();
    options.history_table = settings.history_table.clone();
    options.log_table = settings.log_table.clone();
    options.init_sql = settings.init_sql.clone();
    options.on_checksum_mismatch = match settings.on_checksum_mismatch {
        crate::config::Mismatch::Error => migrate_runtime::OnMismatch::Error,
        crate::config::Mismatch::Warn => migrate_runtime::OnMismatch::Warn,
    };
    options
}

/// A migrator over `graph` that prints each step as Alembic does.
pub fn migrator<'g>(
    graph: &'g RevisionGraph,
    settings: &Settings,
    context: &'g Context,
) -> Migrator<'g> {
    let out = context.out;
    Migrator::new(graph)
        .with_options(options(settings))
        .on_step(move |event| out.info(event.to_string()))
}

/// The database's current heads: those the graph knows, as nodes, and the ids it does not know.
pub fn current(
    graph: &RevisionGraph,
    settings: &Settings,
    conn: &mut AnyConnection,
) -> anyhow::Result<(Vec<Node>, Vec<String>)> {
    let (nodes, unknown, _) = current_and_running(graph, settings, conn)?;
    Ok((nodes, unknown))
}

/// [`current`], and which of the heads are marked `running` (a run left them unfinished).
pub fn current_and_running(
    graph: &RevisionGraph,
    settings: &Settings,
    conn: &mut AnyConnection,
) -> anyhow::Result<(Vec<Node>, Vec<String>, Vec<String>)> {
    let migrator = Migrator::new(graph).with_options(options(settings));
    let rows = migrator.current_heads(conn)?;
    let mut nodes = Vec::new();
    let mut unknown = Vec::new();
    let mut running = Vec::new();
    for row in rows {
        if row.state == migrate_runtime::State::Running {
            running.push(row.revision.clone());
        }
        match graph.node(&row.revision) {
            Some(node) => nodes.push(node),
            None => unknown.push(row.revision),
        }
    }
    Ok((graph.sorted(nodes), unknown, running))
}

/// The backend an offline script is written for: `--backend`, else the configured URL's scheme (nothing is
/// opened).
pub fn offline_backend(settings: &Settings, arg: Option<BackendArg>) -> anyhow::Result<Backend> {
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

/// The ids applied when the database is at `start` (an offline script's starting point): the revisions
/// `start` names and all their ancestors. `base` is the empty database.
pub fn applied_at(graph: &RevisionGraph, start: &str) -> anyhow::Result<Vec<String>> {
    let applied = graph.applied_through(&[start])?;
    Ok(applied
        .nodes(graph)
        .into_iter()
        .map(|n| graph.id(n).to_owned())
        .collect())
}

/// The starting point of an offline script: `current` reads the database's history, anything else is
/// resolved in the folder alone.
pub fn offline_start(
    graph: &RevisionGraph,
    settings: &Settings,
    context: &Context,
    start: Option<&str>,
) -> anyhow::Result<Vec<String>> {
    match start {
        None | Some("base") => Ok(Vec::new()),
        Some("current") => {
            let mut conn = connect(settings, context)?;
            let migrator = Migrator::new(graph).with_options(options(settings));
            Ok(migrator
                .history(&mut conn)?
                .into_iter()
                .map(|row| row.revision)
                .collect())
        }
        Some(start) => applied_at(graph, start),
    }
}

/// Splits an offline `start:end` range; a plain target has no start.
pub fn split_range(target: &str) -> (Option<&str>, &str) {
    match target.split_once(':') {
        Some((start, end)) => (Some(start), end),
        None => (None, target),
    }
}

/// Prints an offline script: [`offline_preamble`], its steps as Alembic's log lines, then the SQL.
pub fn print_script(context: &Context, backend: Backend, script: &migrate_runtime::Script) {
    offline_preamble(context, backend);
    for step in &script.steps {
        context.out.info(step.to_string());
    }
    context.out.raw(&script.sql);
}
