//! Timing samples: median, min and max of several runs, and ratios of medians.

use std::time::{Duration, Instant};

/// The durations of several runs of one measurement.
#[derive(Debug, Clone, Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    /// Adds one run.
    pub fn push(&mut self, duration: Duration) {
        self.0.push(duration);
    }

    fn sorted(&self) -> Vec<Duration> {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        sorted
    }

    /// The median (the mean of the two middle runs for an even count).
    pub fn median(&self) -> Duration {
        let sorted = self.sorted();
        match sorted.len() {
            0 => Duration::ZERO,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
        }
    }

    /// The fastest run.
    pub fn min(&self) -> Duration {
        self.0.iter().copied().min().unwrap_or_default()
    }

    /// The slowest run.
    pub fn max(&self) -> Duration {
        self.0.iter().copied().max().unwrap_or_default()
    }

    /// This median over `anchor`'s.
    pub fn ratio(&self, anchor: &Samples) -> f64 {
        self.median().as_secs_f64() / anchor.median().as_secs_f64()
    }

    /// `median (min–max)` in a unit that suits the size.
    pub fn summary(&self) -> String {
        format!(
            "{} ({}–{})",
            show(self.median()),
            show(self.min()),
            show(self.max())
        )
    }
}

/// A duration in ms (or s above 10 s), three significant digits or so.
pub fn show(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 10_000.0 {
        format!("{:.2} s", ms / 1e3)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// Times `f`.
pub fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let clock = Instant::now();
    let value = f();
    (clock.elapsed(), value)
}
