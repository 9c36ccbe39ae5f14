//! Unit tests of the diff: what is detected, in which order, and how renames are told apart.

use super::{Renames, diff};
use crate::parse_str;

fn lines(current: &str, wanted: &str, renames: &[&str]) -> Vec<String> {
    let (current, wanted) = (
        parse_str("current.rs", current).unwrap(),
        parse_str("wanted.rs", wanted).unwrap(),
    );
    let renames = Renames::parse(renames.iter().copied()).unwrap();
    diff(&current, &wanted, &renames)
        .ops
        .iter()
        .map(|op| op.description())
        .collect()
}

const FAMILY: &str = "
diesel::table! { comments (id) { id -> Int4, post_id -> Int4, } }
diesel::table! { posts (id) { id -> Int4, user_id -> Int4, } }
diesel::table! { users (id) { id -> Int4, } }
diesel::joinable!(comments -> posts (post_id));
diesel::joinable!(posts -> users (user_id));
";

#[test]
fn creates_put_referenced_tables_first_and_drops_go_in_reverse() {
    assert_eq!(
        lines("", FAMILY, &[]),
        [
            "Detected added table 'users'",
            "Detected added table 'posts'",
            "Detected added table 'comments'",
        ]
    );
    assert_eq!(
        lines(FAMILY, "", &[]),
        [
            "Detected removed table 'comments'",
            "Detected removed table 'posts'",
            "Detected removed table 'users'",
        ]
    );
}

#[test]
fn a_cycle_defers_one_foreign_key_and_drops_it_first() {
    let cycle = "
diesel::table! { a (id) { id -> Int4, b_id -> Nullable<Int4>, } }
diesel::table! { b (id) { id -> Int4, a_id -> Nullable<Int4>, } }
diesel::joinable!(a -> b (b_id));
diesel::joinable!(b -> a (a_id));
";
    assert_eq!(
        lines("", cycle, &[]),
        [
            "Detected added table 'a'",
            "Detected added table 'b'",
            "Detected added foreign key (b_id)(id) on table a",
        ]
    );
    assert_eq!(
        lines(cycle, "", &[]),
        [
            "Detected removed foreign key (a_id)(id) on table b",
            "Detected removed table 'a'",
            "Detected removed table 'b'",
        ]
    );
}

#[test]
fn every_column_change_has_its_line_in_order() {
    let current = "diesel::table! { users (id) { id -> Int4, #[max_length = 20] nick -> Varchar, age -> Int4, old -> Nullable<Text>, } }";
    let wanted = "diesel::table! { users (id, age) { id -> Integer, #[max_length = 40] nick -> Nullable<Varchar>, age -> Int8, email -> Nullable<Text>, } }";
    assert_eq!(
        lines(current, wanted, &[]),
        [
            "Detected added column 'users.email'",
            "Detected type change from Varchar(20) to Varchar(40) on 'users.nick'",
            "Detected type change from Int4 to Int8 on 'users.age'",
            "Detected NULL on column 'users.nick'",
            "Detected primary key change on 'users' from (id) to (id, age)",
            "Detected removed column 'users.old'",
        ]
    );
}

#[test]
fn a_dropped_parent_takes_the_childs_key_first() {
    let wanted = "diesel::table! { posts (id) { id -> Int4, user_id -> Int4, } }";
    assert_eq!(
        lines(FAMILY, wanted, &[]),
        // The dropped child's key goes with its table; the surviving child's key goes first.
        [
            "Detected removed foreign key (user_id)(id) on table posts",
            "Detected removed table 'comments'",
            "Detected removed table 'users'",
        ]
    );
}

#[test]
fn renames_are_candidates_until_confirmed() {
    let current = "diesel::table! { users (id) { id -> Int4, name -> Text, } }";
    let wanted = "diesel::table! { people (id) { id -> Int4, name -> Text, } }";
    let (c, w) = (
        parse_str("c.rs", current).unwrap(),
        parse_str("w.rs", wanted).unwrap(),
    );
    let plain = diff(&c, &w, &Renames::new());
    assert_eq!(plain.candidates.len(), 1);
    assert_eq!(
        plain.candidates[0].question(),
        "Did you rename users to people? [y/N]"
    );
    assert_eq!(plain.candidates[0].spec(), "users=people");
    let mut renames = Renames::new();
    plain.candidates[0].confirm(&mut renames);
    assert_eq!(
        lines(current, wanted, &["users=people"]),
        ["Detected renamed table 'users' to 'people'"]
    );
    let wrong = diff(&c, &w, &Renames::parse(["users.nme=full_name"]).unwrap());
    assert_eq!(wrong.unmatched_renames, ["users.nme=full_name"]);
    assert_eq!(diff(&c, &w, &renames).ops.len(), 1);
}

#[test]
fn a_renamed_parent_keeps_its_children_s_keys() {
    let renamed = FAMILY.replace("users", "people");
    assert_eq!(
        lines(FAMILY, &renamed, &["users=people"]),
        ["Detected renamed table 'users' to 'people'"]
    );
}

#[test]
fn a_column_rename_may_name_its_table_by_the_new_name() {
    let current = "diesel::table! { users (id) { id -> Int4, name -> Text, } }";
    let wanted = "diesel::table! { people (id) { id -> Int4, full_name -> Text, } }";
    let (c, w) = (
        parse_str("c.rs", current).unwrap(),
        parse_str("w.rs", wanted).unwrap(),
    );
    let renamed = diff(
        &c,
        &w,
        &Renames::parse(["users=people", "people.name=full_name"]).unwrap(),
    );
    assert!(
        renamed.unmatched_renames.is_empty(),
        "{:?}",
        renamed.unmatched_renames
    );
    assert_eq!(renamed.ops.len(), 2);
}

/// The cycle as a replay's model has it: print-schema leaves both keys out of `joinable!`, introspection
/// keeps them in the facets.
fn cycle_without_joinables() -> crate::Schema {
    let mut schema = parse_str(
        "current.rs",
        "diesel::table! { a (id) { id -> Int4, b_id -> Int4, } }\ndiesel::table! { b (id) { id -> Int4, a_id -> Int4, } }",
    )
    .unwrap();
    for (table, column, parent) in [(0, "b_id", "b"), (1, "a_id", "a")] {
        schema.tables[table]
            .facets
            .foreign_keys
            .push(crate::ForeignKey {
                name: Some(format!("fk_{column}")),
                columns: vec![column.to_owned()],
                parent_schema: None,
                parent_table: parent.to_owned(),
                parent_columns: vec!["id".to_owned()],
            });
    }
    schema
}

#[test]
fn keys_print_schema_hides_are_present_and_order_the_drops() {
    let current = cycle_without_joinables();
    let wanted = parse_str(
        "wanted.rs",
        "diesel::table! { a (id) { id -> Int4, b_id -> Int4, } }\ndiesel::table! { b (id) { id -> Int4, a_id -> Int4, } }\ndiesel::joinable!(a -> b (b_id));\ndiesel::joinable!(b -> a (a_id));",
    )
    .unwrap();
    assert!(diff(&current, &wanted, &Renames::new()).is_empty());

    let dropped = diff(&current, &crate::Schema::default(), &Renames::new());
    let summaries: Vec<String> = dropped.ops.iter().map(|op| op.summary()).collect();
    assert_eq!(
        summaries,
        [
            "drop foreign key b.a_id -> a.id",
            "drop table a",
            "drop table b"
        ]
    );
}

#[test]
fn summaries_are_short() {
    let current = parse_str(
        "c.rs",
        "diesel::table! { users (id) { id -> Int4, age -> Int4, } }",
    )
    .unwrap();
    let wanted = parse_str(
        "w.rs",
        "diesel::table! { users (id) { id -> Int4, age -> Nullable<Int8>, email -> Text, } }",
    )
    .unwrap();
    let summaries: Vec<String> = diff(&current, &wanted, &Renames::new())
        .ops
        .iter()
        .map(|op| op.summary())
        .collect();
    assert_eq!(
        summaries,
        [
            "add column users.email",
            "change type of users.age from Int4 to Int8",
            "make users.age nullable",
        ]
    );
}
