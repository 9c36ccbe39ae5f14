//! The start-up check (issue 14 item 1): an upgrade with nothing to do sends one statement and takes no
//! lock; anything else (pending work, a `running` marker, drift) still goes through the lock.

use std::sync::atomic::Ordering;

use migrate_runtime::{Backend, MigrationConnection, Migrator};
use migrate_test_support::count_statements;

use crate::support::{TestDb, shaped};

pub fn no_op_upgrade_is_one_statement(backend: Backend) {
    let db = TestDb::new(backend);
    let fx = shaped();
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    // A fresh database: the first look fails (no table) and the locked run applies everything.
    let report = migrator.upgrade(&mut conn, "head").unwrap();
    assert_eq!(report.steps.len(), 6);
    let sent = count_statements(&mut conn);
    let report = migrator.upgrade(&mut conn, "head").unwrap();
    assert!(report.steps.is_empty());
    assert_eq!(report.heads_after, ["f6"]);
    assert_eq!(
        sent.load(Ordering::Relaxed),
        1,
        "the no-op check sends one statement"
    );
    // A downgrade leaves work: the next upgrade sees it and runs it under the lock.
    migrator.downgrade(&mut conn, "-1").unwrap();
    sent.store(0, Ordering::Relaxed);
    let report = migrator.upgrade(&mut conn, "head").unwrap();
    let ran: Vec<&str> = report.steps.iter().map(|s| s.revision.as_str()).collect();
    assert_eq!(ran, ["f6"]);
    assert!(sent.load(Ordering::Relaxed) > 1);
    // A changed file is refused, even though nothing is pending.
    let mut edited = shaped();
    let mut revisions = edited.graph.revisions().to_vec();
    revisions[0].checksum = "0".repeat(64).into();
    edited.graph = migrate_runtime::core::RevisionGraph::from_parts(
        revisions,
        (0..edited.graph.len() as u32)
            .map(|n| edited.graph.parents(n).to_vec())
            .collect(),
        (0..edited.graph.len() as u32)
            .map(|n| edited.graph.dependencies(n).to_vec())
            .collect(),
    );
    let error = Migrator::new(&edited.graph)
        .upgrade(&mut conn, "head")
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("was changed after it was applied"),
        "{error}"
    );
}

/// The first look reads the history as aggregated lists; MySQL's `group_concat_max_len` can cut them
/// short. A revision that only a newer build knows, last in the history, must still be refused, never
/// cut off and taken for an up-to-date database.
pub fn unknown_revision_beyond_a_cut_short_summary(backend: Backend) {
    let db = TestDb::new(backend);
    let fx = shaped();
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    migrator.upgrade(&mut conn, "head").unwrap();
    // On MySQL: room for exactly the ids of the revisions this build knows, so the cut of the list of
    // revisions falls right before the unknown one and every id left is whole.
    let known = (backend == Backend::Mysql).then(|| {
        conn.query_count(
            "SELECT CAST(LENGTH(GROUP_CONCAT(revision SEPARATOR ',')) AS SIGNED) AS n FROM __migrate_history",
        )
        .unwrap()
        .unwrap()
    });
    conn.run_sql(
        "INSERT INTO __migrate_history (revision, parents, depends_on, message, checksum, down_sql, state, applied_at, execution_time_ms) \
         VALUES ('zz99', 'f6', '', 'from a newer build', 'x', NULL, 'applied', '2999-01-01 00:00:00.000', 0)",
    )
    .unwrap();
    if let Some(length) = known {
        // MariaDB keeps the session's limit; MySQL 8 raises it for the statement.
        conn.run_sql(&format!("SET SESSION group_concat_max_len = {length}"))
            .unwrap();
    }
    let error = migrator.upgrade(&mut conn, "head").unwrap_err();
    assert!(
        matches!(&error, migrate_runtime::Error::UnknownRevisions { ids } if ids == &["zz99"]),
        "{error}"
    );
}

/// One connection that moves to another database (MySQL `USE`) or schema (PostgreSQL `search_path`)
/// between upgrades (`[create, enter, drop]` the other one): the first look reads the history of the one
/// it is in now, so the second upgrade applies everything there. (MySQL binds a prepared statement's
/// tables when it prepares: there the first look is prepared on every call.)
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub fn a_connection_that_moves_reads_where_it_is(
    backend: Backend,
    other: impl Fn(&TestDb) -> [String; 3],
) {
    let db = TestDb::new(backend);
    let fx = shaped();
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    assert_eq!(migrator.upgrade(&mut conn, "head").unwrap().steps.len(), 6);
    assert!(
        migrator
            .upgrade(&mut conn, "head")
            .unwrap()
            .steps
            .is_empty()
    );
    let [create, enter, drop] = other(&db);
    conn.run_sql(&create).unwrap();
    conn.run_sql(&enter).unwrap();
    let report = migrator.upgrade(&mut conn, "head").unwrap();
    conn.run_sql(&drop).unwrap();
    assert_eq!(report.steps.len(), 6, "{report:?}");
}
