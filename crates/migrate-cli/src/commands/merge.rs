//! `migrate merge REVS... -m MSG`: writes a revision whose parents are the given revisions (`heads`: all heads).

use anyhow::bail;
use migrate_core::{Node, Resolved};

use crate::Context;
use crate::commands::{empty_applied, write_revision};
use crate::template::{NewRevision, now_utc};

/// Arguments of `migrate merge`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate merge heads -m \"merge heads\"\n  migrate merge 1a2b 9f8e -m \"join billing and accounts\""
)]
pub struct Args {
    /// The revisions to merge: ids, prefixes, labels, or `heads` for every head
    #[arg(required = true, value_name = "REVS")]
    revisions: Vec<String>,
    /// The message, also used for the file name
    #[arg(short, long, default_value = "")]
    message: String,
    /// Branch label(s) for the merge revision (comma-separated or repeated)
    #[arg(long, value_name = "LABEL", value_delimiter = ',')]
    branch_label: Vec<String>,
    /// Use this revision id instead of 12 random hex digits
    #[arg(long, value_name = "ID")]
    rev_id: Option<String>,
}

/// Runs `migrate merge`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let (graph, loaded) = super::load_for_writing(&settings)?;
    let applied = empty_applied(&graph);
    let mut parents: Vec<Node> = Vec::new();
    for text in &args.revisions {
        match graph.resolve(&applied, text, true)? {
            Resolved::Revisions(nodes) => parents.extend(nodes),
            Resolved::Base { .. } => bail!("cannot merge `{text}`: it names no revision"),
        }
    }
    let parents = graph.sorted(parents);
    if parents.len() < 2 {
        let ids: Vec<&str> = parents.iter().map(|&n| graph.id(n)).collect();
        bail!(
            "nothing to merge: `{}` resolves to {}; a merge needs two or more revisions",
            args.revisions.join(" "),
            if ids.is_empty() {
                "no revision".to_owned()
            } else {
                format!("the single revision {}", ids.join(", "))
            }
        );
    }
    graph.check_overlap(&parents)?;
    let id = super::choose_id(&graph, args.rev_id.as_deref())?;
    let new = NewRevision {
        id: &id,
        parents: parents.iter().map(|&n| graph.id(n).to_owned()).collect(),
        message: &args.message,
        create_date: now_utc(),
        branch_labels: args
            .branch_label
            .iter()
            .map(|l| l.trim().to_owned())
            .collect(),
        depends_on: Vec::new(),
    };
    write_revision(
        context,
        &settings,
        loaded,
        &id,
        &args.message,
        &new.merge_file(),
    )
}
