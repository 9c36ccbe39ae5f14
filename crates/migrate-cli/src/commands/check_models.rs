//! The model check of `migrate check`: the models of `schema.rs` against the schema the folder produces
//! (a replay to the heads), as Alembic's `alembic check` compares its models with the database. It runs
//! when a schema file is configured (`schema` in migrate.toml, `[print_schema] file` in diesel.toml) or
//! the default `src/schema.rs` exists.

use migrate_core::RevisionGraph;

use crate::Context;
use crate::commands::autogenerate;
use crate::commands::print_schema;
use crate::config::Settings;

/// The problem the model check finds (`New upgrade operations detected: add column users.email; run
/// `migrate revision --autogenerate``), or `None` when the models agree with the folder or there is no
/// schema file to compare. Prints Alembic's "No new upgrade operations detected." when they agree.
pub fn problem(
    settings: &Settings,
    context: &Context,
    graph: &RevisionGraph,
) -> anyhow::Result<Option<String>> {
    let (path, configured) = print_schema::schema_file_of(settings)?;
    if !configured && !path.exists() {
        return Ok(None);
    }
    let (wanted, _) = autogenerate::wanted(settings)?;
    let targets: &[&str] = if graph.heads().is_empty() {
        &[]
    } else {
        &["heads"]
    };
    let (current, _) = autogenerate::replayed(graph, settings, targets, None)?;
    let found = migrate_runtime::migrate_schema::diff::diff(
        &current,
        &wanted,
        &migrate_runtime::migrate_schema::diff::Renames::new(),
    );
    if found.is_empty() {
        context.out.info("No new upgrade operations detected.");
        return Ok(None);
    }
    let ops: Vec<String> = found.ops.iter().map(|op| op.summary()).collect();
    Ok(Some(format!(
        "New upgrade operations detected: {}; run `migrate revision --autogenerate`",
        ops.join(", ")
    )))
}
