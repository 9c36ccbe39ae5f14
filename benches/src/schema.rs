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
