//! A full comparison of two introspected schemas, over everything the model holds: tables, columns (type,
//! nullability, length, order, comment), primary keys and every facet (indexes, defaults, unique and check
//! constraints, foreign keys, triggers). `migrate test` compares a database before an upgrade with the
//! same database after the downgrade; `migrate check --drift` the folder's replay with the live database.
//!
//! Unlike [`diff`](crate::diff), which plans operations over what `schema.rs` can say, this reports every
//! difference and plans nothing. Both schemas should come from the same backend (types are compared as
//! introspection spells them, not through their aliases).
//!
//! ```
//! use migrate_schema::{Index, compare, parse_str};
//!
//! let before = parse_str("a.rs", "diesel::table! { posts (id) { id -> Int4, title -> Text, } }").unwrap();
//! let mut after = before.clone();
//! after.tables[0].facets.indexes.push(Index {
//!     name: "posts_title_idx".into(),
//!     columns: vec!["title".into()],
//!     unique: false,
//!     definition: None,
//! });
//! let differences = compare(&before, &after);
//! assert_eq!(
//!     differences[0].describe("before", "after downgrade"),
//!     "index posts_title_idx on posts: present after downgrade, absent before"
//! );
//! ```

mod facets;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{Column, Schema, Table};

/// One way two schemas differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The object that differs, as a user names it: `table posts`, `column posts.title`,
    /// `index posts_title_idx on posts`, `default of column posts.views`.
    pub object: String,
    /// How it differs.
    pub change: Change,
}

/// How an object differs between the first and the second schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Only the second schema has it.
    OnlyInSecond,
    /// Only the first schema has it.
    OnlyInFirst,
    /// Both have it, and one property differs.
    Changed {
        /// The property (`type`, `nullability`, `definition`, ...).
        property: String,
        /// Its value in the first schema.
        first: String,
        /// Its value in the second schema.
        second: String,
    },
}

impl Difference {
    fn new(object: String, change: Change) -> Difference {
        Difference { object, change }
    }

    fn changed(object: String, property: &str, first: String, second: String) -> Difference {
        Difference::new(
            object,
            Change::Changed {
                property: property.to_owned(),
                first,
                second,
            },
        )
    }

    /// The difference in one line, naming each schema by its label (`before`, `after downgrade`; `in the
    /// migrations`, `in the database`).
    pub fn describe(&self, first: &str, second: &str) -> String {
        let object = &self.object;
        match &self.change {
            Change::OnlyInSecond => format!("{object}: present {second}, absent {first}"),
            Change::OnlyInFirst => format!("{object}: present {first}, absent {second}"),
            Change::Changed {
                property,
                first: a,
                second: b,
            } => format!("{object}: {property} {a} {first}, {b} {second}"),
        }
    }
}

impl fmt::Display for Difference {
    /// [`Difference::describe`] with the labels `before` and `after`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe("before", "after"))
    }
}

/// Every difference between `first` and `second`, tables in name order, and in each table the columns,
/// the primary key and the facets, in that order. Empty when they agree.
pub fn compare(first: &Schema, second: &Schema) -> Vec<Difference> {
    let a = tables(first);
    let b = tables(second);
    let mut out = Vec::new();
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        match (a.get(name), b.get(name)) {
            (Some(x), Some(y)) => compare_tables(name, x, y, &mut out),
            (Some(_), None) => out.push(Difference::new(
                format!("table {name}"),
                Change::OnlyInFirst,
            )),
            (None, Some(_)) => out.push(Difference::new(
                format!("table {name}"),
                Change::OnlyInSecond,
            )),
            (None, None) => {}
        }
    }
    out
}

/// The tables of a schema (nested modules included) by `schema.name`.
fn tables(schema: &Schema) -> BTreeMap<String, &Table> {
    schema
        .all_tables()
        .into_iter()
        .map(|t| (t.full_sql_name(), t))
        .collect()
}

fn compare_tables(name: &str, a: &Table, b: &Table, out: &mut Vec<Difference>) {
    compare_docs(&format!("table {name}"), &a.docs, &b.docs, out);
    for column in &a.columns {
        let object = format!("column {name}.{}", column.name.sql);
        match b.columns.iter().find(|c| c.name.sql == column.name.sql) {
            Some(other) => compare_columns(&object, column, other, out),
            None => out.push(Difference::new(object, Change::OnlyInFirst)),
        }
    }
    for column in &b.columns {
        if !a.columns.iter().any(|c| c.name.sql == column.name.sql) {
            let object = format!("column {name}.{}", column.name.sql);
            out.push(Difference::new(object, Change::OnlyInSecond));
        }
    }
    let common = |x: &Table, y: &Table| -> Vec<String> {
        x.columns
            .iter()
            .filter(|c| y.columns.iter().any(|o| o.name.sql == c.name.sql))
            .map(|c| c.name.sql.clone())
            .collect()
    };
    let (order_a, order_b) = (common(a, b), common(b, a));
    if order_a != order_b {
        out.push(Difference::changed(
            format!("columns of {name}"),
            "order",
            list(&order_a),
            list(&order_b),
        ));
    }
    let key = |t: &Table| -> Vec<String> {
        t.primary_key
            .iter()
            .map(|k| {
                t.column(k)
                    .map_or_else(|| k.clone(), |c| c.name.sql.clone())
            })
            .collect()
    };
    let (key_a, key_b) = (key(a), key(b));
    if key_a != key_b {
        let show = |k: &[String]| {
            if k.is_empty() {
                "none".to_owned()
            } else {
                list(k)
            }
        };
        out.push(Difference::changed(
            format!("primary key of {name}"),
            "columns",
            show(&key_a),
            show(&key_b),
        ));
    }
    // A column on one side only is one difference: its default is not another.
    let shared_defaults = |x: &Table| {
        let mut facets = x.facets.clone();
        facets.defaults.retain(|d| {
            order_a.contains(&d.column) || !has_column(a, &d.column) && !has_column(b, &d.column)
        });
        facets
    };
    facets::compare_facets(name, &shared_defaults(a), &shared_defaults(b), out);
}

fn compare_columns(object: &str, a: &Column, b: &Column, out: &mut Vec<Difference>) {
    let inner = |c: &Column| c.ty.not_null().to_string();
    if inner(a) != inner(b) {
        out.push(Difference::changed(
            object.to_owned(),
            "type",
            quoted(&inner(a)),
            quoted(&inner(b)),
        ));
    }
    if a.is_nullable() != b.is_nullable() {
        let show = |c: &Column| if c.is_nullable() { "NULL" } else { "NOT NULL" }.to_owned();
        out.push(Difference::changed(
            object.to_owned(),
            "nullability",
            show(a),
            show(b),
        ));
    }
    if a.max_length != b.max_length {
        let show = |c: &Column| {
            c.max_length
                .map_or_else(|| "none".to_owned(), |n| n.to_string())
        };
        out.push(Difference::changed(
            object.to_owned(),
            "max length",
            show(a),
            show(b),
        ));
    }
    compare_docs(object, &a.docs, &b.docs, out);
}

/// Comments (doc lines), when introspection read them.
fn compare_docs(object: &str, a: &[String], b: &[String], out: &mut Vec<Difference>) {
    if a != b {
        let show = |d: &[String]| {
            if d.is_empty() {
                "none".to_owned()
            } else {
                quoted(
                    d.iter()
                        .map(|l| l.trim())
                        .collect::<Vec<_>>()
                        .join("\n")
                        .as_str(),
                )
            }
        };
        out.push(Difference::changed(
            object.to_owned(),
            "comment",
            show(a),
            show(b),
        ));
    }
}

fn has_column(table: &Table, sql_name: &str) -> bool {
    table.columns.iter().any(|c| c.name.sql == sql_name)
}

/// `(a, b)`.
fn list(items: &[String]) -> String {
    format!("({})", items.join(", "))
}

/// `` `text` ``.
fn quoted(text: &str) -> String {
    format!("`{text}`")
}
