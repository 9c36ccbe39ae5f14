//! Running steps: the one engine behind online runs and offline scripts.
//!
//! The engine writes every statement, migration SQL and bookkeeping alike, to a [`Sink`]: the database
//! ([`DbSink`]) or a script ([`ScriptSink`]). So the offline script is, statement for statement, what an
//! online run executes (timestamps and durations aside).
//!
//! Per step:
//! - **atomic** (PostgreSQL and SQLite, `Transactional: true`): `BEGIN` with the first statement, the other
//!   statements one call each, then the history row, the log row and `COMMIT` in one call. With
//!   [`TransactionMode::Single`] one `BEGIN`/`COMMIT` goes around the whole run and the history and log
//!   rows are written in batches (`batch.rs`) with the `COMMIT`. A failing statement rolls everything back:
//!   schema, history and log are as before.
//! - **marked** (`Transactional: false`, and every step on MySQL, whose DDL commits implicitly): the history
//!   row is written with state `running` first, the statements run one by one, each after the row's
//!   `running_statement` says which one starts (the marker itself names the first), then the row becomes
//!   `applied` (or is deleted, for a downgrade) together with the log row, in one transaction that also
//!   writes the next marked step's marker (one commit a step besides its statements'; should it fail, it
//!   is rolled back and the record written alone). A failing statement appends a `failed` log row with
//!   the statement and the error, and leaves the marker for the next run to refuse.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use migrate_core::Revision;

use crate::backend::Backend;
use crate::batch::Batch;
use crate::connection::MigrationConnection;
use crate::error::Error;
use crate::history::{NewHistoryRow, NewLogRow, State, Tables};
use crate::options::TransactionMode;
use crate::report::{StepDirection, StepEvent, StepReport};
use crate::split::{render_statement, statements};
use crate::time::now_utc;
use crate::trace;
use crate::url::sanitize;

mod marked;

/// Where the engine's SQL goes.
pub(crate) trait Sink {
    fn backend(&self) -> Backend;
    /// Runs (or writes) one statement; the error is the database's message.
    fn exec(&mut self, sql: &str) -> Result<(), String>;
    /// Runs (or writes) statements that stand or fall together; the database gets them in one call (one
    /// round trip), a script one by one.
    fn exec_all(&mut self, statements: &[&str]) -> Result<(), String> {
        statements.iter().try_for_each(|sql| self.exec(sql))
    }
    /// Writes a comment line (scripts only; a database sink does not even format it).
    fn comment(&mut self, _line: &dyn std::fmt::Display) {}
}

/// Runs statements on a connection.
pub(crate) struct DbSink<'c, C: MigrationConnection>(pub &'c mut C);

impl<C: MigrationConnection> Sink for DbSink<'_, C> {
    fn backend(&self) -> Backend {
        self.0.backend()
    }
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        self.0.run_sql(sql).map_err(|e| sanitize(&e.to_string()))
    }
    fn exec_all(&mut self, statements: &[&str]) -> Result<(), String> {
        self.exec(&statements.join(";\n"))
    }
}

/// Collects statements into a script for the backend's own client.
#[derive(Debug)]
pub(crate) struct ScriptSink {
    pub backend: Backend,
    pub text: String,
}

impl ScriptSink {
    /// A script that starts with `header` (comment lines) and then with what the backend's client needs
    /// first (for MySQL `SET NAMES utf8mb4`: see `backend/mysql.rs`).
    pub(crate) fn new(backend: Backend, header: String) -> ScriptSink {
        let mut text = header;
        text.push_str(backend.dialect().script_prelude());
        ScriptSink { backend, text }
    }
}

impl Sink for ScriptSink {
    fn backend(&self) -> Backend {
        self.backend
    }
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        // The `;` goes where the client sees it (not inside a trailing line comment); the mysql client needs
        // `DELIMITER` for a statement with semicolons of its own (a routine body). psql and sqlite3 find
        // the same statement ends as the splitter.
        self.text.push_str(&render_statement(sql, self.backend));
        Ok(())
    }
    fn comment(&mut self, line: &dyn std::fmt::Display) {
        use std::fmt::Write as _;
        let _ = write!(self.text, "\n-- {line}\n");
    }
}

/// One step to take, with what its history row needs.
#[derive(Debug, Clone)]
pub(crate) struct Step<'g> {
    /// Borrowed from the graph (a revision rebuilt from a history row is owned).
    pub revision: Cow<'g, Revision>,
    /// `Depends On` resolved to revision ids.
    pub depends_on: Vec<String>,
    pub direction: StepDirection,
    /// For a stamp: remove the row (rather than add it).
    pub removed: bool,
    /// For a stamp: the row exists as `running`; record it as `stamped`.
    pub confirm: bool,
}

impl Step<'_> {
    pub(crate) fn event(&self) -> StepEvent {
        StepEvent {
            direction: self.direction,
            revision: self.revision.id.to_string(),
            parents: self
                .revision
                .parents
                .iter()
                .map(|p| p.to_string())
                .collect(),
            message: self.revision.message.to_string(),
            removed: self.removed,
        }
    }

    fn history_row(&self, state: State, at: String, ms: i64) -> NewHistoryRow<'_> {
        NewHistoryRow {
            revision: &self.revision,
            depends_on: &self.depends_on,
            state,
            applied_at: at,
            execution_time_ms: ms,
            running_statement: None,
        }
    }

    fn log_row<'a>(
        &'a self,
        started_at: String,
        ms: i64,
        failure: Option<(&'a str, &'a str)>,
    ) -> NewLogRow<'a> {
        NewLogRow {
            revision: &self.revision.id,
            direction: self.direction,
            started_at,
            duration_ms: ms,
            failure,
        }
    }

    fn report(&self, duration: Duration, statements: usize) -> StepReport {
        let event = self.event();
        StepReport {
            revision: event.revision,
            parents: event.parents,
            message: event.message,
            direction: self.direction,
            duration,
            statements,
        }
    }
}

/// The engine's settings for one run.
pub(crate) struct Run<'a, 'cb> {
    pub tables: Tables<'a>,
    pub mode: TransactionMode,
    /// Whether the history and log tables still have to be created (by the first write).
    pub create_tables: bool,
    pub on_step: Option<&'a mut (dyn FnMut(&StepEvent) + 'cb)>,
    /// Offline: durations are written as 0.
    pub offline: bool,
}

fn begin(backend: Backend) -> &'static str {
    backend.dialect().begin()
}

fn ms(duration: Duration, offline: bool) -> i64 {
    if offline {
        0
    } else {
        i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
    }
}

impl Run<'_, '_> {
    fn announce(&mut self, sink: &mut impl Sink, step: &Step<'_>) {
        // The event is built for whoever reads it: a script's comment, `tracing`, the callback.
        if !(self.offline || cfg!(feature = "tracing") || self.on_step.is_some()) {
            return;
        }
        let event = step.event();
        sink.comment(&event);
        if !self.offline {
            trace::step_started(&event);
        }
        if let Some(callback) = self.on_step.as_mut() {
            callback(&event);
        }
    }

    fn book(&self, sink: &mut impl Sink, sql: &str) -> Result<(), Error> {
        sink.exec(sql)
            .map_err(|e| Error::database("cannot write the migration history", e))
    }

    fn create_tables(&mut self, sink: &mut impl Sink) -> Result<(), Error> {
        if self.create_tables {
            for sql in self.tables.create() {
                self.book(sink, &sql)?;
            }
            self.create_tables = false;
        }
        Ok(())
    }

    /// Runs upgrade or downgrade steps in order.
    pub fn steps(
        &mut self,
        sink: &mut impl Sink,
        steps: &[Step<'_>],
    ) -> Result<Vec<StepReport>, Error> {
        let backend = sink.backend();
        let mut in_txn = false;
        let mut batch = Batch::default();
        let mut reports = Vec::with_capacity(steps.len());
        let atomic = |step: &Step<'_>| backend.transactional_ddl() && step.revision.transactional;
        // The next revision's `running` marker, when it was written with the previous record.
        let mut marked_ahead = None;
        for (index, step) in steps.iter().enumerate() {
            self.announce(sink, step);
            let result = if atomic(step) {
                self.atomic(sink, step, &mut in_txn, &mut batch)
            } else {
                if in_txn {
                    if let Err(error) = self.commit(sink, &mut batch) {
                        let _ = sink.exec("ROLLBACK");
                        return Err(error);
                    }
                    in_txn = false;
                }
                let next = steps.get(index + 1).filter(|next| !atomic(next));
                self.marked(sink, step, marked_ahead.take(), next)
                    .map(|(report, ahead)| {
                        marked_ahead = ahead;
                        report
                    })
            };
            match result {
                Ok(report) => {
                    if !self.offline {
                        trace::step_done(&report);
                    }
                    reports.push(report);
                }
                Err(error) => {
                    trace::step_failed(&step.event(), &error);
                    if in_txn {
                        let _ = sink.exec("ROLLBACK");
                    }
                    return Err(error);
                }
            }
        }
        if in_txn && let Err(error) = self.commit(sink, &mut batch) {
            let _ = sink.exec("ROLLBACK");
            return Err(error);
        }
        Ok(reports)
    }

    /// Writes the batched rows and commits, in one call.
    fn commit(&self, sink: &mut impl Sink, batch: &mut Batch<'_>) -> Result<(), Error> {
        self.write_batch(sink, batch, Some("COMMIT"))
    }

    /// Writes the batched rows, followed by `then`, in one call.
    fn write_batch(
        &self,
        sink: &mut impl Sink,
        batch: &mut Batch<'_>,
        then: Option<&str>,
    ) -> Result<(), Error> {
        let statements = batch.take(&self.tables);
        let statements: Vec<&str> = statements.iter().map(String::as_str).chain(then).collect();
        sink.exec_all(&statements)
            .map_err(|e| Error::database("cannot write the migration history", e))
    }

    fn sql<'s>(&self, step: &'s Step<'_>) -> &'s str {
        match step.direction {
            StepDirection::Upgrade => &step.revision.up_sql,
            _ => step.revision.down_sql.as_deref().unwrap_or(""),
        }
    }

    fn statement_failed(
        &self,
        step: &Step<'_>,
        index: usize,
        statement: &str,
        error: String,
        left_running: bool,
    ) -> Error {
        Error::StatementFailed {
            revision: step.revision.id.to_string(),
            parents: step
                .revision
                .parents
                .iter()
                .map(|p| p.to_string())
                .collect(),
            index: index + 1,
            statement: statement.to_owned(),
            error,
            left_running,
        }
    }

    fn atomic<'s>(
        &mut self,
        sink: &mut impl Sink,
        step: &'s Step<'_>,
        in_txn: &mut bool,
        batch: &mut Batch<'s>,
    ) -> Result<StepReport, Error> {
        let statements = statements(self.sql(step), sink.backend());
        // `BEGIN` travels with the first statement (one round trip less per revision) unless the history
        // tables are created first, so a failure there is not blamed on the revision.
        let mut pending_begin = None;
        if !*in_txn {
            *in_txn = true;
            if self.create_tables || statements.is_empty() {
                self.book(sink, begin(sink.backend()))?;
            } else {
                pending_begin = Some(begin(sink.backend()));
            }
        }
        self.create_tables(sink)?;
        let started_at = now_utc();
        let clock = Instant::now();
        for (index, statement) in statements.iter().enumerate() {
            let result = match pending_begin.take() {
                Some(begin) => sink.exec_all(&[begin, statement]),
                None => sink.exec(statement),
            };
            if let Err(error) = result {
                return Err(self.statement_failed(step, index, statement, error, false));
            }
        }
        let duration = clock.elapsed();
        let ms = ms(duration, self.offline);
        match step.direction {
            StepDirection::Upgrade => {
                batch.insert(step.history_row(State::Applied, now_utc(), ms));
            }
            _ => batch.delete(&step.revision.id),
        }
        batch.log(step.log_row(started_at, ms, None));
        if self.mode == TransactionMode::PerRevision {
            // The bookkeeping and the COMMIT in one round trip: a failure among them leaves the
            // transaction open (or aborted), and `steps` rolls it back.
            self.commit(sink, batch)?;
            *in_txn = false;
        } else if batch.is_full() {
            self.write_batch(sink, batch, None)?;
        }
        Ok(step.report(duration, statements.len()))
    }

    /// Records a stamp: removals, then confirmations of `running` rows, then additions, in one transaction.
    pub fn stamp(
        &mut self,
        sink: &mut impl Sink,
        steps: &[Step<'_>],
    ) -> Result<Vec<StepReport>, Error> {
        let backend = sink.backend();
        if !backend.transactional_ddl() {
            self.create_tables(sink)?;
        }
        self.book(sink, begin(backend))?;
        let result = (|| {
            self.create_tables(sink)?;
            let mut reports = Vec::with_capacity(steps.len());
            for step in steps {
                self.announce(sink, step);
                let at = now_utc();
                let record = if step.removed {
                    self.tables.delete_history(&step.revision.id)
                } else if step.confirm {
                    self.tables
                        .set_state(&step.revision.id, State::Stamped, &at, 0, None)
                } else {
                    self.tables
                        .insert_history(&step.history_row(State::Stamped, at.clone(), 0))
                };
                self.book(sink, &record)?;
                self.book(sink, &self.tables.insert_log(&step.log_row(at, 0, None)))?;
                reports.push(step.report(Duration::ZERO, 0));
            }
            Ok(reports)
        })();
        match result {
            Ok(reports) => {
                self.book(sink, "COMMIT")?;
                Ok(reports)
            }
            Err(error) => {
                let _ = sink.exec("ROLLBACK");
                Err(error)
            }
        }
    }
}
