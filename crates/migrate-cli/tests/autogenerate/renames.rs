//! Renames are never guessed: `--rename` (of a column, of a table), the question on a terminal (driven
//! through a pseudo-terminal with util-linux's `script`), and without a terminal a drop plus an add with a
//! REVIEW comment.

use super::{Flow, replace};
use crate::support::{Sqlite, TestDb};

fn users(db: &dyn TestDb) -> Flow<'_> {
    let flow = Flow::new(
        db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);\nINSERT INTO users (id, name) VALUES (1, 'ann');",
        "DROP TABLE users;",
    );
    let schema = flow.schema();
    flow.write_schema(&replace(&schema, "name -> Text,", "full_name -> Text,"));
    flow
}

fn rename_given(db: &dyn TestDb) {
    let flow = users(db);
    // A rename that matches nothing is refused, and names the renames that would.
    let stderr = flow.project.fails(&[
        "revision",
        "--autogenerate",
        "-m",
        "x",
        "--rename",
        "users.nme=full_name",
    ]);
    assert_eq!(
        stderr,
        "error: --rename users.nme=full_name names no dropped and added column or table of the same kind; the renames this change allows: users.name=full_name\n"
    );
    let run = flow.autogenerate("e1", &["--rename", "users.name=full_name"]);
    assert_eq!(
        super::detected(&run),
        ["Detected renamed column 'users.name' to 'users.full_name'"]
    );
    flow.project.ok(&["upgrade", "head"]);
    assert_eq!(db.query("SELECT id, full_name FROM users;"), "1\tann\n");
    flow.in_sync();
    flow.project.ok(&["downgrade", "-1"]);
    assert_eq!(db.query("SELECT id, name FROM users;"), "1\tann\n");
}

/// `--rename old_table=new_table`: the table is renamed in place and keeps its rows, both ways.
fn table_rename_given(db: &dyn TestDb) {
    let flow = Flow::new(
        db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);\nINSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob');",
        "DROP TABLE users;",
    );
    let before = flow.schema();
    let renamed = replace(&before, "    users (id) {", "    people (id) {");
    flow.write_schema(&renamed);
    let run = flow.autogenerate("e5", &["--rename", "users=people"]);
    assert_eq!(
        super::detected(&run),
        ["Detected renamed table 'users' to 'people'"]
    );
    let file = flow.file("e5");
    assert!(!file.contains("DROP TABLE"), "{file}");
    flow.project.ok(&["upgrade", "head"]);
    let rows = "1\tann\n2\tbob\n";
    assert_eq!(db.query("SELECT id, name FROM people ORDER BY id;"), rows);
    assert_eq!(flow.schema(), renamed);
    flow.in_sync();
    flow.project.ok(&["downgrade", "-1"]);
    assert_eq!(db.query("SELECT id, name FROM users ORDER BY id;"), rows);
    assert_eq!(flow.schema(), before);
}

/// A SQLite rebuild after a table and a column rename in the same revision recreates the table's index
/// and trigger under the new names (SQLite rewrote them at the rename), both ways.
#[test]
fn sqlite_rebuild_after_renames_keeps_the_index_and_the_trigger() {
    let db = Sqlite::new();
    let flow = Flow::new(
        &db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, age INTEGER NOT NULL);\nCREATE INDEX users_name ON users (name);\nCREATE TRIGGER users_touch AFTER UPDATE OF name ON users BEGIN SELECT 1; END;\nINSERT INTO users VALUES (1, 'ann', 3);",
        "DROP TABLE users;",
    );
    let before = flow.schema();
    let edited = replace(&before, "    users (id) {", "    people (id) {");
    let edited = replace(&edited, "name -> Text,", "full_name -> Text,");
    let edited = replace(&edited, "age -> Integer,", "age -> BigInt,");
    flow.write_schema(&edited);
    let run = flow.autogenerate(
        "e6",
        &[
            "--rename",
            "users=people",
            "--rename",
            "people.name=full_name",
        ],
    );
    // No index left out as if its column were gone.
    assert_eq!(
        super::warnings(&run),
        Vec::<String>::new(),
        "{}",
        flow.file("e6")
    );
    let catalog = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name IN ('users_name', 'users_touch') ORDER BY name;";
    flow.project.ok(&["upgrade", "head"]);
    assert_eq!(
        db.query("SELECT id, full_name, age FROM people;"),
        "1\tann\t3\n"
    );
    assert_eq!(
        db.query(catalog),
        "index\tusers_name\tpeople\tCREATE INDEX users_name ON people (full_name)\ntrigger\tusers_touch\tpeople\tCREATE TRIGGER users_touch AFTER UPDATE OF full_name ON people BEGIN SELECT 1; END\n"
    );
    assert_eq!(flow.schema(), edited);
    flow.in_sync();
    flow.project.ok(&["downgrade", "-1"]);
    assert_eq!(db.query("SELECT id, name, age FROM users;"), "1\tann\t3\n");
    assert_eq!(
        db.query(catalog),
        "index\tusers_name\tusers\tCREATE INDEX users_name ON \"users\" (\"name\")\ntrigger\tusers_touch\tusers\tCREATE TRIGGER users_touch AFTER UPDATE OF \"name\" ON \"users\" BEGIN SELECT 1; END\n"
    );
    assert_eq!(flow.schema(), before);
}

fn fallback_without_terminal(db: &dyn TestDb) {
    let flow = users(db);
    let run = flow.autogenerate("e2", &[]);
    assert_eq!(
        super::detected(&run),
        [
            "Detected added column 'users.full_name'",
            "Detected removed column 'users.name'"
        ]
    );
    let review = "possible rename of 'users.name' to 'users.full_name': if so, generate again with --rename users.name=full_name";
    assert!(
        run.stderr.contains(&format!("WARN  [migrate] {review}\n")),
        "{}",
        run.stderr
    );
    let file = flow.file("e2");
    assert!(file.contains(&format!("-- REVIEW: {review}\n")), "{file}");
    assert!(
        file.contains("-- REVIEW: drops column 'users.name' and its values\n"),
        "{file}"
    );
}

/// Runs `migrate ARGS` on a pseudo-terminal, answering `answer`; returns what the terminal showed.
fn on_terminal(flow: &Flow<'_>, args: &str, answer: &str) -> String {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_migrate"));
    migrate_test_support::Terminal::of(binary, flow.project.path(), args)
        .env("DATABASE_URL", &flow.db.url())
        .env("NO_COLOR", "1")
        .typing(answer)
        .shown()
}

fn question_on_terminal(db: &dyn TestDb) {
    let flow = users(db);
    let shown = on_terminal(&flow, "revision --autogenerate -m e3 --rev-id e3", "y\n");
    assert!(
        shown.contains("Did you rename users.name to users.full_name? [y/N] "),
        "{shown}"
    );
    assert!(
        shown.contains(
            "INFO  [migrate] Detected renamed column 'users.name' to 'users.full_name'\n"
        ),
        "{shown}"
    );
    flow.project.ok(&["upgrade", "head"]);
    assert_eq!(db.query("SELECT id, full_name FROM users;"), "1\tann\n");
    flow.in_sync();

    // Answering no (or just Enter) keeps the drop and the add.
    flow.write_schema(&replace(
        &flow.schema(),
        "full_name -> Text,",
        "nick -> Text,",
    ));
    let shown = on_terminal(&flow, "revision --autogenerate -m e4 --rev-id e4", "\n");
    assert!(
        shown.contains("Did you rename users.full_name to users.nick? [y/N] "),
        "{shown}"
    );
    assert!(
        shown.contains("INFO  [migrate] Detected removed column 'users.full_name'\n"),
        "{shown}"
    );
}

#[test]
fn sqlite_rename_given() {
    rename_given(&Sqlite::new());
}

#[test]
fn sqlite_table_rename_given() {
    table_rename_given(&Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_table_rename_given() {
    table_rename_given(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_table_rename_given() {
    table_rename_given(&crate::support::Mysql::new());
}

#[test]
fn sqlite_fallback_without_terminal() {
    fallback_without_terminal(&Sqlite::new());
}

#[test]
fn sqlite_question_on_terminal() {
    question_on_terminal(&Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_rename_given() {
    rename_given(&crate::support::Postgres::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_question_on_terminal() {
    question_on_terminal(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_rename_given() {
    rename_given(&crate::support::Mysql::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_question_on_terminal() {
    question_on_terminal(&crate::support::Mysql::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_fallback_without_terminal() {
    fallback_without_terminal(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_fallback_without_terminal() {
    fallback_without_terminal(&crate::support::Mysql::new());
}
