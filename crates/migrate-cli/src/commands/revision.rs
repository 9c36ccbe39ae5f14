//! `migrate revision -m MSG`: writes `<rev>_<slug>.sql` with its header filled in, on top of the current head.

use anyhow::bail;
use migrate_core::{Node, PlanError, Resolved};

use crate::Context;
use crate::commands::{empty_applied, resolve_single, write_revision};
use crate::template::{NewRevision, now_utc};

/// Arguments of `migrate revision`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate revision -m \"create users\"\n  migrate revision -m \"start billing\" --head base --branch-label billing\n  migrate revision -m \"add invoices\" --head billing@head\n  migrate revision -m \"hotfix\" --head 1a2b3c --splice\n  migrate revision -m \"link users\" --depends-on billing"
)]
pub struct Args {
    /// The message, also used for the file name
    #[arg(short, long, default_value = "")]
    message: String,
    /// The revision to build on: a head, `base` for a new root, or `<label>@head` [default: head]
    #[arg(long, value_name = "REV")]
    head: Option<String>,
    /// Allow `--head` to name a revision that is not a head, starting a new branch from it
    #[arg(long)]
    splice: bool,
    /// Branch label(s) for the new revision (comma-separated or repeated)
    #[arg(long, value_name = "LABEL", value_delimiter = ',')]
    branch_label: Vec<String>,
    /// Revisions or labels the new revision depends on (comma-separated or repeated)
    #[arg(long, value_name = "REV", value_delimiter = ',')]
    depends_on: Vec<String>,
    /// Use this revision id instead of 12 random hex digits
    #[arg(long, value_name = "ID")]
    rev_id: Option<String>,
}

/// The message when the parent would be ambiguous.
pub const MULTIPLE_HEADS: &str = "multiple heads are present; please specify the head revision on which the new revision should be based (`--head`), or run `migrate merge heads`";

/// Runs `migrate revision`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let (graph, loaded) = super::load_for_writing(&settings)?;
    let applied = empty_applied(&graph);

    let head = args.head.as_deref().unwrap_or("head");
    let parents: Vec<Node> = if graph.is_empty() && head == "head" {
        Vec::new()
    } else {
        match graph.resolve(&applied, head, true) {
            Ok(Resolved::Base { .. }) => Vec::new(),
            Ok(Resolved::Revisions(nodes)) => nodes,
            Err(PlanError::MultipleHeads { .. }) if head == "head" => bail!(MULTIPLE_HEADS),
            Err(error) => return Err(error.into()),
        }
    };
    if !args.splice {
        for &parent in &parents {
            if !graph.children(parent).is_empty() {
                bail!(
                    "revision {} is not a head revision; please specify --splice to create a new branch from this revision",
                    graph.id(parent)
                );
            }
        }
    }
    let depends_on = args
        .depends_on
        .iter()
        .map(|dep| {
            resolve_single(&graph, dep.trim(), "--depends-on").map(|n| graph.id(n).to_owned())
        })
        .collect::<anyhow::Result<Vec<_>>>()?;

    let create_date = now_utc();
    let id = super::choose_id(&graph, args.rev_id.as_deref())?;
    let new = NewRevision {
        id: &id,
        parents: parents.iter().map(|&n| graph.id(n).to_owned()).collect(),
        message: &args.message,
        create_date,
        branch_labels: args
            .branch_label
            .iter()
            .map(|l| l.trim().to_owned())
            .collect(),
        depends_on,
    };
    write_revision(
        context,
        &settings,
        loaded,
        &id,
        &args.message,
        &new.revision_file(),
    )
}
