//! The generated SQL against real databases, run by migrate's runtime as a revision: for each operation
//! kind and each backend, the `current` schema is created from generated DDL (a first revision, from an
//! empty schema), rows are inserted, the generated change (a second revision) is upgraded and downgraded,
//! and after each step the rows and the catalog are checked:
//! - after the upgrade, the catalog equals that of a fresh database created from the wanted schema;
//! - after the downgrade, the catalog and the rows equal what they were before the upgrade.

use migrate_runtime::core::{HeadsPolicy, load_and_validate};
use migrate_runtime::{Backend, Migrator};
use migrate_schema::diff::{Renames, diff};
use migrate_schema::sql::{Migration, Options, render};
use migrate_schema::{Index, Schema, Trigger, parse_str};

use crate::support::{Catalog, TestDb, backends, dialect};

/// One change to apply.
pub struct Case<'a> {
    pub before: &'a str,
    pub after: &'a str,
    pub renames: &'a [&'a str],
    /// Inserted after the `before` schema exists.
    pub seed: &'a [&'a str],
    /// A query whose `t` column shows the rows that must survive.
    pub rows: &'a str,
    /// The query to run after the upgrade instead of `rows`, when the columns differ.
    pub rows_up: &'a str,
    /// What the query shows after the upgrade (before it, and after the downgrade, `rows` shows the same).
    pub rows_after_up: &'a [&'a str],
    /// What `rows` shows after the downgrade when not what it showed before the upgrade (a dropped column
    /// comes back without its values).
    pub rows_after_down: &'a [&'a str],
    /// Applied to the parsed `before` schema: what introspection would add (facets).
    pub before_facets: fn(&mut Schema),
    /// Lines the upgraded catalog must have (SQLite: `index <name> on <table>`, `trigger <name> on <table>`).
    pub upgraded_has: &'a [&'a str],
    /// Only this backend (PostgreSQL schemas).
    pub only: Option<Backend>,
    /// Constraint names the downgrade gives differently (`(now, was)`): a key re-added to a renamed table
    /// is named after the name it had then. schema.rs has no constraint names.
    pub renamed_after_down: &'a [(&'a str, &'a str)],
    /// Whether the upgraded catalog must equal a fresh one (constraint names differ after a rename).
    pub same_as_fresh: bool,
}

impl Default for Case<'_> {
    fn default() -> Self {
        Case {
            before: "",
            after: "",
            renames: &[],
            seed: &[],
            rows: "",
            rows_up: "",
            rows_after_up: &[],
            rows_after_down: &[],
            before_facets: |_| {},
            upgraded_has: &[],
            renamed_after_down: &[],
            only: None,
            same_as_fresh: true,
        }
    }
}

fn schema(text: &str) -> Schema {
    parse_str("schema.rs", text).unwrap_or_else(|e| panic!("{e}"))
}

fn generate(backend: Backend, from: &Schema, to: &Schema, renames: &[&str]) -> Migration {
    let renames = Renames::parse(renames.iter().copied()).unwrap();
    render(
        from,
        &diff(from, to, &renames),
        dialect(backend),
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{backend}: {e}"))
}

fn revision(id: &str, revises: &str, migration: &Migration) -> String {
    let transactional = if migration.transactional {
        ""
    } else {
        "-- Transactional: false\n"
    };
    format!(
        "-- Revision ID: {id}\n-- Revises: {revises}\n-- Message: {id}\n{transactional}\n-- migrate:up\n{}\n-- migrate:down\n{}",
        migration.up, migration.down
    )
}

/// A database with `schema` created by generated DDL, through a revision run by migrate.
fn fresh(backend: Backend, schema: &Schema) -> TestDb {
    let db = TestDb::new(backend);
    if schema.all_tables().is_empty() {
        return db;
    }
    let create = generate(backend, &Schema::default(), schema, &[]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("1.sql"), revision("r1", "", &create)).unwrap();
    let graph = load_and_validate(dir.path(), dir.path(), HeadsPolicy::Single).unwrap();
    Migrator::new(&graph)
        .upgrade(&mut db.conn(), "head")
        .unwrap_or_else(|e| panic!("{backend}: {e}\n{}", create.up));
    db
}

pub fn run(case: &Case<'_>) {
    let (mut before, after) = (schema(case.before), schema(case.after));
    (case.before_facets)(&mut before);
    for backend in backends() {
        if case.only.is_some_and(|only| only != backend) {
            continue;
        }
        let create = generate(backend, &Schema::default(), &before, &[]);
        let change = generate(backend, &before, &after, case.renames);
        let context = format!("{backend}:\n-- up\n{}-- down\n{}", change.up, change.down);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("1.sql"), revision("r1", "", &create)).unwrap();
        std::fs::write(dir.path().join("2.sql"), revision("r2", "r1", &change)).unwrap();
        let graph = load_and_validate(dir.path(), dir.path(), HeadsPolicy::Single)
            .unwrap_or_else(|e| panic!("{e}\n{context}"));
        let db = TestDb::new(backend);
        let mut conn = db.conn();
        let mut migrator = Migrator::new(&graph);
        migrator
            .upgrade(&mut conn, "r1")
            .unwrap_or_else(|e| panic!("create: {e}\n{}", create.up));
        for insert in case.seed {
            migrate_runtime::MigrationConnection::run_sql(&mut conn, insert)
                .unwrap_or_else(|e| panic!("{backend}: {insert}: {e}"));
        }
        let catalog_before = db.catalog();
        let rows_before = if case.rows.is_empty() {
            Vec::new()
        } else {
            db.texts(case.rows)
        };

        migrator
            .upgrade(&mut conn, "head")
            .unwrap_or_else(|e| panic!("upgrade: {e}\n{context}"));
        let upgraded = db.catalog();
        for line in case.upgraded_has {
            if backend == Backend::Sqlite {
                assert!(
                    upgraded.iter().any(|l| l == line),
                    "{line} missing after upgrade, {context}"
                );
            }
        }
        let rows_up = if case.rows_up.is_empty() {
            case.rows
        } else {
            case.rows_up
        };
        if !rows_up.is_empty() {
            assert_eq!(
                db.texts(rows_up),
                case.rows_after_up,
                "rows after upgrade, {context}"
            );
        }
        if case.same_as_fresh {
            assert_eq!(
                upgraded,
                fresh(backend, &after).catalog(),
                "upgraded vs fresh, {context}"
            );
        }
        assert_ne!(
            upgraded, catalog_before,
            "the upgrade changed nothing, {context}"
        );

        migrator
            .downgrade(&mut conn, "-1")
            .unwrap_or_else(|e| panic!("downgrade: {e}\n{context}"));
        let downgraded: Vec<String> = db
            .catalog()
            .into_iter()
            .map(|line| {
                case.renamed_after_down
                    .iter()
                    .fold(line, |line, (now, was)| line.replace(now, was))
            })
            .collect();
        assert_eq!(
            downgraded, catalog_before,
            "catalog after downgrade, {context}"
        );
        if !case.rows.is_empty() {
            let expected: Vec<String> = if case.rows_after_down.is_empty() {
                rows_before
            } else {
                case.rows_after_down
                    .iter()
                    .map(|r| (*r).to_owned())
                    .collect()
            };
            assert_eq!(
                db.texts(case.rows),
                expected,
                "rows after downgrade, {context}"
            );
        }
    }
}

/// `CASE WHEN c IS NULL THEN 'NULL' ELSE CONCAT('', c) END`: a value as text on every backend.
macro_rules! show {
    ($c:literal) => {
        concat!(
            "CASE WHEN ",
            $c,
            " IS NULL THEN 'NULL' ELSE CONCAT('', ",
            $c,
            ") END"
        )
    };
}
pub(crate) use show;

pub const USERS: &str = "diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Varchar, age -> Nullable<Int4>, } }";
pub const USERS_SEED: &[&str] = &[
    "INSERT INTO users (id, name, age) VALUES (1, 'ann', 31)",
    "INSERT INTO users (id, name, age) VALUES (2, 'bob', NULL)",
];

#[test]
fn add_and_drop_a_column() {
    run(&Case {
        before: USERS,
        after: "diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Varchar, email -> Nullable<Text>, } }",
        seed: USERS_SEED,
        rows: concat!(
            "SELECT CONCAT(id, '|', name, '|', ",
            show!("age"),
            ") AS t FROM users ORDER BY id"
        ),
        rows_up: concat!(
            "SELECT CONCAT(id, '|', name, '|', ",
            show!("email"),
            ") AS t FROM users ORDER BY id"
        ),
        rows_after_up: &["1|ann|NULL", "2|bob|NULL"],
        // The dropped column comes back, without its values.
        rows_after_down: &["1|ann|NULL", "2|bob|NULL"],
        ..Case::default()
    });
}

#[test]
fn widen_a_type_and_a_length() {
    run(&Case {
        before: USERS,
        after: "diesel::table! { users (id) { id -> Int4, #[max_length = 120] name -> Varchar, age -> Nullable<Int8>, } }",
        seed: USERS_SEED,
        rows: concat!(
            "SELECT CONCAT(id, '|', name, '|', ",
            show!("age"),
            ") AS t FROM users ORDER BY id"
        ),
        rows_after_up: &["1|ann|31", "2|bob|NULL"],
        ..Case::default()
    });
}

#[test]
fn change_nullability_both_ways() {
    run(&Case {
        before: USERS,
        after: "diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Nullable<Varchar>, age -> Nullable<Int4>, } }",
        seed: USERS_SEED,
        rows: concat!(
            "SELECT CONCAT(id, '|', name, '|', ",
            show!("age"),
            ") AS t FROM users ORDER BY id"
        ),
        rows_after_up: &["1|ann|31", "2|bob|NULL"],
        ..Case::default()
    });
    run(&Case {
        before: USERS,
        after: "diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Varchar, age -> Int4, } }",
        seed: &["INSERT INTO users (id, name, age) VALUES (1, 'ann', 31)"],
        rows: concat!(
            "SELECT CONCAT(id, '|', name, '|', ",
            show!("age"),
            ") AS t FROM users ORDER BY id"
        ),
        rows_after_up: &["1|ann|31"],
        ..Case::default()
    });
}

#[test]
fn rename_a_column_and_a_table() {
    run(&Case {
        before: USERS,
        after: "diesel::table! { people (id) { id -> Int4, #[max_length = 50] full_name -> Varchar, age -> Nullable<Int4>, } }",
        renames: &["users=people", "users.name=full_name"],
        seed: USERS_SEED,
        rows: concat!(
            "SELECT CONCAT(id, '|', name, '|', ",
            show!("age"),
            ") AS t FROM users ORDER BY id"
        ),
        rows_up: concat!(
            "SELECT CONCAT(id, '|', full_name, '|', ",
            show!("age"),
            ") AS t FROM people ORDER BY id"
        ),
        rows_after_up: &["1|ann|31", "2|bob|NULL"],
        same_as_fresh: false,
        ..Case::default()
    });
}

#[test]
fn change_text_to_integer_keeps_convertible_values() {
    run(&Case {
        before: "diesel::table! { codes (id) { id -> Int4, code -> Text, } }",
        after: "diesel::table! { codes (id) { id -> Int4, code -> Int4, } }",
        seed: &[
            "INSERT INTO codes (id, code) VALUES (1, '12')",
            "INSERT INTO codes (id, code) VALUES (2, '-7')",
        ],
        rows: "SELECT CONCAT(id, '|', code) AS t FROM codes ORDER BY id",
        rows_after_up: &["1|12", "2|-7"],
        ..Case::default()
    });
}

/// An index the schema model only knows as a facet survives a type change: in place on PostgreSQL and
/// MySQL, recreated from its definition by the SQLite rebuild.
#[test]
fn a_type_change_keeps_the_tables_indexes() {
    run(&Case {
        before: USERS,
        after: "diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Varchar, age -> Nullable<Int8>, } }",
        before_facets: |schema| {
            schema.tables[0].facets.indexes.push(Index {
                name: "users_name_idx".into(),
                columns: vec!["name".into()],
                unique: false,
                definition: Some("CREATE INDEX users_name_idx ON users (name)".into()),
            });
        },
        // The first revision creates the index from the facet, as the down side of a drop would.
        seed: &["INSERT INTO users (id, name, age) VALUES (1, 'ann', 31)"],
        rows: concat!(
            "SELECT CONCAT(id, '|', name, '|', ",
            show!("age"),
            ") AS t FROM users ORDER BY id"
        ),
        rows_after_up: &["1|ann|31"],
        upgraded_has: &["index users_name_idx on users"],
        // The fresh table has no index.
        same_as_fresh: false,
        ..Case::default()
    });
}

/// A SQLite rebuild recreates the old table's triggers, and runs with foreign keys enforced by the
/// connection: the revision turns them off around its own transaction.
#[test]
fn a_sqlite_rebuild_recreates_triggers_with_foreign_keys_on() {
    run(&Case {
        before: "
diesel::table! { audit (id) { id -> Nullable<Int4>, user_id -> Int4, } }
diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Varchar, age -> Nullable<Int4>, } }
diesel::table! { posts (id) { id -> Int4, author_id -> Int4, } }
diesel::joinable!(posts -> users (author_id));
",
        after: "
diesel::table! { audit (id) { id -> Nullable<Int4>, user_id -> Int4, } }
diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Varchar, age -> Int4, } }
diesel::table! { posts (id) { id -> Int4, author_id -> Int4, } }
diesel::joinable!(posts -> users (author_id));
",
        before_facets: |schema| {
            let users = schema.tables.iter_mut().find(|t| t.name.sql == "users").unwrap();
            users.facets.triggers.push(Trigger {
                name: "users_audit".into(),
                definition: "CREATE TRIGGER users_audit AFTER UPDATE ON users BEGIN INSERT INTO audit (user_id) VALUES (NEW.id); END".into(),
            });
        },
        // The first revision creates the trigger from the facet.
        seed: &[
            "PRAGMA foreign_keys = ON",
            "INSERT INTO users (id, name, age) VALUES (1, 'ann', 31)",
            "INSERT INTO posts (id, author_id) VALUES (10, 1)",
            "UPDATE users SET age = 32 WHERE id = 1",
        ],
        rows: "SELECT CONCAT('user ', u.id, ' ', u.age, ' post ', p.id, ' audit ', (SELECT COUNT(*) FROM audit)) AS t FROM users u JOIN posts p ON p.author_id = u.id",
        rows_after_up: &["user 1 32 post 10 audit 1"],
        upgraded_has: &["trigger users_audit on users"],
        only: Some(Backend::Sqlite),
        same_as_fresh: false,
        ..Case::default()
    });
}

/// A statement that fails inside a SQLite rebuild's own transaction leaves the schema and the rows as
/// they were, and migrate reports the statement.
#[test]
fn a_failing_sqlite_rebuild_changes_nothing() {
    let before = schema(USERS);
    let after = schema(
        "diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Varchar, age -> Int4, } }",
    );
    let create = generate(Backend::Sqlite, &Schema::default(), &before, &[]);
    let change = generate(Backend::Sqlite, &before, &after, &[]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("1.sql"), revision("r1", "", &create)).unwrap();
    std::fs::write(dir.path().join("2.sql"), revision("r2", "r1", &change)).unwrap();
    let graph = load_and_validate(dir.path(), dir.path(), HeadsPolicy::Single).unwrap();
    let db = TestDb::new(Backend::Sqlite);
    let mut migrator = Migrator::new(&graph);
    {
        let mut conn = db.conn();
        migrator.upgrade(&mut conn, "r1").unwrap();
        for insert in USERS_SEED {
            migrate_runtime::MigrationConnection::run_sql(&mut conn, insert).unwrap();
        }
    }
    let catalog = db.catalog();
    let error = {
        let mut conn = db.conn();
        migrator.upgrade(&mut conn, "head").unwrap_err().to_string()
    };
    assert!(
        error.contains("NOT NULL constraint failed: _migrate_new_users.age"),
        "{error}"
    );
    assert_eq!(db.catalog(), catalog);
    // The marker a failed non-transactional revision leaves: the next run refuses until it is resolved
    // (`migrate stamp r1`), although the rebuild's own transaction rolled everything back.
    assert_eq!(
        db.texts("SELECT revision || ' ' || state AS t FROM __migrate_history ORDER BY revision"),
        ["r1 applied", "r2 running"]
    );
    assert_eq!(
        db.texts(concat!(
            "SELECT CONCAT(id, '|', name, '|', ",
            show!("age"),
            ") AS t FROM users ORDER BY id"
        )),
        ["1|ann|31", "2|bob|NULL"]
    );
}
