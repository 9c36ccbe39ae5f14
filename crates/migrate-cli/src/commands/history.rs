//! `migrate history [-r START:END] [--verbose] [--indicate-current]`: revisions, newest first, in Alembic's
//! format (`<parents> -> <rev> (head), message`).

use anyhow::bail;
use migrate_core::{Edges, HeadsPolicy, Node, Resolved, RevisionGraph, Symbol, TargetSpec};

use crate::Context;
use crate::database;
use crate::output::{Describe, LineParts};

/// Arguments of `migrate history`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate history\n  migrate history --verbose\n  migrate history -r 1f3a:head\n  migrate history -r current:     # needs the database\n  migrate history -r -3:current   # from three below the heads up to the database's revisions\n  migrate history --indicate-current"
)]
pub struct Args {
    /// Only revisions from START to END (either may be left out: `START:`, `:END`)
    #[arg(
        short = 'r',
        long = "rev-range",
        value_name = "START:END",
        allow_hyphen_values = true
    )]
    rev_range: Option<String>,
    /// Show each revision in full
    #[arg(short, long)]
    verbose: bool,
    /// Mark the database's current revisions with `(current)` (needs the database)
    #[arg(short, long)]
    indicate_current: bool,
}

/// Whether a range end can only be resolved against the database (`current`, `current-1`, ...).
fn needs_database(text: &str) -> bool {
    matches!(
        TargetSpec::parse(text),
        Ok(TargetSpec {
            symbol: Some(Symbol::Current),
            ..
        })
    )
}

/// A range end written as a bare `-N` or `label@-N`: as in Alembic, N steps down from each head of the folder
/// (of the heads in the label's lineage), not from the database. Past the base it means `base`. `None` when the
/// text is not of that form.
fn from_heads(graph: &RevisionGraph, text: &str) -> anyhow::Result<Option<Resolved>> {
    let Ok(spec) = TargetSpec::parse(text) else {
        return Ok(None);
    };
    let (None, Some(steps)) = (spec.symbol, spec.relative) else {
        return Ok(None);
    };
    if steps > 0 {
        bail!(
            "`{text}` in a history range names no revision: a bare `-N` counts down from the heads; to count up, start from a revision (`current+1`, `<rev>+1`)"
        );
    }
    // Alembic's `heads` here: the real heads, nothing revises or depends on them.
    let heads = graph.real_heads().into_iter().filter(|&h| {
        spec.qualifier
            .is_none_or(|q| graph.labels_of(h).contains(&q))
    });
    let mut nodes = Vec::new();
    for head in heads {
        let mut node = head;
        for _ in 0..steps.unsigned_abs() {
            match graph.parents(node) {
                [] => return Ok(Some(Resolved::Base { branch: None })),
                [parent] => node = *parent,
                parents => {
                    let ids: Vec<&str> = parents.iter().map(|&p| graph.id(p)).collect();
                    bail!(
                        "relative target `{text}` is ambiguous: at `{}` it could go to {}; name a revision",
                        graph.id(node),
                        ids.join(", ")
                    );
                }
            }
        }
        nodes.push(node);
    }
    Ok(Some(Resolved::Revisions(graph.sorted(nodes))))
}

/// Splits a `START:END` range (either side may be empty).
fn split_range(range: Option<&str>) -> anyhow::Result<(Option<&str>, Option<&str>)> {
    match range {
        None => Ok((None, None)),
        Some(range) => match range.split_once(':') {
            Some((s, e)) => Ok((
                Some(s).filter(|s| !s.is_empty()),
                Some(e).filter(|e| !e.is_empty()),
            )),
            None => bail!("a history range is START:END, START: or :END (got `{range}`)"),
        },
    }
}

/// Whether resolving a range needs the database (`current`, `current-1`, ...).
pub(crate) fn range_needs_database(range: Option<&str>) -> anyhow::Result<bool> {
    let (start, end) = split_range(range)?;
    Ok(start.is_some_and(needs_database) || end.is_some_and(needs_database))
}

/// The revisions a `START:END` range selects, as `history -r` reads it (everything without a range), given
/// the database's current heads (empty when it was not read).
pub(crate) fn range_members(
    graph: &RevisionGraph,
    current: &[Node],
    range: Option<&str>,
) -> anyhow::Result<Vec<bool>> {
    let (start, end) = split_range(range)?;
    let applied = graph.applied_below(current);
    let resolve = |text: &str| -> anyhow::Result<Resolved> {
        if let Some(resolved) = from_heads(graph, text)? {
            return Ok(resolved);
        }
        Ok(graph.resolve_as_written(&applied, text)?)
    };
    let upper = match resolve(end.unwrap_or("heads"))? {
        Resolved::Revisions(nodes) => graph.ancestors(&nodes, Edges::WithDependencies),
        Resolved::Base { .. } => vec![false; graph.len()],
    };
    let lower: Option<Vec<Node>> = match start.map(resolve).transpose()? {
        None | Some(Resolved::Base { branch: None }) => None,
        Some(Resolved::Revisions(nodes)) => Some(nodes),
        // `label@base`: from the lowest revisions of the label's lineage.
        Some(Resolved::Base {
            branch: Some(labelled),
        }) => {
            let lineage = graph.label_lineage(labelled);
            Some(
                (0..graph.len() as Node)
                    .filter(|&n| {
                        lineage[n as usize]
                            && !graph.parents(n).iter().any(|&p| lineage[p as usize])
                    })
                    .collect(),
            )
        }
    };
    Ok(match lower {
        Some(nodes) => {
            let above = graph.descendants(&nodes, Edges::WithDependencies);
            upper.iter().zip(above).map(|(u, a)| *u && a).collect()
        }
        None => upper,
    })
}

/// Runs `migrate history`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let range = args.rev_range.as_deref();
    let use_database = args.indicate_current || range_needs_database(range)?;
    let current = if use_database {
        let mut conn = database::connect(&settings, context)?;
        database::current(&graph, &settings, &mut conn)?.0
    } else {
        Vec::new()
    };
    let members = range_members(&graph, &current, range)?;
    print(&graph, &members, &current, &args, context);
    Ok(())
}

fn print(
    graph: &RevisionGraph,
    members: &[bool],
    current: &[Node],
    args: &Args,
    context: &Context,
) {
    let marks: &[Node] = if args.indicate_current { current } else { &[] };
    let describe = Describe {
        graph,
        current: marks,
    };
    let parts = LineParts {
        parents: true,
        branches: true,
        tree: true,
        doc: true,
    };
    // Alembic's order: top-down from the range's upper revisions (`RevisionMap._topological_sort`).
    for node in graph.top_down(members, &graph.heads_of(members)) {
        if args.verbose {
            context.out.line(describe.entry(node));
        } else {
            context.out.line(describe.line(node, parts));
        }
    }
}
