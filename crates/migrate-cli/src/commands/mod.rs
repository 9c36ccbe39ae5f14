//! One module per command: an args struct and one function that calls migrate-core and migrate-runtime.

use clap::Subcommand;

use crate::Context;

pub mod autogenerate;
pub mod branches;
pub mod check;
pub mod check_models;
pub mod completions;
pub mod current;
pub mod downgrade;
pub mod graph;
pub mod heads;
pub mod history;
pub mod import_alembic;
pub mod import_diesel;
pub mod init;
pub mod merge;
pub mod print_schema;
pub mod revision;
pub mod show;
pub mod stamp;
pub mod test;
pub mod upgrade;

/// The commands, as Alembic names them.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a migrations folder and a commented migrate.toml
    Init(init::Args),
    /// Create a new revision file
    Revision(revision::Args),
    /// Merge two or more heads into one revision
    Merge(merge::Args),
    /// Upgrade to a later revision
    Upgrade(upgrade::Args),
    /// Revert to an earlier revision
    Downgrade(downgrade::Args),
    /// Record revisions as applied (or not) without running any SQL
    Stamp(stamp::Args),
    /// Show the revisions the database is at
    Current(current::Args),
    /// List revisions, newest first
    History(history::Args),
    /// Show one revision in detail
    Show(show::Args),
    /// Show the heads of the migrations folder
    Heads(heads::Args),
    /// Show the branch points
    Branches(branches::Args),
    /// Draw the revision graph (Graphviz DOT or Mermaid)
    Graph(graph::Args),
    /// Print the shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(completions::Args),
    /// Write schema.rs for the database (or the folder's replay), as `diesel print-schema` does
    PrintSchema(print_schema::Args),
    /// Prove every down section: upgrade, downgrade and upgrade each revision on a scratch database
    Test(test::Args),
    /// Check folder and database for CI: valid, one head, database at the heads, checksums match
    Check(check::Args),
    /// Convert another tool's migrations into revisions (diesel_migrations, Alembic)
    #[command(subcommand)]
    Import(Import),
}

/// What `migrate import` converts.
#[derive(Debug, Subcommand)]
pub enum Import {
    /// Convert a diesel_migrations folder (`<version>_<name>/up.sql`) into revisions
    Diesel(import_diesel::Args),
    /// Convert Alembic's offline SQL (`upgrade base:heads --sql`, `downgrade heads:base --sql`) into revisions
    Alembic(import_alembic::Args),
}

/// Runs one command.
pub fn run(command: Command, context: &Context) -> anyhow::Result<()> {
    match command {
        Command::Init(args) => init::run(args, context),
        Command::Revision(args) => revision::run(args, context),
        Command::Merge(args) => merge::run(args, context),
        Command::Upgrade(args) => upgrade::run(args, context),
        Command::Downgrade(args) => downgrade::run(args, context),
        Command::Stamp(args) => stamp::run(args, context),
        Command::Current(args) => current::run(args, context),
        Command::History(args) => history::run(args, context),
        Command::Show(args) => show::run(args, context),
        Command::Heads(args) => heads::run(args, context),
        Command::Branches(args) => branches::run(args, context),
        Command::Graph(args) => graph::run(args, context),
        // Needs the whole command line; `main` answers it before any command runs.
        Command::Completions(_) => Ok(()),
        Command::Test(args) => test::run(args, context),
        Command::Check(args) => check::run(args, context),
        Command::PrintSchema(args) => print_schema::run(args, context),
        Command::Import(Import::Diesel(args)) => import_diesel::run(args, context),
        Command::Import(Import::Alembic(args)) => import_alembic::run(args, context),
    }
}

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use migrate_core::{
    AppliedSet, Diagnostics, HeadsPolicy, LoadedFolder, Node, Resolved, RevisionGraph,
    is_valid_name,
};

use crate::config::Settings;

/// No revision applied: for commands that resolve targets without a database.
pub(crate) fn empty_applied(graph: &RevisionGraph) -> AppliedSet {
    graph.applied_set(std::iter::empty()).0
}

/// Resolves a target that must name exactly one revision (`--depends-on`, `show`).
pub(crate) fn resolve_single(
    graph: &RevisionGraph,
    text: &str,
    what: &str,
) -> anyhow::Result<Node> {
    match graph.resolve(&empty_applied(graph), text, true)? {
        Resolved::Revisions(nodes) if nodes.len() == 1 => Ok(nodes[0]),
        Resolved::Revisions(nodes) => {
            let ids: Vec<&str> = nodes.iter().map(|&n| graph.id(n)).collect();
            bail!(
                "{what} `{text}` names several revisions ({}); name one",
                ids.join(", ")
            )
        }
        Resolved::Base { .. } => bail!("{what} `{text}` names no revision"),
    }
}

/// Reads the folder for `revision` and `merge`: the validated graph (several heads allowed) and what was read,
/// so the new file can be validated together with the others before it is written.
pub(crate) fn load_for_writing(
    settings: &Settings,
) -> anyhow::Result<(RevisionGraph, LoadedFolder)> {
    let loaded = migrate_core::load_folder(&settings.dir, &settings.root);
    let copy = LoadedFolder {
        revisions: loaded.revisions.clone(),
        diagnostics: loaded.diagnostics.clone(),
        files: loaded.files.clone(),
    };
    let graph = migrate_core::validate(copy, HeadsPolicy::AllowMultiple)?;
    Ok((graph, loaded))
}

/// The id of a new revision: `--rev-id` (checked) or 12 random hex digits not yet used.
pub(crate) fn choose_id(graph: &RevisionGraph, given: Option<&str>) -> anyhow::Result<String> {
    match given {
        Some(id) => {
            if !is_valid_name(id) {
                bail!(
                    "invalid revision id `{id}`: use 1-64 characters of A-Z, a-z, 0-9 and _ (not head, heads, base or current)"
                );
            }
            if let Some(existing) = graph.get(id) {
                bail!(
                    "revision id {id} is already used by {}",
                    existing.source.path
                );
            }
            Ok(id.to_owned())
        }
        None => loop {
            let id = crate::template::new_id()?;
            if graph.get(&id).is_none() && graph.label(&id).is_none() {
                return Ok(id);
            }
        },
    }
}

/// Validates the folder with the new file added, then writes it: a file that would break the folder is never
/// written, and the problems are reported exactly as the build would report them.
pub(crate) fn write_revision(
    context: &Context,
    settings: &Settings,
    mut loaded: LoadedFolder,
    id: &str,
    message: &str,
    text: &str,
) -> anyhow::Result<()> {
    let name = crate::template::file_name(&settings.file_template, id, message);
    let path: PathBuf = settings.dir.join(&name);
    let shown = migrate_core::display_path(&path, &settings.root);
    if path.exists() {
        bail!("{shown} already exists");
    }
    let parsed = migrate_core::parse_file(&shown, text);
    loaded.diagnostics.extend(parsed.diagnostics);
    loaded.revisions.extend(parsed.revision);
    loaded.files.push(path.clone());
    if let Err(problems) = migrate_core::validate(loaded, HeadsPolicy::AllowMultiple) {
        let problems: Diagnostics = problems;
        bail!("the new revision was not written, it would make the folder invalid: {problems}");
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    context.out.line(format!("Generating {shown} ...  done"));
    std::fs::write(&path, text).with_context(|| format!("cannot write {shown}"))?;
    Ok(())
}
