//! History tables created before the `running_statement` column: read as they are, given the column by the
//! first run that writes (under the lock), never by a read or a run with nothing to do.

use migrate_runtime::{Backend, MigrationConnection, Migrator, State};

use crate::support::{TestDb, fixture, rev};

fn has_column(db: &TestDb) -> bool {
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT COUNT(*) AS n FROM pragma_table_info('__migrate_history') WHERE name = 'running_statement'"
        }
        Backend::Postgres => {
            "SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '__migrate_history' AND column_name = 'running_statement'"
        }
        Backend::Mysql => {
            "SELECT CAST(COUNT(*) AS SIGNED) AS n FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '__migrate_history' AND column_name = 'running_statement'"
        }
    };
    db.number(sql) == Some(1)
}

pub fn legacy_history_table(backend: Backend) {
    let db = TestDb::new(backend);
    let fx = fixture(&[
        rev(
            "l1",
            "",
            "",
            "CREATE TABLE l1 (id INTEGER);",
            Some("DROP TABLE l1;"),
        ),
        rev(
            "l2",
            "l1",
            "",
            "CREATE TABLE l2 (id INTEGER);",
            Some("DROP TABLE l2;"),
        ),
    ]);
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
