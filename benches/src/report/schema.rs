//! The schema-scale section: reading and printing a generated `schema.rs`, introspecting a database.

use std::fmt::Write as _;

use super::{Report, verdict};
use crate::schema::{IntrospectScale, SchemaScale};
use crate::stats::show;

impl Report {
    /// One schema-scale measurement.
    pub fn schema(&mut self, tables: usize, scale: SchemaScale) {
        self.schema.push((tables, scale));
    }

    /// One introspection-scale measurement.
    pub fn introspect(&mut self, tables: usize, scale: IntrospectScale) {
        self.introspect.push((tables, scale));
    }

    pub(super) fn schema_section(&mut self) -> String {
        let mut out = String::new();
        if self.schema.is_empty() {
            return out;
        }
        out.push_str("| tables | file | read | print |\n|---:|---:|---:|---:|\n");
        for (tables, scale) in &self.schema {
            let _ = writeln!(
                out,
                "| {tables} | {} KiB | {} | {} |",
                scale.bytes / 1024,
                scale.read.summary(),
                scale.print.summary()
            );
        }
        let of = |n: usize| self.schema.iter().find(|(t, _)| *t == n).map(|(_, s)| s);
        if let (Some(small), Some(large)) = (of(500), of(1_000)) {
            let growth = large.read.ratio(&small.read);
            let _ = writeln!(
                out,
                "| 1,000 ÷ 500 | | {growth:.1}× | {:.1}× |",
                large.print.ratio(&small.print)
            );
            self.targets.push(format!(
                "| Schema: a 500-table `schema.rs` read in under 250 ms, growth linear | {} ({growth:.1}× at 1,000) | {} |",
                show(small.read.median()),
                verdict(small.read.median().as_millis() < 250 && growth <= 2.6)
            ));
        }
        if !self.introspect.is_empty() {
            out.push_str("\n| tables | introspect SQLite (in memory) | introspect PostgreSQL |\n|---:|---:|---:|\n");
            for (tables, scale) in &self.introspect {
                let _ = writeln!(
                    out,
                    "| {tables} | {} | {} |",
                    scale.sqlite.summary(),
                    scale.postgres.summary()
                );
            }
        }
        out
    }
}
