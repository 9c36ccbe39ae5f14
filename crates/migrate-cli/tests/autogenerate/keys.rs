//! Foreign keys from `joinable!`: parent and child in both orders of their names (print-schema sorts the
//! tables, so `authors`/`books` declares the parent first and `zones`/`areas` the child first), a two-table
//! cycle, and both tables of the cycle dropped. Every generated revision applies and downgrades.

use super::{Flow, HEADER, types};
use crate::support::{Sqlite, TestDb};

fn table(name: &str, int: &str, fk: Option<&str>) -> String {
    let fk = fk
        .map(|c| format!("        {c} -> {int},\n"))
        .unwrap_or_default();
    format!("diesel::table! {{\n    {name} (id) {{\n        id -> {int},\n{fk}    }}\n}}\n")
}

/// The foreign keys of the user tables, as `child.column -> parent`, sorted.
fn foreign_keys(db: &dyn TestDb) -> Vec<String> {
    let url = db.url();
    let sql = if url.starts_with("postgres") {
        "SELECT c.conrelid::regclass::text || '.' || a.attname || ' -> ' || c.confrelid::regclass::text FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] WHERE c.contype = 'f' ORDER BY 1;".to_owned()
    } else if url.starts_with("mysql") {
        "SELECT CONCAT(table_name, '.', column_name, ' -> ', referenced_table_name) FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND referenced_table_name IS NOT NULL ORDER BY 1;".to_owned()
    } else {
        "SELECT m.name || '.' || f.\"from\" || ' -> ' || f.\"table\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY 1;".to_owned()
    };
    let mut keys = crate::support::lines(&db.query(&sql));
    keys.sort();
    keys
}

fn parents_and_children(db: &dyn TestDb) {
    let int = types(db).int;
    let flow = Flow::new(
        db,
        "CREATE TABLE base (id INTEGER PRIMARY KEY NOT NULL);",
        "DROP TABLE base;",
    );
    let base = table("base", int, None);
    assert_eq!(flow.schema(), format!("{HEADER}\n{base}"));

    // Parent declared (and sorted) first.
    let detected = flow.step(
        "c1",
        |_| {
            format!(
                "{HEADER}\n{}\n{base}\n{}\ndiesel::joinable!(books -> authors (author_id));\n\ndiesel::allow_tables_to_appear_in_same_query!(authors, base, books,);\n",
                table("authors", int, None),
                table("books", int, Some("author_id")),
            )
        },
        &[],
    );
    assert_eq!(
        detected,
        [
            "Detected added table 'authors'",
            "Detected added table 'books'"
        ]
    );
    assert_eq!(foreign_keys(db), ["books.author_id -> authors"]);

    // Child declared first: the parent is still created first.
    let detected = flow.step(
        "c2",
        |_| {
            format!(
                "{HEADER}\n{}\n{}\n{base}\n{}\n{}\ndiesel::joinable!(areas -> zones (zone_id));\ndiesel::joinable!(books -> authors (author_id));\n\ndiesel::allow_tables_to_appear_in_same_query!(areas, authors, base, books, zones,);\n",
                table("areas", int, Some("zone_id")),
                table("authors", int, None),
                table("books", int, Some("author_id")),
                table("zones", int, None),
            )
        },
        &[],
    );
    assert_eq!(
        detected,
        [
            "Detected added table 'zones'",
            "Detected added table 'areas'"
        ]
    );
    assert_eq!(
        foreign_keys(db),
        ["areas.zone_id -> zones", "books.author_id -> authors"]
    );
}

/// Two tables referencing each other: created, then both dropped. print-schema leaves out the `joinable!`
/// of two tables linked twice (diesel's rule), so the keys are read from the catalog here.
fn cycle(db: &dyn TestDb) {
    let int = types(db).int;
    let flow = Flow::new(
        db,
        "CREATE TABLE base (id INTEGER PRIMARY KEY NOT NULL);",
        "DROP TABLE base;",
    );
    let base = table("base", int, None);
    let with_cycle = format!(
        "{HEADER}\n{}\n{}\n{base}\ndiesel::joinable!(eggs -> hens (hen_id));\ndiesel::joinable!(hens -> eggs (egg_id));\n\ndiesel::allow_tables_to_appear_in_same_query!(base, eggs, hens,);\n",
        table("eggs", int, Some("hen_id")),
        table("hens", int, Some("egg_id")),
    );
    flow.write_schema(&with_cycle);
    let run = flow.autogenerate("d1", &[]);
    assert_eq!(
        super::detected(&run)[..2],
        ["Detected added table 'eggs'", "Detected added table 'hens'"]
    );
    flow.project.ok(&["upgrade", "head"]);
    assert_eq!(
        foreign_keys(db),
        ["eggs.hen_id -> hens", "hens.egg_id -> eggs"],
        "{}",
        flow.file("d1")
    );
    flow.in_sync();
    flow.project.ok(&["downgrade", "-1"]);
    assert_eq!(flow.schema(), format!("{HEADER}\n{base}"));
    flow.project.ok(&["upgrade", "head"]);

    flow.write_schema(&format!("{HEADER}\n{base}"));
    let run = flow.autogenerate("d2", &[]);
    let detected = super::detected(&run);
    assert!(
        detected.contains(&"Detected removed table 'eggs'".to_owned())
            && detected.contains(&"Detected removed table 'hens'".to_owned()),
        "{detected:?}"
    );
    flow.project.ok(&["upgrade", "head"]);
    assert_eq!(flow.schema(), format!("{HEADER}\n{base}"));
    assert_eq!(foreign_keys(db), Vec::<String>::new());
    flow.in_sync();
    flow.project.ok(&["downgrade", "-1"]);
    assert_eq!(
        foreign_keys(db),
        ["eggs.hen_id -> hens", "hens.egg_id -> eggs"],
        "{}",
        flow.file("d2")
    );
}

#[test]
fn sqlite_parents_and_children() {
    parents_and_children(&Sqlite::new());
}

#[test]
fn sqlite_cycle() {
    cycle(&Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_parents_and_children() {
    parents_and_children(&crate::support::Postgres::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_cycle() {
    cycle(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_parents_and_children() {
    parents_and_children(&crate::support::Mysql::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_cycle() {
    cycle(&crate::support::Mysql::new());
}
