//! The runtime's error type. Every message is lowercase, names what went wrong and says what to do next; none
//! contains the password of a connection URL.

/// Why an operation failed. Unless a variant says otherwise, nothing was changed in the database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The target could not be resolved or the planner refused the plan (irreversible revision, ambiguous
    /// target, target not applied...).
    #[error(transparent)]
    Plan(#[from] migrate_core::PlanError),
    /// The history records revisions this build does not know.
    #[error(
        "the database records {} {} that this build does not know (a newer build ran?); deploy that build, or `migrate stamp --purge <rev>` to rewrite the history",
        if ids.len() == 1 { "revision" } else { "revisions" },
        ids.join(", ")
    )]
    UnknownRevisions {
        /// The unknown revision ids, sorted.
        ids: Vec<String>,
    },
    /// An applied revision's file changed since it was applied.
    #[error("{}", checksum_message(revision, path, recorded, current))]
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
    /// A revision is marked `running`: a run that executed it outside a transaction failed or was killed.
    #[error("{}", running_message(revision, parents, statement.as_deref(), error.as_deref(), interrupted.as_deref()))]
    Running {
        /// The revision left `running`.
        revision: String,
        /// Its parents (to say what to stamp back to).
        parents: Vec<String>,
        /// The statement that failed, when the failure was recorded in the log.
        statement: Option<String>,
        /// The database's error for it, when recorded.
        error: Option<String>,
        /// For a run that was killed (or lost its connection) rather than failed: the statement it had
        /// started, from the history row.
        interrupted: Option<Box<crate::history::RunningStatement>>,
    },
    /// A statement of a revision failed. On PostgreSQL and SQLite (transactional revisions) the revision was
    /// rolled back and nothing was recorded; otherwise the revision is left `running` and the log says why.
    #[error(
        "revision {revision}: statement {index} failed: {error}\n  statement: {}{}",
        one_line(statement),
        if *left_running { format!("\n  the revision is left marked `running`; repair the database, then run `migrate stamp {revision}` if its changes are complete or `migrate stamp {}` if none remain", parent_target(parents)) } else { "\n  the revision was rolled back; nothing was recorded".to_owned() }
    )]
    StatementFailed {
        /// The revision whose statement failed.
        revision: String,
        /// Its parents.
        parents: Vec<String>,
        /// 1-based index of the statement in the revision's section.
        index: usize,
        /// The statement text.
        statement: String,
        /// The database's error (sanitized).
        error: String,
        /// Whether a `running` marker was left behind (non-transactional revision or MySQL).
        left_running: bool,
    },
    /// Reading or writing the history, taking the lock or another bookkeeping statement failed.
    #[error("database error: {message}")]
    Database {
        /// What failed (the database's own message is the [`source`](std::error::Error::source)).
        message: String,
        /// The database's error, its text sanitized (no password); `None` when the failure is the
        /// runtime's own finding (a lock wait that timed out).
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The connection could not be opened.
    #[error("cannot connect to {url}")]
    Connection {
        /// The URL with its password replaced by `***`.
        url: String,
        /// The driver's error (its text with any password removed, and a hint where there is one).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The URL needs a backend whose cargo feature is off in this build.
    #[error(
        "{url} needs the {backend} backend, which this build does not include; enable the `{feature}` feature of migrate-runtime"
    )]
    FeatureDisabled {
        /// The URL, redacted.
        url: String,
        /// The backend's name.
        backend: &'static str,
        /// The cargo feature to turn on.
        feature: &'static str,
    },
    /// The URL's scheme is not one migrate knows.
    #[error(
        "unsupported database URL {url}: use postgres://, postgresql://, mysql://, mariadb://, sqlite://<path>, sqlite::memory: or a file path"
    )]
    UnsupportedUrl {
        /// The URL, redacted.
        url: String,
    },
    /// The URL names no database: it is empty, or a SQLite URL without a path.
    #[error(
        "{}: use postgres://..., mysql://..., sqlite:///relative/path.db, sqlite:////absolute/path.db, a file path, or sqlite::memory: for a database in memory",
        if url.is_empty() { "empty database URL".to_owned() } else { format!("database URL `{url}` names no database") }
    )]
    NoDatabase {
        /// The URL, redacted.
        url: String,
    },
    /// An adoption found values in the other tool's table that name no revision of the migrations folder;
    /// nothing was recorded.
    #[error(
        "{table} lists {} the migrations folder does not have: {}; import the other tool's folder again (`migrate import ... --force` adds what is missing) so that every applied migration has its revision, then adopt",
        if values.len() == 1 { "a version" } else { "versions" },
        values.join(", ")
    )]
    AdoptUnknown {
        /// The other tool's table.
        table: &'static str,
        /// The values it lists that no revision matches, sorted.
        values: Vec<String>,
    },
    /// diesel lists a version while an earlier one is not applied: a linear history cannot record that;
    /// nothing was recorded.
    #[error(
        "{table} lists {highest} but not {}, which {} before it: a linear history cannot record that; apply {} with diesel (`diesel migration run`) first, then adopt",
        missing.join(", "),
        if missing.len() == 1 { "comes" } else { "come" },
        if missing.len() == 1 { "it" } else { "them" }
    )]
    AdoptGap {
        /// The other tool's table.
        table: &'static str,
        /// The revisions below a listed one that it does not list, in order.
        missing: Vec<String>,
        /// The highest version it lists.
        highest: String,
    },
    /// A statement of [`Options::init_sql`](crate::Options::init_sql) failed; nothing else ran.
    #[error(
        "init_sql statement failed: {error}\n  statement: {}\n  nothing else ran; fix `Options::init_sql`",
        one_line(statement)
    )]
    InitSql {
        /// The statement that failed.
        statement: String,
        /// The database's error (sanitized).
        error: String,
    },
    /// A configured table name is not a plain identifier.
    #[error(
        "invalid table name `{name}`: use 1-63 characters of A-Z, a-z, 0-9 and _, not starting with a digit"
    )]
    InvalidTableName {
        /// The name as configured.
        name: String,
    },
    /// The database has something a `schema.rs` cannot describe (a table without a primary key, a
    /// column type Diesel does not know), or the request does not apply to the backend.
    #[error("{message}")]
    Introspect {
        /// What it is and what to do.
        message: String,
    },
}

/// `text` on one line (whitespace runs become one space), cut after 200 characters.
pub(crate) fn one_line(text: &str) -> String {
    let flat: Vec<&str> = text.split_whitespace().collect();
    let flat = flat.join(" ");
    if flat.chars().count() > 200 {
        let cut: String = flat.chars().take(200).collect();
        format!("{cut}...")
    } else {
        flat
    }
}

fn parent_target(parents: &[String]) -> String {
    if parents.is_empty() {
        "base".to_owned()
    } else {
        parents.join(" ")
    }
}

fn running_message(
    revision: &str,
    parents: &[String],
    statement: Option<&str>,
    error: Option<&str>,
    interrupted: Option<&crate::history::RunningStatement>,
) -> String {
    if let (None, Some(at)) = (statement, interrupted) {
        return interrupted_message(revision, parents, at);
    }
    let mut text = format!(
        "revision {revision} is marked `running`: a run that executed it outside a transaction "
    );
    match (statement, error) {
        (Some(statement), error) => {
            text.push_str(&format!("failed at statement: {}", one_line(statement)));
            if let Some(error) = error {
                text.push_str(&format!(" ({error})"));
            }
        }
        (None, _) => text.push_str("was interrupted before it finished"),
    }
    text.push_str(&format!(
        "; repair the database by hand, then run `migrate stamp {}` if none of its changes remain, or `migrate stamp {revision}` if it did complete",
        parent_target(parents)
    ));
    text
}

/// The refusal for a revision whose run was killed during a statement outside a transaction.
fn interrupted_message(
    revision: &str,
    parents: &[String],
    at: &crate::history::RunningStatement,
) -> String {
    let parent = parent_target(parents);
    let index = at.index;
    let (done, undone, redo) = match at.direction {
        crate::StepDirection::Downgrade => (parent.as_str(), revision, "restore what it removed"),
        _ => (revision, parent.as_str(), "undo its partial work"),
    };
    let before = match index {
        1 => String::new(),
        2 => "statement 1 completed, ".to_owned(),
        _ => format!("statements 1 to {} completed, ", index - 1),
    };
    let after = if index < at.total {
        ", and the statements after it did not run"
    } else {
        ""
    };
    format!(
        "revision {revision} is marked `running`: a run that executed it outside a transaction was killed or lost its connection during {} statement {index} of {}: {}; {before}statement {index} may or may not have taken effect{after}; check whether statement {index} took effect, then either complete the {} by hand and run `migrate stamp {done}`, or {redo} and run `migrate stamp {undone}` to run it again",
        at.direction.as_str(),
        at.total,
        at.statement,
        at.direction.as_str(),
    )
}

/// The message of a checksum mismatch, refused ([`Error::ChecksumMismatch`]) or tolerated
/// ([`Warning::ChecksumMismatch`](crate::Warning::ChecksumMismatch)).
pub(crate) fn checksum_message(
    revision: &str,
    path: &str,
    recorded: &str,
    current: &str,
) -> String {
    format!(
        "revision {revision} ({path}) was changed after it was applied: the database recorded checksum {recorded}, the file now has {current}; restore the file and add a new revision instead, or set `Options::on_checksum_mismatch` to `OnMismatch::Warn`"
    )
}

/// A database's error message, sanitized: the [`source`](std::error::Error::source) of
/// [`Error::Database`] and [`Error::Connection`].
#[derive(Debug)]
pub(crate) struct DatabaseMessage(pub(crate) String);

impl std::fmt::Display for DatabaseMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DatabaseMessage {}

impl Error {
    pub(crate) fn database(what: &str, error: impl std::fmt::Display) -> Self {
        Error::Database {
            message: what.to_owned(),
            source: Some(Box::new(DatabaseMessage(crate::url::sanitize(
                &error.to_string(),
            )))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StepDirection;

    #[test]
    fn interrupted_downgrade_says_which_stamp_is_which() {
        let error = Error::Running {
            revision: "b2".into(),
            parents: vec!["a1".into()],
            statement: None,
            error: None,
            interrupted: Some(Box::new(crate::history::RunningStatement::new(
                StepDirection::Downgrade,
                0,
                2,
                "DROP TABLE t",
            ))),
        };
        assert_eq!(
            error.to_string(),
            "revision b2 is marked `running`: a run that executed it outside a transaction was killed or lost its connection during downgrade statement 1 of 2: DROP TABLE t; statement 1 may or may not have taken effect, and the statements after it did not run; check whether statement 1 took effect, then either complete the downgrade by hand and run `migrate stamp a1`, or restore what it removed and run `migrate stamp b2` to run it again"
        );
    }
}
