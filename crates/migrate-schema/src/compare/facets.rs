//! The facets of one table in both schemas: indexes and triggers by name; defaults by column; unique and
//! check constraints and foreign keys by name, or by what they say when the database keeps no name
//! (SQLite's unnamed constraints).

use crate::model::{Check, Constraint, Facets, ForeignKey, Index};

use super::{Change, Difference, list, quoted};

/// Appends the differences between the facets `a` and `b` of table `table`.
pub(super) fn compare_facets(table: &str, a: &Facets, b: &Facets, out: &mut Vec<Difference>) {
    matched(
        &a.indexes,
        &b.indexes,
        |i| i.name.clone(),
        |i| format!("index {} on {table}", i.name),
        |object, x, y, out| compare_indexes(&object, x, y, out),
        out,
    );
    matched(
        &a.defaults,
        &b.defaults,
        |d| d.column.clone(),
        |d| format!("default of column {table}.{}", d.column),
        |object, x, y, out| {
            if x.expression != y.expression {
                out.push(Difference::changed(
                    object,
                    "expression",
                    quoted(&x.expression),
                    quoted(&y.expression),
                ));
            }
        },
        out,
    );
    matched(
        &a.uniques,
        &b.uniques,
        unique_key,
        |u| match &u.name {
            Some(name) => format!("unique constraint {name} on {table}"),
            None => format!("unique constraint on {table} {}", list(&u.columns)),
        },
        |object, x, y, out| {
            if x.columns != y.columns {
                out.push(Difference::changed(
                    object,
                    "columns",
                    list(&x.columns),
                    list(&y.columns),
                ));
            }
        },
        out,
    );
    matched(
        &a.checks,
        &b.checks,
        check_key,
        |c| match &c.name {
            Some(name) => format!("check constraint {name} on {table}"),
            None => format!("check constraint on {table} {}", quoted(&c.expression)),
        },
        |object, x, y, out| {
            if x.expression != y.expression {
                out.push(Difference::changed(
                    object,
                    "expression",
                    quoted(&x.expression),
                    quoted(&y.expression),
                ));
            }
        },
        out,
    );
    matched(
        &a.foreign_keys,
        &b.foreign_keys,
        foreign_key_key,
        |k| match &k.name {
            Some(name) => format!("foreign key {name} on {table}"),
            None => format!("foreign key on {table} {}", reference(k)),
        },
        |object, x, y, out| {
            if reference(x) != reference(y) {
                out.push(Difference::changed(
                    object,
                    "reference",
                    reference(x),
                    reference(y),
                ));
            }
        },
        out,
    );
    matched(
        &a.triggers,
        &b.triggers,
        |t| t.name.clone(),
        |t| format!("trigger {} on {table}", t.name),
        |object, x, y, out| {
            if x.definition != y.definition {
                out.push(Difference::changed(
                    object,
                    "definition",
                    quoted(&x.definition),
                    quoted(&y.definition),
                ));
            }
        },
        out,
    );
}

/// Pairs the items of `a` and `b` by `key`: an item on one side only is a difference, a pair is compared
/// by `both`. Items are reported in key order.
fn matched<T>(
    a: &[T],
    b: &[T],
    key: impl Fn(&T) -> String,
    object: impl Fn(&T) -> String,
    both: impl Fn(String, &T, &T, &mut Vec<Difference>),
    out: &mut Vec<Difference>,
) {
    let mut keys: Vec<String> = a.iter().chain(b).map(&key).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let x = a.iter().find(|i| key(i) == k);
        let y = b.iter().find(|i| key(i) == k);
        match (x, y) {
            (Some(x), Some(y)) => both(object(x), x, y, out),
            (Some(x), None) => out.push(Difference::new(object(x), Change::OnlyInFirst)),
            (None, Some(y)) => out.push(Difference::new(object(y), Change::OnlyInSecond)),
            (None, None) => {}
        }
    }
}

fn compare_indexes(object: &str, a: &Index, b: &Index, out: &mut Vec<Difference>) {
    if a.definition.is_some() && b.definition.is_some() {
        if a.definition != b.definition {
            let show = |i: &Index| quoted(i.definition.as_deref().unwrap_or_default());
            out.push(Difference::changed(
                object.to_owned(),
                "definition",
                show(a),
                show(b),
            ));
        }
        return;
    }
    if a.columns != b.columns {
        out.push(Difference::changed(
            object.to_owned(),
            "columns",
            list(&a.columns),
            list(&b.columns),
        ));
    }
    if a.unique != b.unique {
        let show = |i: &Index| if i.unique { "unique" } else { "not unique" }.to_owned();
        out.push(Difference::changed(
            object.to_owned(),
            "uniqueness",
            show(a),
            show(b),
        ));
    }
}

fn unique_key(u: &Constraint) -> String {
    u.name.clone().unwrap_or_else(|| list(&u.columns))
}

fn check_key(c: &Check) -> String {
    c.name.clone().unwrap_or_else(|| c.expression.clone())
}

fn foreign_key_key(k: &ForeignKey) -> String {
    k.name.clone().unwrap_or_else(|| reference(k))
}

/// `(a, b) -> parents (a, b)`.
fn reference(k: &ForeignKey) -> String {
    let parent = match &k.parent_schema {
        Some(schema) => format!("{schema}.{}", k.parent_table),
        None => k.parent_table.clone(),
    };
    format!(
        "{} -> {parent} {}",
        list(&k.columns),
        list(&k.parent_columns)
    )
}
