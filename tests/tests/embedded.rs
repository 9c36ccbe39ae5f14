//! The start-up check of an embedded table: with everything applied, `upgrade head` (or `heads`) is
//! answered from the table alone, without building the graph, in one statement. Whatever the history
//! holds, the answer is the one the planner gives over the same graph: the same report, or the same
//! refusal (a changed file, a `running` marker, a revision this build does not know), or the steps left.

use std::sync::atomic::Ordering;

use migrate_runtime::{
    Backend, EmbeddedMigrations, Error, MigrationConnection, Migrator, Report, embed_migrations,
};
use migrate_test_support::{ScratchDb, count_statements};

const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");
const BRANCHED: EmbeddedMigrations = embed_migrations!("fixtures/branched", allow_multiple_heads);

/// An upgrade to `target` through the embedded table's migrator, and how many statements it sent.
fn embedded_upgrade(
    migrations: &EmbeddedMigrations,
    db: &ScratchDb,
    target: &str,
) -> (Result<Report, Error>, usize) {
    let mut conn = db.conn();
    let sent = count_statements(&mut conn);
    let result = migrations.migrator().upgrade(&mut conn, target);
    (result, sent.load(Ordering::Relaxed))
}

/// The same upgrade planned over the graph.
fn planned_upgrade(
    migrations: &EmbeddedMigrations,
    db: &ScratchDb,
    target: &str,
) -> Result<Report, Error> {
    Migrator::new(migrations.graph()).upgrade(&mut db.conn(), target)
}

/// Both refuse, with the same message; that message.
fn same_refusal(migrations: &EmbeddedMigrations, db: &ScratchDb, target: &str) -> String {
    let (embedded, _) = embedded_upgrade(migrations, db, target);
    let embedded = embedded
        .expect_err("the embedded upgrade refuses")
        .to_string();
    let planned = planned_upgrade(migrations, db, target)
        .expect_err("the planned upgrade refuses")
        .to_string();
    assert_eq!(embedded, planned);
    embedded
}

fn run(db: &ScratchDb, sql: &str) {
    db.conn().run_sql(sql).unwrap();
}

fn up_to_date_answers_as_the_planner(backend: Backend) {
    let db = ScratchDb::new(backend);
    let (report, _) = embedded_upgrade(&MIGRATIONS, &db, "head");
    assert_eq!(report.unwrap().steps.len(), MIGRATIONS.len());
    let head = MIGRATIONS.heads()[0].id.to_string();
    for target in ["head", "heads"] {
        let (report, sent) = embedded_upgrade(&MIGRATIONS, &db, target);
        let report = report.unwrap();
        assert_eq!(
            sent, 1,
            "the check of an up-to-date database is one statement"
        );
        assert!(report.steps.is_empty());
        assert_eq!(report.heads_before, std::slice::from_ref(&head));
        assert_eq!(report.heads_after, std::slice::from_ref(&head));
        assert_eq!(report, planned_upgrade(&MIGRATIONS, &db, target).unwrap());
    }
    // A target other than head/heads goes to the planner, which finds nothing to do either.
    let (report, _) = embedded_upgrade(&MIGRATIONS, &db, &head);
    assert!(report.unwrap().steps.is_empty());

    // A file changed after it was applied (its recorded checksum differs).
    let first = MIGRATIONS.revisions()[0].id.to_string();
    let checksum = db.texts(&format!(
        "SELECT checksum AS t FROM __migrate_history WHERE revision = '{first}'"
    ));
    run(
        &db,
        &format!("UPDATE __migrate_history SET checksum = 'edited' WHERE revision = '{first}'"),
    );
    let refusal = same_refusal(&MIGRATIONS, &db, "head");
    assert!(
        refusal.contains("was changed after it was applied"),
        "{refusal}"
    );
    run(
        &db,
        &format!(
            "UPDATE __migrate_history SET checksum = '{}' WHERE revision = '{first}'",
            checksum[0]
        ),
    );

    // A run killed in the middle of the head.
    run(
        &db,
        &format!("UPDATE __migrate_history SET state = 'running' WHERE revision = '{head}'"),
    );
    let refusal = same_refusal(&MIGRATIONS, &db, "head");
    assert!(refusal.contains(&head), "{refusal}");
    run(
        &db,
        &format!("UPDATE __migrate_history SET state = 'applied' WHERE revision = '{head}'"),
    );

    // A revision only a newer build knows.
    run(
        &db,
        &format!(
            "INSERT INTO __migrate_history (revision, parents, depends_on, message, checksum, down_sql, state, applied_at, execution_time_ms) \
             VALUES ('ffff00000001', '{head}', '', 'newer', 'x', NULL, 'applied', '2999-01-01 00:00:00.000', 0)"
        ),
    );
    let refusal = same_refusal(&MIGRATIONS, &db, "head");
    assert!(refusal.contains("ffff00000001"), "{refusal}");
    run(
        &db,
        "DELETE FROM __migrate_history WHERE revision = 'ffff00000001'",
    );

    // Back as it was: up to date again, in one statement.
    let (report, sent) = embedded_upgrade(&MIGRATIONS, &db, "head");
    assert!(report.unwrap().steps.is_empty());
    assert_eq!(sent, 1);

    // One revision behind (the head, a data migration with no down section, undone by hand): the check
    // sees the work and the locked run does it.
    run(&db, "DELETE FROM audit_log");
    run(&db, "DELETE FROM users WHERE id = 1");
    run(
        &db,
        &format!("DELETE FROM __migrate_history WHERE revision = '{head}'"),
    );
    let (report, _) = embedded_upgrade(&MIGRATIONS, &db, "head");
    let ran: Vec<String> = report
        .unwrap()
        .steps
        .into_iter()
        .map(|s| s.revision)
        .collect();
    assert_eq!(ran, [head]);
}

fn two_heads_answer_as_the_planner(backend: Backend) {
    let db = ScratchDb::new(backend);
    let (report, _) = embedded_upgrade(&BRANCHED, &db, "heads");
    assert_eq!(report.unwrap().steps.len(), BRANCHED.len());
    let (report, sent) = embedded_upgrade(&BRANCHED, &db, "heads");
    let report = report.unwrap();
    assert_eq!(sent, 1);
    assert!(report.heads_after.len() > 1, "{report:?}");
    assert_eq!(report, planned_upgrade(&BRANCHED, &db, "heads").unwrap());
    // `head` is ambiguous with two heads, up to date or not.
    let refusal = same_refusal(&BRANCHED, &db, "head");
    assert!(refusal.contains("head"), "{refusal}");
}

#[test]
fn sqlite_up_to_date_answers_as_the_planner() {
    up_to_date_answers_as_the_planner(Backend::Sqlite);
}

#[test]
fn sqlite_two_heads_answer_as_the_planner() {
    two_heads_answer_as_the_planner(Backend::Sqlite);
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_up_to_date_answers_as_the_planner() {
    up_to_date_answers_as_the_planner(Backend::Postgres);
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_two_heads_answer_as_the_planner() {
    two_heads_answer_as_the_planner(Backend::Postgres);
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_up_to_date_answers_as_the_planner() {
    up_to_date_answers_as_the_planner(Backend::Mysql);
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_two_heads_answer_as_the_planner() {
    two_heads_answer_as_the_planner(Backend::Mysql);
}
