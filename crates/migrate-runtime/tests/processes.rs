//! Scenarios with several processes, on every backend: eight that upgrade one database at once, and one
//! killed (SIGKILL) in the middle of a revision.

use std::io::{BufRead, BufReader};
use std::time::Duration;

use migrate_runtime::{Backend, Migrator, Outcome, StepDirection};

use crate::scenarios::head_ids;
use crate::support::{TestDb, fixture, load, repo_migrations, rev, spawn_child};

/// 8 processes upgrade one fresh database at once.
pub fn concurrent_processes(backend: Backend) {
    let db = TestDb::new(backend);
    let dir = repo_migrations();
    let children: Vec<_> = (0..8).map(|_| spawn_child(&db.url, &dir, "head")).collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "child failed: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("DONE "), "{stdout}");
    }
    let graph = load(&dir);
    let migrator = Migrator::new(&graph);
    let mut conn = db.conn();
    let log = migrator.log(&mut conn).unwrap();
    let mut upgraded: Vec<&str> = log.iter().map(|l| l.revision.as_str()).collect();
    upgraded.sort_unstable();
    let mut all: Vec<&str> = graph.revisions().iter().map(|r| r.id.as_ref()).collect();
    all.sort_unstable();
    assert_eq!(upgraded, all, "each revision exactly once");
    assert!(
        log.iter()
            .all(|l| l.direction == StepDirection::Upgrade && l.outcome == Outcome::Ok)
    );
    assert_eq!(head_ids(&migrator, &db), ["7a5d2f8c1e39"]);
}

/// A child is killed with SIGKILL while running `long_up` (the second revision).
pub fn killed_child(backend: Backend, long_up: &str) {
    let db = TestDb::new(backend);
    let fx = fixture(&[
        rev(
            "k1",
            "",
            "",
            "CREATE TABLE before_kill (id INTEGER);",
            Some("DROP TABLE before_kill;"),
        ),
        rev(
            "k2",
            "k1",
            "",
            &format!("CREATE TABLE during_kill (id INTEGER);\n{long_up}"),
            Some("DROP TABLE during_kill;"),
        ),
    ]);
    let mut child = spawn_child(&db.url, fx.dir.path(), "head");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "child ended early"
        );
        if line.trim() == "STARTED k2" {
            break;
        }
    }
    // Kill during the long statement: wait until the server runs it (SQLite's runs in the child itself,
    // which has said `STARTED k2`).
    let running = match backend {
        Backend::Postgres => Some(
            "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()",
        ),
        Backend::Mysql => Some(
            "SELECT CAST(COUNT(*) AS SIGNED) AS n FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE 'SELECT SLEEP%'",
        ),
        Backend::Sqlite => None,
    };
    if let Some(sql) = running {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while db.number(sql) != Some(1) {
            assert!(
                std::time::Instant::now() < deadline,
                "the long statement never showed up"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    if backend.transactional_ddl() {
        // No stale lock (this waits for it), k1 applied, nothing of k2.
        let report = migrator.upgrade(&mut conn, "k1").unwrap();
        assert!(report.steps.is_empty());
        assert_eq!(head_ids(&migrator, &db), ["k1"]);
        assert!(!db.schema().join("\n").contains("during_kill"));
        assert!(
            migrator
                .log(&mut conn)
                .unwrap()
                .iter()
                .all(|l| l.revision == "k1")
        );
        assert_eq!(
            migrator.verify(&mut conn).unwrap().len(),
            1,
            "only k2 pending"
        );
    } else {
        let error = migrator.upgrade(&mut conn, "head").unwrap_err();
        assert_eq!(
            error.to_string(),
            "revision k2 is marked `running`: a run that executed it outside a transaction was killed or lost its connection during upgrade statement 2 of 2: SELECT SLEEP(20); statement 1 completed, statement 2 may or may not have taken effect; check whether statement 2 took effect, then either complete the upgrade by hand and run `migrate stamp k2`, or undo its partial work and run `migrate stamp k1` to run it again"
        );
    }
}
