//! `migrate heads [--verbose]`: the heads of the migrations folder (no database needed), effective heads
//! included as in Alembic: a revision that nothing revises but others depend on is listed as
//! `(effective head)`.

use migrate_core::HeadsPolicy;

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
    for head in graph.heads() {
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
