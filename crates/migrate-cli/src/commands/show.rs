//! `migrate show REV`: one revision in full (`current` reads the database's heads).

use anyhow::bail;
use migrate_core::{HeadsPolicy, Resolved};

use crate::Context;
use crate::commands::empty_applied;
use crate::database;
use crate::output::Describe;

/// Arguments of `migrate show`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate show 3f2a\n  migrate show head\n  migrate show billing@head\n  migrate show current"
)]
pub struct Args {
    /// The revision: an id or unique prefix, a label, `head`, `heads`, `<label>@head`, or `current`
    #[arg(allow_negative_numbers = true)]
    revision: String,
}

/// Runs `migrate show`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let nodes = if args.revision == "current" {
        let mut conn = database::connect(&settings, context)?;
        let (nodes, unknown) = database::current(&graph, &settings, &mut conn)?;
        for id in unknown {
            context.out.warn(format!(
                "the database records revision {id}, which is not in the migrations folder"
            ));
        }
        nodes
    } else {
        match graph.resolve(&empty_applied(&graph), &args.revision, true)? {
            Resolved::Revisions(nodes) => nodes,
            Resolved::Base { .. } => bail!("`{}` names no revision", args.revision),
        }
    };
    let describe = Describe {
        graph: &graph,
        current: &[],
    };
    for node in nodes {
        context.out.line(describe.entry(node));
    }
    Ok(())
}
