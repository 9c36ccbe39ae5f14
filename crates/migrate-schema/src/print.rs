//! Writing `schema.rs` exactly as `diesel print-schema` (diesel_cli 2.3, default options) writes it.
//!
//! diesel_cli builds the text and pipes it through `rustfmt`. rustfmt leaves the brace-delimited
//! `table!` bodies and the `joinable!` lines alone (their tokens are not expressions), but reflows
//! `allow_tables_to_appear_in_same_query!(...)` like a function call: on one line when it fits, packed
//! several names to a line when every name is at most 10 characters (rustfmt's
//! `short_array_element_width_threshold`), one name per line otherwise. [`print()`] writes that final form.
//! The widths are rustfmt 1.9's defaults (`max_width = 100`).

use std::collections::HashSet;
use std::fmt::Write;

use crate::model::{CustomSqlType, CustomType, Schema, Table, unraw};

/// The first line of every file `diesel print-schema` writes.
pub const HEADER: &str = "// @generated automatically by Diesel CLI.";

const ALLOW: &str = "diesel::allow_tables_to_appear_in_same_query!(";
const MAX_WIDTH: usize = 100;
const SHORT_ITEM: usize = 10;

/// The `schema.rs` text for `schema`.
pub fn print(schema: &Schema) -> String {
    let mut out = format!("{HEADER}\n\n");
    out.push_str(&body(schema, 0));
    let end = out.trim_end_matches('\n').len();
    out.truncate(end);
    out.push('\n');
    out
}

/// The blocks of one module, separated by blank lines, indented by `indent` spaces.
fn body(schema: &Schema, indent: usize) -> String {
    let mut blocks: Vec<String> = Vec::new();
    if !schema.sql_types.is_empty() {
        blocks.push(sql_types(schema));
    }
    for table in &schema.tables {
        blocks.push(table_block(schema, table));
    }
    if !schema.joinables.is_empty() {
        let mut block = String::new();
        for j in &schema.joinables {
            let _ = writeln!(
                block,
                "diesel::joinable!({} -> {} ({}));",
                j.child, j.parent, j.column
            );
        }
        blocks.push(block);
    }
    if !schema.allow_groups.is_empty() {
        blocks.push(
            schema
                .allow_groups
                .iter()
                .map(|g| allow_group(g, indent))
                .collect(),
        );
    }
    for module in &schema.modules {
        let mut block = docs(&module.docs);
        let _ = writeln!(
            block,
            "pub mod {} {{",
            module.module.as_deref().unwrap_or_default()
        );
        block.push_str(&indented(&body(module, indent + 4)));
        block.push_str("}\n");
        blocks.push(block);
    }
    blocks.join("\n")
}

fn indented(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn docs(lines: &[String]) -> String {
    lines.iter().map(|l| format!("///{l}\n")).collect()
}

fn sql_types(schema: &Schema) -> String {
    let mut inner = String::new();
    for (i, t) in schema.sql_types.iter().enumerate() {
        if i > 0 {
            inner.push('\n');
        }
        inner.push_str(&custom_type(t));
    }
    format!(
        "{}pub mod sql_types {{\n{}}}\n",
        docs(&schema.sql_types_docs),
        indented(&inner)
    )
}

fn custom_type(t: &CustomType) -> String {
    let attr = match &t.sql {
        CustomSqlType::Postgres {
            name,
            schema: Some(schema),
        } => {
            format!(
                "postgres_type(name = {}, schema = {})",
                string(name),
                string(schema)
            )
        }
        CustomSqlType::Postgres { name, schema: None } => {
            format!("postgres_type(name = {})", string(name))
        }
        CustomSqlType::Mysql { name } => format!("mysql_type(name = {})", string(name)),
        CustomSqlType::Sqlite { name } => format!("sqlite_type(name = {})", string(name)),
    };
    format!(
        "{}#[derive({})]\n#[diesel({attr})]\npub struct {};\n",
        docs(&t.docs),
        t.derives.join(", "),
        t.rust_name
    )
}

/// A Rust string literal for `value`: plain, or raw with enough `#` when it holds a quote (diesel's rule).
fn string(value: &str) -> String {
    if value.contains('"') {
        let hashes = "#".repeat(value.matches('#').count() + 1);
        format!("r{hashes}\"{value}\"{hashes}")
    } else {
        format!("\"{value}\"")
    }
}

/// The `use` lines of a table: as written, or (when the model leaves them to the printer) what
/// `diesel print-schema` writes for the custom types the columns use.
fn uses(schema: &Schema, table: &Table) -> Vec<String> {
    if let Some(uses) = &table.uses {
        return uses.clone();
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for column in &table.columns {
        if let Some(name) = column.ty.base().name()
            && schema.custom_type(name).is_some()
            && seen.insert(name)
        {
            if out.is_empty() {
                out.push("diesel::sql_types::*".to_owned());
            }
            out.push(format!("super::sql_types::{name}"));
        }
    }
    out
}

fn table_block(schema: &Schema, table: &Table) -> String {
    let mut inner = String::new();
    let uses = uses(schema, table);
    for u in &uses {
        let _ = writeln!(inner, "use {u};");
    }
    if !uses.is_empty() {
        inner.push('\n');
    }
    inner.push_str(&docs(&table.docs));
    if table.name.needs_sql_name() {
        let full = match &table.schema {
            Some(s) => format!("{}.{}", unraw(s), table.name.sql),
            None => table.name.sql.clone(),
        };
        let _ = writeln!(inner, "#[sql_name = {}]", string(&full));
    }
    let qualified = match &table.schema {
        Some(s) => format!("{s}.{}", table.name.rust),
        None => table.name.rust.clone(),
    };
    let _ = writeln!(inner, "{qualified} ({}) {{", table.primary_key.join(", "));
    let mut columns = String::new();
    for c in &table.columns {
        columns.push_str(&docs(&c.docs));
        if c.name.needs_sql_name() {
            let _ = writeln!(columns, "#[sql_name = {}]", string(&c.name.sql));
        }
        if let Some(n) = c.max_length {
            let _ = writeln!(columns, "#[max_length = {n}]");
        }
        let _ = writeln!(columns, "{} -> {},", c.name.rust, c.ty);
    }
    inner.push_str(&indented(&columns));
    inner.push_str("}\n");
    format!("diesel::table! {{\n{}}}\n", indented(&inner))
}

/// One `allow_tables_to_appear_in_same_query!` as rustfmt leaves it at `indent` spaces.
fn allow_group(tables: &[String], indent: usize) -> String {
    let widths: usize =
        tables.iter().map(String::len).sum::<usize>() + 2 * tables.len().saturating_sub(1);
    // rustfmt: one line when the arguments fit in the width left after the macro name and `);`.
    if widths + indent + ALLOW.len() + 2 <= MAX_WIDTH {
        return format!("{ALLOW}{},);\n", tables.join(", "));
    }
    let pad = " ".repeat(4);
    let mut lines: Vec<String> = Vec::new();
    if tables.iter().all(|t| t.len() <= SHORT_ITEM) {
        // Mixed layout: as many names per line as fit, each line at most `MAX_WIDTH - 1` wide.
        let mut current = String::new();
        for t in tables {
            let candidate = if current.is_empty() {
                format!("{t},")
            } else {
                format!("{current} {t},")
            };
            if !current.is_empty() && indent + 4 + candidate.len() > MAX_WIDTH - 1 {
                lines.push(std::mem::replace(&mut current, format!("{t},")));
            } else {
                current = candidate;
            }
        }
        lines.push(current);
    } else {
        lines.extend(tables.iter().map(|t| format!("{t},")));
    }
    let mut out = format!("{ALLOW}\n");
    for line in lines {
        let _ = writeln!(out, "{pad}{line}");
    }
    out.push_str(");\n");
    out
}
