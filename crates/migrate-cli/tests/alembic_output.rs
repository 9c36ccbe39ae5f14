//! The shapes of Alembic's output that issue 9 asked for, checked without Alembic (the `alembic-parity`
//! feature compares them with real Alembic): `history -r-N` counted from the heads, `stamp` logging one line
//! per version-table change, the blank line of `branches --verbose`, the lines before an offline script.

use crate::support::{Project, Sqlite, TestDb};

const IDS: [&str; 5] = [
    "aaaa00000001",
    "bbbb00000002",
    "cccc00000003",
    "dddd00000004",
    "eeee00000005",
];

/// A chain of the five revisions of [`IDS`], each creating its own table.
fn chain(project: &Project) {
    for (index, id) in IDS.iter().enumerate() {
        let head = if index == 0 { "base" } else { IDS[index - 1] };
        project.revision(
            id,
            &format!("step {index}"),
            &["--head", head],
            &format!("CREATE TABLE t{index} (id INTEGER);"),
            Some(&format!("DROP TABLE t{index};")),
        );
    }
}

fn rows(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .map(|l| l.split(' ').nth(2).unwrap_or(l).trim_end_matches(','))
        .collect()
}

#[test]
fn history_minus_n_counts_from_the_heads() {
    let db = Sqlite::new();
    let project = Project::with_url(&db.url());
    chain(&project);
    // No database needed: two steps below the head, up to the head.
    let run = project.ok(&["history", "-r-2:head"]);
    assert_eq!(run.stderr, "");
    assert_eq!(
        rows(&run.stdout),
        ["eeee00000005", "dddd00000004", "cccc00000003"]
    );
    // From the heads even when the database is elsewhere: at dddd, `-2:current` is cccc..dddd.
    project.ok(&["-q", "upgrade", "dddd"]);
    assert_eq!(
        rows(&project.ok(&["history", "-r-2:current"]).stdout),
        ["dddd00000004", "cccc00000003"]
    );
    // Past the base means base.
    assert_eq!(rows(&project.ok(&["history", "-r-9:bbbb"]).stdout).len(), 2);
    assert_eq!(
        project.fails(&["history", "-r+1:head"]),
        "error: `+1` in a history range names no revision: a bare `-N` counts down from the heads; to count up, start from a revision (`current+1`, `<rev>+1`)\n"
    );
}

#[test]
fn stamp_logs_one_line_per_version_table_change() {
    let db = Sqlite::new();
    let project = Project::with_url(&db.url());
    chain(&project);
    let context = db.context_lines();
    let stamp = |args: &[&str]| {
        let run = project.ok(args);
        run.stderr.strip_prefix(&context).unwrap().to_owned()
    };
    assert_eq!(
        stamp(&["stamp", "head"]),
        "INFO  [migrate] Running stamp_revision <base> -> eeee00000005\n"
    );
    assert_eq!(
        stamp(&["stamp", "cccc"]),
        "INFO  [migrate] Running stamp_revision eeee00000005 -> cccc00000003\n"
    );
    assert_eq!(stamp(&["stamp", "cccc"]), "");
    assert_eq!(
        stamp(&["stamp", "base"]),
        "INFO  [migrate] Running stamp_revision cccc00000003 -> <base>\n"
    );
    assert_eq!(
        stamp(&["stamp", "--purge", "bbbb"]),
        "INFO  [migrate] Running stamp_revision <base> -> bbbb00000002\n"
    );
    assert_eq!(stamp(&["stamp", "--purge", "base"]), "");
    assert_eq!(project.ok(&["-q", "current"]).stdout, "");
    // Nothing ran: stamps write no user table.
    assert!(db.tables().iter().all(|t| t.starts_with("__migrate")));
}

#[test]
fn branches_verbose_and_offline_preamble() {
    let project = Project::new();
    chain(&project);
    project.revision(
        "ffff00000006",
        "side",
        &["--head", "cccc", "--splice"],
        "CREATE TABLE side (id INTEGER);",
        None,
    );
    let verbose = project.ok(&["branches", "--verbose"]).stdout;
    assert!(
        verbose.contains(
            "    Create Date: "
        ) && verbose.contains("\n\n             -> dddd00000004, step 3\n             -> ffff00000006 (head), side\n\n"),
        "{verbose}"
    );
    // Blank docstring lines are indented too.
    assert!(
        verbose.contains("\n    step 2\n    \n    Revision ID: cccc00000003\n"),
        "{verbose}"
    );
    let run = project.ok(&["upgrade", "bbbb", "--sql", "--backend", "sqlite"]);
    assert_eq!(
        run.stderr,
        "INFO  [migrate] Context impl sqlite.\n\
         INFO  [migrate] Generating static SQL\n\
         INFO  [migrate] Will assume transactional DDL.\n\
         INFO  [migrate] Running upgrade <base> -> aaaa00000001, step 0\n\
         INFO  [migrate] Running upgrade aaaa00000001 -> bbbb00000002, step 1\n"
    );
}
