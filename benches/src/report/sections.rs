//! The report's sections that are written when the report is finished, from measurements gathered over
//! the run (schema, build cost, core scale), and the linear-growth target rows they share.

use std::fmt::Write as _;

use super::{Report, because, verdict};
use crate::build_cost::Tool;
use crate::fixtures::Shape;
use crate::notes::{BUILD_CAUSE, CORE_CAUSE};
use crate::stats::{Samples, show};

impl Report {
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

    pub(super) fn build_section(&mut self) -> String {
        let mut out = String::new();
        if self.build.is_empty() {
            return out;
        }
        out.push_str(
            "| tool | N = 1 | N = 1,000 | N = 10,000 | embedding 1,000 (− N = 1) | embedding 10,000 | 10k ÷ 1k |\n|---|---:|---:|---:|---:|---:|---:|\n",
        );
        let mut own = Vec::new();
        for tool in [Tool::Migrate, Tool::Diesel] {
            let of = |n: usize| {
                self.build
                    .iter()
                    .find(|(t, c, _)| *t == tool && *c == n)
                    .map(|(_, _, s)| s.clone())
                    .unwrap_or_default()
            };
            let (one, thousand, ten_thousand) = (of(1), of(1_000), of(10_000));
            let base = one.median();
            let own_of = |s: &Samples| s.median().saturating_sub(base);
            let growth = own_of(&ten_thousand).as_secs_f64() / own_of(&thousand).as_secs_f64();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {growth:.1} |",
                tool.name(),
                one.summary(),
                thousand.summary(),
                ten_thousand.summary(),
                show(own_of(&thousand)),
                show(own_of(&ten_thousand)),
            );
            own.push((own_of(&thousand), own_of(&ten_thousand), growth));
        }
        if let [(migrate, migrate_10k, growth), (diesel, diesel_10k, _)] = own[..] {
            for (n, migrate, diesel) in [
                ("1,000", migrate, diesel),
                ("10,000", migrate_10k, diesel_10k),
            ] {
                self.targets.push(format!(
                    "| Build: embedding {n} costs no more than diesel_migrations' | {} vs {} | {} |",
                    show(migrate),
                    show(diesel),
                    because(migrate <= diesel, BUILD_CAUSE)
                ));
            }
            self.targets.push(format!(
                "| Build: 10,000 costs about 10× 1,000 (not 100×) | {growth:.1}× | {} |",
                verdict(growth <= 15.0)
            ));
        }
        out
    }

    pub(super) fn core_section(&mut self) -> String {
        let mut out = String::new();
        if self.core.is_empty() {
            return out;
        }
        out.push_str("| graph | revisions | read + parse | validate | plan `upgrade head` from empty | total |\n|---|---:|---:|---:|---:|---:|\n");
        for (shape, count, total, phases) in &self.core {
            let _ = writeln!(
                out,
                "| {} | {count} | {phases} | {} |",
                shape.name(),
                total.summary()
            );
        }
        for shape in [Shape::Linear, Shape::Branched] {
            let of = |n: usize| {
                self.core
                    .iter()
                    .find(|(s, c, _, _)| *s == shape && *c == n)
                    .map(|(_, _, t, _)| t.clone())
            };
            if let (Some(small), Some(large)) = (of(10_000), of(100_000)) {
                let growth = large.ratio(&small);
                let _ = writeln!(
                    out,
                    "| {} | 100k ÷ 10k | | | | {growth:.1}× |",
                    shape.name()
                );
                self.targets.push(format!(
                    "| Core, {}: 100,000 revisions load, validate and plan in under 1 s, growth linear | {} ({growth:.1}× 10k) | {} |",
                    shape.name(),
                    show(large.median()),
                    because(
                        large.median().as_secs_f64() < 1.0 && growth <= 12.0,
                        CORE_CAUSE
                    )
                ));
            }
        }
        linear_growth(
            &mut out,
            &mut self.targets,
            &self.dangling,
            "every `Revises` dangles (a diagnostic with its hint each) | revisions | load + validate",
            "Core: validating dangling `Revises` grows linearly ({large} vs {small})",
            "revisions",
        );
        linear_growth(
            &mut out,
            &mut self.targets,
            &self.stamp_heads,
            "plan `stamp heads` from an empty database | heads | plan",
            "Core: planning `stamp heads` grows linearly ({large} vs {small} heads)",
            "heads",
        );
        out
    }
}

/// A two-size table (`small`, `large`, their ratio) under `header` and its target row: linear when the time
/// grows by at most 1.5 times the size. `target` names the sizes as `{small}` and `{large}`.
pub(super) fn linear_growth(
    out: &mut String,
    targets: &mut Vec<String>,
    pairs: &[(usize, Samples)],
    header: &str,
    target: &str,
    unit: &str,
) {
    let [(small_count, small), (large_count, large)] = pairs else {
        return;
    };
    let growth = large.ratio(small);
    let _ = writeln!(
        out,
        "\n| {header} |\n|---|---:|---:|\n| | {small_count} | {} |\n| | {large_count} | {} |\n| | {large_count} ÷ {small_count} | {growth:.1}× |",
        small.summary(),
        large.summary()
    );
    let size = *large_count as f64 / *small_count as f64;
    let name = target
        .replace("{small}", &small_count.to_string())
        .replace("{large}", &large_count.to_string());
    targets.push(format!(
        "| {name} | {growth:.1}× for {size:.0}× the {unit} | {} |",
        verdict(growth <= size * 1.5)
    ));
}
