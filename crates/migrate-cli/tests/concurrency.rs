//! Eight `migrate upgrade head` processes started at once on one fresh database, 200 revisions: every
//! process exits 0, one applies everything, the others wait for the lock and find nothing to do, and each
//! revision runs exactly once (its SQL, its log row).

use std::time::Duration;

use crate::process::finish;
use crate::support::{Project, TestDb, lines};

const REVISIONS: usize = 200;
const PROCESSES: usize = 8;
const REPETITIONS: usize = 3;

fn ids() -> Vec<String> {
    (0..REVISIONS).map(|i| format!("c{i:011}")).collect()
}

/// The chain: the first revision creates `marks`, each one inserts its id into it.
fn write_chain(project: &Project) {
    let ids = ids();
    for (i, id) in ids.iter().enumerate() {
        let (revises, up) = if i == 0 {
            (
                String::new(),
                "CREATE TABLE marks (revision VARCHAR(16) NOT NULL PRIMARY KEY);".to_owned(),
            )
        } else {
            (
                ids[i - 1].clone(),
                format!("INSERT INTO marks (revision) VALUES ('{id}');"),
            )
        };
        project.write_revision(id, &revises, "", &up);
    }
}

fn concurrent_upgrades(new_db: impl Fn() -> Box<dyn TestDb>) {
    for repetition in 0..REPETITIONS {
        let db = new_db();
        let project = Project::with_url(&db.url());
        write_chain(&project);
        let children: Vec<_> = (0..PROCESSES)
            .map(|_| project.spawn(&["upgrade", "head"]))
            .collect();
        let runs: Vec<_> = children
            .into_iter()
            .map(|child| finish(child, Duration::from_secs(300)))
            .collect();
        let mut applied_by = Vec::new();
        for (i, run) in runs.iter().enumerate() {
            assert_eq!(
                run.code, 0,
                "repetition {repetition}, process {i}:\n{}",
                run.stderr
            );
            assert_eq!(run.stdout, "");
            let steps = run
                .stderr
                .strip_prefix(&db.context_lines())
                .unwrap_or_else(|| panic!("process {i}: {}", run.stderr));
            if !steps.is_empty() {
                applied_by.push(i);
                assert_eq!(steps.lines().count(), REVISIONS, "{steps}");
                assert!(
                    steps
                        .lines()
                        .all(|l| l.starts_with("INFO  [migrate] Running upgrade ")),
                    "{steps}"
                );
            }
        }
        assert_eq!(
            applied_by.len(),
            1,
            "repetition {repetition}: one process applies"
        );
        let expected: Vec<String> = ids()
            .iter()
            .map(|id| format!("{id}\tupgrade\tok"))
            .collect();
        assert_eq!(
            lines(&db.query("SELECT revision, direction, outcome FROM __migrate_log ORDER BY id;")),
            expected,
            "repetition {repetition}: each revision once in the log"
        );
        assert_eq!(
            lines(&db.query("SELECT COUNT(*) FROM marks;")),
            [(REVISIONS - 1).to_string()]
        );
        assert_eq!(
            lines(&db.query("SELECT COUNT(*) FROM __migrate_history WHERE state = 'applied';")),
            [REVISIONS.to_string()]
        );
    }
}

#[test]
fn sqlite() {
    concurrent_upgrades(|| Box::new(crate::support::Sqlite::new()));
}

#[cfg(feature = "postgres")]
#[test]
fn postgres() {
    concurrent_upgrades(|| Box::new(crate::support::Postgres::new()));
}

#[cfg(feature = "mysql")]
#[test]
fn mysql() {
    concurrent_upgrades(|| Box::new(crate::support::Mysql::new()));
}

/// Reads one line of a child's stderr; panics when it ended without one.
fn stderr_line(reader: &mut impl std::io::BufRead) -> String {
    let mut line = String::new();
    assert!(
        reader.read_line(&mut line).unwrap() > 0,
        "the process ended early"
    );
    line
}

/// SQLite: a read-only command started while an upgrade holds the file waits for it (under the busy
/// timeout) instead of failing with "database is locked".
#[test]
fn sqlite_reads_wait_for_the_migration_lock() {
    let db = crate::support::Sqlite::new();
    let project = Project::with_url(&db.url());
    project.write_revision("kkkk00000001", "", "", "CREATE TABLE a (id INTEGER);");
    project.write_revision(
        "kkkk00000002",
        "kkkk00000001",
        "",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000000) SELECT COUNT(*) FROM c;",
    );
    let mut upgrade = project.spawn(&["upgrade", "head"]);
    let mut upgrade_err = std::io::BufReader::new(upgrade.stderr.take().unwrap());
    // The lock is held from before the plan; this line comes as the endless statement starts.
    while !stderr_line(&mut upgrade_err).contains("Running upgrade kkkk00000001 -> kkkk00000002") {}
    let mut current = project.spawn(&["current"]);
    let mut current_err = std::io::BufReader::new(current.stderr.take().unwrap());
    // Connected: its read of the history comes next, and waits.
    assert_eq!(
        stderr_line(&mut current_err),
        "INFO  [migrate] Context impl sqlite.\n"
    );
    upgrade.kill().unwrap();
    upgrade.wait().unwrap();
    let run = finish(current, Duration::from_secs(120));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut current_err, &mut rest).unwrap();
    assert_eq!(run.code, 0, "{rest}");
    assert_eq!(run.stdout, "kkkk00000001\n");
}
