//! PostgreSQL at `MIGRATE_TEST_POSTGRES_URL` (feature `postgres`).

use migrate_runtime::Backend::Postgres;

use crate::support::{TestDb, server_var};
use crate::{processes, scenarios};

#[test]
fn upgrade_and_downgrade() {
    scenarios::upgrade_and_downgrade(Postgres);
}

#[test]
fn branches_merge_depends() {
    scenarios::branches_merge_depends(Postgres);
}

#[test]
fn stamp_and_purge() {
    scenarios::stamp_and_purge(Postgres);
}

#[test]
fn read_only_creates_nothing() {
    scenarios::read_only_creates_nothing(Postgres);
}

#[test]
fn third_statement_fails() {
    scenarios::third_statement_fails(Postgres);
}

#[test]
fn dollar_quoted_function() {
    scenarios::multi_statement(
        Postgres,
        "CREATE TABLE t (id INTEGER, n INTEGER);\nCREATE FUNCTION set_n() RETURNS trigger AS $body$\nBEGIN\n  NEW.n := 40;\n  NEW.n := NEW.n + 2;\n  RETURN NEW;\nEND;\n$body$ LANGUAGE plpgsql;\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION set_n();\nINSERT INTO t (id) VALUES (1);",
        "SELECT CAST(n AS BIGINT) AS n FROM t",
    );
}

#[test]
fn concurrent_processes() {
    processes::concurrent_processes(Postgres);
}

#[test]
fn killed_child() {
    processes::killed_child(Postgres, "SELECT pg_sleep(20);");
}

#[test]
fn no_advisory_lock_left_after_a_run() {
    let db = TestDb::new(Postgres);
    let fx = crate::support::shaped();
    migrate_runtime::Migrator::new(&fx.graph)
        .upgrade(&mut db.conn(), "head")
        .unwrap();
    assert_eq!(
        db.number("SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
        Some(0)
    );
}

#[test]
fn offline_script_matches_online() {
    scenarios::offline_script_matches_online(Postgres, |db, script| {
        crate::support::pipe_into_client("psql", &["-q", "-v", "ON_ERROR_STOP=1", &db.url], script);
    });
}

#[test]
fn unknown_and_drift() {
    scenarios::unknown_and_drift(Postgres);
}

#[test]
fn passwords_are_never_shown() {
    let (var, default) = server_var(Postgres);
    let url = std::env::var(var).unwrap_or_else(|_| default.to_owned());
    let host = url.split('@').nth(1).unwrap_or("127.0.0.1:5432/test");
    let bad = format!("postgres://no_such_user_x:Sup3rS3cret@{host}");
    scenarios::password_never_shown(&bad, "Sup3rS3cret");
}

#[test]
fn legacy_history_table() {
    crate::history_format::legacy_history_table(Postgres);
}

#[test]
fn glance_index() {
    crate::history_format::glance_index(Postgres);
}

#[test]
fn single_transaction_rows_match_per_revision() {
    crate::history_format::single_transaction_rows_match_per_revision(Postgres);
}

#[test]
fn connection_check_interval_is_restored_after_a_run() {
    let db = TestDb::new(Postgres);
    let fx = crate::support::shaped();
    let mut conn = db.conn();
    let setting = |conn: &mut migrate_runtime::AnyConnection| {
        crate::support::strings(
            conn,
            "SELECT current_setting('client_connection_check_interval') AS s",
        )
    };
    assert_eq!(setting(&mut conn), ["0"]);
    migrate_runtime::Migrator::new(&fx.graph)
        .upgrade(&mut conn, "head")
        .unwrap();
    assert_eq!(setting(&mut conn), ["0"]);
    migrate_runtime::MigrationConnection::run_sql(
        &mut conn,
        "SET client_connection_check_interval = '5s'",
    )
    .unwrap();
    let report = migrate_runtime::Migrator::new(&fx.graph)
        .downgrade(&mut conn, "base")
        .unwrap();
    assert!(!report.steps.is_empty());
    assert_eq!(setting(&mut conn), ["5s"]);
}

#[test]
fn no_op_upgrade_is_one_statement() {
    crate::startup::no_op_upgrade_is_one_statement(Postgres);
}

#[test]
fn unknown_revision_beyond_a_cut_short_summary() {
    crate::startup::unknown_revision_beyond_a_cut_short_summary(Postgres);
}

#[test]
fn failure_inside_the_revisions_own_transaction_is_recorded() {
    crate::own_transaction::failure_inside_the_revisions_own_transaction_is_recorded(
        migrate_runtime::Backend::Postgres,
    );
}

#[test]
fn outside_a_transaction_one_commit_per_revision() {
    crate::outside_transaction::one_commit_per_revision(Postgres);
}

#[test]
fn outside_a_transaction_a_refused_marker_fails_the_next_revision_only() {
    crate::outside_transaction::a_refused_marker_fails_the_next_revision_only(Postgres);
}

#[test]
fn a_connection_that_moves_reads_where_it_is() {
    crate::startup::a_connection_that_moves_reads_where_it_is(Postgres, |_| {
        [
            "CREATE SCHEMA moved".to_owned(),
            "SET search_path = moved".to_owned(),
            "DROP SCHEMA moved CASCADE".to_owned(),
        ]
    });
}
