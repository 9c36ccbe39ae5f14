//! Labelled branches: two labelled branches joined by a merge, and the branch-qualified targets of issue 9
//! item 1 (`a <- b <- c1{c1branch} <- d1`, `b <- c2{c2branch} <- d2`).

use super::generate::{Rev, rev};
use super::harness::Pair;

/// `r0 <- x1{featx} <- x2`, `r0 <- y1{featy} <- y2`, the merge `m1 <- (x2, y2)` and `n1` above it.
fn merged() -> Vec<Rev> {
    vec![
        rev("r0r0r0r0r0r0", &[]),
        rev("x1x1x1x1x1x1", &["r0r0r0r0r0r0"]).label("featx"),
        rev("x2x2x2x2x2x2", &["x1x1x1x1x1x1"]),
        rev("y1y1y1y1y1y1", &["r0r0r0r0r0r0"]).label("featy"),
        rev("y2y2y2y2y2y2", &["y1y1y1y1y1y1"]),
        rev("m1m1m1m1m1m1", &["x2x2x2x2x2x2", "y2y2y2y2y2y2"]),
        rev("n1n1n1n1n1n1", &["m1m1m1m1m1m1"]),
    ]
}

/// The same two branches without the merge: two heads.
fn unmerged() -> Vec<Rev> {
    merged().into_iter().take(5).collect()
}

#[test]
fn labelled_merge_listing() {
    let mut p = Pair::new("labelled merge listing", &merged());
    for args in [
        &["history"][..],
        &["history", "--verbose"],
        &["heads"],
        &["heads", "--verbose"],
        &["branches"],
        &["branches", "--verbose"],
        &["show", "m1m1"],
        &["show", "featx@head"],
        &["show", "x2x2"],
        &["history", "-r", "x1x1:head"],
        &["history", "-r", "featy@-1:"],
    ] {
        p.run(args);
    }
    p.deliberate(
        &["history", "-r", "featy@base:featy@head"],
        "alembic history",
    );
    p.finish();
}

#[test]
fn labelled_merge_upgrade_downgrade() {
    let mut p = Pair::new("labelled merge upgrade/downgrade", &merged());
    p.run(&["upgrade", "featx@head"]);
    p.run(&["current"]);
    p.run(&["current", "--verbose"]);
    p.fails(&["upgrade", "featy@+1"]);
    p.run(&["current"]);
    p.run(&["history", "-i"]);
    p.run(&["upgrade", "m1m1"]);
    p.run(&["current"]);
    p.run(&["downgrade", "-1"]);
    p.run(&["current"]);
    p.run(&["downgrade", "featx@x1x1"]);
    p.run(&["current"]);
    p.run(&["upgrade", "heads"]);
    p.run(&["downgrade", "featy@base"]);
    p.run(&["current"]);
    p.run(&["downgrade", "base"]);
    p.run(&["upgrade", "head", "--sql"]);
    p.run(&["downgrade", "heads:r0r0", "--sql"]);
    p.finish();
}

#[test]
fn labelled_heads_stamp_and_merge() {
    let mut p = Pair::new("labelled heads stamp/merge", &unmerged());
    p.run(&["heads"]);
    p.fails(&["upgrade", "head"]);
    p.run(&["stamp", "heads"]);
    p.run(&["current"]);
    p.run(&["stamp", "x1x1"]);
    p.run(&["stamp", "y2y2"]);
    p.run(&["stamp", "--purge", "base"]);
    p.run(&["current"]);
    p.fails(&["revision", "-m", "where", "--rev-id", "ff0000000001"]);
    p.run(&[
        "revision",
        "-m",
        "more x",
        "--head",
        "featx@head",
        "--rev-id",
        "ff0000000002",
    ]);
    p.run(&["heads"]);
    p.run(&["merge", "heads", "-m", "join", "--rev-id", "ff0000000003"]);
    p.run(&["heads"]);
    p.run(&["history"]);
    p.run(&["branches", "--verbose"]);
    p.finish();
}

#[test]
fn labelled_stamp_of_a_branch_base() {
    let mut p = Pair::new("labelled stamp of a branch base", &unmerged());
    p.run(&["stamp", "heads"]);
    p.run(&["current"]);
    // The last step, as it leaves the two sides in different states: migrate's stamp records what
    // `downgrade featx@base` leaves (everything above the common root goes, in both tools); Alembic's stamp
    // moves only the featx row of its version table.
    p.deliberate(&["stamp", "featx@base"], "alembic stamp");
    p.finish();
}

/// Issue 9 item 1: `a <- b <- c1{c1branch} <- d1`, `b <- c2{c2branch} <- d2`.
fn qualified() -> Vec<Rev> {
    vec![
        rev("a", &[]),
        rev("b", &["a"]),
        rev("c1", &["b"]).label("c1branch"),
        rev("d1", &["c1"]),
        rev("c2", &["b"]).label("c2branch"),
        rev("d2", &["c2"]),
    ]
}

#[test]
fn qualified_downgrade_from_c1_d2() {
    let mut p = Pair::new("item 1 row 1", &qualified());
    p.run(&["upgrade", "c1"]);
    p.run(&["upgrade", "d2"]);
    p.run(&["current"]);
    p.run(&["downgrade", "c1branch@b"]);
    p.run(&["current"]);
    p.finish();
}

#[test]
fn qualified_downgrade_by_revision_name() {
    let mut p = Pair::new("item 1 row 2", &qualified());
    p.run(&["upgrade", "heads"]);
    p.run(&["current"]);
    p.run(&["downgrade", "c2@b"]);
    p.run(&["current"]);
    p.finish();
}

#[test]
fn qualified_relative_upgrade() {
    let mut p = Pair::new("item 1 row 3", &qualified());
    p.run(&["upgrade", "c1"]);
    p.run(&["upgrade", "c2branch@+1"]);
    p.run(&["current"]);
    p.finish();
}

#[test]
fn qualified_listing_and_errors() {
    let mut p = Pair::new("item 1 graph listing", &qualified());
    p.run(&["heads"]);
    p.run(&["branches", "--verbose"]);
    p.run(&["history", "--verbose"]);
    p.run(&["upgrade", "c1branch@head"]);
    p.run(&["upgrade", "c2branch@head"]);
    p.fails(&["upgrade", "+1"]);
    p.fails(&["upgrade", "c1branch@d2"]);
    p.fails(&["upgrade", "nobranch@head"]);
    p.run(&["downgrade", "c2branch@-1"]);
    p.run(&["current", "--verbose"]);
    p.finish();
}

#[test]
fn ambiguous_downgrade_is_refused() {
    let mut p = Pair::new("item 1 graph downgrade -1 from two heads", &qualified());
    p.run(&["upgrade", "heads"]);
    // Alembic warns and walks down from one of the heads; migrate refuses and changes nothing.
    p.deliberate(&["downgrade", "-1"], "alembic downgrade -1");
    p.finish();
}
