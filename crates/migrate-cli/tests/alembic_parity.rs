//! The differential test against real Alembic (feature `alembic-parity`): each scenario writes one graph as
//! an Alembic project and as a migrate folder, runs the same commands on both with fresh SQLite databases,
//! and compares stdout, stderr, exit codes, the version state and the user tables after every command,
//! normalising only the differences the README's "Coming from Alembic" table documents.

mod generate;
mod harness;
mod normalise;

use generate::{Rev, rev};
use harness::Pair;

/// A five-revision chain.
fn linear() -> Vec<Rev> {
    vec![
        rev("1a2b3c4d5e6f", &[]),
        rev("2b3c4d5e6f7a", &["1a2b3c4d5e6f"]),
        rev("3c4d5e6f7a8b", &["2b3c4d5e6f7a"]),
        rev("ae10b3c4d5e6", &["3c4d5e6f7a8b"]),
        rev("5e6f7a8b9c0d", &["ae10b3c4d5e6"]),
    ]
}

#[test]
fn linear_chain_listing() {
    let mut p = Pair::new("linear listing", &linear());
    for args in [
        &["history"][..],
        &["history", "--verbose"],
        &["heads"],
        &["heads", "--verbose"],
        &["branches"],
        &["branches", "--verbose"],
        &["current"],
        &["show", "3c4d"],
        &["show", "head"],
        &["history", "-r", "2b3c:ae10"],
        &["history", "-r", "base:3c4d"],
        &["history", "-r", "3c4d:head"],
        &["history", "-r", "ae10:"],
        &["history", "-r", ":2b3c"],
        &["history", "-r-2:head"],
        &["history", "-r-9:2b3c"],
    ] {
        p.run(args);
    }
    p.fails(&["history", "-r+1:head"]);
    p.deliberate(&["history", "-r", "2b3c+2:head"], "alembic history");
    p.finish();
}

#[test]
fn linear_chain_upgrade_downgrade() {
    let mut p = Pair::new("linear upgrade/downgrade", &linear());
    p.run(&["upgrade", "+2"]);
    p.run(&["current"]);
    p.run(&["current", "--verbose"]);
    p.run(&["upgrade", "ae10"]);
    p.run(&["history", "-r-2:current"]);
    p.run(&["history", "-r-1:"]);
    p.run(&["history", "-r", "current:"]);
    p.run(&["history", "-r", "base:current"]);
    p.fails(&["history", "-r+1:head"]);
    p.run(&["history", "--indicate-current"]);
    p.run(&["history", "--verbose", "--indicate-current"]);
    p.run(&["show", "current"]);
    p.run(&["upgrade", "head"]);
    p.run(&["upgrade", "head"]);
    p.run(&["downgrade", "-1"]);
    p.run(&["downgrade", "2b3c"]);
    p.run(&["upgrade", "+1"]);
    p.run(&["downgrade", "head-4"]);
    p.run(&["downgrade", "base"]);
    p.run(&["history", "-r-2:head"]);
    p.run(&["upgrade", "base+3"]);
    p.run(&["current"]);
    p.finish();
}

#[test]
fn linear_chain_stamp() {
    let mut p = Pair::new("linear stamp", &linear());
    p.run(&["stamp", "head"]);
    p.run(&["current"]);
    p.run(&["stamp", "3c4d"]);
    p.run(&["stamp", "base"]);
    p.run(&["stamp", "2b3c"]);
    p.run(&["stamp", "--purge", "ae10"]);
    p.run(&["stamp", "--purge", "base"]);
    p.run(&["current"]);
    p.finish();
}

#[test]
fn linear_chain_offline() {
    let mut p = Pair::new("linear --sql", &linear());
    p.run(&["upgrade", "head", "--sql"]);
    p.run(&["upgrade", "2b3c:ae10", "--sql"]);
    p.run(&["downgrade", "head:base", "--sql"]);
    p.run(&["downgrade", "ae10:2b3c", "--sql"]);
    p.run(&["stamp", "3c4d", "--sql"]);
    p.finish();
}

#[test]
fn linear_chain_revision() {
    let mut p = Pair::new("linear revision", &linear());
    p.run(&["revision", "-m", "add things", "--rev-id", "ff0000000001"]);
    p.run(&["heads"]);
    p.run(&["history", "-r", "ae10:"]);
    p.run(&["history", "--verbose", "-r", "5e6f:"]);
    p.run(&[
        "revision",
        "-m",
        "new root",
        "--head",
        "base",
        "--rev-id",
        "ff0000000002",
    ]);
    p.run(&["heads"]);
    p.fails(&["revision", "-m", "where", "--rev-id", "ff0000000003"]);
    p.fails(&[
        "revision",
        "-m",
        "not a head",
        "--head",
        "3c4d",
        "--rev-id",
        "ff0000000004",
    ]);
    p.run(&[
        "revision",
        "-m",
        "spliced",
        "--head",
        "3c4d",
        "--splice",
        "--rev-id",
        "ff0000000005",
    ]);
    p.run(&["branches"]);
    p.run(&[
        "merge",
        "heads",
        "-m",
        "join all",
        "--rev-id",
        "ff0000000006",
    ]);
    p.run(&["heads"]);
    p.run(&["history"]);
    p.finish();
}

#[test]
fn linear_chain_errors() {
    let mut p = Pair::new("linear errors", &linear());
    p.fails(&["upgrade", "zzzz9999"]);
    p.fails(&["show", "zzzz9999"]);
    p.fails(&["upgrade", "+9"]);
    p.run(&["upgrade", "3c4d"]);
    p.fails(&["downgrade", "ae10"]);
    p.fails(&["downgrade", "-5"]);
    p.run(&["current"]);
    // The last step, as it leaves the two sides in different states: migrate refuses targets where one is
    // below another; Alembic applies them against a stale view of its version table and ends at 2b3c.
    p.deliberate(&["stamp", "2b3c", "3c4d"], "alembic stamp");
    p.finish();
}

mod branches;
mod depends;
