//! `migrate stamp TARGET... [--purge] [--sql]`: records the state an upgrade or downgrade to the targets would
//! leave, running no migration SQL.

use anyhow::bail;
use migrate_core::{Edges, HeadsPolicy, Node, Resolved, RevisionGraph, TargetSpec};
use migrate_runtime::Migrator;

use crate::Context;
use crate::commands::empty_applied;
use crate::database::{self, BackendArg};

/// Arguments of `migrate stamp`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate stamp head\n  migrate stamp base\n  migrate stamp --purge 3f2a9c1b7d4e\n  migrate stamp billing@head accounts@head\n  migrate stamp base:head --sql --backend sqlite"
)]
pub struct Args {
    /// Targets: ids, prefixes, `head`, `heads`, `base`, `<label>@head`, ... (first one may be `START:END` with --sql)
    #[arg(required = true, allow_negative_numbers = true)]
    targets: Vec<String>,
    /// Clear the history first (also removes revisions this folder does not know)
    #[arg(long)]
    purge: bool,
    /// Print the SQL instead of running it (starts from `base`, or from START in `START:END`)
    #[arg(long)]
    sql: bool,
    /// The SQL dialect of --sql when no database URL is configured
    #[arg(long, value_enum, requires = "sql")]
    backend: Option<BackendArg>,
}

/// Runs `migrate stamp`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let mut start = None;
    let mut targets: Vec<&str> = Vec::new();
    for (index, text) in args.targets.iter().enumerate() {
        let (s, t) = database::split_range(text);
        if s.is_some() && (index > 0 || !args.sql) {
            bail!("only the first target of `stamp --sql` may be a `START:END` range");
        }
        start = start.or(s);
        targets.push(t);
    }
    // The steps are logged as Alembic logs them (one line per version-table change), not per revision.
    let migrator = Migrator::new(&graph).with_options(database::options(&settings));
    if args.sql {
        let backend = database::offline_backend(&settings, args.backend)?;
        let from = database::offline_start(&graph, &settings, context, start)?;
        let from: Vec<&str> = from.iter().map(String::as_str).collect();
        let script = migrator.script_stamp(backend, &from, &targets, args.purge)?;
        let heads = if args.purge {
            Vec::new()
        } else {
            graph.applied_set(from.iter().copied()).0.heads(&graph)
        };
        let lines = stamp_lines(&graph, &heads, &targets)?;
        database::offline_preamble(context, backend);
        for line in lines {
            context.out.info(line);
        }
        context.out.raw(&script);
        return Ok(());
    }
    let mut conn = database::connect(&settings, context)?;
    let heads = if args.purge {
        Vec::new()
    } else {
        database::current(&graph, &settings, &mut conn)?.0
    };
    let lines = stamp_lines(&graph, &heads, &targets)?;
    let mut migrator = migrator;
    let report = migrator.stamp(&mut conn, &targets, args.purge)?;
    for line in lines {
        context.out.info(line);
    }
    for warning in &report.warnings {
        context.out.warn(warning);
    }
    Ok(())
}

/// The log lines of a stamp from `heads` to `targets`, one per change of the version table, as Alembic's
/// `ScriptDirectory._stamp_revs` makes its steps: `Running stamp_revision <from heads> -> <to>` (no message);
/// a target already current changes nothing and logs nothing.
fn stamp_lines(
    graph: &RevisionGraph,
    heads: &[Node],
    targets: &[&str],
) -> anyhow::Result<Vec<String>> {
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
    let ids = |nodes: &[Node]| -> String {
        let ids: Vec<&str> = nodes.iter().map(|&n| graph.id(n)).collect();
        ids.join(", ")
    };
    let mut lines = Vec::new();
    if dests.is_empty() {
        for &head in &filtered {
            lines.push(format!(
                "Running stamp_revision {} -> <base>",
                graph.id(head)
            ));
        }
        return Ok(lines);
    }
    for dest in dests {
        if filtered.contains(&dest) {
            continue;
        }
        let from = if related(dest, &filtered) {
            ids(&filtered)
        } else {
            "<base>".to_owned()
        };
        lines.push(format!(
            "Running stamp_revision {from} -> {}",
            graph.id(dest)
        ));
    }
    Ok(lines)
}
