//! Two roots with a cross-root `Depends On` (issue 9 item 3): to a middle revision of the other root, and to
//! the other root's head ("app needs lib's latest").

use super::generate::{Rev, rev};
use super::harness::Pair;

/// `lib`: `55af2cb1c267 <- 55af9e8d7c6b <- 66bf3dc2d378`; `app`: `77cf4ed3e489 <- 88df5fe4f59a <- 99ef6af5a6ab`,
/// where `88df5fe4f59a` depends on `55af9e8d7c6b`.
fn to_middle() -> Vec<Rev> {
    vec![
        rev("55af2cb1c267", &[]).label("lib"),
        rev("55af9e8d7c6b", &["55af2cb1c267"]),
        rev("66bf3dc2d378", &["55af9e8d7c6b"]),
        rev("77cf4ed3e489", &[]).label("app"),
        rev("88df5fe4f59a", &["77cf4ed3e489"]).depends("55af9e8d7c6b"),
        rev("99ef6af5a6ab", &["88df5fe4f59a"]),
    ]
}

/// The same without `66bf3dc2d378`: the dependency is lib's head.
fn to_head() -> Vec<Rev> {
    to_middle()
        .into_iter()
        .filter(|r| r.id != "66bf3dc2d378")
        .collect()
}

#[test]
fn depends_on_middle_revision() {
    let mut p = Pair::new("depends on a middle revision", &to_middle());
    p.run(&["heads"]);
    p.run(&["history"]);
    p.run(&["history", "--verbose"]);
    p.run(&["upgrade", "88df5fe4f59a"]);
    p.run(&["current"]);
    p.run(&["current", "--verbose"]);
    p.run(&["upgrade", "+1"]);
    p.run(&["current"]);
    p.run(&["downgrade", "-1"]);
    p.run(&["current"]);
    p.run(&["upgrade", "heads"]);
    p.run(&["current"]);
    p.run(&["downgrade", "lib@base"]);
    p.run(&["current"]);
    p.run(&["upgrade", "app@head"]);
    p.fails(&["downgrade", "55af9e8d7c6b"]);
    p.run(&["current"]);
    p.run(&["upgrade", "heads", "--sql"]);
    p.finish();
}

#[test]
fn depends_on_other_head() {
    let mut p = Pair::new("depends on the other root's head", &to_head());
    p.run(&["heads"]);
    p.run(&["heads", "--verbose"]);
    p.run(&["history"]);
    p.fails(&["upgrade", "head"]);
    p.fails(&["stamp", "head"]);
    p.fails(&["show", "head"]);
    p.fails(&["revision", "-m", "on top", "--rev-id", "ff0000000001"]);
    p.run(&["upgrade", "heads"]);
    p.run(&["current"]);
    p.run(&["downgrade", "app@-1"]);
    p.run(&["current"]);
    p.run(&["stamp", "--purge", "lib@head"]);
    p.run(&["current"]);
    p.run(&["stamp", "heads"]);
    p.run(&["current"]);
    p.finish();
}
