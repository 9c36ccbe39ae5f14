//! The core-scale section: load, validate and plan in process, and the linear-growth checks.

use std::fmt::Write as _;

use super::{Report, verdict};
use crate::fixtures::Shape;
use crate::scale::CoreScale;
use crate::stats::{Samples, show};

impl Report {
    /// One core-scale measurement.
    pub fn core(&mut self, shape: Shape, count: usize, scale: &CoreScale) {
        let phases = format!(
            "{} | {} | {}",
            show(scale.load.median()),
            show(scale.validate.median()),
            show(scale.plan.median())
        );
        self.core.push((shape, count, scale.total.clone(), phases));
    }

    /// One measurement of a folder whose `Revises` all dangle.
    pub fn dangling(&mut self, count: usize, samples: &Samples) {
        self.dangling.push((count, samples.clone()));
    }

    /// One measurement of planning `stamp heads` over many heads.
    pub fn stamp_heads(&mut self, count: usize, samples: &Samples) {
        self.stamp_heads.push((count, samples.clone()));
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
                    verdict(large.median().as_secs_f64() < 1.0 && growth <= 12.0)
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
fn linear_growth(
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
