//! `tracing` events of the steps a migrator runs (feature `tracing`), so an application's own logs show its
//! migrations: target `migrate`, an `INFO` event as each step starts and when it is done (with its duration
//! and statement count), an `ERROR` event when it fails. Offline scripts emit none. Without the feature these
//! functions do nothing and compile away.
//!
//! ```text
//! INFO migrate: running step direction="upgrade" revision="1f3a9c2b7d40" parents="<base>" doc="create users"
//! INFO migrate: step done direction="upgrade" revision="1f3a9c2b7d40" duration_ms=3 statements=2
//! ```

use crate::error::Error;
use crate::report::{StepEvent, StepReport};

/// A step starts.
#[cfg(feature = "tracing")]
pub(crate) fn step_started(event: &StepEvent) {
    let parents = crate::report::or_base(&event.parents);
    tracing::info!(
        target: "migrate",
        direction = event.direction.as_str(),
        revision = event.revision.as_str(),
        parents = parents.as_str(),
        doc = event.message.as_str(),
        "running step"
    );
}

/// A step is done (its SQL ran; in one transaction for the run, the commit comes at the end).
#[cfg(feature = "tracing")]
pub(crate) fn step_done(report: &StepReport) {
    tracing::info!(
        target: "migrate",
        direction = report.direction.as_str(),
        revision = report.revision.as_str(),
        duration_ms = u64::try_from(report.duration.as_millis()).unwrap_or(u64::MAX),
        statements = report.statements,
        "step done"
    );
}

/// A step failed.
#[cfg(feature = "tracing")]
pub(crate) fn step_failed(event: &StepEvent, error: &Error) {
    tracing::error!(
        target: "migrate",
        direction = event.direction.as_str(),
        revision = event.revision.as_str(),
        error = %error,
        "step failed"
    );
}

#[cfg(not(feature = "tracing"))]
pub(crate) fn step_started(_: &StepEvent) {}

#[cfg(not(feature = "tracing"))]
pub(crate) fn step_done(_: &StepReport) {}

#[cfg(not(feature = "tracing"))]
pub(crate) fn step_failed(_: &StepEvent, _: &Error) {}
