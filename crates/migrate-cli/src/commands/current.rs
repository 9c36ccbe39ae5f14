//! `migrate current [--verbose] [--check-heads]`: the revisions the database is at.

use std::collections::BTreeSet;

use anyhow::bail;
use migrate_core::HeadsPolicy;

use crate::Context;
use crate::database;
use crate::output::{Describe, LineParts, or_base};

/// Arguments of `migrate current`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate current\n  migrate current --verbose\n  migrate current --check-heads   # exit code 1 unless the database is at the heads"
)]
pub struct Args {
    /// Show each current revision in full, and the (redacted) database URL
    #[arg(short, long)]
    verbose: bool,
    /// Fail (exit code 1) unless the database is at the folder's heads
    #[arg(long)]
    check_heads: bool,
}

/// Runs `migrate current`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let mut conn = database::connect(&settings, context)?;
    let (nodes, unknown, running) = database::current_and_running(&graph, &settings, &mut conn)?;
    // A `running` head is where a run stopped; upgrade, downgrade and stamp refuse until it is resolved.
    let state = |id: &str| {
        if running.iter().any(|r| r == id) {
            " (running: interrupted, see `migrate stamp`)"
        } else {
            ""
        }
    };
    if args.verbose {
        let url = settings.database_url()?;
        let shown = migrate_runtime::redact_text(&migrate_runtime::redact_url(url), &[url]);
        context
            .out
            .line(format!("Current revision(s) for {shown}:"));
    }
    let describe = Describe {
        graph: &graph,
        current: &[],
    };
    for &node in &nodes {
        let id = graph.id(node);
        if args.verbose {
            let entry = describe.entry(node);
            let (first, rest) = entry.split_once('\n').unwrap_or((&entry, ""));
            context.out.line(format!("{first}{}\n{rest}", state(id)));
        } else {
            let line = describe.line(
                node,
                LineParts {
                    tree: true,
                    ..LineParts::default()
                },
            );
            context.out.line(format!("{line}{}", state(id)));
        }
    }
    for id in &unknown {
        context
            .out
            .line(format!("{id} (not in the migrations folder){}", state(id)));
    }
    if args.check_heads {
        let current: BTreeSet<&str> = nodes
            .iter()
            .map(|&n| graph.id(n))
            .chain(unknown.iter().map(String::as_str))
            .collect();
        let heads: BTreeSet<&str> = graph.heads().iter().map(|&n| graph.id(n)).collect();
        if current != heads {
            let list = |set: &BTreeSet<&str>| or_base(set.iter());
            bail!(
                "the database is not at the heads: it is at {}, the heads are {}; run `migrate upgrade heads`",
                list(&current),
                list(&heads)
            );
        }
    }
    Ok(())
}
