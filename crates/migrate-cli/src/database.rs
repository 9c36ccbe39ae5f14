//! The bridge to migrate-runtime: opening the database, the migrator with the configured tables and the
//! database's current heads as graph nodes. Offline scripts are in `offline.rs`.

use migrate_core::{Node, RevisionGraph};
use migrate_runtime::{AnyConnection, Backend, Migrator, Options};

use crate::Context;
use crate::config::Settings;
use crate::progress;

/// Opens the configured database. Errors never contain the URL's password.
pub fn connect(settings: &Settings, context: &Context) -> anyhow::Result<AnyConnection> {
    let url = settings.database_url()?;
    let conn = migrate_runtime::connect(url)?;
    let backend = migrate_runtime::MigrationConnection::backend(&conn);
    context.out.info(format!("Context impl {backend}."));
    context.out.info(ddl_line(backend));
    Ok(conn)
}

pub(crate) fn ddl_line(backend: Backend) -> &'static str {
    if backend.transactional_ddl() {
        "Will assume transactional DDL."
    } else {
        "Will assume non-transactional DDL."
    }
}

/// The runtime options from the settings.
pub fn options(settings: &Settings) -> Options {
    Options::default()
        .with_history_table(settings.history_table.as_str())
        .with_log_table(settings.log_table.as_str())
        .with_init_sql(settings.init_sql.iter().cloned())
        .with_on_checksum_mismatch(settings.on_checksum_mismatch)
}

/// A migrator over `graph` that prints each step as Alembic does, with a progress bar for long runs on a
/// terminal (see [`progress`]). A command that sets its own `on_plan` calls [`progress::start`] in it.
pub fn migrator<'g>(
    graph: &'g RevisionGraph,
    settings: &Settings,
    context: &'g Context,
) -> Migrator<'g> {
    let out = context.out;
    Migrator::new(graph)
        .with_options(options(settings))
        .on_plan(move |plan| progress::start(out, plan))
        .on_step(move |event| {
            out.info(event.to_string());
            progress::step(event);
        })
}

/// Runs `run` (an upgrade or downgrade with [`migrator`]'s callbacks) and ends its progress bar, if any.
pub fn with_progress<T>(
    context: &Context,
    run: impl FnOnce() -> Result<T, migrate_runtime::Error>,
) -> Result<T, migrate_runtime::Error> {
    let result = run();
    progress::finish(context.out, result.is_ok());
    result
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
