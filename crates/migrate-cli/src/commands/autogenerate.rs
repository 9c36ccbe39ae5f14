//! The glue of `migrate revision --autogenerate` and the model check: the wanted schema (`schema.rs`), the
//! current one (the folder's replay, or the live database), their diff with the renames the user gave or
//! confirmed, and its SQL for the backend in use.
//!
//! The comparison itself is migrate-schema's (`diff`, `sql::render`); replay and introspection are the
//! runtime's.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use migrate_core::{Node, RevisionGraph};
use migrate_runtime::migrate_schema::diff::{Diff, Op, RenameCandidate, Renames, diff, type_text};
use migrate_runtime::migrate_schema::sql::{Dialect, Options, render};
use migrate_runtime::migrate_schema::{Schema, read_file};
use migrate_runtime::{Backend, Scratch};

use crate::Context;
use crate::commands::print_schema::{self, From};
use crate::config::Settings;
use crate::template::Generated;

/// The `schema.rs` the models are read from, parsed; errors name the file and say how to configure it.
pub fn wanted(settings: &Settings) -> anyhow::Result<(Schema, PathBuf)> {
    let (path, _) = print_schema::schema_file_of(settings)?;
    if !path.exists() {
        bail!(
            "{} does not exist: autogenerate compares the migrations with the models in schema.rs; write it (`migrate print-schema --write`), or set `schema` in migrate.toml",
            path.display()
        );
    }
    Ok((read_file(&path)?, path))
}

/// The scratch database of a replay, and the SQL dialect of a revision generated from it.
fn scratch_and_dialect(
    settings: &Settings,
    dev_url: Option<&str>,
) -> anyhow::Result<(Scratch, Dialect)> {
    let scratch = crate::replay::scratch(settings, dev_url)?;
    let backend = match &scratch {
        Scratch::DevUrl(url) | Scratch::TemporaryOn(url) => Backend::from_url(url)?,
        Scratch::SqliteMemory => Backend::Sqlite,
    };
    Ok((scratch, dialect(backend)))
}

fn dialect(backend: Backend) -> Dialect {
    match backend {
        Backend::Postgres => Dialect::Postgres,
        Backend::Mysql => Dialect::Mysql,
        Backend::Sqlite => Dialect::Sqlite,
    }
}

/// The schema the folder produces up to `targets` (none: base, the empty schema), and the dialect.
pub fn replayed(
    graph: &RevisionGraph,
    settings: &Settings,
    targets: &[&str],
    dev_url: Option<&str>,
) -> anyhow::Result<(Schema, Dialect)> {
    let (scratch, dialect) = scratch_and_dialect(settings, dev_url)?;
    if targets.is_empty() {
        return Ok((Schema::default(), dialect));
    }
    let options = print_schema::configured_options(settings)?;
    let schema = crate::replay::replay(graph, settings, targets, scratch, &options)?;
    Ok((schema, dialect))
}

/// What `revision --autogenerate` is asked for.
#[derive(Debug)]
pub struct Request<'a> {
    /// Where the current schema comes from.
    pub from: From,
    /// `--rename` specs.
    pub renames: &'a [String],
    /// `--dev-url`.
    pub dev_url: Option<&'a str>,
    /// The full ids of `--depends-on`: their schema is part of the current one.
    pub depends_on: &'a [String],
}

/// The sections of the new revision on `parents`, or `None` when schema.rs and the current schema agree.
/// Prints one line per operation and each REVIEW text as a warning.
pub fn generate(
    settings: &Settings,
    context: &Context,
    graph: &RevisionGraph,
    parents: &[Node],
    request: &Request<'_>,
) -> anyhow::Result<Option<Generated>> {
    let mut renames = Renames::parse(request.renames.iter().map(String::as_str))?;
    let (wanted, schema_path) = wanted(settings)?;
    let (current, dialect, origin) = match request.from {
        From::Database => {
            if request.dev_url.is_some() {
                bail!("--dev-url is for replays (`--from migrations`)");
            }
            let mut conn = crate::database::connect(settings, context)?;
            let (current, unknown) = crate::database::current(graph, settings, &mut conn)?;
            let heads = graph.sorted(graph.heads().iter().copied());
            if !unknown.is_empty() || current != heads {
                bail!("Target database is not up to date.");
            }
            let options = print_schema::configured_options(settings)?;
            let schema = migrate_runtime::introspect(&mut conn, &options)?;
            let backend = migrate_runtime::MigrationConnection::backend(&conn);
            (schema, dialect(backend), "the database".to_owned())
        }
        From::Migrations => {
            if parents.len() > 1 {
                bail!(
                    "--autogenerate compares with the schema of one revision: name one with `--head`"
                );
            }
            let targets: Vec<&str> = parents
                .iter()
                .map(|&p| graph.id(p))
                .chain(request.depends_on.iter().map(String::as_str))
                .collect();
            let (schema, dialect) = replayed(graph, settings, &targets, request.dev_url)?;
            let origin = if targets.is_empty() {
                "an empty database".to_owned()
            } else {
                format!("a replay of the migrations up to {}", targets.join(", "))
            };
            (schema, dialect, origin)
        }
    };
    let mut found = diff(&current, &wanted, &renames);
    if !found.unmatched_renames.is_empty() {
        bail!(
            "--rename {} names no dropped and added column or table of the same kind; the renames this change allows: {}",
            found.unmatched_renames.join(", --rename "),
            candidate_specs(&found)
        );
    }
    if !found.candidates.is_empty() && std::io::stdin().is_terminal() && ask(&found, &mut renames)?
    {
        found = diff(&current, &wanted, &renames);
    }
    if found.is_empty() {
        return Ok(None);
    }
    for op in &found.ops {
        context.out.info(op.description());
    }
    if dialect == Dialect::Mysql {
        warn_json_on_mariadb(context, &found);
    }
    let options = Options {
        auto_increment: settings.auto_increment,
    };
    let migration = render(&current, &found, dialect, &options)?;
    for review in &migration.reviews {
        context.out.warn(review);
    }
    let shown = migrate_core::display_path(&schema_path, &settings.root);
    Ok(Some(Generated {
        up: migration.up,
        down: migration.down,
        transactional: migration.transactional,
        origin: format!(
            "Generated by `migrate revision --autogenerate` from {shown} against {origin} ({dialect})."
        ),
    }))
}

fn candidate_specs(found: &Diff) -> String {
    if found.candidates.is_empty() {
        return "none".to_owned();
    }
    let specs: Vec<String> = found.candidates.iter().map(RenameCandidate::spec).collect();
    specs.join(", ")
}

/// Asks about each rename candidate on the terminal (`Did you rename users.name to users.full_name?
/// [y/N]`); a candidate that shares a column or table with one already confirmed is not asked. Returns
/// whether any was confirmed.
fn ask(found: &Diff, renames: &mut Renames) -> anyhow::Result<bool> {
    let stdin = std::io::stdin();
    let mut taken: Vec<String> = Vec::new();
    let mut confirmed = false;
    for candidate in &found.candidates {
        let (from, to) = match candidate {
            RenameCandidate::Table { from, to } => (from.to_string(), to.to_string()),
            RenameCandidate::Column { table, from, to } => {
                (format!("{table}.{from}"), format!("{table}.{to}"))
            }
        };
        if taken.contains(&from) || taken.contains(&to) {
            continue;
        }
        let mut err = std::io::stderr().lock();
        write!(err, "{} ", candidate.question())?;
        err.flush()?;
        drop(err);
        let mut answer = String::new();
        stdin
            .lock()
            .read_line(&mut answer)
            .context("cannot read the answer")?;
        if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            candidate.confirm(renames);
            taken.extend([from, to]);
            confirmed = true;
        }
    }
    Ok(confirmed)
}

/// MariaDB's `JSON` is `LONGTEXT`, which print-schema prints as `Longtext`: a `Json` column in schema.rs
/// comes back as a type change on every run. Says so next to the change.
fn warn_json_on_mariadb(context: &Context, found: &Diff) {
    for op in &found.ops {
        if let Op::ChangeType { table, from, to } = op
            && type_text(from) == "Longtext"
            && type_text(to) == "Json"
        {
            context.out.warn(format!(
                "'{table}.{}': MariaDB stores JSON as LONGTEXT, which print-schema prints as `Longtext`; write `Longtext` in schema.rs, or this change is detected again on every run",
                to.name.sql
            ));
        }
    }
}
