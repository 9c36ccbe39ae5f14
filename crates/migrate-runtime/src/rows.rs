//! The rows of the history and log tables as the API hands them out, and the raw rows Diesel decodes.

use diesel::sql_types::{BigInt, Nullable, Text};

use crate::report::StepDirection;

/// What a history row records about its revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Its up section ran to completion.
    Applied,
    /// Recorded by `stamp`; no SQL ran.
    Stamped,
    /// A run started it outside a transaction and has not (yet) finished it.
    Running,
}

impl State {
    /// The text stored in the `state` column.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Applied => "applied",
            State::Stamped => "stamped",
            State::Running => "running",
        }
    }

    fn parse(text: &str) -> State {
        match text {
            "stamped" => State::Stamped,
            "running" => State::Running,
            _ => State::Applied,
        }
    }
}

/// What `upgrade` reads of a history row (see `Tables::select_summary`), borrowed from the query's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SummaryRow<'t> {
    pub revision: &'t str,
    pub state: State,
    pub checksum: &'t str,
}

impl<'t> SummaryRow<'t> {
    /// Parses `revision state checksum` (revision ids and checksums hold no spaces).
    pub fn parse(text: &'t str) -> SummaryRow<'t> {
        let mut parts = text.splitn(3, ' ');
        let revision = parts.next().unwrap_or_default();
        let state = State::parse(parts.next().unwrap_or_default());
        SummaryRow {
            revision,
            state,
            checksum: parts.next().unwrap_or_default(),
        }
    }
}

/// What the lock-free first look of an upgrade reads of the history
/// ([`Tables::select_glance`](crate::history::Tables::select_glance)), borrowed from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Glance<'t> {
    /// How many rows the history holds.
    pub count: usize,
    /// How many are `running`.
    pub running: usize,
    revisions: &'t str,
    checksums: &'t str,
}

/// The first look's one row as Diesel decodes it. Four columns rather than one text: a concatenation
/// copies the lists (74 KB with 1,000 checksums), and in a fresh process every copy is pages to fault in.
#[derive(diesel::QueryableByName)]
pub(crate) struct RawGlance {
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    running: i64,
    #[diesel(sql_type = Text)]
    revisions: String,
    #[diesel(sql_type = Text)]
    checksums: String,
}

impl RawGlance {
    pub(crate) fn into_parts(self) -> (i64, i64, String, String) {
        (self.n, self.running, self.revisions, self.checksums)
    }
}

impl<'t> Glance<'t> {
    /// The glance of a row: the counts and the comma-separated lists.
    pub fn new(
        count: i64,
        running: i64,
        revisions: &'t str,
        checksums: &'t str,
    ) -> Option<Glance<'t>> {
        Some(Glance {
            count: usize::try_from(count).ok()?,
            running: usize::try_from(running).ok()?,
            revisions,
            checksums,
        })
    }

    /// Parses `count;running;revision,...;checksum,...` (the tests' shorthand for a row).
    #[cfg(test)]
    pub fn parse(text: &'t str) -> Option<Glance<'t>> {
        let mut parts = text.splitn(4, ';');
        Some(Glance {
            count: parts.next()?.parse().ok()?,
            running: parts.next()?.parse().ok()?,
            revisions: parts.next()?,
            checksums: parts.next()?,
        })
    }

    /// Calls `each` with every row's revision and checksum, in the order the database read them, until it
    /// returns `false`; whether it returned `true` for all of them and they were as many as counted (a
    /// list that MySQL cut short holds fewer; a value cut in the middle still counts, but matches nothing).
    ///
    /// The database aggregates the two lists separately, each in the order it reads the rows; were the
    /// orders ever to differ, a revision would meet another's checksum and the look would find drift and
    /// leave the run to the locked read, never find a match that is not there.
    pub fn each_row(&self, mut each: impl FnMut(&'t str, &'t str) -> bool) -> bool {
        let list = |part: &'t str| part.split(',').filter(|value| !value.is_empty());
        let mut rows = 0;
        for (revision, checksum) in list(self.revisions).zip(list(self.checksums)) {
            if !each(revision, checksum) {
                return false;
            }
            rows += 1;
        }
        rows == self.count
    }
}

/// One row of the history table: a revision recorded as applied (or stamped, or running).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HistoryRow {
    /// The revision id.
    pub revision: String,
    /// Its parents (`Revises`).
    pub parents: Vec<String>,
    /// The revision ids it depends on (`Depends On`, labels resolved).
    pub depends_on: Vec<String>,
    /// Its message.
    pub message: String,
    /// The checksum of its up section when it was applied.
    pub checksum: String,
    /// Its down section, so a build that no longer knows the revision can still downgrade it.
    pub down_sql: Option<String>,
    /// Applied, stamped or running.
    pub state: State,
    /// When it was applied, UTC, `YYYY-MM-DD HH:MM:SS.mmm`.
    pub applied_at: String,
    /// How long its up section took, in milliseconds.
    pub execution_time_ms: i64,
    /// For a `running` row: the statement a run outside a transaction started last (see
    /// [`RunningStatement`]); `None` otherwise.
    pub running_statement: Option<String>,
}

/// Which statement a revision run outside a transaction (every MySQL revision, `Transactional: false`
/// elsewhere) started last, as its `running` history row records it before each statement: after a kill,
/// the statements before it completed, it may or may not have taken effect, and those after it did not run.
/// Stored in the `running_statement` column as its `Display`: `upgrade statement 2 of 5: CREATE INDEX ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RunningStatement {
    /// Whether the up (upgrade) or the down (downgrade) section was running.
    pub direction: StepDirection,
    /// 1-based index of the statement in its section.
    pub index: usize,
    /// How many statements the section has.
    pub total: usize,
    /// The statement, on one line, cut after 200 characters.
    pub statement: String,
}

impl RunningStatement {
    /// The record for statement `index` (0-based) of `total`.
    pub(crate) fn new(direction: StepDirection, index: usize, total: usize, sql: &str) -> Self {
        RunningStatement {
            direction,
            index: index + 1,
            total,
            statement: crate::error::one_line(sql),
        }
    }

    /// Parses the stored text; `None` if it is not in the form [`Display`](std::fmt::Display) writes.
    pub fn parse(text: &str) -> Option<RunningStatement> {
        let (direction, rest) = text.split_once(" statement ")?;
        let direction = match direction {
            "upgrade" => StepDirection::Upgrade,
            "downgrade" => StepDirection::Downgrade,
            _ => return None,
        };
        let (index, rest) = rest.split_once(" of ")?;
        let (total, statement) = rest.split_once(": ")?;
        Some(RunningStatement {
            direction,
            index: index.parse().ok()?,
            total: total.parse().ok()?,
            statement: statement.to_owned(),
        })
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for RunningStatement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} statement {} of {}: {}",
            self.direction.as_str(),
            self.index,
            self.total,
            self.statement
        )
    }
}

/// How a logged step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It completed.
    Ok,
    /// A statement failed; the row names it and the database's error.
    Failed,
}

impl Outcome {
    /// `ok` or `failed`, as stored in the log table.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
        }
    }

    /// Reads the stored text; anything but `ok` is a failure.
    fn parse(text: &str) -> Outcome {
        if text == "ok" {
            Outcome::Ok
        } else {
            Outcome::Failed
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the append-only log table: a step taken.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LogRow {
    /// Increasing id.
    pub id: i64,
    /// The revision of the step.
    pub revision: String,
    /// Upgrade, downgrade or stamp (`Display` gives the stored text).
    pub direction: StepDirection,
    /// When the step started, UTC, `YYYY-MM-DD HH:MM:SS.mmm`.
    pub started_at: String,
    /// How long it took, in milliseconds.
    pub duration_ms: i64,
    /// Ok or failed (`Display` gives the stored text).
    pub outcome: Outcome,
    /// The failing statement, for a failed step.
    pub statement: Option<String>,
    /// The database's error, for a failed step.
    pub error: Option<String>,
}

#[derive(diesel::QueryableByName)]
pub(crate) struct RawHistory {
    #[diesel(sql_type = Text)]
    revision: String,
    #[diesel(sql_type = Text)]
    parents: String,
    #[diesel(sql_type = Text)]
    depends_on: String,
    #[diesel(sql_type = Text)]
    message: String,
    #[diesel(sql_type = Text)]
    checksum: String,
    #[diesel(sql_type = Nullable<Text>)]
    down_sql: Option<String>,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Text)]
    applied_at: String,
    #[diesel(sql_type = BigInt)]
    execution_time_ms: i64,
    #[diesel(sql_type = Nullable<Text>)]
    running_statement: Option<String>,
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl From<RawHistory> for HistoryRow {
    fn from(raw: RawHistory) -> Self {
        HistoryRow {
            revision: raw.revision,
            parents: split_list(&raw.parents),
            depends_on: split_list(&raw.depends_on),
            message: raw.message,
            checksum: raw.checksum,
            down_sql: raw.down_sql,
            state: State::parse(&raw.state),
            applied_at: raw.applied_at,
            execution_time_ms: raw.execution_time_ms,
            running_statement: raw.running_statement,
        }
    }
}

#[derive(diesel::QueryableByName)]
pub(crate) struct RawLog {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    revision: String,
    #[diesel(sql_type = Text)]
    direction: String,
    #[diesel(sql_type = Text)]
    started_at: String,
    #[diesel(sql_type = BigInt)]
    duration_ms: i64,
    #[diesel(sql_type = Text)]
    outcome: String,
    #[diesel(sql_type = Nullable<Text>)]
    statement: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    error: Option<String>,
}

impl From<RawLog> for LogRow {
    fn from(raw: RawLog) -> Self {
        LogRow {
            id: raw.id,
            revision: raw.revision,
            direction: StepDirection::parse(&raw.direction),
            started_at: raw.started_at,
            duration_ms: raw.duration_ms,
            outcome: Outcome::parse(&raw.outcome),
            statement: raw.statement,
            error: raw.error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of a glance, when they are all there.
    fn rows(text: &str) -> Option<(usize, Vec<(&str, &str)>)> {
        let glance = Glance::parse(text)?;
        let mut rows = Vec::new();
        glance
            .each_row(|revision, checksum| {
                rows.push((revision, checksum));
                true
            })
            .then_some((glance.running, rows))
    }

    #[test]
    fn glance_and_texts_cut_short() {
        assert_eq!(
            rows("2;1;a1,b2;c1,c2"),
            Some((1, vec![("a1", "c1"), ("b2", "c2")]))
        );
        assert_eq!(rows("0;0;;"), Some((0, Vec::new())));
        // A list cut between values: fewer than counted.
        assert_eq!(rows("3;0;a1,b2,c3;c1,c2"), None);
        assert_eq!(rows("3;0;a1,b2,c3;c1,c2,"), None);
        assert_eq!(rows("3;0;a1,b2"), None);
        // Cut inside the last checksum: counted, but it is a prefix.
        assert_eq!(
            rows("2;0;a1,b2;c1,c"),
            Some((0, vec![("a1", "c1"), ("b2", "c")]))
        );
        assert_eq!(rows(""), None);
        assert_eq!(rows("2;x;a1,b2;c1,c2"), None);
        // Stopping early is not a match.
        let glance = Glance::parse("2;0;a1,b2;c1,c2").unwrap();
        assert!(!glance.each_row(|revision, _| revision == "a1"));
    }

    #[test]
    fn running_statement_round_trip() {
        let at = RunningStatement::new(
            StepDirection::Downgrade,
            2,
            5,
            "CREATE INDEX i\n    ON t (a): b",
        );
        let text = at.to_string();
        assert_eq!(
            text,
            "downgrade statement 3 of 5: CREATE INDEX i ON t (a): b"
        );
        assert_eq!(RunningStatement::parse(&text), Some(at));
        assert_eq!(RunningStatement::parse("stamp statement 1 of 1: x"), None);
        assert_eq!(RunningStatement::parse("upgrade statement x of 1: x"), None);
    }
}
