//! The CLI section: whole `migrate` processes against the process-start anchor.

use std::fmt::Write as _;

use super::{Report, verdict};
use crate::stats::{Samples, show};

impl Report {
    /// The process-start anchor of the CLI section.
    pub fn cli_anchor(&mut self, anchor: &Samples) {
        let _ = writeln!(
            self.cli,
            "| command | revisions | time | × `true` (process start) |\n|---|---:|---:|---:|\n| `true` | – | {} | 1.00 |",
            anchor.summary()
        );
    }

    /// One CLI measurement.
    pub fn cli(&mut self, command: &str, count: usize, samples: &Samples, anchor: &Samples) {
        let _ = writeln!(
            self.cli,
            "| `migrate {command}` | {count} | {} | {:.1} |",
            samples.summary(),
            samples.ratio(anchor)
        );
        if command == "history" && count == 1_000 {
            let median = samples.median();
            self.targets.push(format!(
                "| CLI: `migrate history` on 1,000 revisions under 20 ms | {} | {} |",
                show(median),
                verdict(median.as_millis() < 20)
            ));
        }
    }
}
