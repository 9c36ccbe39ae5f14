//! `migrate check --drift` and `drift = true`: the live database compared with the folder's replay up to the
//! database's current heads. A column added and an index dropped by hand are reported; a database behind
//! the heads has no drift of its own.

use crate::support::{Project, Sqlite, TestDb};

const A: &str = "aaaa00000001";
const B: &str = "bbbb00000002";

/// The hand-made changes of each backend: add `users.nickname`, drop `posts_title_idx`.
struct Case {
    by_hand: &'static str,
}

fn scratch_line(db: &dyn TestDb) -> String {
    let on = if db.url().starts_with("sqlite") {
        "SQLite in memory".to_owned()
    } else {
        format!(
            "a temporary database on the server of {}",
            migrate_runtime::redact_url(&db.url())
        )
    };
    format!("INFO  [migrate] Comparing the database with the folder replayed on {on}.\n")
}

fn drift(db: &dyn TestDb, case: &Case) {
    let project = Project::with_url(&db.url());
    project.write_revision(
        A,
        "",
        "",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL);",
    );
    project.write_revision(
        B,
        A,
        "",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(80) NOT NULL);\nCREATE INDEX posts_title_idx ON posts (title);",
    );
    let context = db.context_lines();
    let scratch = scratch_line(db);

    // Behind the heads: only that is a problem, the schema is what revision A makes.
    project.ok(&["upgrade", A, "-q"]);
    let error = project.fails(&["check", "--drift"]);
    assert_eq!(
        error,
        format!(
            "{context}{scratch}error: 1 problem found:\n- the database is at {A} but the migrations' heads are {B}: 1 revision is pending; run `migrate upgrade heads`\n"
        )
    );

    project.ok(&["upgrade", "heads", "-q"]);
    let clean = project.ok(&["check", "--drift"]);
    assert_eq!(
        clean.stderr,
        format!(
            "{context}{scratch}INFO  [migrate] No problems found: 2 revisions, the database is at the head ({B}).\n"
        )
    );

    db.apply(case.by_hand);
    let expected = format!(
        "{context}{scratch}error: 2 problems found:\n- drift: index posts_title_idx on posts: present in the migrations, absent in the database\n- drift: column users.nickname: present in the database, absent in the migrations\n"
    );
    assert_eq!(project.fails(&["check", "--drift"]), expected);
    // Without --drift the check does not look.
    project.ok(&["check"]);
    // `drift = true` in migrate.toml makes it look.
    let config = project.path().join("migrate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\ndrift = true\n")).unwrap();
    assert_eq!(project.fails(&["check"]), expected);
}

#[test]
fn sqlite_drift() {
    drift(
        &Sqlite::new(),
        &Case {
            by_hand: "ALTER TABLE users ADD COLUMN nickname TEXT; DROP INDEX posts_title_idx;",
        },
    );
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_drift() {
    let _serial = crate::support::scratch_server();
    drift(
        &crate::support::Postgres::new(),
        &Case {
            by_hand: "ALTER TABLE users ADD COLUMN nickname TEXT; DROP INDEX posts_title_idx;",
        },
    );
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_drift() {
    let _serial = crate::support::scratch_server();
    drift(
        &crate::support::Mysql::new(),
        &Case {
            by_hand: "ALTER TABLE users ADD COLUMN nickname TEXT; DROP INDEX posts_title_idx ON posts;",
        },
    );
}
