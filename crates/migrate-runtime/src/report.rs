//! What the migrator reports: step events (as each step starts), the report of a run, and verify's problems.

use std::time::Duration;

/// Which way a step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepDirection {
    /// The revision's up section ran.
    Upgrade,
    /// The revision's down section ran.
    Downgrade,
    /// The history changed and no SQL ran.
    Stamp,
}

impl StepDirection {
    /// `upgrade`, `downgrade` or `stamp`, as stored in the log table.
    pub fn as_str(self) -> &'static str {
        match self {
            StepDirection::Upgrade => "upgrade",
            StepDirection::Downgrade => "downgrade",
            StepDirection::Stamp => "stamp",
        }
    }

    /// Reads the text stored in the log table; anything but `upgrade` or `downgrade` is a stamp.
    pub(crate) fn parse(text: &str) -> StepDirection {
        match text {
            "upgrade" => StepDirection::Upgrade,
            "downgrade" => StepDirection::Downgrade,
            _ => StepDirection::Stamp,
        }
    }
}

impl std::fmt::Display for StepDirection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A step about to start, passed to the [`Migrator::on_step`](crate::Migrator::on_step) callback. Its
/// `Display` is Alembic's line: `Running upgrade 1f3a9c2b7d40 -> 2b8e4d1c6a93, create posts`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StepEvent {
    /// Upgrade, downgrade or stamp.
    pub direction: StepDirection,
    /// The revision.
    pub revision: String,
    /// Its parents.
    pub parents: Vec<String>,
    /// Its message.
    pub message: String,
    /// For a stamp: whether the revision is being removed from the history (rather than added).
    pub removed: bool,
}

/// The ids joined with `, `, or `<base>` for none: how step lines show parents.
pub(crate) fn or_base(ids: &[String]) -> String {
    if ids.is_empty() {
        "<base>".to_owned()
    } else {
        ids.join(", ")
    }
}

impl std::fmt::Display for StepEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parents = or_base(&self.parents);
        let (verb, from, to) = match (self.direction, self.removed) {
            (StepDirection::Upgrade, _) => ("upgrade", parents, self.revision.clone()),
            (StepDirection::Downgrade, _) => ("downgrade", self.revision.clone(), parents),
            (StepDirection::Stamp, false) => ("stamp_revision", parents, self.revision.clone()),
            (StepDirection::Stamp, true) => ("stamp_revision", self.revision.clone(), parents),
        };
        write!(f, "Running {verb} {from} -> {to}")?;
        if !self.message.is_empty() {
            write!(f, ", {}", self.message)?;
        }
        Ok(())
    }
}

/// The revisions a run is about to step through, passed once to the
/// [`Migrator::on_plan`](crate::Migrator::on_plan) callback, under the migration lock, before the first step.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PlanEvent<'r> {
    /// Upgrade, downgrade or stamp.
    pub direction: StepDirection,
    /// The revisions of the steps, in the order they will run (empty when there is nothing to do). For a
    /// stamp: those whose history rows it removes, then confirms (`running` to `stamped`), then adds.
    pub revisions: Vec<&'r migrate_core::Revision>,
}

/// One step of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StepReport {
    /// The revision.
    pub revision: String,
    /// Its parents.
    pub parents: Vec<String>,
    /// Its message.
    pub message: String,
    /// Upgrade, downgrade or stamp.
    pub direction: StepDirection,
    /// How long its SQL took (zero for a stamp).
    pub duration: Duration,
    /// How many statements of the revision ran.
    pub statements: usize,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Report {
    /// The steps, in the order they ran. Empty when there was nothing to do.
    pub steps: Vec<StepReport>,
    /// The database's heads before the run.
    pub heads_before: Vec<String>,
    /// The database's heads after the run.
    pub heads_after: Vec<String>,
    /// Problems tolerated by the options (checksum drift with `OnMismatch::Warn`).
    pub warnings: Vec<Warning>,
}

/// A problem a run tolerated because the options say so. `Display` gives the message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// An applied revision's up section changed since it was applied, and
    /// [`Options::on_checksum_mismatch`](crate::Options::on_checksum_mismatch) is
    /// [`OnMismatch::Warn`](crate::OnMismatch::Warn).
    ChecksumMismatch {
        /// The revision id.
        revision: String,
        /// The file it comes from.
        path: String,
        /// The checksum in the history table.
        recorded: String,
        /// The checksum of the file in this build.
        current: String,
    },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::ChecksumMismatch {
                revision,
                path,
                recorded,
                current,
            } => f.write_str(&crate::error::checksum_message(
                revision, path, recorded, current,
            )),
        }
    }
}

/// A problem [`Migrator::verify`](crate::Migrator::verify) found. `Display` gives a message saying what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// An applied revision's up section changed since it was applied.
    ChecksumMismatch {
        /// The revision.
        revision: String,
        /// Its file.
        path: String,
        /// The checksum in the history.
        recorded: String,
        /// The file's checksum now.
        current: String,
    },
    /// The history records a revision this build does not know.
    UnknownRevision {
        /// The revision id.
        revision: String,
    },
    /// A revision is marked `running`.
    Running {
        /// The revision id.
        revision: String,
    },
    /// The database is not at the graph's heads: these revisions are pending.
    NotAtHead {
        /// The database's heads.
        current: Vec<String>,
        /// The graph's heads.
        heads: Vec<String>,
        /// How many revisions an `upgrade heads` would run.
        pending: usize,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::ChecksumMismatch {
                revision,
                path,
                recorded,
                current,
            } => write!(
                f,
                "revision {revision} ({path}) was changed after it was applied: recorded checksum {recorded}, file checksum {current}; restore the file and add a new revision instead"
            ),
            Problem::UnknownRevision { revision } => write!(
                f,
                "the database records revision {revision}, which this build does not know (a newer build ran?); deploy that build, or `migrate stamp --purge <rev>`"
            ),
            Problem::Running { revision } => write!(
                f,
                "revision {revision} is marked `running` (a run failed or was killed while executing it); repair the database, then `migrate stamp` to record the real state"
            ),
            Problem::NotAtHead {
                current,
                heads,
                pending,
            } => write!(
                f,
                "the database is at {} but the migrations' heads are {}: {pending} revision{} pending; run `migrate upgrade heads`",
                or_base(current),
                or_base(heads),
                if *pending == 1 { " is" } else { "s are" }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alembic_lines() {
        let mut event = StepEvent {
            direction: StepDirection::Upgrade,
            revision: "b".into(),
            parents: vec![],
            message: "create users".into(),
            removed: false,
        };
        assert_eq!(
            event.to_string(),
            "Running upgrade <base> -> b, create users"
        );
        event.parents = vec!["a1".into(), "a2".into()];
        assert_eq!(
            event.to_string(),
            "Running upgrade a1, a2 -> b, create users"
        );
        event.direction = StepDirection::Downgrade;
        assert_eq!(
            event.to_string(),
            "Running downgrade b -> a1, a2, create users"
        );
    }
}
