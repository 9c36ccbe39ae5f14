//! The steps run outside a transaction (`Transactional: false`, and every step on MySQL): marked
//! `running`, their statements one by one, then recorded (see the parent module).

use std::time::Instant;

use super::{Run, Sink, Step, begin, ms};
use crate::error::Error;
use crate::history::{NewHistoryRow, RunningStatement, State};
use crate::report::{StepDirection, StepReport};
use crate::split::statements;
use crate::time::now_utc;

impl Run<'_, '_> {
    /// The `running` marker a revision run outside a transaction gets before its first statement.
    fn marker(&self, step: &Step<'_>, started_at: &str, statements: &[&str]) -> String {
        let first = statements
            .first()
            .map(|sql| RunningStatement::new(step.direction, 0, statements.len(), sql).to_string());
        match step.direction {
            StepDirection::Upgrade => self.tables.insert_history(&NewHistoryRow {
                running_statement: first,
                ..step.history_row(State::Running, started_at.to_owned(), 0)
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

    /// Runs a revision outside a transaction: marked `running` first (unless `ahead`, the time its
    /// marker was written with the previous revision's record, says it already is), its statements, then
    /// its record and log row in one transaction. When `next` also runs outside a transaction, its marker
    /// goes in that transaction too, so each revision costs one commit besides its own statements' (on
    /// MySQL, with `innodb_flush_log_at_trx_commit = 1`, one flush of the redo log less); should that
    /// transaction fail, it is rolled back and the record written alone, so a failure of the marker is
    /// the next revision's. Returns the time of the next revision's marker when it was written.
    pub(super) fn marked(
        &mut self,
        sink: &mut impl Sink,
        step: &Step<'_>,
        ahead: Option<String>,
        next: Option<&Step<'_>>,
    ) -> Result<(StepReport, Option<String>), Error> {
        self.create_tables(sink)?;
        let backend = sink.backend();
        let statements = statements(self.sql(step), backend);
        let started_at = match ahead {
            Some(at) => at,
            None => {
                let at = now_utc();
                self.book(sink, &self.marker(step, &at, &statements))?;
                at
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
            let at = now_utc();
            let marker = self.marker(
                next,
                &at,
                &crate::split::statements(self.sql(next), backend),
            );
            if sink
                .exec_all(&[begin, &record, &log, &marker, "COMMIT"])
                .is_ok()
            {
                return Ok((step.report(duration, statements.len()), Some(at)));
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
