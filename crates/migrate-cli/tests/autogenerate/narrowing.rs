//! The changes that may fail on existing rows or lose values, through the whole cycle: SET NOT NULL on a
//! column whose NULLs were updated away first, and narrowing type changes (a smaller integer; a text with a
//! length where the backend keeps one). Each carries a `-- REVIEW:` comment in the up section and the same
//! text as a warning.

use super::{Flow, HEADER, replace, types, warnings};
use crate::support::{Sqlite, TestDb};

/// The one REVIEW text of the step's up section, which the run also printed as its only warning.
#[track_caller]
fn reviewed(flow: &Flow<'_>, id: &str, run: &crate::support::Run, review: &str) {
    assert_eq!(warnings(run), [review], "{}", run.stderr);
    let file = flow.file(id);
    let comment = format!("-- REVIEW: {review}\n");
    assert_eq!(file.matches(&comment).count(), 1, "{file}");
    let down = file.find("\n-- migrate:down\n").expect("a down section");
    assert!(file.find(&comment).unwrap() < down, "{file}");
}

fn narrowing_changes(db: &dyn TestDb) {
    let t = types(db);
    let (int, bigint) = (t.int, t.bigint);
    let flow = Flow::new(
        db,
        "CREATE TABLE items (id INTEGER PRIMARY KEY NOT NULL, note TEXT, qty BIGINT NOT NULL, label TEXT NOT NULL);",
        "DROP TABLE items;",
    );
    assert_eq!(
        flow.schema(),
        format!(
            "{HEADER}\ndiesel::table! {{\n    items (id) {{\n        id -> {int},\n        note -> Nullable<Text>,\n        qty -> {bigint},\n        label -> Text,\n    }}\n}}\n"
        )
    );
    db.apply("INSERT INTO items (id, note, qty, label) VALUES (1, NULL, 5, 'short'), (2, 'kept', 7, 'tiny');");
    // As the REVIEW asks: no row holds NULL before the column becomes NOT NULL.
    db.apply("UPDATE items SET note = 'none' WHERE note IS NULL;");
    let rows = (
        "SELECT id, note, qty, label FROM items ORDER BY id;",
        "1\tnone\t5\tshort\n2\tkept\t7\ttiny\n",
    );

    let run = flow.step_reviewed(
        "n1",
        |s| replace(s, "note -> Nullable<Text>,", "note -> Text,"),
        |_| {},
        &[rows],
    );
    assert_eq!(
        super::detected(&run),
        ["Detected NOT NULL on column 'items.note'"]
    );
    reviewed(
        &flow,
        "n1",
        &run,
        "makes 'items.note' NOT NULL: fails if a row holds NULL there (update those rows first)",
    );

    let run = flow.step_reviewed(
        "n2",
        |s| replace(s, &format!("qty -> {bigint},"), &format!("qty -> {int},")),
        |_| {},
        &[rows],
    );
    assert_eq!(
        super::detected(&run),
        [format!(
            "Detected type change from {bigint} to {int} on 'items.qty'"
        )]
    );
    reviewed(
        &flow,
        "n2",
        &run,
        &format!(
            "narrows 'items.qty' from {bigint} to {int}: values that do not fit are refused or cut"
        ),
    );

    if !t.sqlite {
        let run = flow.step_reviewed(
            "n3",
            |s| {
                replace(
                    s,
                    "        label -> Text,\n",
                    "        #[max_length = 20]\n        label -> Varchar,\n",
                )
            },
            |_| {},
            &[rows],
        );
        assert_eq!(
            super::detected(&run),
            ["Detected type change from Text to Varchar(20) on 'items.label'"]
        );
        reviewed(
            &flow,
            "n3",
            &run,
            "narrows 'items.label' from Text to Varchar(20): values that do not fit are refused or cut",
        );
    }
}

#[test]
fn sqlite_narrowing_changes() {
    narrowing_changes(&Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_narrowing_changes() {
    narrowing_changes(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_narrowing_changes() {
    narrowing_changes(&crate::support::Mysql::new());
}
