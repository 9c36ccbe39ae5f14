//! What introspection records beside `schema.rs` (the facets of drift checks and SQLite rebuilds), exactly as
//! each database reports it: indexes with their definitions, defaults, unique and check constraints, every
//! foreign key (composite ones too) and SQLite's triggers.

use migrate_runtime::migrate_schema::{
    Check, ColumnDefault, Constraint, Facets, ForeignKey, Index, Trigger,
};
use migrate_runtime::{IntrospectOptions, MigrationConnection};

use crate::support::{Sqlite, TestDb};

const PARENTS: &str =
    "CREATE TABLE parents (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));";

fn facets_of_kids(db: &dyn TestDb, ddl: &str) -> Facets {
    let mut conn = migrate_runtime::connect(&db.url()).unwrap();
    conn.run_sql(PARENTS).unwrap();
    conn.run_sql(ddl).unwrap();
    let schema = migrate_runtime::introspect(&mut conn, &IntrospectOptions::default()).unwrap();
    let kids = schema.tables.iter().find(|t| t.name.sql == "kids").unwrap();
    assert_eq!(kids.primary_key, ["id"]);
    kids.facets.clone()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn composite_key(name: Option<&str>) -> ForeignKey {
    ForeignKey {
        name: name.map(str::to_owned),
        columns: strings(&["a", "b"]),
        parent_schema: None,
        parent_table: "parents".to_owned(),
        parent_columns: strings(&["a", "b"]),
    }
}

fn index(definition: Option<&str>) -> Index {
    Index {
        name: "kids_a".to_owned(),
        columns: strings(&["a", "b"]),
        unique: false,
        definition: definition.map(str::to_owned),
    }
}

fn default(expression: &str) -> ColumnDefault {
    ColumnDefault {
        column: "code".to_owned(),
        expression: expression.to_owned(),
    }
}

#[test]
fn sqlite_facets() {
    let facets = facets_of_kids(
        &Sqlite::new(),
        "CREATE TABLE kids (id INTEGER PRIMARY KEY NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL, code TEXT NOT NULL DEFAULT 'x', CONSTRAINT code_short CHECK (length(code) < 5), UNIQUE (code), FOREIGN KEY (a, b) REFERENCES parents (a, b));
         CREATE INDEX kids_a ON kids (a, b);
         CREATE TRIGGER kids_touch AFTER INSERT ON kids BEGIN SELECT 1; END;",
    );
    assert_eq!(
        facets,
        Facets {
            indexes: vec![index(Some("CREATE INDEX kids_a ON kids (a, b)"))],
            defaults: vec![default("'x'")],
            uniques: vec![Constraint {
                name: None,
                columns: strings(&["code"]),
            }],
            checks: vec![Check {
                name: Some("code_short".to_owned()),
                expression: "length(code) < 5".to_owned(),
            }],
            foreign_keys: vec![composite_key(None)],
            triggers: vec![Trigger {
                name: "kids_touch".to_owned(),
                definition: "CREATE TRIGGER kids_touch AFTER INSERT ON kids BEGIN SELECT 1; END"
                    .to_owned(),
            }],
        }
    );
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_facets() {
    let facets = facets_of_kids(
        &crate::support::Postgres::new(),
        "CREATE TABLE kids (id INTEGER PRIMARY KEY NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL, code TEXT NOT NULL DEFAULT 'x', CONSTRAINT code_short CHECK (length(code) < 5), UNIQUE (code), FOREIGN KEY (a, b) REFERENCES parents (a, b));
         CREATE INDEX kids_a ON kids (a, b);",
    );
    assert_eq!(
        facets,
        Facets {
            indexes: vec![index(Some(
                "CREATE INDEX kids_a ON public.kids USING btree (a, b)"
            ))],
            defaults: vec![default("'x'::text")],
            uniques: vec![Constraint {
                name: Some("kids_code_key".to_owned()),
                columns: strings(&["code"]),
            }],
            checks: vec![Check {
                name: Some("code_short".to_owned()),
                expression: "(length(code) < 5)".to_owned(),
            }],
            foreign_keys: vec![composite_key(Some("kids_a_b_fkey"))],
            triggers: Vec::new(),
        }
    );
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_facets() {
    let facets = facets_of_kids(
        &crate::support::Mysql::new(),
        "CREATE TABLE kids (id INTEGER PRIMARY KEY NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL, code VARCHAR(10) NOT NULL DEFAULT 'x', CONSTRAINT code_short CHECK (length(code) < 5), UNIQUE (code), INDEX kids_a (a, b), CONSTRAINT kids_parent FOREIGN KEY (a, b) REFERENCES parents (a, b));",
    );
    assert_eq!(
        facets,
        Facets {
            indexes: vec![index(None)],
            defaults: vec![default("'x'")],
            uniques: vec![Constraint {
                name: Some("code".to_owned()),
                columns: strings(&["code"]),
            }],
            checks: vec![Check {
                name: Some("code_short".to_owned()),
                expression: "octet_length(`code`) < 5".to_owned(),
            }],
            foreign_keys: vec![composite_key(Some("kids_parent"))],
            triggers: Vec::new(),
        }
    );
}
