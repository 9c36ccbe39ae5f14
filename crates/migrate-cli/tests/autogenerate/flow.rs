//! One kind of operation per step, on one table that keeps its rows: add column, widening type change,
//! nullability, `max_length`, create table, a foreign key from `joinable!`, primary key, drop column, drop
//! table.

use super::{Flow, HEADER, after, replace, types};
use crate::support::{Sqlite, TestDb};

const ROWS: &str =
    "INSERT INTO users (id, name, age, code) VALUES (1, 'ann', 30, 'a1'), (2, 'bob', 40, 'b2');";

const POSTS: &str = "diesel::table! {\n    posts (id) {\n        id -> {int},\n        user_id -> {int},\n        title -> Text,\n    }\n}\n\n";

fn every_operation(db: &dyn TestDb) {
    let t = types(db);
    let flow = Flow::new(
        db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, age INTEGER NOT NULL, code VARCHAR(50) NOT NULL);",
        "DROP TABLE users;",
    );
    db.apply(ROWS);
    let int = t.int;
    assert_eq!(
        flow.schema(),
        format!(
            "{HEADER}\ndiesel::table! {{\n    users (id) {{\n        id -> {int},\n        name -> Text,\n        age -> {int},\n{}    }}\n}}\n",
            t.code
        )
    );
    let names = (
        "SELECT id, name FROM users ORDER BY id;",
        "1\tann\n2\tbob\n",
    );

    let detected = flow.step(
        "b1",
        |s| after(s, t.code, "        email -> Nullable<Text>,\n"),
        &[names],
    );
    assert_eq!(detected, ["Detected added column 'users.email'"]);

    let detected = flow.step(
        "b2",
        |s| {
            replace(
                s,
                &format!("age -> {int},"),
                &format!("age -> {},", t.bigint),
            )
        },
        &[
            names,
            ("SELECT id, age FROM users ORDER BY id;", "1\t30\n2\t40\n"),
        ],
    );
    assert_eq!(
        detected,
        [format!(
            "Detected type change from {int} to {} on 'users.age'",
            t.bigint
        )]
    );

    let detected = flow.step(
        "b3",
        |s| replace(s, "name -> Text,", "name -> Nullable<Text>,"),
        &[names],
    );
    assert_eq!(detected, ["Detected NULL on column 'users.name'"]);

    if !t.sqlite {
        let detected = flow.step(
            "b4",
            |s| replace(s, "#[max_length = 50]", "#[max_length = 100]"),
            &[("SELECT id, code FROM users ORDER BY id;", "1\ta1\n2\tb2\n")],
        );
        assert_eq!(
            detected,
            ["Detected type change from Varchar(50) to Varchar(100) on 'users.code'"]
        );
    }

    let posts = POSTS.replace("{int}", int);
    let detected = flow.step(
        "b5",
        |s| {
            let s = after(s, &format!("{HEADER}\n"), &posts);
            format!("{s}\ndiesel::allow_tables_to_appear_in_same_query!(posts, users,);\n")
        },
        &[names],
    );
    assert_eq!(detected, ["Detected added table 'posts'"]);
    db.apply("INSERT INTO posts (id, user_id, title) VALUES (7, 2, 'hello');");
    let post = ("SELECT id, user_id, title FROM posts;", "7\t2\thello\n");

    let detected = flow.step(
        "b6",
        |s| {
            replace(
                s,
                "\ndiesel::allow_tables",
                "\ndiesel::joinable!(posts -> users (user_id));\n\ndiesel::allow_tables",
            )
        },
        &[names, post],
    );
    assert_eq!(
        detected,
        ["Detected added foreign key (user_id)(id) on table posts"]
    );

    let detected = flow.step(
        "b7",
        |s| replace(s, "posts (id) {", "posts (id, user_id) {"),
        &[names, post],
    );
    assert_eq!(
        detected,
        ["Detected primary key change on 'posts' from (id) to (id, user_id)"]
    );

    let detected = flow.step(
        "b8",
        |s| replace(s, "        email -> Nullable<Text>,\n", ""),
        &[names, post],
    );
    assert_eq!(detected, ["Detected removed column 'users.email'"]);

    let detected = flow.step(
        "b9",
        |s| {
            let start = s.find("diesel::table! {\n    posts").unwrap();
            let end = s.find("diesel::table! {\n    users").unwrap();
            let s = format!("{}{}", &s[..start], &s[end..]);
            let cut = s.find("\ndiesel::joinable!").unwrap();
            s[..cut].to_owned()
        },
        &[names],
    );
    assert_eq!(detected, ["Detected removed table 'posts'"]);
}

#[test]
fn sqlite_every_operation() {
    every_operation(&Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_every_operation() {
    every_operation(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_every_operation() {
    every_operation(&crate::support::Mysql::new());
}

/// A SQLite rebuild of a referenced table applies with foreign keys on (`init_sql`) as with them off, and
/// keeps the rows of both tables.
#[test]
fn sqlite_rebuild_of_a_parent_with_foreign_keys_on() {
    let db = Sqlite::new();
    let flow = Flow::new(
        &db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, age INTEGER NOT NULL);\nCREATE TABLE posts (id INTEGER PRIMARY KEY NOT NULL, user_id INTEGER NOT NULL REFERENCES users (id));\nCREATE INDEX posts_user ON posts (user_id);",
        "DROP TABLE posts;\nDROP TABLE users;",
    );
    let config = flow.project.path().join("migrate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\ninit_sql = \"PRAGMA foreign_keys = ON\"\n"),
    )
    .unwrap();
    db.apply("INSERT INTO users VALUES (1, 30), (2, 40);\nINSERT INTO posts VALUES (7, 2);");
    let detected = flow.step(
        "b10",
        |s| {
            replace(
                s,
                "        age -> Integer,\n",
                "        age -> Nullable<BigInt>,\n",
            )
        },
        &[
            ("SELECT id, age FROM users ORDER BY id;", "1\t30\n2\t40\n"),
            ("SELECT id, user_id FROM posts;", "7\t2\n"),
            ("PRAGMA foreign_key_check;", ""),
            (
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'posts_user';",
                "posts_user\n",
            ),
        ],
    );
    assert_eq!(
        detected,
        [
            "Detected type change from Integer to BigInt on 'users.age'",
            "Detected NULL on column 'users.age'"
        ]
    );
    assert!(
        flow.file("b10").contains("-- Transactional: false\n"),
        "{}",
        flow.file("b10")
    );
}

/// A new table whose key is one integer column gets an auto-incrementing key, unless `[autogenerate]
/// auto_increment = false`.
fn new_keys_auto_increment(db: &dyn TestDb) {
    let t = types(db);
    let flow = Flow::new(
        db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL);",
        "DROP TABLE users;",
    );
    let notes = format!(
        "diesel::table! {{\n    notes (id) {{\n        id -> {},\n        body -> Text,\n    }}\n}}\n\n",
        t.int
    );
    let with_notes = |s: &str| {
        let s = after(s, &format!("{HEADER}\n"), &notes);
        format!("{s}\ndiesel::allow_tables_to_appear_in_same_query!(notes, users,);\n")
    };
    flow.write_schema(&with_notes(&flow.schema()));
    flow.autogenerate("h1", &[]);
    flow.project.ok(&["upgrade", "head"]);
    db.apply("INSERT INTO notes (body) VALUES ('a');\nINSERT INTO notes (body) VALUES ('b');");
    assert_eq!(
        db.query("SELECT id, body FROM notes ORDER BY id;"),
        "1\ta\n2\tb\n"
    );
    flow.project.ok(&["downgrade", "-1"]);

    let config = flow.project.path().join("migrate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[autogenerate]\nauto_increment = false\n"),
    )
    .unwrap();
    std::fs::remove_file(flow.project.file_of("h1")).unwrap();
    flow.autogenerate("h2", &[]);
    let file = flow.file("h2");
    assert!(
        !file.contains("IDENTITY") && !file.contains("AUTO_INCREMENT"),
        "{file}"
    );
    flow.project.ok(&["upgrade", "head"]);
    assert_eq!(
        flow.schema(),
        with_notes(&format!(
            "{HEADER}\ndiesel::table! {{\n    users (id) {{\n        id -> {},\n    }}\n}}\n",
            t.int
        ))
    );
}

#[test]
fn sqlite_new_keys_auto_increment() {
    new_keys_auto_increment(&Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_new_keys_auto_increment() {
    new_keys_auto_increment(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_new_keys_auto_increment() {
    new_keys_auto_increment(&crate::support::Mysql::new());
}
