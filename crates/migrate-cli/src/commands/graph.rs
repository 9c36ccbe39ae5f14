//! `migrate graph [--format dot|mermaid] [-r START:END] [--offline]`: the revision graph as a picture.

use migrate_core::{Edges, HeadsPolicy};

use crate::Context;
use crate::commands::history;
use crate::database;
use crate::picture::Picture;

/// The text format of `migrate graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphviz DOT (`migrate graph | dot -Tsvg > graph.svg`).
    Dot,
    /// A Mermaid flowchart (paste into a ```mermaid block on GitHub).
    Mermaid,
}

/// Arguments of `migrate graph`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate graph | dot -Tsvg > migrations.svg\n  migrate graph --format mermaid\n  migrate graph -r 1f3a:head --offline\n\nWith a database URL configured, applied revisions are filled and the current heads marked; --offline draws the folder alone."
)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value = "dot")]
    format: Format,
    /// Only revisions from START to END, as `migrate history -r` takes them
    #[arg(
        short = 'r',
        long = "rev-range",
        value_name = "START:END",
        allow_hyphen_values = true
    )]
    rev_range: Option<String>,
    /// Do not read the database even when a URL is configured
    #[arg(long)]
    offline: bool,
}

/// Runs `migrate graph`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let range = args.rev_range.as_deref();
    let range_needs_database = history::range_needs_database(range)?;
    if args.offline && range_needs_database {
        anyhow::bail!("`current` in a range needs the database; leave out --offline");
    }
    let use_database =
        !args.offline && (settings.database_url_if_any().is_some() || range_needs_database);
    let current = if use_database {
        let mut conn = database::connect(&settings, context)?;
        database::current(&graph, &settings, &mut conn)?.0
    } else {
        Vec::new()
    };
    let applied = use_database.then(|| graph.ancestors(&current, Edges::WithDependencies));
    let members = history::range_members(&graph, &current, range)?;
    let picture = Picture {
        graph: &graph,
        members: &members,
        applied: applied.as_deref(),
        current: &current,
    };
    context.out.raw(&match args.format {
        Format::Dot => picture.dot(),
        Format::Mermaid => picture.mermaid(),
    });
    Ok(())
}
