//! The build-cost section: rebuilds of a crate embedding N revisions, migrate against diesel_migrations.

use std::fmt::Write as _;

use super::{Report, verdict};
use crate::build_cost::Tool;
use crate::stats::{Samples, show};

impl Report {
    /// One build-cost measurement.
    pub fn build(&mut self, tool: Tool, count: usize, samples: &Samples) {
        self.build.push((tool, count, samples.clone()));
    }
    pub(super) fn build_section(&mut self) -> String {
        let mut out = String::new();
        if self.build.is_empty() {
            return out;
        }
        out.push_str(
            "| tool | N = 1 | N = 1,000 | N = 10,000 | embedding 1,000 (− N = 1) | embedding 10,000 | 10k ÷ 1k |\n|---|---:|---:|---:|---:|---:|---:|\n",
        );
        let mut own_1k = Vec::new();
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
            let own = |s: &Samples| s.median().saturating_sub(base);
            let growth = own(&ten_thousand).as_secs_f64() / own(&thousand).as_secs_f64();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {growth:.1} |",
                tool.name(),
                one.summary(),
                thousand.summary(),
                ten_thousand.summary(),
                show(own(&thousand)),
                show(own(&ten_thousand)),
            );
            own_1k.push((own(&thousand), growth));
        }
        if let [(migrate, growth), (diesel, _)] = own_1k[..] {
            self.targets.push(format!(
                "| Build: embedding 1,000 costs no more than diesel_migrations' | {} vs {} | {} |",
                show(migrate),
                show(diesel),
                verdict(migrate <= diesel)
            ));
            self.targets.push(format!(
                "| Build: 10,000 costs about 10× 1,000 (not 100×) | {growth:.1}× | {} |",
                verdict(growth <= 15.0)
            ));
        }
        out
    }
}
