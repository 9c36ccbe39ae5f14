//! The golden files: real `diesel print-schema` output for the fixture schemas (see `golden/regenerate.sh`).

use migrate_schema::{
    CustomSqlType, Joinable, Schema, SqlType, parse_str, print, rust_name_for_sql_name,
};

const GOLDEN: [(&str, &str); 5] = [
    (
        "postgres/schema.rs",
        include_str!("golden/postgres/schema.rs"),
    ),
    (
        "postgres/schema_custom.rs",
        include_str!("golden/postgres/schema_custom.rs"),
    ),
    (
        "postgres/schema_with_docs.rs",
        include_str!("golden/postgres/schema_with_docs.rs"),
    ),
    ("mysql/schema.rs", include_str!("golden/mysql/schema.rs")),
    ("sqlite/schema.rs", include_str!("golden/sqlite/schema.rs")),
];

fn golden(name: &str) -> Schema {
    let (_, text) = GOLDEN
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a golden file");
    parse_str(name, text).unwrap_or_else(|e| panic!("{e}"))
}

fn joinable(child: &str, parent: &str, column: &str) -> Joinable {
    Joinable {
        child: child.into(),
        parent: parent.into(),
        column: column.into(),
    }
}

#[test]
fn every_golden_file_round_trips() {
    for (name, text) in GOLDEN {
        let schema = parse_str(name, text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(print(&schema), text, "{name}");
    }
}

/// What introspection will do: leave the `use` lines to the printer and group every table. The printer must
/// still write what diesel wrote.
#[test]
fn the_printer_derives_use_lines_and_table_groups_as_diesel_does() {
    fn open(schema: &mut Schema) {
        for table in &mut schema.tables {
            table.uses = None;
        }
        schema.allow_all_tables();
        schema.modules.iter_mut().for_each(open);
    }
    for (name, text) in GOLDEN {
        let mut schema = parse_str(name, text).unwrap_or_else(|e| panic!("{e}"));
        open(&mut schema);
        assert_eq!(print(&schema), text, "{name}");
    }
}

#[test]
fn postgres_golden_model() {
    let schema = golden("postgres/schema.rs");
    let users = schema
        .tables
        .iter()
        .find(|t| t.name.rust == "users")
        .expect("users");
    let email = users.column("email").expect("email");
    assert_eq!((email.max_length, email.is_nullable()), (Some(255), false));
    assert!(users.column("nickname").expect("nickname").is_nullable());
    let moods = users.column("moods").expect("moods");
    assert_eq!(
        moods.ty.canonical().to_string(),
        "Nullable<Array<Nullable<Mood>>>"
    );
    let renamed = users.column("type_").expect("type_");
    assert_eq!(renamed.name.sql, "type");
    let memberships = schema
        .tables
        .iter()
        .find(|t| t.name.rust == "memberships")
        .expect("memberships");
    assert_eq!(memberships.primary_key, ["user_id", "group_id"]);
    let mood = schema.custom_type("Mood").expect("Mood");
    assert_eq!(
        mood.sql,
        CustomSqlType::Postgres {
            name: "mood".into(),
            schema: None
        }
    );
    // Two keys from posts to users, the self reference and the composite key give no `joinable!`.
    assert!(
        schema
            .joinables
            .contains(&joinable("comments", "users", "user_id"))
    );
    assert!(
        schema
            .joinables
            .contains(&joinable("memberships", "groups", "group_id"))
    );
    assert!(
        !schema
            .joinables
            .iter()
            .any(|j| j.child == "posts" && j.parent == "users")
    );
    assert!(
        !schema
            .joinables
            .iter()
            .any(|j| j.child == "categories" || j.child == "membership_notes")
    );
    assert!(
        schema
            .tables
            .iter()
            .all(|t| t.schema.is_none() && t.facets.is_empty())
    );
}

#[test]
fn postgres_custom_schema_golden_model() {
    let schema = golden("postgres/schema_custom.rs");
    assert!(schema.tables.is_empty());
    let custom = &schema.modules[0];
    assert_eq!(custom.module.as_deref(), Some("custom"));
    assert!(
        custom
            .tables
            .iter()
            .all(|t| t.schema.as_deref() == Some("custom"))
    );
    let status = custom.custom_type("Status").expect("Status");
    assert_eq!(
        status.sql,
        CustomSqlType::Postgres {
            name: "status".into(),
            schema: Some("custom".into())
        }
    );
    let items = custom
        .tables
        .iter()
        .find(|t| t.name.sql == "Order Items")
        .expect("Order Items");
    assert_eq!(items.primary_key, ["order_id", "line"]);
}

#[test]
fn canonical_types_agree_across_backends() {
    let pg = golden("postgres/schema.rs");
    let mysql = golden("mysql/schema.rs");
    let sqlite = golden("sqlite/schema.rs");
    let column = |schema: &Schema, table: &str, column: &str| {
        let t = schema
            .tables
            .iter()
            .find(|t| t.name.rust == table)
            .expect(table);
        t.column(column)
            .unwrap_or_else(|| panic!("{table}.{column}"))
            .ty
            .clone()
    };
    // Each backend spells these differently; the canonical form is one type.
    for (table, col, canonical) in [
        ("posts", "author_id", "Integer"),
        ("users", "email", "Text"),
    ] {
        let spelled = [
            column(&pg, table, col),
            column(&mysql, table, col),
            column(&sqlite, table, col),
        ];
        for ty in &spelled {
            assert_eq!(
                ty.canonical(),
                SqlType::named(canonical),
                "{table}.{col}: {ty}"
            );
        }
    }
    assert_ne!(
        column(&pg, "posts", "author_id"),
        column(&sqlite, "posts", "author_id"),
        "spellings are kept"
    );
}

/// The identifiers diesel gave each table and column follow from their SQL names by `rust_name_for_sql_name`.
#[test]
fn rust_names_follow_from_sql_names_as_diesel_makes_them() {
    let mut checked = 0;
    for (name, _) in GOLDEN {
        for table in golden(name).all_tables() {
            assert_eq!(
                rust_name_for_sql_name(&table.name.sql, None),
                table.name.rust,
                "{name}"
            );
            for column in &table.columns {
                let expected = rust_name_for_sql_name(&column.name.sql, Some(&table.name.rust));
                assert_eq!(
                    expected, column.name.rust,
                    "{name}: {}.{}",
                    table.name.rust, column.name.sql
                );
                checked += usize::from(column.name.needs_sql_name());
            }
        }
    }
    assert!(
        checked >= 10,
        "the golden files hold renamed columns ({checked})"
    );
}
