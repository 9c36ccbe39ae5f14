//! Schema scale: reading and printing a generated `schema.rs` of N tables (migrate-schema), checked to
//! round-trip before its time counts.

use std::fmt::Write as _;

use anyhow::{Result, ensure};

use crate::stats::{Samples, time};

/// One schema-scale measurement.
#[derive(Debug, Default)]
pub struct SchemaScale {
    /// Size of the file in bytes.
    pub bytes: usize,
    pub read: Samples,
    pub print: Samples,
}

/// A `schema.rs` as `diesel print-schema` writes it: `tables` tables of 12 columns, a `joinable!` per table
/// after the first, one `allow_tables_to_appear_in_same_query!` group (names longer than rustfmt's 10-character
/// threshold, so one per line).
pub fn generate(tables: usize) -> String {
    let mut out = String::from("// @generated automatically by Diesel CLI.\n\n");
    for t in 0..tables {
        let _ = writeln!(
            out,
            "diesel::table! {{\n    schema_table_{t} (id) {{\n        id -> Int4,"
        );
        for c in 0..10 {
            let _ = writeln!(
                out,
                "        #[max_length = 255]\n        column_{c} -> Nullable<Varchar>,"
            );
        }
        let _ = writeln!(out, "        parent_id -> Int4,\n    }}\n}}\n");
    }
    for t in 1..tables {
        let _ = writeln!(
            out,
            "diesel::joinable!(schema_table_{t} -> schema_table_{} (parent_id));",
            t - 1
        );
    }
    out.push_str("\ndiesel::allow_tables_to_appear_in_same_query!(\n");
    for t in 0..tables {
        let _ = writeln!(out, "    schema_table_{t},");
    }
    out.push_str(");\n");
    out
}

/// Reads and prints a generated `schema.rs` of `tables` tables, `runs` times.
pub fn schema_scale(tables: usize, runs: usize) -> Result<SchemaScale> {
    let source = generate(tables);
    let mut result = SchemaScale {
        bytes: source.len(),
        ..SchemaScale::default()
    };
    for _ in 0..runs {
        let (read, schema) = time(|| migrate_schema::parse_str("schema.rs", &source));
        let schema = schema.map_err(|e| anyhow::anyhow!("generated schema.rs invalid:\n{e}"))?;
        ensure!(schema.tables.len() == tables, "tables missing");
        let (print, printed) = time(|| migrate_schema::print(&schema));
        ensure!(
            printed == source,
            "the generated schema.rs does not round-trip"
        );
        result.read.push(read);
        result.print.push(print);
    }
    Ok(result)
}

/// Introspection scale: the time `migrate_runtime::introspect` takes on a database of N tables like those of
/// [`generate`] (12 columns, a foreign key to the previous table, an index), checked before its time counts.
#[derive(Debug, Default)]
pub struct IntrospectScale {
    pub sqlite: Samples,
    pub postgres: Samples,
}

/// The DDL of `tables` tables; `schema` qualifies the names (PostgreSQL).
fn ddl(tables: usize, schema: Option<&str>) -> String {
    let q = schema.map(|s| format!("{s}.")).unwrap_or_default();
    let mut out = String::new();
    for t in 0..tables {
        let _ = write!(
            out,
            "CREATE TABLE {q}schema_table_{t} (id INTEGER PRIMARY KEY NOT NULL"
        );
        for c in 0..10 {
            let _ = write!(out, ", column_{c} VARCHAR(255)");
        }
        if t == 0 {
            out.push_str(", parent_id INTEGER NOT NULL);\n");
        } else {
            let _ = writeln!(
                out,
                ", parent_id INTEGER NOT NULL REFERENCES {q}schema_table_{} (id));",
                t - 1
            );
        }
        let _ = writeln!(
            out,
            "CREATE INDEX schema_index_{t} ON {q}schema_table_{t} (column_0);"
        );
    }
    out
}

fn check(schema: &migrate_schema::Schema, tables: usize) -> Result<()> {
    let schema = schema.modules.first().unwrap_or(schema);
    ensure!(schema.tables.len() == tables, "introspection missed tables");
    ensure!(
        schema.joinables.len() == tables - 1,
        "introspection missed foreign keys"
    );
    ensure!(
        schema.tables.iter().all(|t| t.facets.indexes.len() == 1),
        "introspection missed indexes"
    );
    Ok(())
}

/// Introspects a SQLite database in memory and (when `pg_url` is given) a PostgreSQL schema of `tables`
/// tables, `runs` times each.
pub fn introspect_scale(
    tables: usize,
    runs: usize,
    pg_url: Option<&str>,
) -> Result<IntrospectScale> {
    use migrate_runtime::{IntrospectOptions, MigrationConnection};
    let mut result = IntrospectScale::default();
    let mut sqlite = migrate_runtime::connect("sqlite::memory:")?;
    sqlite.run_sql(&ddl(tables, None))?;
    let options = IntrospectOptions::default();
    for _ in 0..runs {
        let (took, schema) = time(|| migrate_runtime::introspect(&mut sqlite, &options));
        check(&schema?, tables)?;
        result.sqlite.push(took);
    }
    if let Some(url) = pg_url {
        let name = format!("migrate_bench_introspect_{}", std::process::id());
        let mut pg = migrate_runtime::connect(url)?;
        pg.run_sql(&format!(
            "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
        ))?;
        let options = IntrospectOptions::default().with_schema(Some(name.clone()));
        let measured = (|| {
            // In batches: one implicit transaction for all of them runs out of lock slots.
            for statement in ddl(tables, Some(&name))
                .lines()
                .collect::<Vec<_>>()
                .chunks(200)
            {
                pg.run_sql(&statement.join("\n"))?;
            }
            for _ in 0..runs {
                let (took, schema) = time(|| migrate_runtime::introspect(&mut pg, &options));
                check(&schema?, tables)?;
                result.postgres.push(took);
            }
            Ok::<(), anyhow::Error>(())
        })();
        for t in (0..tables).rev().step_by(100) {
            let drop: Vec<String> = (t.saturating_sub(99)..=t)
                .rev()
                .map(|i| format!("DROP TABLE IF EXISTS {name}.schema_table_{i} CASCADE"))
                .collect();
            pg.run_sql(&drop.join("; "))?;
        }
        pg.run_sql(&format!("DROP SCHEMA {name} CASCADE"))?;
        measured?;
    }
    Ok(result)
}
