//! `migrate test`: each revision upgraded, downgraded and upgraded again on a scratch database. A down section
//! that forgets an index, or fails, is reported with the revision and what differs; irreversible revisions
//! are skipped with a note; the temporary database of PostgreSQL and MySQL is gone afterwards.

use crate::support::{Project, Sqlite, TestDb};

const A: &str = "aaaa00000001";
const B: &str = "bbbb00000002";
const C: &str = "cccc00000003";
const D: &str = "dddd00000004";
const E: &str = "eeee00000005";
const F: &str = "ffff00000006";

/// What differs between the backends.
struct Case {
    /// The down section of the fifth revision, dropping its index.
    drop_index: &'static str,
    /// A down section that fails; on PostgreSQL and MySQL its error names the database it runs in.
    failing_down: &'static str,
}

/// Writes a revision with its own down section (`None`: irreversible).
fn revision(project: &Project, id: &str, revises: &str, up: &str, down: Option<&str>) {
    let mut text = format!(
        "-- Revision ID: {id}\n-- Revises: {revises}\n-- Message: step {id}\n\n-- migrate:up\n{up}\n"
    );
    if let Some(down) = down {
        text.push_str(&format!("\n-- migrate:down\n{down}\n"));
    }
    std::fs::write(project.migrations().join(format!("{id}_step.sql")), text).unwrap();
}

/// Six revisions; the third is irreversible. With `broken`, the fourth's down section fails and the fifth's
/// forgets to drop the index its up section creates.
fn folder(db: &dyn TestDb, case: &Case, broken: bool) -> Project {
    let project = Project::with_url(&db.url());
    revision(
        &project,
        A,
        "",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL);",
        Some("DROP TABLE users;"),
    );
    revision(
        &project,
        B,
        A,
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL, title VARCHAR(80) NOT NULL, FOREIGN KEY (author_id) REFERENCES users (id));",
        Some("DROP TABLE posts;"),
    );
    revision(
        &project,
        C,
        B,
        "ALTER TABLE posts ADD COLUMN body TEXT;",
        None,
    );
    let email_down = if broken {
        case.failing_down
    } else {
        "ALTER TABLE users DROP COLUMN email;"
    };
    revision(
        &project,
        D,
        C,
        "ALTER TABLE users ADD COLUMN email VARCHAR(80);",
        Some(email_down),
    );
    let index_down = if broken {
        "-- (the index is forgotten)"
    } else {
        case.drop_index
    };
    revision(
        &project,
        E,
        D,
        "CREATE INDEX posts_title_idx ON posts (title);",
        Some(index_down),
    );
    revision(
        &project,
        F,
        E,
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, name VARCHAR(20) DEFAULT 'x');",
        Some("DROP TABLE tags;"),
    );
    project
}

fn line(parent: &str, id: &str, outcome: &str) -> String {
    format!("INFO  [migrate] Testing {parent} -> {id}, step {id} ... {outcome}\n")
}

fn skipped() -> String {
    format!("INFO  [migrate] Skipping {B} -> {C}, step {C}: irreversible (no down section)\n")
}

/// The correct folder passes; the database of the URL is not touched.
fn passes(db: &dyn TestDb, case: &Case, scratch: &str) {
    let project = folder(db, case, false);
    let run = project.run(&["test"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let expected = [
        format!("INFO  [migrate] Testing 6 revisions on {scratch}: upgrade, downgrade, upgrade.\n"),
        line("<base>", A, "ok"),
        line(A, B, "ok"),
        skipped(),
        line(C, D, "ok"),
        line(D, E, "ok"),
        line(E, F, "ok"),
        "INFO  [migrate] Tested 5 revisions: every down section restores the schema (1 irreversible revision skipped).\n".to_owned(),
    ]
    .concat();
    assert_eq!(run.stderr, expected);
    assert_eq!(db.tables(), Vec::<String>::new());
}

/// The broken folder fails with exit code 1, naming the fourth revision with its error and the fifth with
/// its index; the sixth is still tested (the scratch database starts again after a failure). Returns the
/// error of the fourth revision's down section.
fn fails(db: &dyn TestDb, case: &Case, scratch: &str) -> String {
    let project = folder(db, case, true);
    let stderr = project.fails(&["test"]);
    let head = [
        format!("INFO  [migrate] Testing 6 revisions on {scratch}: upgrade, downgrade, upgrade.\n"),
        line("<base>", A, "ok"),
        line(A, B, "ok"),
        skipped(),
        line(C, D, "FAILED"),
        line(D, E, "FAILED"),
        line(E, F, "ok"),
        format!(
            "error: 2 of 5 tested revisions failed (1 irreversible revision skipped):\n- {D} (migrations/{D}_step.sql): its down section fails: "
        ),
    ]
    .concat();
    let tail = format!(
        "\n- {E} (migrations/{E}_step.sql): its down section does not restore the schema:\n    index posts_title_idx on posts: present after downgrade, absent before\n"
    );
    assert!(stderr.starts_with(&head), "{stderr}");
    assert!(stderr.ends_with(&tail), "{stderr}");
    assert_eq!(db.tables(), Vec::<String>::new());
    stderr[head.len()..stderr.len() - tail.len()].to_owned()
}

const SQLITE: Case = Case {
    drop_index: "DROP INDEX posts_title_idx;",
    failing_down: "SELECT * FROM missing_table;",
};

#[test]
fn sqlite_down_sections() {
    let db = Sqlite::new();
    passes(&db, &SQLITE, "SQLite in memory");
    let error = fails(&db, &SQLITE, "SQLite in memory");
    assert_eq!(
        error,
        format!("statement 1 (`SELECT * FROM missing_table`) failed: no such table: missing_table")
    );
}

#[test]
fn a_range_tests_only_its_revisions() {
    let db = Sqlite::new();
    let project = folder(&db, &SQLITE, true);
    let run = project.run(&["test", "-r", &format!("{E}:")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&[
            "INFO  [migrate] Testing 2 revisions on SQLite in memory: upgrade, downgrade, upgrade.\n".to_owned(),
            line(D, E, "FAILED"),
            line(E, F, "ok"),
            format!("error: 1 of 2 tested revisions failed:\n- {E} (migrations/{E}_step.sql)"),
        ]
        .concat()),
        "{}",
        run.stderr
    );
    let run = project.run(&["test", "-r", &format!("{F}:"), "-q"]);
    assert_eq!(
        (run.code, run.stdout, run.stderr),
        (0, String::new(), String::new())
    );
    let run = project.run(&["test", "-r", &format!(":{C}")]);
    assert_eq!(
        (run.code, run.stderr),
        (
            0,
            [
                "INFO  [migrate] Testing 3 revisions on SQLite in memory: upgrade, downgrade, upgrade.\n".to_owned(),
                line("<base>", A, "ok"),
                line(A, B, "ok"),
                skipped(),
                "INFO  [migrate] Tested 2 revisions: every down section restores the schema (1 irreversible revision skipped).\n".to_owned(),
            ]
            .concat()
        )
    );
}

/// The name of the temporary database an error names.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn scratch_name(error: &str) -> String {
    let suffix: String = error
        .split("migrate_replay_")
        .nth(1)
        .unwrap_or_else(|| panic!("the error names the temporary database: {error}"))
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(suffix.len(), 12, "{error}");
    format!("migrate_replay_{suffix}")
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_down_sections() {
    let _serial = crate::support::scratch_server();
    let db = crate::support::Postgres::new();
    let case = Case {
        drop_index: "DROP INDEX posts_title_idx;",
        failing_down: "DO $$ BEGIN RAISE EXCEPTION 'running in %', current_database(); END $$;",
    };
    let scratch = format!(
        "a temporary database on the server of {}",
        migrate_runtime::redact_url(&db.url())
    );
    passes(&db, &case, &scratch);
    let error = fails(&db, &case, &scratch);
    let name = scratch_name(&error);
    assert!(error.ends_with(&format!("running in {name}")), "{error}");
    let left = db.query(&format!(
        "SELECT COUNT(*) FROM pg_database WHERE datname = '{name}';"
    ));
    assert_eq!(left.trim(), "0", "{name} is dropped");
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_down_sections() {
    let _serial = crate::support::scratch_server();
    let db = crate::support::Mysql::new();
    let case = Case {
        drop_index: "DROP INDEX posts_title_idx ON posts;",
        failing_down: "SELECT * FROM missing_table;",
    };
    let scratch = format!(
        "a temporary database on the server of {}",
        migrate_runtime::redact_url(&db.url())
    );
    passes(&db, &case, &scratch);
    let error = fails(&db, &case, &scratch);
    let name = scratch_name(&error);
    assert!(
        error.ends_with(&format!("Table '{name}.missing_table' doesn't exist")),
        "{error}"
    );
    let left = db.query(&format!(
        "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '{name}';"
    ));
    assert_eq!(left.trim(), "0", "{name} is dropped");
}

/// A down section that leaves a type behind passes the comparison (no column uses the type) but the second
/// upgrade fails: that is reported too.
#[cfg(feature = "postgres")]
#[test]
fn postgres_a_type_left_behind_fails_the_second_upgrade() {
    let _serial = crate::support::scratch_server();
    let db = crate::support::Postgres::new();
    let project = Project::with_url(&db.url());
    revision(
        &project,
        A,
        "",
        "CREATE TYPE mood AS ENUM ('happy', 'sad');\nCREATE TABLE moods (id INTEGER PRIMARY KEY, v mood);",
        Some("DROP TABLE moods;"),
    );
    assert_eq!(
        project.fails(&["test", "-q"]),
        format!(
            "error: 1 of 1 tested revision failed:\n- {A} (migrations/{A}_step.sql): upgrading again after the downgrade fails (the down section leaves something behind): statement 1 (`CREATE TYPE mood AS ENUM ('happy', 'sad')`) failed: type \"mood\" already exists\n"
        )
    );
}

/// With a dev database the run happens there, and the database is empty afterwards, also after a failure
/// (which empties it and starts again).
#[test]
fn a_dev_database_is_used_and_emptied() {
    let db = Sqlite::new();
    let dev = Sqlite::new();
    let project = folder(&db, &SQLITE, true);
    let dev_url = dev.url();
    let run = project.run(&["test", "--dev-url", &dev_url]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&format!(
            "INFO  [migrate] Testing 6 revisions on the dev database {dev_url}: upgrade, downgrade, upgrade.\n"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&line(E, F, "ok")), "{}", run.stderr);
    assert_eq!(dev.tables(), Vec::<String>::new());
    assert_eq!(db.tables(), Vec::<String>::new());
}

/// Two branches, a dependency between them and a merge: each revision is tested in upgrade order, and its
/// downgrade takes only that revision back (not the other branch).
#[test]
fn branches_and_merges_are_tested_in_upgrade_order() {
    let db = Sqlite::new();
    let project = Project::with_url(&db.url());
    let table = |name: &str| {
        (
            format!("CREATE TABLE {name} (id INTEGER PRIMARY KEY);"),
            format!("DROP TABLE {name};"),
        )
    };
    for (id, revises, name) in [(A, "", "a"), (B, A, "b"), (C, A, "c")] {
        let (up, down) = table(name);
        revision(&project, id, revises, &up, Some(&down));
    }
    let (up, down) = table("d");
    revision(&project, D, B, &up, Some(&down));
    let file = project.migrations().join(format!("{D}_step.sql"));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("-- Message:", &format!("-- Depends On: {C}\n-- Message:")),
    )
    .unwrap();
    revision(
        &project,
        E,
        &format!("{D}, {C}"),
        "CREATE INDEX c_id ON c (id);",
        Some("-- (the index is forgotten)"),
    );
    let expected = [
        "INFO  [migrate] Testing 5 revisions on SQLite in memory: upgrade, downgrade, upgrade.\n".to_owned(),
        line("<base>", A, "ok"),
        line(A, B, "ok"),
        line(A, C, "ok"),
        line(B, D, "ok"),
        line(&format!("{D}, {C}"), E, "FAILED"),
        format!("error: 1 of 5 tested revisions failed:\n- {E} (migrations/{E}_step.sql): its down section does not restore the schema:\n    index c_id on c: present after downgrade, absent before\n"),
    ]
    .concat();
    assert_eq!(project.fails(&["test"]), expected);
}

/// Ctrl-C while a down section runs drops the temporary database and exits with 130.
#[cfg(feature = "postgres")]
#[test]
fn postgres_ctrl_c_drops_the_temporary_database() {
    let _serial = crate::support::scratch_server();
    let db = crate::support::Postgres::new();
    let project = Project::with_url(&db.url());
    revision(
        &project,
        A,
        "",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        Some("SELECT pg_sleep(599);\nDROP TABLE users;"),
    );
    let mut child = project.spawn(&["test"]);
    let running = "SELECT datname FROM pg_stat_activity WHERE datname LIKE 'migrate\\_replay\\_%' AND query LIKE '%pg_sleep(599)%';";
    let name = loop {
        let names = crate::support::lines(&db.query(running));
        if let Some(name) = names.into_iter().next() {
            break name;
        }
        assert!(child.try_wait().unwrap().is_none(), "the test ended early");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    let left = db.query(&format!(
        "SELECT COUNT(*) FROM pg_database WHERE datname = '{name}';"
    ));
    assert_eq!(left.trim(), "0", "{name} is dropped");
}
