//! Revisions run outside a transaction (every MySQL revision, `Transactional: false` elsewhere): one commit
//! each besides their own statements', the record of one and the `running` marker of the next going
//! together; and when that shared commit fails, the record is written alone and the failure is the next
//! revision's.

use migrate_runtime::{Backend, Error, MigrationConnection, Migrator, Outcome, State};

use crate::support::{TestDb, fixture, outcomes, rev, states};

const OUTSIDE: &str = "-- Transactional: false\n";

fn plain(id: &str, revises: &str) -> String {
    rev(
        id,
        revises,
        OUTSIDE,
        &format!("CREATE TABLE {id}_t (id INTEGER);"),
        Some(&format!("DROP TABLE {id}_t;")),
    )
}

pub fn one_commit_per_revision(backend: Backend) {
    let db = TestDb::new(backend);
    let fx = fixture(&[plain("o1", ""), plain("o2", "o1"), plain("o3", "o2")]);
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    let sent = migrate_test_support::record_statements(&mut conn);
    assert_eq!(migrator.upgrade(&mut conn, "head").unwrap().steps.len(), 3);
    let sent = sent.lock().unwrap().clone();
    // From o1's marker on: the marker, then per revision its statement and one call that records it and
    // (but for the last) marks the next one `running`.
    let first = sent
        .iter()
        .position(|sql| sql.contains("'running'") && sql.contains("'o1'"))
        .unwrap_or_else(|| panic!("no marker for o1 in {sent:#?}"));
    let last = sent
        .iter()
        .rposition(|sql| sql.contains("WHERE revision = 'o3'") && sql.ends_with("COMMIT"))
        .unwrap_or_else(|| panic!("no record of o3 in {sent:#?}"));
    let calls = &sent[first..=last];
    assert_eq!(calls.len(), 7, "{calls:#?}");
    for (index, id) in ["o1", "o2", "o3"].into_iter().enumerate() {
        assert_eq!(
            calls[1 + 2 * index],
            format!("CREATE TABLE {id}_t (id INTEGER)")
        );
        let record = &calls[2 + 2 * index];
        assert!(
            record.contains("state = 'applied'")
                && record.contains(&format!("WHERE revision = '{id}'"))
                && record.ends_with("COMMIT"),
            "{record}"
        );
        let next = ["o2", "o3"].get(index);
        assert_eq!(
            record.contains("'running'"),
            next.is_some(),
            "only a record followed by another revision marks it: {record}"
        );
        if let Some(next) = next {
            assert!(record.contains(&format!("'{next}'")), "{record}");
        }
    }
    assert_eq!(
        states(&migrator.history(&mut conn).unwrap()),
        [
            ("o1", State::Applied),
            ("o2", State::Applied),
            ("o3", State::Applied)
        ]
    );
    assert_eq!(
        outcomes(&migrator.log(&mut conn).unwrap()),
        [
            ("o1", Outcome::Ok),
            ("o2", Outcome::Ok),
            ("o3", Outcome::Ok)
        ]
    );
}

/// A trigger (created by the first revision) that refuses the history row of `f2`: SQL for each backend,
/// and its down section.
fn refusing_trigger(backend: Backend) -> (&'static str, &'static str) {
    match backend {
        Backend::Sqlite => (
            "CREATE TRIGGER refuse_f2 BEFORE INSERT ON __migrate_history WHEN NEW.revision = 'f2' BEGIN SELECT RAISE(ABORT, 'no f2 here'); END;",
            "DROP TRIGGER refuse_f2;",
        ),
        Backend::Postgres => (
            "CREATE FUNCTION refuse_f2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.revision = 'f2' THEN RAISE EXCEPTION 'no f2 here'; END IF; RETURN NEW; END $$;\nCREATE TRIGGER refuse_f2 BEFORE INSERT ON __migrate_history FOR EACH ROW EXECUTE FUNCTION refuse_f2();",
            "DROP TRIGGER refuse_f2 ON __migrate_history;\nDROP FUNCTION refuse_f2();",
        ),
        _ => (
            "CREATE TRIGGER refuse_f2 BEFORE INSERT ON __migrate_history FOR EACH ROW BEGIN\n  IF NEW.revision = 'f2' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no f2 here'; END IF;\nEND;",
            "DROP TRIGGER refuse_f2;",
        ),
    }
}

pub fn a_refused_marker_fails_the_next_revision_only(backend: Backend) {
    let db = TestDb::new(backend);
    let (up, down) = refusing_trigger(backend);
    let fx = fixture(&[rev("f1", "", OUTSIDE, up, Some(down)), plain("f2", "f1")]);
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    let error = migrator.upgrade(&mut conn, "head").unwrap_err();
    let Error::Database {
        message,
        source: Some(source),
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(message, "cannot write the migration history");
    assert!(source.to_string().contains("no f2 here"), "{source}");
    // A new session: f1 is recorded as applied (its record was written again, alone), f2 was never
    // marked nor run.
    drop(conn);
    let mut conn = db.conn();
    assert_eq!(
        states(&migrator.history(&mut conn).unwrap()),
        [("f1", State::Applied)]
    );
    assert_eq!(
        outcomes(&migrator.log(&mut conn).unwrap()),
        [("f1", Outcome::Ok)]
    );
    assert!(
        !db.schema().iter().any(|line| line.contains("f2_t")),
        "{:?}",
        db.schema()
    );
    // Once the trigger is gone, the run goes on from f1.
    conn.run_sql("DROP TRIGGER refuse_f2 ON __migrate_history")
        .or_else(|_| conn.run_sql("DROP TRIGGER refuse_f2"))
        .unwrap();
    let report = migrator.upgrade(&mut conn, "head").unwrap();
    assert_eq!(
        report
            .steps
            .iter()
            .map(|s| s.revision.as_str())
            .collect::<Vec<_>>(),
        ["f2"]
    );
}
