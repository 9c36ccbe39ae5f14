//! A deploy killed (SIGKILL) during a long statement, then the next deploy, as separate `migrate`
//! processes: on PostgreSQL the lock comes free within about the connection check interval; outside a
//! transaction (MySQL, `Transactional: false`) the refusal names the statement that was running.

use std::time::Duration;

use crate::process::{finish, wait_until};
use crate::support::{Project, TestDb, lines};

const K1: &str = "kkkk00000001";
const K2: &str = "kkkk00000002";

/// Generous limits: a hang fails the test, and the next run must finish long before the 600 s sleep would.
const LIMIT: Duration = Duration::from_secs(120);

/// k1 creates a table; k2 (with `extra_header`) creates one, sleeps 600 s (`sleep`), creates another.
fn project_with_sleep(db: &dyn TestDb, extra_header: &str, sleep: &str) -> Project {
    let project = Project::with_url(&db.url());
    project.write_revision(K1, "", "", "CREATE TABLE before_kill (id INTEGER);");
    project.write_revision(
        K2,
        K1,
        extra_header,
        &format!(
            "CREATE TABLE during_kill (id INTEGER);\n{sleep};\nCREATE TABLE after_kill (id INTEGER);"
        ),
    );
    project
}

/// Starts `migrate upgrade head`, waits until the server runs the sleep (`running` counts it), kills it.
fn kill_during_sleep(project: &Project, db: &dyn TestDb, running: &str) {
    let mut child = project.spawn(&["upgrade", "head"]);
    wait_until("the sleep statement", LIMIT, || {
        lines(&db.query(running)) == ["1"]
    });
    child.kill().unwrap();
    child.wait().unwrap();
}

fn history(db: &dyn TestDb) -> Vec<String> {
    lines(&db.query(
        "SELECT revision, state, COALESCE(running_statement, '-') FROM __migrate_history ORDER BY revision;",
    ))
}

fn log(db: &dyn TestDb) -> Vec<String> {
    lines(&db.query("SELECT revision, direction, outcome FROM __migrate_log ORDER BY id;"))
}

#[cfg(feature = "postgres")]
const PG_SLEEP: &str = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep(600)%' AND pid <> pg_backend_pid();";
#[cfg(feature = "mysql")]
const MYSQL_SLEEP: &str = "SELECT COUNT(*) FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE 'SELECT SLEEP(600)%';";

/// PostgreSQL, transactional revision: the kill leaves nothing of k2, and the next run (k2 fixed) takes
/// the lock and completes instead of waiting for the orphaned `pg_sleep(600)`.
#[cfg(feature = "postgres")]
#[test]
fn postgres_next_deploy_does_not_wait_for_the_killed_statement() {
    let db = crate::support::Postgres::new();
    let project = project_with_sleep(&db, "", "SELECT pg_sleep(600)");
    kill_during_sleep(&project, &db, PG_SLEEP);
    // k2 ran in a transaction that never committed: nothing of it is recorded.
    assert_eq!(history(&db), [format!("{K1}\tapplied\t-")]);
    assert_eq!(log(&db), [format!("{K1}\tupgrade\tok")]);
    project.write_revision(K2, K1, "", "CREATE TABLE during_kill (id INTEGER);");
    let started = std::time::Instant::now();
    let run = finish(project.spawn(&["upgrade", "head"]), LIMIT);
    eprintln!("the next upgrade finished after {:?}", started.elapsed());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "{}INFO  [migrate] Running upgrade {K1} -> {K2}, step {K2}\n",
            db.context_lines()
        )
    );
    assert_eq!(
        history(&db),
        [format!("{K1}\tapplied\t-"), format!("{K2}\tapplied\t-")]
    );
}

/// The refusal after a kill during statement 2 of 3 of a revision run outside a transaction.
fn refusal() -> String {
    format!(
        "error: revision {K2} is marked `running`: a run that executed it outside a transaction was killed or lost its connection during upgrade statement 2 of 3: {{sleep}}; statement 1 completed, statement 2 may or may not have taken effect, and the statements after it did not run; check whether statement 2 took effect, then either complete the upgrade by hand and run `migrate stamp {K2}`, or undo its partial work and run `migrate stamp {K1}` to run it again\n"
    )
}

/// Kill during statement 2, the refusal naming it, then the way out it describes: undo statement 1,
/// stamp the parent, fix the file, upgrade.
fn kill_outside_a_transaction(db: &dyn TestDb, extra_header: &str, sleep: &str, running: &str) {
    let project = project_with_sleep(db, extra_header, sleep);
    kill_during_sleep(&project, db, running);
    let marker = format!("{K2}\trunning\tupgrade statement 2 of 3: {sleep}");
    assert_eq!(history(db), [format!("{K1}\tapplied\t-"), marker.clone()]);
    assert_eq!(log(db), [format!("{K1}\tupgrade\tok")]);
    let context = db.context_lines();
    let expected = format!("{context}{}", refusal().replace("{sleep}", sleep));
    let started = std::time::Instant::now();
    assert_eq!(project.fails(&["upgrade", "head"]), expected);
    eprintln!("the next upgrade was refused after {:?}", started.elapsed());
    // Refused again, changing nothing.
    assert_eq!(project.fails(&["upgrade", "head"]), expected);
    assert_eq!(history(db), [format!("{K1}\tapplied\t-"), marker]);
    // Statement 1 took effect, statement 3 did not run.
    let tables: Vec<String> = db
        .tables()
        .into_iter()
        .filter(|t| !t.starts_with("__"))
        .collect();
    assert_eq!(tables, ["before_kill", "during_kill"]);
    db.apply("DROP TABLE during_kill;");
    project.write_revision(
        K2,
        K1,
        extra_header,
        "CREATE TABLE during_kill (id INTEGER);\nCREATE TABLE after_kill (id INTEGER);",
    );
    project.ok(&["stamp", K1]);
    assert_eq!(history(db), [format!("{K1}\tapplied\t-")]);
    let run = finish(project.spawn(&["upgrade", "head"]), LIMIT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        history(db),
        [format!("{K1}\tapplied\t-"), format!("{K2}\tapplied\t-")]
    );
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_refusal_names_the_statement_a_kill_interrupted() {
    let db = crate::support::Mysql::new();
    kill_outside_a_transaction(&db, "", "SELECT SLEEP(600)", MYSQL_SLEEP);
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_non_transactional_refusal_names_the_statement_a_kill_interrupted() {
    let db = crate::support::Postgres::new();
    kill_outside_a_transaction(
        &db,
        "-- Transactional: false\n",
        "SELECT pg_sleep(600)",
        PG_SLEEP,
    );
}
