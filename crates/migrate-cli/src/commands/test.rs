//! `migrate test [-r START:END] [--dev-url URL]`: proves every down section on a scratch database (SQLite in
//! memory; PostgreSQL and MySQL: `dev_url`, else a temporary database on the server, always dropped). Each
//! revision, in upgrade order, is upgraded, downgraded and upgraded again; the schema after the downgrade
//! must equal the schema before the upgrade over everything introspection sees. Revisions without a down
//! section are skipped. Exits with 1 naming every revision that fails, with the differences.

use anyhow::bail;
use migrate_core::{HeadsPolicy, Node, RevisionGraph};
use migrate_runtime::migrate_schema::Difference;
use migrate_runtime::{DocComments, IntrospectOptions, RoundTrip, RoundTripOutcome};

use crate::Context;
use crate::commands::history;
use crate::database;
use crate::output::or_base;

/// Arguments of `migrate test`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate test                      # every revision, in upgrade order\n  migrate test -r 1f3a:head         # from 1f3a up\n  migrate test --dev-url postgres://localhost/scratch"
)]
pub struct Args {
    /// Only revisions from START to END, as `history -r` reads them (either may be left out)
    #[arg(
        short = 'r',
        long = "rev-range",
        value_name = "START:END",
        allow_hyphen_values = true
    )]
    rev_range: Option<String>,
    /// An empty scratch database (PostgreSQL, MySQL) [default: `dev_url` in migrate.toml, else a
    /// temporary database on the server of the database URL, else SQLite in memory]
    #[arg(long, value_name = "URL")]
    dev_url: Option<String>,
}

/// Runs `migrate test`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let settings = context.settings()?;
    let graph = settings.load_graph(HeadsPolicy::AllowMultiple)?;
    let range = args.rev_range.as_deref();
    let current = if history::range_needs_database(range)? {
        let mut conn = database::connect(&settings, context)?;
        database::current(&graph, &settings, &mut conn)?.0
    } else {
        Vec::new()
    };
    let members = history::range_members(&graph, &current, range)?;
    let ids: Vec<&str> = graph
        .topological_order()
        .iter()
        .filter(|&&n| members[n as usize])
        .map(|&n| graph.id(n))
        .collect();
    if ids.is_empty() {
        context.out.info("No revisions to test.");
        return Ok(());
    }
    let scratch = crate::replay::scratch(&settings, args.dev_url.as_deref())?;
    context.out.info(format!(
        "Testing {} on {}: upgrade, downgrade, upgrade.",
        count(ids.len(), "revision"),
        crate::replay::describe(&scratch)
    ));
    let options = IntrospectOptions::for_tables_of(&database::options(&settings))
        .with_docs(DocComments::DatabaseComments)
        .with_keyless_tables(true);
    crate::progress::begin(context.out, ids.len(), None);
    let results = crate::replay::guarded(|| {
        migrate_runtime::round_trips(
            &graph,
            &ids,
            &scratch,
            &database::options(&settings),
            &options,
            |trip| progress(context, &graph, trip),
        )
    });
    crate::progress::finish(context.out, results.is_ok());
    let results = results?;
    let failed: Vec<&RoundTrip> = results.iter().filter(|r| !r.passed()).collect();
    let skipped = results
        .iter()
        .filter(|r| r.outcome == RoundTripOutcome::Irreversible)
        .count();
    let tested = results.len() - skipped;
    let skipped_note = if skipped == 0 {
        String::new()
    } else {
        format!(" ({} skipped)", count(skipped, "irreversible revision"))
    };
    if failed.is_empty() {
        context.out.info(format!(
            "Tested {}: every down section restores the schema{skipped_note}.",
            count(tested, "revision")
        ));
        return Ok(());
    }
    let mut text = format!(
        "{} of {} failed{skipped_note}:",
        failed.len(),
        count(tested, "tested revision")
    );
    for trip in failed {
        text.push_str(&format!("\n- {}", failure(&graph, trip)));
    }
    bail!(text)
}

/// `N thing` or `N things`.
fn count(n: usize, thing: &str) -> String {
    format!("{n} {thing}{}", if n == 1 { "" } else { "s" })
}

/// The line printed as each revision's round trip ends.
fn progress(context: &Context, graph: &RevisionGraph, trip: &RoundTrip) {
    let Some(node) = graph.node(&trip.revision) else {
        return;
    };
    let line = describe(graph, node);
    match trip.outcome {
        RoundTripOutcome::Irreversible => context
            .out
            .info(format!("Skipping {line}: irreversible (no down section)")),
        RoundTripOutcome::Restored => context.out.info(format!("Testing {line} ... ok")),
        _ => context.out.info(format!("Testing {line} ... FAILED")),
    }
    crate::progress::advance(format!(
        "{} {}",
        trip.revision,
        graph.revision(node).message
    ));
}

/// `parents -> rev, message`, as Alembic's step lines show a revision.
fn describe(graph: &RevisionGraph, node: Node) -> String {
    let revision = graph.revision(node);
    let parents = or_base(revision.parents.iter());
    format!("{parents} -> {}, {}", revision.id, revision.message)
}

/// What went wrong with one revision, with the differences on their own lines.
fn failure(graph: &RevisionGraph, trip: &RoundTrip) -> String {
    let path = graph
        .get(&trip.revision)
        .map(|r| r.source.path.to_string())
        .unwrap_or_default();
    let head = format!("{} ({path})", trip.revision);
    let listed = |differences: &[Difference], first: &str, second: &str| -> String {
        differences
            .iter()
            .map(|d| format!("\n    {}", d.describe(first, second)))
            .collect()
    };
    match &trip.outcome {
        RoundTripOutcome::NotRestored(differences) => format!(
            "{head}: its down section does not restore the schema:{}",
            listed(differences, "before", "after downgrade")
        ),
        RoundTripOutcome::DownFailed(error) => {
            format!("{head}: its down section fails: {error}")
        }
        RoundTripOutcome::UpAgainFailed(error) => format!(
            "{head}: upgrading again after the downgrade fails (the down section leaves something behind): {error}"
        ),
        RoundTripOutcome::UpAgainDiffers(differences) => format!(
            "{head}: upgrading again after the downgrade gives another schema:{}",
            listed(differences, "after the first upgrade", "after the second")
        ),
        _ => format!("{head}: {:?}", trip.outcome),
    }
}
