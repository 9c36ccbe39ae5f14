//! The model check of `migrate check`, what autogenerate never touches (an index and a default from a
//! hand-written revision), `--from database`, `--sql`, and `[print_schema] after_upgrade`.

use super::{Flow, after, types};
use crate::support::{Sqlite, TestDb};

const USERS: &str =
    "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name VARCHAR(50) NOT NULL DEFAULT 'x');";

fn model_check(db: &dyn TestDb) {
    let flow = Flow::new(db, USERS, "DROP TABLE users;");
    let schema = flow.schema();
    let last = if types(db).sqlite {
        "        name -> Text,\n"
    } else {
        "        name -> Varchar,\n"
    };
    flow.write_schema(&after(&schema, last, "        email -> Nullable<Text>,\n"));
    let stderr = flow.project.fails(&["check"]);
    assert_eq!(
        stderr,
        format!(
            "{}error: 1 problem found:\n- New upgrade operations detected: add column users.email; run `migrate revision --autogenerate`\n",
            db.context_lines()
        )
    );
    flow.autogenerate("f1", &[]);
    // The folder now has the revision; the database is behind, which check reports as before.
    let stderr = flow.project.fails(&["check"]);
    assert!(
        stderr.contains("1 problem found:\n- the database is at aaaa00000001"),
        "{stderr}"
    );
    assert!(!stderr.contains("New upgrade operations"), "{stderr}");
    flow.project.ok(&["upgrade", "head"]);
    let run = flow.project.ok(&["check"]);
    assert_eq!(
        run.stderr,
        format!(
            "{}INFO  [migrate] No new upgrade operations detected.\nINFO  [migrate] No problems found: 2 revisions, the database is at the head (f1).\n",
            db.context_lines()
        )
    );

    // An index and a default written by hand are nothing schema.rs can say: no operation.
    flow.project
        .write_revision("f2", "f1", "", "CREATE INDEX users_name ON users (name);");
    flow.project.ok(&["upgrade", "head"]);
    flow.in_sync();
}

fn from_database(db: &dyn TestDb) {
    let flow = Flow::new(db, USERS, "DROP TABLE users;");
    flow.project
        .write_revision("f3", "aaaa00000001", "", "SELECT 1;");
    let stderr = flow.project.fails(&[
        "revision",
        "--autogenerate",
        "-m",
        "x",
        "--from",
        "database",
    ]);
    assert_eq!(
        stderr,
        format!(
            "{}error: Target database is not up to date.\n",
            db.context_lines()
        )
    );
    flow.project.ok(&["upgrade", "head"]);
    let run = flow.project.ok(&[
        "revision",
        "--autogenerate",
        "-m",
        "x",
        "--from",
        "database",
    ]);
    assert_eq!(
        run.stderr,
        format!(
            "{}INFO  [migrate] No changes in schema detected.\n",
            db.context_lines()
        )
    );
    let stderr = flow.project.fails(&[
        "revision",
        "--autogenerate",
        "-m",
        "x",
        "--from",
        "database",
        "--dev-url",
        "sqlite::memory:",
    ]);
    assert_eq!(
        stderr,
        "error: --dev-url is for replays (`--from migrations`)\n"
    );
    let stderr = flow
        .project
        .fails(&["revision", "--autogenerate", "--sql", "-m", "x"]);
    assert_eq!(
        stderr,
        "error: Using --sql with --autogenerate does not make any sense\n"
    );
}

fn rewritten_after_upgrade(db: &dyn TestDb) {
    let flow = Flow::new(db, USERS, "DROP TABLE users;");
    let before = flow.schema();
    let config = flow.project.path().join("migrate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[print_schema]\nafter_upgrade = true\n"),
    )
    .unwrap();
    flow.project.write_revision(
        "f4",
        "aaaa00000001",
        "",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY NOT NULL);",
    );
    let path = flow.project.file_of("f4");
    let revision = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{revision}DROP TABLE tags;\n")).unwrap();
    let run = flow.project.ok(&["upgrade", "head"]);
    assert!(
        run.stderr
            .ends_with("INFO  [migrate] Writing src/schema.rs ...  done\n"),
        "{}",
        run.stderr
    );
    let written = std::fs::read_to_string(flow.schema_file()).unwrap();
    assert_eq!(written, flow.schema());
    assert!(written.contains("    tags (id) {"), "{written}");
    flow.project.ok(&["downgrade", "-1"]);
    assert_eq!(std::fs::read_to_string(flow.schema_file()).unwrap(), before);
}

#[test]
fn sqlite_model_check() {
    model_check(&Sqlite::new());
}

#[test]
fn sqlite_from_database() {
    from_database(&Sqlite::new());
}

#[test]
fn sqlite_rewritten_after_upgrade() {
    rewritten_after_upgrade(&Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_model_check() {
    model_check(&crate::support::Postgres::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_from_database() {
    from_database(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_model_check() {
    model_check(&crate::support::Mysql::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_from_database() {
    from_database(&crate::support::Mysql::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_rewritten_after_upgrade() {
    rewritten_after_upgrade(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_rewritten_after_upgrade() {
    rewritten_after_upgrade(&crate::support::Mysql::new());
}

/// MariaDB's JSON is LONGTEXT (print-schema prints `Longtext`): a `Json` column in schema.rs is created, then
/// seen as a type change, with a warning saying to write `Longtext`.
#[cfg(feature = "mysql")]
#[test]
fn mariadb_json_is_longtext() {
    let db = crate::support::Mysql::new();
    let flow = Flow::new(&db, USERS, "DROP TABLE users;");
    let schema = flow.schema();
    let with = |ty: &str| {
        after(
            &schema,
            "        name -> Varchar,\n",
            &format!("        doc -> Nullable<{ty}>,\n"),
        )
    };
    flow.write_schema(&with("Json"));
    flow.autogenerate("j1", &[]);
    flow.project.ok(&["upgrade", "head"]);
    assert_eq!(flow.schema(), with("Longtext"));
    let run = flow.autogenerate("j2", &[]);
    assert_eq!(
        super::detected(&run),
        ["Detected type change from Longtext to Json on 'users.doc'"]
    );
    assert!(
        run.stderr.contains("WARN  [migrate] 'users.doc': MariaDB stores JSON as LONGTEXT, which print-schema prints as `Longtext`; write `Longtext` in schema.rs, or this change is detected again on every run\n"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(flow.project.file_of("j2")).unwrap();
    flow.write_schema(&with("Longtext"));
    flow.in_sync();
}
