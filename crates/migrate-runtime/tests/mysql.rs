//! MariaDB or MySQL at `MIGRATE_TEST_MYSQL_URL` (feature `mysql`).

use migrate_runtime::Backend::Mysql;

use crate::support::server_var;
use crate::{processes, scenarios};

#[test]
fn upgrade_and_downgrade() {
    scenarios::upgrade_and_downgrade(Mysql);
}

#[test]
fn branches_merge_depends() {
    scenarios::branches_merge_depends(Mysql);
}

#[test]
fn stamp_and_purge() {
    scenarios::stamp_and_purge(Mysql);
}

#[test]
fn read_only_creates_nothing() {
    scenarios::read_only_creates_nothing(Mysql);
}

#[test]
fn third_statement_fails() {
    scenarios::third_statement_fails(Mysql);
}

#[test]
fn trigger_with_begin_end() {
    scenarios::multi_statement(
        Mysql,
        "CREATE TABLE t (id INTEGER, n INTEGER);\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.n = 40;\n  SET NEW.n = NEW.n + 2;\nEND;\nINSERT INTO t (id) VALUES (1);",
        "SELECT CAST(n AS SIGNED) AS n FROM t",
    );
}

#[test]
fn concurrent_processes() {
    processes::concurrent_processes(Mysql);
}

#[test]
fn killed_child() {
    processes::killed_child(Mysql, "SELECT SLEEP(20);");
}

#[test]
fn offline_script_matches_online() {
    scenarios::offline_script_matches_online(Mysql, |db, script| {
        let (user, host, port, name) = crate::support::mysql_parts(&db.url);
        crate::support::pipe_into_client(
            "mariadb",
            &["-h", &host, "-P", &port, "-u", &user, &name],
            script,
        );
    });
}

#[test]
fn unknown_and_drift() {
    scenarios::unknown_and_drift(Mysql);
}

#[test]
fn passwords_are_never_shown() {
    let (var, default) = server_var(Mysql);
    let url = std::env::var(var).unwrap_or_else(|_| default.to_owned());
    let host = url.split('@').nth(1).unwrap_or("127.0.0.1:3306/test");
    let bad = format!("mysql://no_such_user_x:Sup3rS3cret@{host}");
    scenarios::password_never_shown(&bad, "Sup3rS3cret");
}

#[test]
fn legacy_history_table() {
    crate::history_format::legacy_history_table(Mysql);
}

#[test]
fn glance_index() {
    crate::history_format::glance_index(Mysql);
}

#[test]
fn single_transaction_rows_match_per_revision() {
    crate::history_format::single_transaction_rows_match_per_revision(Mysql);
}

#[test]
fn no_op_upgrade_is_one_statement() {
    crate::startup::no_op_upgrade_is_one_statement(Mysql);
}

#[test]
fn unknown_revision_beyond_a_cut_short_summary() {
    crate::startup::unknown_revision_beyond_a_cut_short_summary(Mysql);
}

/// Non-ASCII text (an emoji needs 4 bytes in UTF-8) survives an offline script piped into a client whose
/// character set is latin1, and an online run.
#[test]
fn non_ascii_text_offline_and_online() {
    use crate::support::{fixture, rev, strings};
    let message = "crabs 🦀 and café";
    let fixture = fixture(&[rev(
        "aaaa00000001",
        "",
        "",
        "CREATE TABLE t (note VARCHAR(40)) DEFAULT CHARSET=utf8mb4;\nINSERT INTO t VALUES ('🦀 é');",
        Some("DROP TABLE t;"),
    )
    .replace("aaaa00000001 message", message)]);
    let mut migrator = migrate_runtime::Migrator::new(&fixture.graph);
    let script = migrator.script_upgrade(Mysql, &[], "head").unwrap().sql;
    assert_eq!(
        script.lines().nth(1),
        Some("SET NAMES utf8mb4;"),
        "{script}"
    );
    let offline = crate::support::TestDb::new(Mysql);
    let (user, host, port, name) = crate::support::mysql_parts(&offline.url);
    crate::support::pipe_into_client(
        "mariadb",
        &[
            "--default-character-set=latin1",
            "-h",
            &host,
            "-P",
            &port,
            "-u",
            &user,
            &name,
        ],
        &script,
    );
    let online = crate::support::TestDb::new(Mysql);
    migrator.upgrade(&mut online.conn(), "head").unwrap();
    for db in [&offline, &online] {
        let mut conn = db.conn();
        assert_eq!(
            strings(&mut conn, "SELECT message AS s FROM __migrate_history"),
            [message]
        );
        assert_eq!(strings(&mut conn, "SELECT note AS s FROM t"), ["🦀 é"]);
    }
}

#[test]
fn outside_a_transaction_one_commit_per_revision() {
    crate::outside_transaction::one_commit_per_revision(Mysql);
}

#[test]
fn outside_a_transaction_a_refused_marker_fails_the_next_revision_only() {
    crate::outside_transaction::a_refused_marker_fails_the_next_revision_only(Mysql);
}

#[test]
fn a_connection_that_moves_reads_where_it_is() {
    crate::startup::a_connection_that_moves_reads_where_it_is(Mysql, |db| {
        let (_, _, _, name) = crate::support::mysql_parts(&db.url);
        let other = format!("{name}_moved");
        [
            format!("CREATE DATABASE {other}"),
            format!("USE {other}"),
            format!("DROP DATABASE {other}"),
        ]
    });
}
