//! One test per construct the reader refuses: the position and the text of the error.

use migrate_schema::{Error, parse_str};

/// The errors for `source`, each as `file:line:column: message`.
fn errors(source: &str) -> Vec<String> {
    match parse_str("src/schema.rs", source) {
        Err(Error::Parse(errors)) => errors.iter().map(ToString::to_string).collect(),
        other => panic!("expected parse errors, got {other:?}"),
    }
}

fn table(body: &str) -> String {
    format!("diesel::table! {{\n{body}\n}}\n")
}

#[test]
fn not_rust() {
    assert_eq!(
        errors("diesel::table! {\n    users (id) {\n"),
        ["src/schema.rs:2:16: not valid Rust: cannot parse string into token stream"]
    );
}

#[test]
fn an_item_other_than_diesel_declarations() {
    assert_eq!(
        errors("fn main() {}\n"),
        [
            "src/schema.rs:1:1: unsupported item: expected `diesel::table!`, `diesel::joinable!`, \
          `diesel::allow_tables_to_appear_in_same_query!`, `pub mod sql_types` or `pub mod <schema>`"
        ]
    );
}

#[test]
fn an_unknown_macro() {
    assert_eq!(
        errors("\ndiesel::view! { users (id) { id -> Int4, } }\n"),
        [
            "src/schema.rs:2:1: unsupported macro `diesel::view!`: expected `diesel::table!`, `diesel::joinable!` or \
          `diesel::allow_tables_to_appear_in_same_query!`"
        ]
    );
    assert_eq!(
        errors("other::table! { users (id) { id -> Int4, } }\n")[0],
        "src/schema.rs:1:1: unsupported macro `other::table!`: expected `diesel::table!`, `diesel::joinable!` or \
         `diesel::allow_tables_to_appear_in_same_query!`"
    );
}

#[test]
fn an_attribute_on_a_macro() {
    assert_eq!(
        errors("#[rustfmt::skip]\ndiesel::table! { users (id) { id -> Int4, } }\n"),
        ["src/schema.rs:1:1: unsupported attribute on a macro: expected only doc comments"]
    );
}

#[test]
fn a_module_without_a_body() {
    assert_eq!(
        errors("pub mod custom;\n"),
        ["src/schema.rs:1:1: expected the module's items in braces: `pub mod custom { ... }`"]
    );
}

#[test]
fn a_table_without_a_name() {
    assert_eq!(
        errors(&table("    (id) {\n        id -> Int4,\n    }")),
        ["src/schema.rs:2:5: expected a table name (`users` or `schema.users`)"]
    );
}

#[test]
fn an_empty_primary_key() {
    assert_eq!(
        errors(&table("    users () {\n        id -> Int4,\n    }")),
        ["src/schema.rs:2:11: expected at least one primary key column in `( )`"]
    );
}

#[test]
fn a_primary_key_that_is_not_a_column() {
    assert_eq!(
        errors(&table("    users (id, uid) {\n        id -> Int4,\n    }")),
        ["src/schema.rs:2:16: primary key column `uid` is not a column of table `users`"]
    );
}

#[test]
fn no_primary_key_and_no_id_column() {
    assert_eq!(
        errors(&table("    users {\n        uid -> Int4,\n    }")),
        [
            "src/schema.rs:2:5: table `users` has no primary key list and no `id` column: write `users (key) {`"
        ]
    );
}

#[test]
fn a_missing_column_block() {
    assert_eq!(
        errors(&table("    users (id) -> Int4")),
        ["src/schema.rs:2:16: expected the primary key `(id)` or the columns `{ ... }`"]
    );
}

#[test]
fn tokens_after_the_columns() {
    assert_eq!(
        errors(&table("    users (id) {\n        id -> Int4,\n    } extra")),
        ["src/schema.rs:4:7: unexpected tokens after the table's columns"]
    );
}

#[test]
fn a_column_without_an_arrow() {
    assert_eq!(
        errors(&table("    users (id) {\n        id: Int4,\n    }")),
        ["src/schema.rs:3:11: expected `->` and the SQL type after column `id`"]
    );
}

#[test]
fn a_column_without_a_type() {
    assert_eq!(
        errors(&table("    users (id) {\n        id -> ,\n    }")),
        [
            "src/schema.rs:3:15: expected a SQL type such as `Text`, `Nullable<Int4>` or `sql_types::Mood`"
        ]
    );
}

#[test]
fn a_malformed_generic_type() {
    assert_eq!(
        errors(&table(
            "    users (id) {\n        id -> Nullable<Int4 Text>,\n    }"
        )),
        ["src/schema.rs:3:29: expected `,` or `>` in the type's arguments"]
    );
}

#[test]
fn a_missing_comma_between_columns() {
    assert_eq!(
        errors(&table(
            "    users (id) {\n        id -> Int4\n        name -> Text,\n    }"
        )),
        ["src/schema.rs:4:9: expected `,`"]
    );
}

#[test]
fn a_column_declared_twice() {
    assert_eq!(
        errors(&table(
            "    users (id) {\n        id -> Int4,\n        id -> Int8,\n    }"
        )),
        ["src/schema.rs:4:9: column `id` is declared twice"]
    );
}

#[test]
fn an_unknown_column_attribute() {
    assert_eq!(
        errors(&table(
            "    users (id) {\n        #[auto_increment]\n        id -> Int4,\n    }"
        )),
        [
            "src/schema.rs:3:11: unsupported attribute `#[auto_increment]`: expected `#[sql_name = \"...\"]`, \
          `#[max_length = N]` or a doc comment"
        ]
    );
}

#[test]
fn an_unknown_table_attribute() {
    assert_eq!(
        errors(&table(
            "    #[max_length = 3]\n    users (id) {\n        id -> Int4,\n    }"
        )),
        [
            "src/schema.rs:2:7: unsupported attribute `#[max_length]`: expected `#[sql_name = \"...\"]` or a doc comment"
        ]
    );
}

#[test]
fn a_max_length_that_is_not_an_integer() {
    assert_eq!(
        errors(&table(
            "    users (id) {\n        #[max_length = \"255\"]\n        name -> Varchar,\n        id -> Int4,\n    }"
        )),
        [
            "src/schema.rs:3:9: invalid `#[max_length]`: expected `#[max_length = N]` with an integer, given once"
        ]
    );
}

#[test]
fn a_sql_name_that_is_not_a_string() {
    assert_eq!(
        errors(&table(
            "    users (id) {\n        #[sql_name = 42]\n        type_ -> Text,\n        id -> Int4,\n    }"
        )),
        [
            "src/schema.rs:3:9: invalid `#[sql_name]`: expected `#[sql_name = \"...\"]` with a string literal"
        ]
    );
}

#[test]
fn a_malformed_joinable() {
    assert_eq!(
        errors("diesel::joinable!(posts => users (user_id));\n"),
        ["src/schema.rs:1:25: expected `->`: `joinable!(child -> parent (column))`"]
    );
    assert_eq!(
        errors("diesel::joinable!(posts -> users (a, b));\n"),
        ["src/schema.rs:1:36: expected one foreign key column: `joinable!` takes a single column"]
    );
    assert_eq!(
        errors("diesel::joinable!(posts -> users user_id);\n"),
        [
            "src/schema.rs:1:34: expected the foreign key column in `( )`: `joinable!(child -> parent (column))`"
        ]
    );
}

#[test]
fn a_malformed_allow_tables() {
    assert_eq!(
        errors("diesel::allow_tables_to_appear_in_same_query!(posts users);\n"),
        ["src/schema.rs:1:53: expected `,` between table names"]
    );
}

#[test]
fn a_sql_type_that_is_not_a_unit_struct() {
    assert_eq!(
        errors("pub mod sql_types {\n    pub struct Mood(u8);\n}\n"),
        ["src/schema.rs:2:5: expected a unit struct `pub struct Mood;` in `sql_types`"]
    );
}

#[test]
fn a_sql_type_without_a_diesel_attribute() {
    assert_eq!(
        errors("pub mod sql_types {\n    #[derive(Clone)]\n    pub struct Mood;\n}\n"),
        [
            "src/schema.rs:3:16: `Mood` has no `#[diesel(postgres_type(name = \"...\"))]` (or `mysql_type`, `sqlite_type`)"
        ]
    );
}

#[test]
fn an_unsupported_postgres_type_key() {
    assert_eq!(
        errors(
            "pub mod sql_types {\n    #[diesel(postgres_type(oid = 42, array_oid = 43))]\n    pub struct Mood;\n}\n"
        ),
        [
            "src/schema.rs:2:28: unsupported key `oid` in `postgres_type`: expected `name = \"...\"` or `schema = \"...\"`"
        ]
    );
}

#[test]
fn an_unsupported_item_in_sql_types() {
    assert_eq!(
        errors("pub mod sql_types {\n    use diesel::sql_types::*;\n}\n"),
        ["src/schema.rs:2:5: unsupported item in `sql_types`: expected `pub struct Name;`"]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let source = format!(
        "{}\n{}\ndiesel::joinable!(a b);\n",
        table("    users (id) {\n        id: Int4,\n    }"),
        table("    posts (uid) {\n        id -> Int4,\n    }")
    );
    assert_eq!(
        errors(&source),
        [
            "src/schema.rs:3:11: expected `->` and the SQL type after column `id`",
            "src/schema.rs:8:12: primary key column `uid` is not a column of table `posts`",
            "src/schema.rs:13:21: expected `->`: `joinable!(child -> parent (column))`",
        ]
    );
}
