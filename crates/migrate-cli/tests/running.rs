//! A revision a run left `running` is shown as such by `current`, until `stamp` resolves it.

use crate::support::{Project, Sqlite, TestDb};

#[test]
fn current_says_which_revision_is_left_running() {
    let db = Sqlite::new();
    let project = Project::with_url(&db.url());
    project.revision(
        "aaaa00000001",
        "one",
        &[],
        "CREATE TABLE t (id INTEGER);",
        Some("DROP TABLE t;"),
    );
    project.revision(
        "bbbb00000002",
        "two",
        &[],
        "CREATE TABLE u (id INTEGER);\nSELECT * FROM no_such_table;",
        Some("DROP TABLE u;"),
    );
    // Outside a transaction, so that a failure leaves the `running` marker.
    let file = project.file_of("bbbb00000002");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "-- Revision ID: bbbb00000002\n",
        "-- Revision ID: bbbb00000002\n-- Transactional: false\n",
    );
    std::fs::write(&file, text).unwrap();
    project.fails(&["upgrade", "head"]);
    assert_eq!(
        db.query("SELECT revision, state FROM __migrate_history ORDER BY revision;"),
        "aaaa00000001\tapplied\nbbbb00000002\trunning\n"
    );

    assert_eq!(
        project.ok(&["current"]).stdout,
        "bbbb00000002 (head) (running: interrupted, see `migrate stamp`)\n"
    );
    let verbose = project.ok(&["current", "--verbose"]).stdout;
    assert!(
        verbose.contains("\nRev: bbbb00000002 (head) (running: interrupted, see `migrate stamp`)\nParent: aaaa00000001\n"),
        "{verbose}"
    );
    // The refusal it points to.
    let refusal = project.fails(&["upgrade", "head"]);
    assert!(
        refusal.contains("`migrate stamp aaaa00000001`"),
        "{refusal}"
    );

    project.ok(&["stamp", "aaaa00000001"]);
    assert_eq!(project.ok(&["current"]).stdout, "aaaa00000001\n");
}
