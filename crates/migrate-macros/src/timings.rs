//! `MIGRATE_MACRO_TIMINGS=1`: how long each phase of an expansion took, one line on stderr per
//! `embed_migrations!` call (cargo shows it with `cargo build -vv`, or when the build fails). For the
//! build-cost benchmark, and for anyone who wonders where the build's time goes.

use std::time::{Duration, Instant};

/// The environment variable that turns the report on.
pub const TIMINGS: &str = "MIGRATE_MACRO_TIMINGS";

/// The phases measured so far; records nothing when the report is off.
#[derive(Debug)]
pub struct Timings {
    /// How many revisions the expansion read.
    pub revisions: usize,
    last: Option<Instant>,
    phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// On when [`TIMINGS`] is set (to anything but `0` or nothing).
    pub fn from_env() -> Timings {
        let on = std::env::var_os(TIMINGS).is_some_and(|v| !v.is_empty() && v != "0");
        Timings {
            revisions: 0,
            last: on.then(Instant::now),
            phases: Vec::new(),
        }
    }

    /// A report that is off.
    #[cfg(test)]
    pub fn off() -> Timings {
        Timings {
            revisions: 0,
            last: None,
            phases: Vec::new(),
        }
    }

    /// Whether phases are recorded.
    pub fn is_on(&self) -> bool {
        self.last.is_some()
    }

    /// Ends the phase `name` (it started when the previous one ended).
    pub fn phase(&mut self, name: &'static str) {
        if let Some(last) = self.last.as_mut() {
            let now = Instant::now();
            self.phases.push((name, now - *last));
            *last = now;
        }
    }

    /// Records a phase measured elsewhere, and restarts the clock (the time since the last phase is not
    /// counted).
    pub fn add(&mut self, name: &'static str, took: Duration) {
        if let Some(last) = self.last.as_mut() {
            self.phases.push((name, took));
            *last = Instant::now();
        }
    }

    /// `embed_migrations!(<folder>): <n> revisions: load 12.3 ms, ...`, or nothing when off.
    pub fn line(&self, folder: &str) -> Option<String> {
        self.is_on().then(|| {
            let phases: Vec<String> = self
                .phases
                .iter()
                .map(|(name, took)| format!("{name} {:.1} ms", took.as_secs_f64() * 1e3))
                .collect();
            format!(
                "embed_migrations!({folder}): {} revisions: {}",
                self.revisions,
                phases.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_records_nothing_and_on_names_every_phase() {
        let mut off = Timings::off();
        off.phase("load");
        assert_eq!(off.line("migrations"), None);

        let mut on = Timings {
            revisions: 3,
            last: Some(Instant::now()),
            phases: Vec::new(),
        };
        on.phase("load");
        on.add("of which checksums", Duration::from_micros(1500));
        on.phase("emit");
        let line = on.line("migrations").unwrap();
        assert!(
            line.starts_with("embed_migrations!(migrations): 3 revisions: load "),
            "{line}"
        );
        assert!(
            line.contains(", of which checksums 1.5 ms, emit "),
            "{line}"
        );
    }
}
