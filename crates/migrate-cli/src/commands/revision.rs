//! `migrate revision -m MSG`: writes `<rev>_<slug>.sql` with its header filled in, on top of the current head.
//! With `--autogenerate` its sections hold the SQL that turns the current schema into the models of
//! `schema.rs` ([`super::autogenerate`]).

use anyhow::bail;
use migrate_core::{Node, PlanError, Resolved};

use crate::Context;
use crate::commands::autogenerate::{self, Request};
use crate::commands::print_schema::From;
use crate::commands::{empty_applied, resolve_single, write_revision};
use crate::template::{NewRevision, now_utc};

/// Arguments of `migrate revision`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate revision -m \"create users\"\n  migrate revision -m \"start billing\" --head base --branch-label billing\n  migrate revision -m \"add invoices\" --head billing@head\n  migrate revision -m \"hotfix\" --head 1a2b3c --splice\n  migrate revision -m \"link users\" --depends-on billing\n  migrate revision --autogenerate -m \"add email\"\n  migrate revision --autogenerate -m \"rename\" --rename users.name=full_name\n  migrate revision --autogenerate -m \"adopt\" --from database"
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
    /// Write the SQL that turns the current schema into the models of schema.rs
    #[arg(long)]
    autogenerate: bool,
    /// With --autogenerate: compare with a replay of the migrations up to the new revision's parent, or
    /// with the live database (which must be at the heads) [default: migrations]
    #[arg(long, value_enum, requires = "autogenerate")]
    from: Option<From>,
    /// With --autogenerate: a rename instead of a drop plus an add, `table.column=new_column` or
    /// `old_table=new_table` (repeatable)
    #[arg(long, value_name = "SPEC", requires = "autogenerate")]
    rename: Vec<String>,
    /// With --autogenerate: an empty scratch database for the replay (PostgreSQL, MySQL) [default:
    /// `dev_url` in migrate.toml, else a temporary database on the server of the database URL]
    #[arg(long, value_name = "URL", requires = "autogenerate")]
    dev_url: Option<String>,
    /// Alembic's offline flag: refused with --autogenerate; a plain revision is written as without it
    #[arg(long)]
    sql: bool,
}

/// The message when the parent would be ambiguous.
pub const MULTIPLE_HEADS: &str = "multiple heads are present; please specify the head revision on which the new revision should be based (`--head`), or run `migrate merge heads`";

/// Runs `migrate revision`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    if args.autogenerate && args.sql {
        bail!("Using --sql with --autogenerate does not make any sense");
    }
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

    let generated = if args.autogenerate {
        let request = Request {
            from: args.from.unwrap_or(From::Migrations),
            renames: &args.rename,
            dev_url: args.dev_url.as_deref(),
            depends_on: &depends_on,
        };
        match autogenerate::generate(&settings, context, &graph, &parents, &request)? {
            Some(generated) => Some(generated),
            None => {
                context.out.info("No changes in schema detected.");
                return Ok(());
            }
        }
    } else {
        None
    };
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
    let text = match &generated {
        Some(generated) => new.autogenerated_file(generated),
        None => new.revision_file(),
    };
    write_revision(context, &settings, loaded, &id, &args.message, &text)
}
