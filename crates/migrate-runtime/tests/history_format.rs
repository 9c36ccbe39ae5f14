//! The rows the history tables hold: tables created before the `running_statement` column are read as they
//! are, given the column by the first run that writes (under the lock), never by a read or a run with nothing
//! to do; a single-transaction run writes (in batches) the rows a per-revision run writes. The history
//! table has the index the first look of an upgrade reads.

use migrate_runtime::{
    AnyConnection, Backend, HistoryRow, LogRow, MigrationConnection, Migrator, Options, State,
    TransactionMode,
};

use crate::support::{TestDb, fixture, rev, shaped, table_rev};

/// Whether the catalog query of `db`'s backend (one of `sqlite`, `postgres`, `mysql`) counts one.
fn catalog_has(db: &TestDb, [sqlite, postgres, mysql]: [&str; 3]) -> bool {
    let sql = match db.backend {
        Backend::Sqlite => sqlite,
        Backend::Postgres => postgres,
        Backend::Mysql => mysql,
    };
    db.number(sql) == Some(1)
}

fn has_column(db: &TestDb) -> bool {
    catalog_has(
        db,
        [
            "SELECT COUNT(*) AS n FROM pragma_table_info('__migrate_history') WHERE name = 'running_statement'",
            "SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '__migrate_history' AND column_name = 'running_statement'",
            "SELECT CAST(COUNT(*) AS SIGNED) AS n FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '__migrate_history' AND column_name = 'running_statement'",
        ],
    )
}

pub fn legacy_history_table(backend: Backend) {
    let db = TestDb::new(backend);
    let fx = fixture(&[table_rev("l1", "", ""), table_rev("l2", "l1", "")]);
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    migrator.upgrade(&mut conn, "l1").unwrap();
    assert!(has_column(&db));
    // The table as an earlier build created it.
    conn.run_sql("ALTER TABLE __migrate_history DROP COLUMN running_statement")
        .unwrap();
    assert!(!has_column(&db));
    let rows = migrator.history(&mut conn).unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| (r.revision.as_str(), r.state, r.running_statement.as_deref()))
            .collect::<Vec<_>>(),
        [("l1", State::Applied, None)]
    );
    assert_eq!(migrator.current_heads(&mut conn).unwrap()[0].revision, "l1");
    assert_eq!(
        migrator.verify(&mut conn).unwrap().len(),
        1,
        "only l2 pending"
    );
    assert!(migrator.upgrade(&mut conn, "l1").unwrap().steps.is_empty());
    assert!(!has_column(&db), "reads and no-op runs change nothing");
    // The first run that writes adds the column, then records as usual.
    assert_eq!(migrator.upgrade(&mut conn, "head").unwrap().steps.len(), 1);
    assert!(has_column(&db));
    let states: Vec<_> = migrator
        .history(&mut conn)
        .unwrap()
        .into_iter()
        .map(|r| (r.revision, r.state, r.running_statement))
        .collect();
    assert_eq!(
        states,
        [
            ("l1".to_owned(), State::Applied, None),
            ("l2".to_owned(), State::Applied, None)
        ]
    );
    migrator.downgrade(&mut conn, "base").unwrap();
    assert!(migrator.history(&mut conn).unwrap().is_empty());
}

fn has_glance_index(db: &TestDb) -> bool {
    catalog_has(
        db,
        [
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND name = '__migrate_history_glance' AND tbl_name = '__migrate_history'",
            "SELECT COUNT(*) AS n FROM pg_indexes WHERE schemaname = current_schema() AND tablename = '__migrate_history' AND indexname = '__migrate_history_glance'",
            "SELECT CAST(COUNT(DISTINCT index_name) AS SIGNED) AS n FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '__migrate_history' AND index_name = '__migrate_history_glance'",
        ],
    )
}

/// The history table is created with the index on `revision, state, checksum`, which the first look of an
/// upgrade reads instead of the rows (SQLite's plan says so); a table created before the index existed
/// gets it from the first run that writes (on MySQL, which has no `CREATE INDEX IF NOT EXISTS`, after
/// looking it up).
pub fn glance_index(backend: Backend) {
    let db = TestDb::new(backend);
    let fx = fixture(&[table_rev("g1", "", ""), table_rev("g2", "g1", "")]);
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    migrator.upgrade(&mut conn, "g1").unwrap();
    assert!(has_glance_index(&db));
    // The one statement of a no-op upgrade, the first look; SQLite plans it on the index alone.
    let sent = migrate_test_support::record_statements(&mut conn);
    assert!(migrator.upgrade(&mut conn, "g1").unwrap().steps.is_empty());
    let glance = sent.lock().unwrap().clone();
    assert_eq!(glance.len(), 1, "{glance:?}");
    #[cfg(feature = "sqlite")]
    if let AnyConnection::Sqlite(sqlite) = &mut conn {
        #[derive(diesel::QueryableByName)]
        struct Step {
            #[diesel(sql_type = diesel::sql_types::Text)]
            detail: String,
        }
        use diesel::RunQueryDsl;
        let plan: Vec<Step> = diesel::sql_query(format!("EXPLAIN QUERY PLAN {}", glance[0]))
            .load(sqlite)
            .unwrap();
        let plan: Vec<String> = plan.into_iter().map(|step| step.detail).collect();
        assert!(
            plan.iter()
                .any(|step| step.contains("COVERING INDEX __migrate_history_glance")),
            "{plan:?}"
        );
    }
    // The table as an earlier build created it: reads and no-op runs leave it so.
    conn.run_sql(match backend {
        Backend::Mysql => "DROP INDEX __migrate_history_glance ON __migrate_history",
        _ => "DROP INDEX __migrate_history_glance",
    })
    .unwrap();
    assert!(migrator.upgrade(&mut conn, "g1").unwrap().steps.is_empty());
    assert!(!has_glance_index(&db));
    assert_eq!(migrator.upgrade(&mut conn, "head").unwrap().steps.len(), 1);
    assert!(has_glance_index(&db));
}

/// The history and log rows, without what differs from run to run (times and durations).
fn rows(migrator: &Migrator<'_>, conn: &mut AnyConnection) -> (Vec<HistoryRow>, Vec<LogRow>) {
    let history = migrator.history(conn).unwrap().into_iter().map(|mut row| {
        row.applied_at.clear();
        row.execution_time_ms = 0;
        row
    });
    let log = migrator.log(conn).unwrap().into_iter().map(|mut row| {
        row.started_at.clear();
        row.duration_ms = 0;
        row
    });
    (history.collect(), log.collect())
}

fn in_mode(graph: &migrate_runtime::core::RevisionGraph, mode: TransactionMode) -> Migrator<'_> {
    Migrator::new(graph).with_options(Options::default().with_transaction_mode(mode))
}

pub fn single_transaction_rows_match_per_revision(backend: Backend) {
    let fx = shaped();
    let (per_revision_db, single_db) = (TestDb::new(backend), TestDb::new(backend));
    let mut per_revision = in_mode(&fx.graph, TransactionMode::PerRevision);
    let mut single = in_mode(&fx.graph, TransactionMode::Single);
    let (mut per_revision_conn, mut single_conn) = (per_revision_db.conn(), single_db.conn());
    // `c3` is `Transactional: false`: the single transaction commits (with its batch) before it runs.
    for (target, steps) in [("e5", 3), ("head", 3)] {
        for (migrator, conn) in [
            (&mut per_revision, &mut per_revision_conn),
            (&mut single, &mut single_conn),
        ] {
            assert_eq!(migrator.upgrade(conn, target).unwrap().steps.len(), steps);
        }
        assert_eq!(
            rows(&single, &mut single_conn),
            rows(&per_revision, &mut per_revision_conn)
        );
    }
    let (history, log) = rows(&single, &mut single_conn);
    assert_eq!(history.len(), 6);
    assert_eq!(
        log.iter().map(|l| l.id).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    for (migrator, conn) in [
        (&mut per_revision, &mut per_revision_conn),
        (&mut single, &mut single_conn),
    ] {
        assert_eq!(migrator.downgrade(conn, "base").unwrap().steps.len(), 6);
    }
    let (history, log) = rows(&single, &mut single_conn);
    assert!(history.is_empty());
    assert_eq!(log.len(), 12);
    assert_eq!((history, log), rows(&per_revision, &mut per_revision_conn));

    // A revision that fails takes the rows of the whole run with it (where DDL is transactional).
    if backend.transactional_ddl() {
        let failing = fixture(&[
            rev("s1", "", "", "CREATE TABLE s1 (id INTEGER);", None),
            rev("s2", "s1", "", "CREATE TABLE s2 (id INTEGER);", None),
            rev(
                "s3",
                "s2",
                "",
                "INSERT INTO no_such_table VALUES (1);",
                None,
            ),
        ]);
        let db = TestDb::new(backend);
        let mut conn = db.conn();
        let mut migrator = in_mode(&failing.graph, TransactionMode::Single);
        assert_eq!(migrator.upgrade(&mut conn, "s1").unwrap().steps.len(), 1);
        migrator.upgrade(&mut conn, "head").unwrap_err();
        let (history, log) = rows(&migrator, &mut conn);
        assert_eq!(
            history
                .iter()
                .map(|h| h.revision.as_str())
                .collect::<Vec<_>>(),
            ["s1"]
        );
        assert_eq!(log.len(), 1);
    }
}
