//! PostgreSQL only: tables in a schema other than `public` (`pub mod custom { ... }`, as `diesel
//! print-schema --schema custom` writes them) and enum columns, whose generated `CREATE TYPE ... AS ENUM ()`
//! the user fills in before upgrading.

use super::{Flow, HEADER, detected, replace, warnings};
use crate::support::{Postgres, TestDb};

/// `schema = "custom"` in diesel.toml: print-schema, autogenerate and the check read schema `custom`.
#[test]
fn postgres_tables_in_a_custom_schema() {
    let db = Postgres::new();
    let flow = Flow::new(
        &db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL);",
        "DROP TABLE users;",
    );
    std::fs::write(
        flow.project.path().join("diesel.toml"),
        "[print_schema]\nschema = \"custom\"\n",
    )
    .unwrap();
    assert_eq!(flow.schema(), format!("{HEADER}\npub mod custom {{\n}}\n"));

    let tags = format!(
        "{HEADER}\npub mod custom {{\n    diesel::table! {{\n        custom.tags (id) {{\n            id -> Int4,\n            name -> Text,\n        }}\n    }}\n}}\n"
    );
    let run = flow.step_reviewed("s1", |_| tags.clone(), |_| {}, &[]);
    assert_eq!(
        detected(&run),
        [
            "Detected added schema 'custom'",
            "Detected added table 'custom.tags'"
        ]
    );
    let file = flow.file("s1");
    assert!(
        file.contains(
            "-- migrate:up\nCREATE SCHEMA \"custom\";\nCREATE TABLE \"custom\".\"tags\" (\n"
        ),
        "{file}"
    );
    assert!(
        file.ends_with("DROP TABLE \"custom\".\"tags\";\nDROP SCHEMA \"custom\";\n"),
        "{file}"
    );

    db.apply("INSERT INTO custom.tags (id, name) VALUES (1, 'rust');");
    let added = flow.step(
        "s2",
        |s| {
            replace(
                s,
                "            name -> Text,\n",
                "            name -> Text,\n            color -> Nullable<Text>,\n",
            )
        },
        &[("SELECT id, name FROM custom.tags;", "1\trust\n")],
    );
    assert_eq!(added, ["Detected added column 'custom.tags.color'"]);

    // An enum of the schema: its `sql_types` inside `pub mod custom`, its type created in `custom`.
    let review = "schema.rs does not hold the values of type 'custom.mood': list them in this CREATE TYPE before upgrading";
    let run = flow.step_reviewed(
        "s3",
        |s| {
            let s = replace(
                s,
                "pub mod custom {\n",
                "pub mod custom {\n    pub mod sql_types {\n        #[derive(diesel::sql_types::SqlType)]\n        #[diesel(postgres_type(name = \"mood\", schema = \"custom\"))]\n        pub struct Mood;\n    }\n\n",
            );
            let s = replace(
                &s,
                "    diesel::table! {\n        custom.tags",
                "    diesel::table! {\n        use diesel::sql_types::*;\n        use super::sql_types::Mood;\n\n        custom.tags",
            );
            replace(
                &s,
                "            color -> Nullable<Text>,\n",
                "            color -> Nullable<Text>,\n            mood -> Nullable<Mood>,\n",
            )
        },
        |path| fill_in(path, "CREATE TYPE \"custom\".\"mood\"", review),
        &[("SELECT id, name FROM custom.tags;", "1\trust\n")],
    );
    assert_eq!(
        detected(&run),
        [
            "Detected added type 'custom.mood'",
            "Detected added column 'custom.tags.mood'"
        ]
    );
    assert_eq!(warnings(&run), [review]);
    db.apply("UPDATE custom.tags SET mood = 'happy';");
    assert_eq!(db.query("SELECT id, mood FROM custom.tags;"), "1\thappy\n");
    // The table in `public` was never part of it.
    assert_eq!(db.query("SELECT count(*) FROM public.users;"), "0\n");
}

/// As a user would: the values written into the generated `{create} AS ENUM ()`, which must come right
/// after its REVIEW comment.
#[track_caller]
fn fill_in(path: &std::path::Path, create: &str, review: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let asked = format!("-- REVIEW: {review}\n{create} AS ENUM ();\n");
    assert!(text.contains(&asked), "{text}");
    let filled = text.replace(
        &format!("{create} AS ENUM ();"),
        &format!("{create} AS ENUM ('happy', 'sad');"),
    );
    std::fs::write(path, filled).unwrap();
}

const MOOD_TYPE: &str = "pub mod sql_types {\n    #[derive(diesel::sql_types::SqlType)]\n    #[diesel(postgres_type(name = \"mood\"))]\n    pub struct Mood;\n}\n\n";

/// An enum column: schema.rs has the type's name, not its values, so the generated `CREATE TYPE` asks for
/// them; filled in, the revision applies and print-schema gives back the edited schema.rs.
#[test]
fn postgres_enum_column_with_the_values_filled_in() {
    let db = Postgres::new();
    let flow = Flow::new(
        &db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
        "DROP TABLE users;",
    );
    db.apply("INSERT INTO users (id, name) VALUES (1, 'ann');");
    let review = "schema.rs does not hold the values of type 'mood': list them in this CREATE TYPE before upgrading";
    let run = flow.step_reviewed(
        "m1",
        |s| {
            let s = replace(s, &format!("{HEADER}\n"), &format!("{HEADER}\n{MOOD_TYPE}"));
            let s = replace(
                &s,
                "diesel::table! {\n    users",
                "diesel::table! {\n    use diesel::sql_types::*;\n    use super::sql_types::Mood;\n\n    users",
            );
            replace(
                &s,
                "        name -> Text,\n",
                "        name -> Text,\n        mood -> Nullable<Mood>,\n",
            )
        },
        |path| fill_in(path, "CREATE TYPE \"mood\"", review),
        &[("SELECT id, name, mood FROM users;", "1\tann\t\n")],
    );
    assert_eq!(
        detected(&run),
        [
            "Detected added type 'mood'",
            "Detected added column 'users.mood'"
        ]
    );
    assert_eq!(warnings(&run), [review]);
    db.apply("UPDATE users SET mood = 'sad' WHERE id = 1;");
    assert_eq!(
        db.query("SELECT id, mood FROM users WHERE mood = 'sad';"),
        "1\tsad\n"
    );
    let file = flow.file("m1");
    assert!(
        file.contains("DROP TYPE \"mood\";\n"),
        "the down section drops the type: {file}"
    );
}
