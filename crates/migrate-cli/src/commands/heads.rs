//! `migrate heads [--verbose]`: the heads of the migrations folder (no database needed), effective heads
//! included as in Alembic: a revision that nothing revises but others depend on is listed as
//! `(effective head)`.

use migrate_core::{HeadsPolicy, Node, RevisionGraph};

use crate::Context;
use crate::output::{Describe, LineParts};

/// Arguments of `migrate heads`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  migrate heads\n  migrate heads --verbose")]
pub struct Args {
    /// Show each head in full
    #[arg(short, long)]
    verbose: bool,
}

/// Runs `migrate heads`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let describe = Describe {
        graph: &graph,
        current: &[],
    };
    for head in heads(&graph) {
        if args.verbose {
            context.out.line(describe.entry(head));
        } else {
            context.out.line(describe.line(
                head,
                LineParts {
                    branches: true,
                    ..LineParts::default()
                },
            ));
        }
    }
    Ok(())
}

/// Every revision that no revision revises, in topological order: the real heads and the effective heads
/// (revisions only depended on), as Alembic's `heads` lists them.
fn heads(graph: &RevisionGraph) -> Vec<Node> {
    graph.sorted((0..graph.len() as Node).filter(|&n| graph.children(n).is_empty()))
}
