//! SQLite (bundled): always on.

use migrate_runtime::Backend::Sqlite;

use crate::{processes, scenarios};

#[test]
fn upgrade_and_downgrade() {
    scenarios::upgrade_and_downgrade(Sqlite);
}

#[test]
fn branches_merge_depends() {
    scenarios::branches_merge_depends(Sqlite);
}

#[test]
fn stamp_and_purge() {
    scenarios::stamp_and_purge(Sqlite);
}

#[test]
fn read_only_creates_nothing() {
    scenarios::read_only_creates_nothing(Sqlite);
}

#[test]
fn third_statement_fails() {
    scenarios::third_statement_fails(Sqlite);
}

#[test]
fn trigger_with_begin_end() {
    scenarios::multi_statement(
        Sqlite,
        "CREATE TABLE t (id INTEGER);\nCREATE TABLE c (k INTEGER);\nINSERT INTO c VALUES (0);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE c SET k = k + 1;\n  UPDATE c SET k = k + 41;\nEND;\nINSERT INTO t VALUES (1);",
        "SELECT k AS n FROM c",
    );
}

#[test]
fn concurrent_processes() {
    processes::concurrent_processes(Sqlite);
}

#[test]
fn killed_child() {
    processes::killed_child(
        Sqlite,
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000000) SELECT COUNT(*) FROM c;",
    );
}

#[test]
fn offline_script_matches_online() {
    scenarios::offline_script_matches_online(Sqlite, |db, script| {
        crate::support::pipe_into_client("sqlite3", &["-bail", &db.url], script);
    });
}

#[test]
fn unknown_and_drift() {
    scenarios::unknown_and_drift(Sqlite);
}

#[test]
fn single_transaction_mode_rolls_back_the_run() {
    let db = crate::support::TestDb::new(Sqlite);
    let fx = crate::support::fixture(&[
        crate::support::rev("a1", "", "", "CREATE TABLE users (id INTEGER);", None),
        crate::support::rev(
            "b2",
            "a1",
            "",
            "CREATE TABLE t2 (id INTEGER);\nSELECT * FROM nowhere;",
            None,
        ),
    ]);
    let mut migrator = migrate_runtime::Migrator::new(&fx.graph).with_options(
        migrate_runtime::Options::default()
            .with_transaction_mode(migrate_runtime::TransactionMode::Single),
    );
    let mut conn = db.conn();
    migrator.upgrade(&mut conn, "head").unwrap_err();
    assert!(db.schema().is_empty(), "{:?}", db.schema());
}

#[test]
fn lock_is_released_after_a_run() {
    let db = crate::support::TestDb::new(Sqlite);
    let fx = crate::support::shaped();
    let mut migrator = migrate_runtime::Migrator::new(&fx.graph);
    let mut conn = db.conn();
    migrator.upgrade(&mut conn, "b2").unwrap();
    // Another connection can write at once while the first one stays open.
    let mut other = db.conn();
    use migrate_runtime::MigrationConnection;
    other
        .run_sql("PRAGMA busy_timeout = 0; CREATE TABLE x (id INTEGER)")
        .unwrap();
    migrator.upgrade(&mut other, "head").unwrap();
}

#[test]
fn passwords_are_never_shown() {
    let error = migrate_runtime::connect("mongodb://u:hunter22@h/db").unwrap_err();
    assert!(!error.to_string().contains("hunter22"));
    assert_eq!(
        migrate_runtime::redact_url("postgres://u:hunter22@h/db"),
        "postgres://u:***@h/db"
    );
}

#[cfg(feature = "r2d2")]
#[test]
fn pooled_connection() {
    use diesel::r2d2::{ConnectionManager, Pool};
    let db = crate::support::TestDb::new(Sqlite);
    let pool = Pool::builder()
        .max_size(1)
        .build(ConnectionManager::<diesel::SqliteConnection>::new(&db.url))
        .unwrap();
    let fx = crate::support::shaped();
    let mut migrator = migrate_runtime::Migrator::new(&fx.graph);
    let mut conn = pool.get().unwrap();
    assert_eq!(migrator.upgrade(&mut conn, "head").unwrap().steps.len(), 6);
    assert_eq!(migrator.current_heads(&mut conn).unwrap()[0].revision, "f6");
    #[cfg(feature = "schema")]
    {
        let options = migrate_runtime::IntrospectOptions::default();
        let schema = migrate_runtime::introspect(&mut conn, &options).unwrap();
        let direct =
            migrate_runtime::introspect(&mut migrate_runtime::connect(&db.url).unwrap(), &options)
                .unwrap();
        assert!(!schema.tables.is_empty());
        assert_eq!(schema, direct);
    }
}

/// A URL for a backend this build leaves out still never shows its password.
#[cfg(not(feature = "postgres"))]
#[test]
fn password_never_shown_when_the_backend_is_disabled() {
    scenarios::password_never_shown(
        "postgres://app:Sup3rS3cret@127.0.0.1:5432/app",
        "Sup3rS3cret",
    );
}

#[test]
fn legacy_history_table() {
    crate::history_format::legacy_history_table(Sqlite);
}

#[test]
fn glance_index() {
    crate::history_format::glance_index(Sqlite);
}

#[test]
fn single_transaction_rows_match_per_revision() {
    crate::history_format::single_transaction_rows_match_per_revision(Sqlite);
}

#[test]
fn no_op_upgrade_is_one_statement() {
    crate::startup::no_op_upgrade_is_one_statement(Sqlite);
}

#[test]
fn unknown_revision_beyond_a_cut_short_summary() {
    crate::startup::unknown_revision_beyond_a_cut_short_summary(Sqlite);
}

#[test]
fn failure_inside_the_revisions_own_transaction_is_recorded() {
    crate::own_transaction::failure_inside_the_revisions_own_transaction_is_recorded(
        migrate_runtime::Backend::Sqlite,
    );
}

#[test]
fn outside_a_transaction_one_commit_per_revision() {
    crate::outside_transaction::one_commit_per_revision(Sqlite);
}

#[test]
fn outside_a_transaction_a_refused_marker_fails_the_next_revision_only() {
    crate::outside_transaction::a_refused_marker_fails_the_next_revision_only(Sqlite);
}
