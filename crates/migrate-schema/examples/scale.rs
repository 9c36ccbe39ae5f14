//! Scale check for the bench suite: reads and prints a generated `schema.rs` of N tables (default 500) and
//! of 2N tables, and prints the times per table, which stay flat when reading is linear.
//!
//! ```text
//! cargo run --release -p migrate-schema --example scale -- 500
//! ```

use std::fmt::Write;
use std::time::{Duration, Instant};

/// A `schema.rs` as diesel print-schema writes it: `tables` tables of 12 columns, a `joinable!` per table
/// after the first, and one `allow_tables_to_appear_in_same_query!` group.
fn generate(tables: usize) -> String {
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

/// The best of 5 runs of reading and printing `source`, checked to round-trip.
fn measure(source: &str) -> (Duration, Duration) {
    let (mut read, mut print) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        let start = Instant::now();
        let schema =
            migrate_schema::parse_str("schema.rs", source).expect("generated schema reads");
        read = read.min(start.elapsed());
        let start = Instant::now();
        let printed = migrate_schema::print(&schema);
        print = print.min(start.elapsed());
        assert_eq!(printed, source, "generated schema round-trips");
    }
    (read, print)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("a table count"))
        .unwrap_or(500);
    for tables in [n, 2 * n] {
        let source = generate(tables);
        let (read, print) = measure(&source);
        println!(
            "{tables} tables ({} KiB): read {read:?} ({:?}/table), print {print:?} ({:?}/table)",
            source.len() / 1024,
            read / tables as u32,
            print / tables as u32
        );
    }
}
