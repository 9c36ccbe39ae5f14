//! What the replay compares with: the lineage of the new revision (its parent and `--depends-on`), and
//! column order, which the comparison ignores.

use super::{Flow, after, replace};
use crate::support::{Sqlite, TestDb};

fn depends_on(db: &dyn TestDb) {
    let flow = Flow::new(
        db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
        "DROP TABLE users;",
    );
    flow.project.revision(
        "bbbb00000002",
        "tags",
        &["--head", "base", "--branch-label", "tags"],
        "CREATE TABLE tags (id INTEGER PRIMARY KEY NOT NULL);",
        Some("DROP TABLE tags;"),
    );
    flow.project.ok(&["upgrade", "heads"]);
    let wanted = after(
        &flow.schema(),
        "        name -> Text,\n",
        "        email -> Nullable<Text>,\n",
    );
    flow.write_schema(&wanted);

    let run = flow.autogenerate("g1", &["--head", "aaaa00000001", "--depends-on", "tags"]);
    assert_eq!(
        super::detected(&run),
        ["Detected added column 'users.email'"]
    );
    let file = flow.file("g1");
    assert!(
        file.contains("-- Revises: aaaa00000001\n")
            && file.contains("-- Depends On: bbbb00000002\n"),
        "{file}"
    );
    assert!(
        file.contains("against a replay of the migrations up to aaaa00000001, bbbb00000002"),
        "{file}"
    );
    flow.project.ok(&["upgrade", "heads"]);
    assert_eq!(flow.schema(), wanted);
}

#[test]
fn sqlite_depends_on() {
    depends_on(&Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_depends_on() {
    depends_on(&crate::support::Postgres::new());
}

/// A column added in the middle of a table in schema.rs lands at its end: the comparison ignores column
/// order, so the next run finds nothing.
#[test]
fn column_order_is_ignored() {
    let db = Sqlite::new();
    let flow = Flow::new(
        &db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
        "DROP TABLE users;",
    );
    let schema = flow.schema();
    let wanted = replace(
        &schema,
        "        name -> Text,\n",
        "        email -> Nullable<Text>,\n        name -> Text,\n",
    );
    flow.write_schema(&wanted);
    let run = flow.autogenerate("g2", &[]);
    assert_eq!(
        super::detected(&run),
        ["Detected added column 'users.email'"]
    );
    flow.project.ok(&["upgrade", "head"]);
    assert_eq!(
        flow.schema(),
        after(
            &schema,
            "        name -> Text,\n",
            "        email -> Nullable<Text>,\n"
        )
    );
    flow.in_sync();
}

/// `--head` below a head needs `--splice`, as without `--autogenerate`; the new branch is compared with
/// the replay of its own parent (no `tags` table of the other branch), and gets its `--branch-label`.
#[test]
fn splice_and_branch_label() {
    let db = Sqlite::new();
    let flow = Flow::new(
        &db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
        "DROP TABLE users;",
    );
    let wanted = after(
        &flow.schema(),
        "        name -> Text,\n",
        "        email -> Nullable<Text>,\n",
    );
    flow.project.write_revision(
        "bbbb00000002",
        "aaaa00000001",
        "",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY NOT NULL);",
    );
    flow.write_schema(&wanted);
    let stderr = flow.project.fails(&[
        "revision",
        "--autogenerate",
        "-m",
        "x",
        "--head",
        "aaaa00000001",
    ]);
    assert_eq!(
        stderr,
        "error: revision aaaa00000001 is not a head revision; please specify --splice to create a new branch from this revision\n"
    );
    let run = flow.autogenerate(
        "g3",
        &[
            "--head",
            "aaaa00000001",
            "--splice",
            "--branch-label",
            "mail",
        ],
    );
    assert_eq!(
        super::detected(&run),
        ["Detected added column 'users.email'"]
    );
    let file = flow.file("g3");
    assert!(
        file.contains("-- Revises: aaaa00000001\n") && file.contains("-- Branch Labels: mail\n"),
        "{file}"
    );
}
