//! The generated SQL for keys, tables and PostgreSQL schemas and types, applied as in [`crate::apply`]:
//! primary-key changes, foreign keys between existing tables, parents and children created and dropped in
//! both declaration orders, a two-table cycle.

use migrate_runtime::Backend;

use crate::apply::{Case, USERS, USERS_SEED, run, show};

#[test]
fn change_a_primary_key() {
    run(&Case {
        before: "diesel::table! { order_lines (order_id) { order_id -> Int4, line -> Int4, } }",
        after: "diesel::table! { order_lines (order_id, line) { order_id -> Int4, line -> Int4, } }",
        seed: &[
            "INSERT INTO order_lines (order_id, line) VALUES (1, 1)",
            "INSERT INTO order_lines (order_id, line) VALUES (2, 1)",
        ],
        rows: "SELECT CONCAT(order_id, '|', line) AS t FROM order_lines ORDER BY order_id",
        rows_after_up: &["1|1", "2|1"],
        // The key keeps the identity (PostgreSQL) or AUTO_INCREMENT (MySQL) its first revision gave it,
        // which a table created with the composite key does not get: a default, never managed.
        same_as_fresh: false,
        ..Case::default()
    });
}

const PARENT_CHILD: &str = "
diesel::table! { posts (id) { id -> Int4, author_id -> Int4, title -> Text, } }
diesel::table! { users (id) { id -> Int4, name -> Text, } }
diesel::joinable!(posts -> users (author_id));
";
const CHILD_AFTER_PARENT: &str = "
diesel::table! { users (id) { id -> Int4, name -> Text, } }
diesel::table! { posts (id) { id -> Int4, author_id -> Int4, title -> Text, } }
diesel::joinable!(posts -> users (author_id));
";

#[test]
fn create_and_drop_a_parent_and_a_child_in_both_declaration_orders() {
    for declared in [PARENT_CHILD, CHILD_AFTER_PARENT] {
        // Created from an empty schema (the first revision) and dropped (the second).
        run(&Case {
            before: declared,
            after: "",
            seed: &[
                "INSERT INTO users (id, name) VALUES (1, 'ann')",
                "INSERT INTO posts (id, author_id, title) VALUES (10, 1, 'hello')",
            ],
            same_as_fresh: true,
            ..Case::default()
        });
    }
}

const CYCLE: &str = "
diesel::table! { a (id) { id -> Int4, b_id -> Nullable<Int4>, } }
diesel::table! { b (id) { id -> Int4, a_id -> Nullable<Int4>, } }
diesel::joinable!(a -> b (b_id));
diesel::joinable!(b -> a (a_id));
";

#[test]
fn create_and_drop_a_two_table_cycle() {
    run(&Case {
        before: CYCLE,
        after: "",
        seed: &[
            "INSERT INTO a (id, b_id) VALUES (1, NULL)",
            "INSERT INTO b (id, a_id) VALUES (2, 1)",
            "UPDATE a SET b_id = 2 WHERE id = 1",
        ],
        ..Case::default()
    });
}

/// A key that no longer starts with the auto-incrementing column (MySQL refuses an auto column that
/// leads no key) and back.
#[test]
fn move_a_primary_key_off_its_auto_increment_column() {
    run(&Case {
        before: "diesel::table! { order_lines (order_id) { order_id -> Int4, line -> Int4, } }",
        after: "diesel::table! { order_lines (line, order_id) { order_id -> Int4, line -> Int4, } }",
        seed: &[
            "INSERT INTO order_lines (order_id, line) VALUES (1, 1)",
            "INSERT INTO order_lines (order_id, line) VALUES (2, 1)",
        ],
        rows: "SELECT CONCAT(order_id, '|', line) AS t FROM order_lines ORDER BY order_id",
        rows_after_up: &["1|1", "2|1"],
        // PostgreSQL keeps the identity (harmless in any key); MySQL's AUTO_INCREMENT goes, as a table
        // created with this key has none.
        same_as_fresh: false,
        ..Case::default()
    });
}

#[test]
fn add_and_drop_a_foreign_key_between_existing_tables() {
    let without = "
diesel::table! { users (id) { id -> Int4, name -> Text, } }
diesel::table! { posts (id) { id -> Int4, author_id -> Int4, title -> Text, } }
";
    run(&Case {
        before: without,
        after: CHILD_AFTER_PARENT,
        seed: &[
            "INSERT INTO users (id, name) VALUES (1, 'ann')",
            "INSERT INTO posts (id, author_id, title) VALUES (10, 1, 'hello')",
        ],
        rows: "SELECT CONCAT(p.id, '|', u.name, '|', p.title) AS t FROM posts p JOIN users u ON u.id = p.author_id",
        rows_after_up: &["10|ann|hello"],
        ..Case::default()
    });
}

#[test]
fn create_and_drop_a_postgres_schema_with_its_table() {
    run(&Case {
        before: USERS,
        after: concat!(
            "diesel::table! { users (id) { id -> Int4, #[max_length = 50] name -> Varchar, age -> Nullable<Int4>, } }\n",
            "pub mod billing { diesel::table! { billing.invoices (id) { id -> Int4, user_id -> Int4, } } }\n",
        ),
        seed: USERS_SEED,
        only: Some(Backend::Postgres),
        ..Case::default()
    });
}

#[test]
fn create_and_drop_a_postgres_type_and_its_column() {
    run(&Case {
        before: USERS,
        after: concat!(
            "pub mod sql_types { #[derive(diesel::sql_types::SqlType)] #[diesel(postgres_type(name = \"mood\"))] pub struct Mood; }\n",
            "diesel::table! { use diesel::sql_types::*; use super::sql_types::Mood; ",
            "users (id) { id -> Int4, #[max_length = 50] name -> Varchar, age -> Nullable<Int4>, mood -> Nullable<Mood>, } }\n",
        ),
        seed: USERS_SEED,
        rows: concat!(
            "SELECT CONCAT(id, '|', name, '|', ",
            show!("age"),
            ") AS t FROM users ORDER BY id"
        ),
        rows_after_up: &["1|ann|31", "2|bob|NULL"],
        only: Some(Backend::Postgres),
        ..Case::default()
    });
}

#[test]
fn widen_a_key_and_the_foreign_key_that_references_it() {
    run(&Case {
        before: CHILD_AFTER_PARENT,
        after: "
diesel::table! { users (id) { id -> Int8, name -> Text, } }
diesel::table! { posts (id) { id -> Int4, author_id -> Int8, title -> Text, } }
diesel::joinable!(posts -> users (author_id));
",
        seed: &[
            "INSERT INTO users (id, name) VALUES (1, 'ann')",
            "INSERT INTO posts (id, author_id, title) VALUES (10, 1, 'hello')",
        ],
        rows: "SELECT CONCAT(p.id, '|', u.name, '|', p.title) AS t FROM posts p JOIN users u ON u.id = p.author_id",
        rows_after_up: &["10|ann|hello"],
        ..Case::default()
    });
}

#[test]
fn rename_a_parent_table_and_a_foreign_key_column() {
    run(&Case {
        before: CHILD_AFTER_PARENT,
        after: "
diesel::table! { people (id) { id -> Int4, name -> Text, } }
diesel::table! { posts (id) { id -> Int4, writer_id -> Int4, title -> Text, } }
diesel::joinable!(posts -> people (writer_id));
",
        renames: &["users=people", "posts.author_id=writer_id"],
        seed: &[
            "INSERT INTO users (id, name) VALUES (1, 'ann')",
            "INSERT INTO posts (id, author_id, title) VALUES (10, 1, 'hello')",
        ],
        rows: "SELECT CONCAT(p.id, '|', u.name, '|', p.title) AS t FROM posts p JOIN users u ON u.id = p.author_id",
        rows_up: "SELECT CONCAT(p.id, '|', u.name, '|', p.title) AS t FROM posts p JOIN people u ON u.id = p.writer_id",
        rows_after_up: &["10|ann|hello"],
        // Constraint names keep the old table's name.
        same_as_fresh: false,
        ..Case::default()
    });
}

#[test]
fn drop_a_foreign_key_column() {
    run(&Case {
        before: "
diesel::table! { users (id) { id -> Int4, name -> Text, } }
diesel::table! { posts (id) { id -> Int4, author_id -> Nullable<Int4>, title -> Text, } }
diesel::joinable!(posts -> users (author_id));
",
        after: "
diesel::table! { users (id) { id -> Int4, name -> Text, } }
diesel::table! { posts (id) { id -> Int4, title -> Text, } }
",
        seed: &[
            "INSERT INTO users (id, name) VALUES (1, 'ann')",
            "INSERT INTO posts (id, author_id, title) VALUES (10, 1, 'hello')",
        ],
        rows: "SELECT CONCAT(id, '|', title) AS t FROM posts",
        rows_after_up: &["10|hello"],
        // Nullable: the column comes back without its values (a NOT NULL one would fail on the rows).
        ..Case::default()
    });
}

#[test]
fn rename_a_table_and_change_its_primary_key() {
    run(&Case {
        before: "diesel::table! { order_lines (order_id) { order_id -> Int4, line -> Int4, } }",
        after: "diesel::table! { invoice_lines (order_id, line) { order_id -> Int4, line -> Int4, } }",
        renames: &["order_lines=invoice_lines"],
        seed: &["INSERT INTO order_lines (order_id, line) VALUES (1, 1)"],
        rows: "SELECT CONCAT(order_id, '|', line) AS t FROM order_lines",
        rows_up: "SELECT CONCAT(order_id, '|', line) AS t FROM invoice_lines",
        rows_after_up: &["1|1"],
        same_as_fresh: false,
        renamed_after_down: &[("invoice_lines_pkey", "order_lines_pkey")],
        ..Case::default()
    });
}
