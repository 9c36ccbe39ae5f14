use super::*;
use crate::model::{Check, ColumnDefault, Constraint, ForeignKey, Index, Trigger};
use crate::parse_str;

const POSTS: &str = "diesel::table! { posts (id) { id -> Int4, author_id -> Int4, #[max_length = 80] title -> Varchar, views -> Nullable<Int4>, } }
diesel::table! { users (id) { id -> Int4, } }";

fn schema() -> Schema {
    parse_str("schema.rs", POSTS).unwrap()
}

fn posts(schema: &mut Schema) -> &mut Table {
    schema
        .tables
        .iter_mut()
        .find(|t| t.name.sql == "posts")
        .unwrap()
}

fn lines(a: &Schema, b: &Schema) -> Vec<String> {
    compare(a, b)
        .iter()
        .map(|d| d.describe("before", "after downgrade"))
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn equal_schemas_have_no_difference() {
    assert_eq!(compare(&schema(), &schema()), []);
}

#[test]
fn tables_and_columns() {
    let before = schema();
    let mut after = schema();
    after.tables.retain(|t| t.name.sql != "users");
    after.tables.push(
        parse_str("x.rs", "diesel::table! { tags (id) { id -> Int4, } }")
            .unwrap()
            .tables
            .remove(0),
    );
    let table = posts(&mut after);
    table.columns.retain(|c| c.name.sql != "views");
    table.columns[2].ty = crate::SqlType::nullable(crate::SqlType::named("Text"));
    table.columns[2].max_length = None;
    let mut extra = table.columns[0].clone();
    extra.name = crate::Name::new("slug");
    table.columns.push(extra);
    assert_eq!(
        lines(&before, &after),
        [
            "column posts.title: type `Varchar` before, `Text` after downgrade",
            "column posts.title: nullability NOT NULL before, NULL after downgrade",
            "column posts.title: max length 80 before, none after downgrade",
            "column posts.views: present before, absent after downgrade",
            "column posts.slug: present after downgrade, absent before",
            "table tags: present after downgrade, absent before",
            "table users: present before, absent after downgrade",
        ]
    );
}

#[test]
fn a_column_on_one_side_is_one_difference_with_its_default() {
    let before = schema();
    let mut after = schema();
    let table = posts(&mut after);
    let mut extra = table.columns[3].clone();
    extra.name = crate::Name::new("nickname");
    table.columns.push(extra);
    table.facets.defaults = vec![ColumnDefault {
        column: "nickname".into(),
        expression: "NULL".into(),
    }];
    assert_eq!(
        lines(&before, &after),
        ["column posts.nickname: present after downgrade, absent before"]
    );
}

#[test]
fn column_order_and_primary_key() {
    let before = schema();
    let mut after = schema();
    let table = posts(&mut after);
    table.columns.swap(1, 2);
    table.primary_key = strings(&["id", "author_id"]);
    assert_eq!(
        lines(&before, &after),
        [
            "columns of posts: order (id, author_id, title, views) before, (id, title, author_id, views) after downgrade",
            "primary key of posts: columns (id) before, (id, author_id) after downgrade",
        ]
    );
}

fn index(name: &str, definition: Option<&str>) -> Index {
    Index {
        name: name.to_owned(),
        columns: strings(&["title"]),
        unique: false,
        definition: definition.map(str::to_owned),
    }
}

#[test]
fn indexes_by_name_and_definition() {
    let mut before = schema();
    posts(&mut before).facets.indexes = vec![
        index("posts_a", Some("CREATE INDEX posts_a ON posts (title)")),
        index("posts_b", None),
    ];
    let mut after = schema();
    let mut unique = index("posts_b", None);
    unique.unique = true;
    unique.columns = strings(&["title", "views"]);
    posts(&mut after).facets.indexes = vec![
        index(
            "posts_a",
            Some("CREATE INDEX posts_a ON posts (lower(title))"),
        ),
        unique,
        index("posts_title_idx", None),
    ];
    assert_eq!(
        lines(&before, &after),
        [
            "index posts_a on posts: definition `CREATE INDEX posts_a ON posts (title)` before, `CREATE INDEX posts_a ON posts (lower(title))` after downgrade",
            "index posts_b on posts: columns (title) before, (title, views) after downgrade",
            "index posts_b on posts: uniqueness not unique before, unique after downgrade",
            "index posts_title_idx on posts: present after downgrade, absent before",
        ]
    );
}

#[test]
fn defaults_constraints_keys_and_triggers() {
    let mut before = schema();
    let facets = &mut posts(&mut before).facets;
    facets.defaults = vec![ColumnDefault {
        column: "views".into(),
        expression: "0".into(),
    }];
    facets.uniques = vec![Constraint {
        name: Some("posts_title_key".into()),
        columns: strings(&["title"]),
    }];
    facets.checks = vec![Check {
        name: None,
        expression: "views >= 0".into(),
    }];
    facets.foreign_keys = vec![ForeignKey {
        name: None,
        columns: strings(&["author_id"]),
        parent_schema: None,
        parent_table: "users".into(),
        parent_columns: strings(&["id"]),
    }];
    facets.triggers = vec![Trigger {
        name: "posts_touch".into(),
        definition: "CREATE TRIGGER posts_touch ...".into(),
    }];
    let mut after = schema();
    let facets = &mut posts(&mut after).facets;
    facets.defaults = vec![ColumnDefault {
        column: "views".into(),
        expression: "1".into(),
    }];
    facets.uniques = vec![Constraint {
        name: Some("posts_title_key".into()),
        columns: strings(&["title", "author_id"]),
    }];
    facets.checks = vec![Check {
        name: Some("views_positive".into()),
        expression: "views > 0".into(),
    }];
    facets.foreign_keys = vec![ForeignKey {
        name: Some("posts_author_fk".into()),
        columns: strings(&["author_id"]),
        parent_schema: Some("auth".into()),
        parent_table: "users".into(),
        parent_columns: strings(&["id"]),
    }];
    assert_eq!(
        lines(&before, &after),
        [
            "default of column posts.views: expression `0` before, `1` after downgrade",
            "unique constraint posts_title_key on posts: columns (title) before, (title, author_id) after downgrade",
            "check constraint on posts `views >= 0`: present before, absent after downgrade",
            "check constraint views_positive on posts: present after downgrade, absent before",
            "foreign key on posts (author_id) -> users (id): present before, absent after downgrade",
            "foreign key posts_author_fk on posts: present after downgrade, absent before",
            "trigger posts_touch on posts: present before, absent after downgrade",
        ]
    );
}

#[test]
fn comments_and_labels() {
    let before = schema();
    let mut after = schema();
    posts(&mut after).columns[2].docs = vec![" The title.".into()];
    let differences = compare(&before, &after);
    assert_eq!(
        differences[0].describe("in the migrations", "in the database"),
        "column posts.title: comment none in the migrations, `The title.` in the database"
    );
    assert_eq!(
        differences[0].to_string(),
        "column posts.title: comment none before, `The title.` after"
    );
}

#[test]
fn tables_in_schemas_are_named_with_their_schema() {
    let before = schema();
    let mut after = schema();
    posts(&mut after).schema = Some("blog".into());
    assert_eq!(
        lines(&before, &after),
        [
            "table blog.posts: present after downgrade, absent before",
            "table posts: present before, absent after downgrade",
        ]
    );
}
