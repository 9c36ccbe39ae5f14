//! The steps run outside a transaction (`Transactional: false`, and every step on MySQL): marked
//! `running`, their statements one by one, then recorded (see the parent module).

use std::time::Instant;

use super::{Run, Sink, Step, begin, ms};
use crate::backend::Backend;
use crate::error::Error;
use crate::history::{NewHistoryRow, RunningStatement, State};
use crate::report::{StepDirection, StepReport};
use crate::split::statements;
use crate::time::now_utc;

/// A marked step's `running` marker as it was written: when, and the statements it counted (split once,
/// whether the marker went alone or with the previous step's record).
pub(super) struct Marker<'s> {
    started_at: String,
    statements: Vec<&'s str>,
}

impl Run<'_, '_> {
    /// `step`'s marker, stamped now.
    fn marker<'s>(&self, step: &'s Step<'_>, backend: Backend) -> Marker<'s> {
        Marker {
            started_at: now_utc(),
            statements: statements(self.sql(step), backend),
        }
    }

    /// The statement that writes `marker`: the `running` history row a revision run outside a transaction
    /// gets before its first statement.
    fn mark(&self, step: &Step<'_>, marker: &Marker<'_>) -> String {
        let Marker {
            started_at,
            statements,
        } = marker;
        let first = statements
            .first()
            .map(|sql| RunningStatement::new(step.direction, 0, statements.len(), sql).to_string());
        match step.direction {
            StepDirection::Upgrade => self.tables.insert_history(&NewHistoryRow {
                running_statement: first,
                ..step.history_row(State::Running, started_at.clone(), 0)
            }),
            _ => self.tables.set_state(
                &step.revision.id,
                State::Running,
                started_at,
                0,
                first.as_deref(),
            ),
        }
    }

    /// Runs a revision outside a transaction: marked `running` first (unless `ahead`, its marker written
    /// with the previous revision's record, says it already is), its statements, then its record and log
    /// row in one transaction. When `next` also runs outside a transaction, its marker goes in that
    /// transaction too, so each revision costs one commit besides its own statements' (on MySQL, with
    /// `innodb_flush_log_at_trx_commit = 1`, one flush of the redo log less); should that transaction
    /// fail, it is rolled back and the record written alone, so a failure of the marker is the next
    /// revision's. Returns the next revision's marker when it was written.
    pub(super) fn marked<'s>(
        &mut self,
        sink: &mut impl Sink,
        step: &'s Step<'_>,
        ahead: Option<Marker<'s>>,
        next: Option<&'s Step<'_>>,
    ) -> Result<(StepReport, Option<Marker<'s>>), Error> {
        self.create_tables(sink)?;
        let backend = sink.backend();
        let Marker {
            started_at,
            statements,
        } = match ahead {
            Some(marker) => marker,
            None => {
                let marker = self.marker(step, backend);
                self.book(sink, &self.mark(step, &marker))?;
                marker
            }
        };
        let running = |index: usize| {
            statements.get(index).map(|sql| {
                RunningStatement::new(step.direction, index, statements.len(), sql).to_string()
            })
        };
        let clock = Instant::now();
        for (index, statement) in statements.iter().enumerate() {
            if index > 0
                && let Some(text) = running(index)
            {
                self.book(
                    sink,
                    &self.tables.set_running_statement(&step.revision.id, &text),
                )?;
            }
            if let Err(error) = sink.exec(statement) {
                // A revision that opened its own transaction (`BEGIN; ...; COMMIT;`) failed inside it: end
                // that transaction first, so the failure is logged outside it (SQLite would lose the row
                // with the transaction; PostgreSQL refuses every write in an aborted one). Without an
                // open transaction this does nothing (SQLite's "no transaction is active" is ignored).
                let _ = sink.exec("ROLLBACK");
                let ms = ms(clock.elapsed(), self.offline);
                let log = step.log_row(started_at, ms, Some((statement, &error)));
                self.book(sink, &self.tables.insert_log(&log))?;
                return Err(self.statement_failed(step, index, statement, error, true));
            }
        }
        let duration = clock.elapsed();
        let ms = ms(duration, self.offline);
        let record = match step.direction {
            StepDirection::Upgrade => {
                self.tables
                    .set_state(&step.revision.id, State::Applied, &now_utc(), ms, None)
            }
            _ => self.tables.delete_history(&step.revision.id),
        };
        let log = self.tables.insert_log(&step.log_row(started_at, ms, None));
        let begin = begin(backend);
        if let Some(next) = next {
            let marker = self.marker(next, backend);
            if sink
                .exec_all(&[begin, &record, &log, &self.mark(next, &marker), "COMMIT"])
                .is_ok()
            {
                return Ok((step.report(duration, statements.len()), Some(marker)));
            }
            let _ = sink.exec("ROLLBACK");
        }
        if let Err(error) = sink.exec_all(&[begin, &record, &log, "COMMIT"]) {
            let _ = sink.exec("ROLLBACK");
            return Err(Error::database("cannot write the migration history", error));
        }
        Ok((step.report(duration, statements.len()), None))
    }
}
