//! The progress bar of a long `upgrade`, `downgrade` or `test`: steps done of the total, the running (or
//! last tested) revision and the time elapsed, on stderr, shown only when stderr is a terminal, `--quiet` is
//! off and there are more than [`THRESHOLD`] steps. The `INFO` lines still print, above the bar; when the
//! run ends the bar is cleared and, for an upgrade or downgrade, one line says how many steps ran (`test`
//! prints its own summary). In CI, through a pipe or with `-q` nothing is drawn and the output is the `INFO`
//! lines alone, byte for byte.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use migrate_runtime::{PlanEvent, StepDirection, StepEvent};

use crate::output::Output;

/// Plans of at most this many steps run without a bar.
pub const THRESHOLD: usize = 5;

/// The bar being drawn, if any: [`Output`] prints its lines through [`suspended`] so they land above it.
static ACTIVE: Mutex<Option<Active>> = Mutex::new(None);

struct Active {
    bar: ProgressBar,
    /// `upgrade` or `downgrade`, for the closing line; `None`: no closing line.
    verb: Option<&'static str>,
    /// Steps announced so far (the running one included).
    started: u64,
}

/// Starts a bar for the plan a run is about to step through, when one is wanted (see the module docs).
pub fn start(out: Output, plan: &PlanEvent<'_>) {
    let verb = match plan.direction {
        StepDirection::Upgrade => "upgrade",
        StepDirection::Downgrade => "downgrade",
        StepDirection::Stamp => return,
    };
    begin(out, plan.revisions.len(), Some(verb));
}

/// Starts a bar for `steps` steps, when one is wanted; `verb` names the steps in the closing line
/// (`Ran 8 upgrade steps in 0.1s.`), `None` for no closing line.
pub fn begin(out: Output, steps: usize, verb: Option<&'static str>) {
    if out.is_quiet() || steps <= THRESHOLD || !std::io::stderr().is_terminal() {
        return;
    }
    let bar = ProgressBar::with_draw_target(Some(steps as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg} [{elapsed_precise}]")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    bar.tick();
    *lock() = Some(Active {
        bar,
        verb,
        started: 0,
    });
}

/// Moves the bar to the step that starts: the ones before it are done.
pub fn step(event: &StepEvent) {
    if let Some(active) = lock().as_mut() {
        active.bar.set_position(active.started);
        active.started += 1;
        active
            .bar
            .set_message(format!("{} {}", event.revision, event.message));
    }
}

/// Counts one more step done, `message` naming it.
pub fn advance(message: String) {
    if let Some(active) = lock().as_mut() {
        active.started += 1;
        active.bar.set_position(active.started);
        active.bar.set_message(message);
    }
}

/// Ends the bar, if one was drawn: clears it and, when the run succeeded, prints
/// `Ran N upgrade steps in 1.2s.`.
pub fn finish(out: Output, succeeded: bool) {
    let Some(active) = lock().take() else {
        return;
    };
    let elapsed = active.bar.elapsed();
    active.bar.finish_and_clear();
    if let (true, Some(verb)) = (succeeded, active.verb) {
        out.info(format!(
            "Ran {} {verb} steps in {}.",
            active.started,
            seconds(elapsed)
        ));
    }
}

/// Runs `print` with the bar, if any, taken off the screen, so a line printed meanwhile lands above it.
pub fn suspended(print: impl FnOnce()) {
    let bar = lock().as_ref().map(|active| active.bar.clone());
    match bar {
        Some(bar) => bar.suspend(print),
        None => print(),
    }
}

fn seconds(elapsed: Duration) -> String {
    format!("{:.1}s", elapsed.as_secs_f64())
}

fn lock() -> std::sync::MutexGuard<'static, Option<Active>> {
    ACTIVE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
