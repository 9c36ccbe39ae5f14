//! The refusals that protect data before a run changes anything: a revision left `running`, and checksum
//! drift of applied revisions.

use migrate_core::RevisionGraph;

use crate::connection::MigrationConnection;
use crate::error::Error;
use crate::history::{RunningStatement, State};
use crate::migrator::Migrator;
use crate::options::OnMismatch;
use crate::rebuild::HISTORY_SOURCE;
use crate::report::Warning;
use crate::views::Db;

impl Migrator<'_> {
    /// Refuses to go on while a revision is marked `running`, naming the statement that failed (from the
    /// log) or, for a run that was killed, the statement it was running (from the marker).
    pub(crate) fn refuse_running(
        &self,
        conn: &mut impl MigrationConnection,
        db: &Db,
    ) -> Result<(), Error> {
        let Some(row) = db.rows.iter().find(|r| r.state == State::Running) else {
            return Ok(());
        };
        let log = self.read_log(conn)?;
        // A failed log row belongs to this marker when it has the marker's start time (an older failure
        // of the same revision, resolved by a stamp since, does not).
        let last = log.iter().rev().find(|l| l.revision == row.revision);
        let failed = last.filter(|l| {
            l.outcome == crate::rows::Outcome::Failed && l.started_at == row.applied_at
        });
        Err(Error::Running {
            revision: row.revision.clone(),
            parents: row.parents.clone(),
            statement: failed.and_then(|l| l.statement.clone()),
            error: failed.and_then(|l| l.error.clone()),
            interrupted: if failed.is_some() {
                None
            } else {
                row.running_statement
                    .as_deref()
                    .and_then(RunningStatement::parse)
                    .map(Box::new)
            },
        })
    }

    /// Checksum drift of known, applied revisions (`(revision, recorded checksum)` pairs): an error, or
    /// warnings with `OnMismatch::Warn`.
    pub(crate) fn check_checksums<'r>(
        &self,
        graph: &RevisionGraph,
        recorded: impl IntoIterator<Item = (&'r str, &'r str)>,
    ) -> Result<Vec<Warning>, Error> {
        let mut warnings = Vec::new();
        for (id, checksum) in recorded {
            let Some(revision) = graph.get(id) else {
                continue;
            };
            let synthetic = revision.source.path.ends_with(HISTORY_SOURCE);
            if revision.checksum != checksum && !synthetic {
                let (revision, path, recorded, current) = (
                    id.to_owned(),
                    revision.source.path.to_string(),
                    checksum.to_owned(),
                    revision.checksum.to_string(),
                );
                match self.options.on_checksum_mismatch {
                    OnMismatch::Error => {
                        return Err(Error::ChecksumMismatch {
                            revision,
                            path,
                            recorded,
                            current,
                        });
                    }
                    OnMismatch::Warn => warnings.push(Warning::ChecksumMismatch {
                        revision,
                        path,
                        recorded,
                        current,
                    }),
                }
            }
        }
        Ok(warnings)
    }
}
