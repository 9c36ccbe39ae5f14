//! `migrate print-schema` against the real `diesel print-schema`: each backend's fixture loaded into a fresh
//! database, and the output compared byte for byte with the golden files diesel_cli 2.3.14 wrote for it
//! (`crates/migrate-schema/tests/golden/`). migrate's own tables never show, whatever they are called.

use crate::support::{Project, Sqlite, TestDb};

macro_rules! golden {
    ($path:literal) => {
        include_str!(concat!("../../migrate-schema/tests/golden/", $path))
    };
}

/// Loads `fixture` into `db` and compares `migrate print-schema ARGS` with `expected`.
fn compare(db: &dyn TestDb, fixture: &str, runs: &[(&[&str], &str)]) {
    db.apply(fixture);
    let project = Project::with_url(&db.url());
    for (args, expected) in runs {
        let mut command = vec!["print-schema"];
        command.extend_from_slice(args);
        let run = project.ok(&command);
        assert_eq!(run.stdout, *expected, "migrate {command:?}");
        assert_eq!(run.stderr, "", "migrate {command:?}");
    }
}

#[test]
fn sqlite_golden() {
    compare(
        &Sqlite::new(),
        golden!("sqlite/fixture.sql"),
        &[(&[], golden!("sqlite/schema.rs"))],
    );
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_golden() {
    compare(
        &crate::support::Postgres::new(),
        golden!("postgres/fixture.sql"),
        &[
            (&[], golden!("postgres/schema.rs")),
            (
                &["--schema", "custom"],
                golden!("postgres/schema_custom.rs"),
            ),
            (
                &[
                    "--with-docs",
                    "--custom-type-derives",
                    "diesel::query_builder::QueryId,Clone",
                ],
                golden!("postgres/schema_with_docs.rs"),
            ),
        ],
    );
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_golden() {
    compare(
        &crate::support::Mysql::new(),
        golden!("mysql/fixture.sql"),
        &[(&[], golden!("mysql/schema.rs"))],
    );
}

/// The history and log tables under names diesel's `__` rule would not hide, after `migrate upgrade`.
fn own_tables_are_left_out(db: &dyn TestDb) {
    let project = Project::with_url(&db.url());
    std::fs::write(
        project.path().join("migrate.toml"),
        "history_table = \"schema_history\"\nlog_table = \"schema_log\"\n",
    )
    .unwrap();
    project.write_revision(
        "aaaa00000001",
        "",
        "",
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
    );
    project.ok(&["upgrade", "heads"]);
    let mut tables = db.tables();
    tables.retain(|t| t.starts_with("schema_"));
    assert_eq!(tables, ["schema_history", "schema_log"]);
    let int = if db.url().starts_with("postgres") {
        "Int4"
    } else {
        "Integer"
    };
    assert_eq!(
        project.ok(&["print-schema"]).stdout,
        format!(
            "// @generated automatically by Diesel CLI.\n\ndiesel::table! {{\n    users (id) {{\n        id -> {int},\n        name -> Text,\n    }}\n}}\n"
        )
    );
    // Leaving out the user's table leaves nothing.
    assert_eq!(
        project.ok(&["print-schema", "-e", "^users$"]).stdout,
        "// @generated automatically by Diesel CLI.\n"
    );
}

#[test]
fn sqlite_own_tables_are_left_out() {
    own_tables_are_left_out(&Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_own_tables_are_left_out() {
    own_tables_are_left_out(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_own_tables_are_left_out() {
    own_tables_are_left_out(&crate::support::Mysql::new());
}

#[test]
fn diesel_toml_gives_the_defaults_and_write_uses_the_configured_file() {
    let db = Sqlite::new();
    db.apply(
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL); CREATE TABLE posts (id INTEGER PRIMARY KEY NOT NULL);",
    );
    let project = Project::with_url(&db.url());
    std::fs::write(
        project.path().join("diesel.toml"),
        "[print_schema]\nfile = \"src/db/schema.rs\"\nwith_docs = \"only-database-comments\"\n\n[print_schema.filter]\nonly_tables = [\"^posts$\"]\n\n[migrations_directory]\ndir = \"migrations\"\n",
    )
    .unwrap();
    let posts = "// @generated automatically by Diesel CLI.\n\ndiesel::table! {\n    posts (id) {\n        id -> Integer,\n    }\n}\n";
    assert_eq!(project.ok(&["print-schema"]).stdout, posts);
    // The command line wins over diesel.toml.
    assert!(
        project
            .ok(&["print-schema", "-o", "users"])
            .stdout
            .contains("users (id)")
    );
    let run = project.ok(&["print-schema", "--write"]);
    assert_eq!(run.stdout, "");
    let written = project.path().join("src/db/schema.rs");
    assert_eq!(std::fs::read_to_string(&written).unwrap(), posts);
    assert_eq!(
        run.stderr,
        "INFO  [migrate] Writing src/db/schema.rs ...  done\n"
    );
    assert_eq!(
        project.fails(&["print-schema", "users"]),
        "error: table names need --only-tables (-o) or --except-tables (-e)\n"
    );
    assert_eq!(
        project.fails(&["print-schema", "--from", "database", "--target", "head"]),
        "error: --target and --dev-url are for replays (`--from migrations`)\n"
    );
}

#[test]
fn what_diesel_cannot_print_is_an_error() {
    let db = Sqlite::new();
    db.apply("CREATE TABLE docs (id INTEGER PRIMARY KEY NOT NULL, body JSON);");
    let project = Project::with_url(&db.url());
    assert_eq!(
        project.fails(&["print-schema"]),
        "error: column `docs.body` has the type `JSON`, which Diesel cannot map on SQLite (diesel print-schema refuses it too): declare it as one of INTEGER, TEXT, BLOB, REAL, DOUBLE, NUMERIC, BOOLEAN, DATE, TIME, DATETIME or TIMESTAMP\n"
    );
    assert_eq!(
        project.fails(&["print-schema", "--schema", "main"]),
        "error: SQLite has no schemas: leave out `--schema`\n"
    );
    // Leaving the table out is the way around, as with diesel.
    assert_eq!(
        project.ok(&["print-schema", "-e", "docs"]).stdout,
        "// @generated automatically by Diesel CLI.\n"
    );
}

#[cfg(feature = "postgres")]
#[test]
fn a_table_without_a_primary_key_is_an_error() {
    let db = crate::support::Postgres::new();
    db.apply("CREATE TABLE events (at TIMESTAMPTZ NOT NULL);");
    let project = Project::with_url(&db.url());
    assert_eq!(
        project.fails(&["print-schema"]),
        "error: table `events` has no primary key, and Diesel's `table!` needs one: add a primary key, or leave the table out (`--except-tables`)\n"
    );
}
