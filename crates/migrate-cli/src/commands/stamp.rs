//! `migrate stamp TARGET... [--purge] [--sql]`: records the state an upgrade or downgrade to the targets would
//! leave, running no migration SQL. `migrate stamp --from diesel|alembic` adopts a database another tool
//! managed.

use anyhow::bail;
use migrate_core::{Edges, HeadsPolicy, Node, Resolved, RevisionGraph, TargetSpec};
use migrate_runtime::{AdoptionOutcome, Foreign, Migrator, Script, StampMode};

use crate::Context;
use crate::commands::empty_applied;
use crate::database;
use crate::offline::{self, OfflineArgs};
use crate::output::or_base;

/// The tool `stamp --from` adopts a database from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// diesel_migrations: stamps the revisions of the versions `__diesel_schema_migrations` lists
    Diesel,
    /// Alembic: stamps the heads `alembic_version` lists and everything below them
    Alembic,
}

/// Arguments of `migrate stamp`.
#[derive(Debug, clap::Args)]
#[command(
    mut_arg("sql", |a| a.conflicts_with("from")),
    after_help = "Examples:\n  migrate stamp head\n  migrate stamp base\n  migrate stamp --purge 3f2a9c1b7d4e\n  migrate stamp billing@head accounts@head\n  migrate stamp base:head --sql --backend sqlite\n  migrate stamp --from diesel     # after `migrate import diesel`, on a database diesel managed"
)]
pub struct Args {
    /// Targets: ids, prefixes, `head`, `heads`, `base`, `<label>@head`, ... (first one may be `START:END` with --sql)
    #[arg(
        required_unless_present = "from",
        conflicts_with = "from",
        allow_negative_numbers = true
    )]
    targets: Vec<String>,
    /// Clear the history first (also removes revisions this folder does not know)
    #[arg(long, conflicts_with = "from")]
    purge: bool,
    #[command(flatten)]
    offline: OfflineArgs,
    /// Adopt a database another tool managed: with an empty history, record what its table says is applied
    #[arg(long, value_enum, value_name = "TOOL")]
    from: Option<From>,
}

/// Runs `migrate stamp`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    if let Some(from) = args.from {
        let foreign = match from {
            From::Diesel => Foreign::Diesel,
            From::Alembic => Foreign::Alembic,
        };
        let table = foreign.table();
        let mut conn = database::connect(&settings, context)?;
        let mut migrator = database::migrator(&graph, &settings, context);
        let adoption = migrator.adopt(&mut conn, foreign)?;
        match adoption.outcome {
            AdoptionOutcome::NoForeignTable => bail!(
                "this database has no {table} table, so there is nothing to adopt; `migrate upgrade head` starts it from base"
            ),
            AdoptionOutcome::AlreadyManaged => bail!(
                "the migrate history of this database is not empty (current: {}); nothing was adopted: adoption only starts an empty history, `migrate stamp <rev>` changes one",
                adoption.report.heads_after.join(", ")
            ),
            _ => {}
        }
        let count = adoption.report.steps.len();
        let pending = migrator.pending(&mut conn, "heads")?.len();
        context.out.line(format!(
            "Adopted {count} {} from {table} ({} {} listed); current: {}; {pending} {} to run with `migrate upgrade heads`",
            if count == 1 { "revision" } else { "revisions" },
            adoption.foreign.len(),
            if adoption.foreign.len() == 1 { "value" } else { "values" },
            if adoption.report.heads_after.is_empty() {
                "base".to_owned()
            } else {
                adoption.report.heads_after.join(", ")
            },
            if pending == 1 { "revision" } else { "revisions" },
        ));
        return Ok(());
    }
    let mut start = None;
    let mut targets: Vec<&str> = Vec::new();
    for (index, text) in args.targets.iter().enumerate() {
        let (s, t) = offline::split_range(text);
        if s.is_some() && (index > 0 || !args.offline.sql) {
            bail!("only the first target of `stamp --sql` may be a `START:END` range");
        }
        start = start.or(s);
        targets.push(t);
    }
    let mode = if args.purge {
        StampMode::Purge
    } else {
        StampMode::Keep
    };
    // The steps are logged as Alembic logs them (one line per version-table change), not per revision.
    if args.offline.sql {
        let write = |migrator: &Migrator<'_>, backend, from: &[&str]| {
            migrator.script_stamp(backend, from, &targets, mode)
        };
        let lines = |script: &Script| {
            let before = if args.purge {
                Vec::new()
            } else {
                nodes(&graph, &script.heads_before)
            };
            let after = nodes(&graph, &script.heads_after);
            let steps = stamp_steps(&graph, &before, &targets)?;
            Ok(render(&graph, &truthful(&graph, &before, steps, &after)))
        };
        return args
            .offline
            .run(context, &settings, &graph, start, write, lines);
    }
    let migrator = Migrator::new(&graph).with_options(database::options(&settings));
    let mut conn = database::connect(&settings, context)?;
    let before = if args.purge {
        Vec::new()
    } else {
        database::current(&graph, &settings, &mut conn)?.0
    };
    let steps = stamp_steps(&graph, &before, &targets)?;
    let mut migrator = migrator;
    let report = migrator.stamp(&mut conn, &targets, mode)?;
    let after = nodes(&graph, &report.heads_after);
    for line in render(&graph, &truthful(&graph, &before, steps, &after)) {
        context.out.info(line);
    }
    for warning in &report.warnings {
        context.out.warning(warning);
    }
    Ok(())
}

/// The nodes of these ids (all known: a stamp refuses unknown ones unless it purges them).
fn nodes(graph: &RevisionGraph, ids: &[String]) -> Vec<Node> {
    ids.iter().filter_map(|id| graph.node(id)).collect()
}

/// One change of the version table: these heads (none: a new row) become that revision (none: the row goes).
type StampStep = (Vec<Node>, Option<Node>);

fn render(graph: &RevisionGraph, steps: &[StampStep]) -> Vec<String> {
    let id = |node: Option<Node>| node.map_or("<base>", |n| graph.id(n));
    steps
        .iter()
        .map(|(from, to)| {
            let from = or_base(from.iter().map(|&n| graph.id(n)));
            format!("Running stamp_revision {from} -> {}", id(*to))
        })
        .collect()
}

/// The steps if they lead from `before` to what the stamp left (`after`), else the plain difference: the log
/// never claims a change that did not happen. Sets are compared without the revisions that another member
/// reaches through `Revises` or `Depends On` (the version table does not hold those).
fn truthful(
    graph: &RevisionGraph,
    before: &[Node],
    steps: Vec<StampStep>,
    after: &[Node],
) -> Vec<StampStep> {
    let minimal = |nodes: &[Node]| -> Vec<Node> {
        graph.sorted(nodes.iter().copied().filter(|&n| {
            !nodes
                .iter()
                .any(|&m| m != n && graph.ancestors(&[m], Edges::WithDependencies)[n as usize])
        }))
    };
    let mut state = minimal(before);
    for (from, to) in &steps {
        state.retain(|n| !from.contains(n));
        state.extend(*to);
    }
    let (before, after) = (minimal(before), minimal(after));
    if minimal(&state) == after {
        return steps;
    }
    let removed: Vec<Node> = before
        .iter()
        .copied()
        .filter(|n| !after.contains(n))
        .collect();
    let added: Vec<Node> = after
        .iter()
        .copied()
        .filter(|n| !before.contains(n))
        .collect();
    if added.is_empty() {
        return removed.into_iter().map(|r| (vec![r], None)).collect();
    }
    let mut out = Vec::new();
    for (index, node) in added.into_iter().enumerate() {
        let from = if index == 0 {
            removed.clone()
        } else {
            Vec::new()
        };
        out.push((from, Some(node)));
    }
    out
}

/// The changes of the version table of a stamp from `heads` to `targets`, as Alembic's
/// `ScriptDirectory._stamp_revs` makes its steps (each is logged as `Running stamp_revision <from> -> <to>`,
/// with no message); a target already current changes nothing.
fn stamp_steps(
    graph: &RevisionGraph,
    heads: &[Node],
    targets: &[&str],
) -> anyhow::Result<Vec<StampStep>> {
    let applied = empty_applied(graph);
    let related = |head: Node, to: &[Node]| {
        let below = graph.ancestors(&[head], Edges::WithDependencies);
        let above = graph.descendants(&[head], Edges::WithDependencies);
        to.iter().any(|&n| below[n as usize] || above[n as usize])
    };
    let mut filtered: Vec<Node> = Vec::new();
    let mut dests: Vec<Node> = Vec::new();
    for text in targets {
        let resolved = graph.resolve(&applied, text, true)?;
        let mut shares: Vec<Node> = match TargetSpec::parse(text)?.qualifier {
            Some(q) => graph
                .label(q)
                .or_else(|| graph.node(q))
                .into_iter()
                .collect(),
            None => Vec::new(),
        };
        match resolved {
            Resolved::Revisions(nodes) => {
                shares.extend(&nodes);
                dests.extend(nodes);
            }
            Resolved::Base { branch } => shares.extend(branch),
        }
        for &head in heads {
            if (shares.is_empty() || related(head, &shares)) && !filtered.contains(&head) {
                filtered.push(head);
            }
        }
    }
    if dests.is_empty() {
        return Ok(filtered
            .into_iter()
            .map(|head| (vec![head], None))
            .collect());
    }
    let mut steps = Vec::new();
    for dest in dests {
        if filtered.contains(&dest) {
            continue;
        }
        let from = if related(dest, &filtered) {
            filtered.clone()
        } else {
            Vec::new()
        };
        steps.push((from, Some(dest)));
    }
    Ok(steps)
}
