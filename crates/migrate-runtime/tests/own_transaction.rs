//! A `Transactional: false` revision that opens its own transaction (as autogenerate's SQLite rebuilds do)
//! and fails inside it: the failure is recorded, not lost with the revision's transaction, and the error
//! names the statement (not the bookkeeping write that a PostgreSQL aborted transaction would refuse).

use migrate_runtime::{Backend, Error, Migrator, Outcome, State};

use crate::support::{TestDb, fixture, rev, states};

pub fn failure_inside_the_revisions_own_transaction_is_recorded(backend: Backend) {
    let db = TestDb::new(backend);
    let up = "BEGIN;\nCREATE TABLE own_t (id INTEGER);\nINSERT INTO no_such_table (id) VALUES (1);\nCOMMIT;";
    let fx = fixture(&[rev(
        "t1",
        "",
        "-- Transactional: false\n",
        up,
        Some("DROP TABLE own_t;"),
    )]);
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    let error = migrator.upgrade(&mut conn, "head").unwrap_err();
    let Error::StatementFailed {
        index,
        statement,
        left_running,
        ..
    } = &error
    else {
        panic!("{error}")
    };
    assert_eq!(
        (*index, statement.as_str(), *left_running),
        (3, "INSERT INTO no_such_table (id) VALUES (1)", true)
    );
    // A new session sees what the failed run left: the revision's own transaction rolled back, the marker
    // and the failed log row kept.
    drop(conn);
    let mut conn = db.conn();
    assert!(
        !db.schema().iter().any(|line| line.contains("own_t")),
        "{:?}",
        db.schema()
    );
    assert_eq!(
        states(&migrator.history(&mut conn).unwrap()),
        [("t1", State::Running)]
    );
    let log = migrator.log(&mut conn).unwrap();
    let last = log.last().expect("the failed step is logged");
    assert_eq!(
        (
            last.revision.as_str(),
            last.outcome,
            last.statement.as_deref()
        ),
        (
            "t1",
            Outcome::Failed,
            Some("INSERT INTO no_such_table (id) VALUES (1)")
        )
    );
}
