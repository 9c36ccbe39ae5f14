//! Unit tests of the SQL writers: the exact SQL per operation per dialect.

use crate::diff::{Renames, diff};
use crate::parse_str;

use super::{Dialect, Options, render};

fn tables(body: &str) -> crate::Schema {
    parse_str("schema.rs", body).unwrap_or_else(|e| panic!("{e}"))
}

/// Up and down SQL from `current` to `wanted` on `dialect`.
fn sql(current: &str, wanted: &str, renames: &[&str], dialect: Dialect) -> (String, String, bool) {
    let (current, wanted) = (tables(current), tables(wanted));
    let renames = Renames::parse(renames.iter().copied()).unwrap();
    let migration = render(
        &current,
        &diff(&current, &wanted, &renames),
        dialect,
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (migration.up, migration.down, migration.transactional)
}

#[test]
fn scratch() {
    let a = "diesel::table! { users (id) { id -> Int4, name -> Nullable<Varchar>, } }";
    let b = "diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Text, } }
    diesel::table! { posts (id) { id -> Int4, author_id -> Int4, } }
    diesel::joinable!(posts -> users (author_id));";
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        let (up, down, t) = sql(a, b, &[], d);
        println!("== {d} {t}\n{up}--down\n{down}");
    }
}
