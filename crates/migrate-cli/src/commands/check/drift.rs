//! `migrate check --drift` (or `drift = true` in migrate.toml): the live database compared with the folder's
//! replay up to the database's current heads, over everything introspection sees (tables, columns,
//! keys, indexes, defaults, unique and check constraints, foreign keys, triggers). Each difference is a
//! problem: someone changed the database by hand, or a revision was edited after it ran.

use migrate_core::RevisionGraph;
use migrate_runtime::{AnyConnection, DocComments, IntrospectOptions};

use crate::Context;
use crate::config::Settings;
use crate::database;

/// The drift problems, one line each; none when the database is what its revisions make.
pub(super) fn problems(
    graph: &RevisionGraph,
    settings: &Settings,
    conn: &mut AnyConnection,
    context: &Context,
) -> anyhow::Result<Vec<String>> {
    let (current, unknown) = database::current(graph, settings, conn)?;
    if !unknown.is_empty() {
        return Ok(vec![format!(
            "drift not checked: the database records revisions the folder does not have ({})",
            unknown.join(", ")
        )]);
    }
    let options = IntrospectOptions::for_tables_of(&database::options(settings))
        .with_docs(DocComments::DatabaseComments)
        .with_keyless_tables(true);
    let live = migrate_runtime::introspect(conn, &options)?;
    let scratch = crate::replay::scratch(settings, None)?;
    context.out.info(format!(
        "Comparing the database with the folder replayed on {}.",
        crate::replay::describe(&scratch)
    ));
    let targets: Vec<&str> = current.iter().map(|&n| graph.id(n)).collect();
    let replayed = crate::replay::guarded(|| {
        migrate_runtime::replay_all(
            graph,
            &targets,
            &scratch,
            &database::options(settings),
            &options,
        )
    })?;
    Ok(migrate_runtime::migrate_schema::compare(&replayed, &live)
        .iter()
        .map(|d| {
            format!(
                "drift: {}",
                d.describe("in the migrations", "in the database")
            )
        })
        .collect())
}
