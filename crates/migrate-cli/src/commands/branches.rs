//! `migrate branches [--verbose]`: the branch points of the migrations folder and where they lead.

use migrate_core::HeadsPolicy;

use crate::Context;
use crate::output::{Describe, LineParts};

/// Arguments of `migrate branches`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  migrate branches\n  migrate branches --verbose")]
pub struct Args {
    /// Show each branch point in full, and the messages of the revisions it branches into
    #[arg(short, long)]
    verbose: bool,
}

/// Runs `migrate branches`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let describe = Describe {
        graph: &graph,
        current: &[],
    };
    // The order of `history` (Alembic's `walk_revisions`).
    let all = vec![true; graph.len()];
    for node in graph.top_down(&all, &graph.heads_of(&all)) {
        let children = graph.sorted(graph.children(node).iter().copied());
        if children.len() < 2 {
            continue;
        }
        let first = if args.verbose {
            describe.entry(node)
        } else {
            describe.line(
                node,
                LineParts {
                    branches: true,
                    tree: true,
                    ..LineParts::default()
                },
            )
        };
        let indent = " ".repeat(graph.id(node).len());
        let parts = LineParts {
            branches: true,
            tree: true,
            doc: args.verbose,
            ..LineParts::default()
        };
        let arrows: Vec<String> = children
            .into_iter()
            .map(|child| format!("{indent} -> {}", describe.line(child, parts)))
            .collect();
        // Alembic's `"%s\n%s\n"`: the verbose entry ends with its own line break, so a blank line follows it.
        context
            .out
            .line(format!("{first}\n{}\n", arrows.join("\n")));
    }
    Ok(())
}
