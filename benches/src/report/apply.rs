//! The apply and no-op sections, the database servers' versions, and the MySQL section.

use std::fmt::Write as _;

use anyhow::Result;
use diesel::dsl::sql;
use diesel::sql_types::Text;
use diesel::{PgConnection, RunQueryDsl, SqliteConnection};

use super::{Report, verdict};
use crate::apply::{Method, NoOp, Target};
use crate::stats::Samples;
#[cfg(feature = "mysql")]
use crate::stats::show;

impl Report {
    /// Records the database servers' versions.
    pub fn versions(
        &mut self,
        sqlite: &Target,
        postgres: &Target,
        open_sqlite: fn(&Target) -> Result<SqliteConnection>,
        open_postgres: fn(&Target) -> Result<PgConnection>,
    ) -> Result<()> {
        let sqlite_version: String = diesel::select(sql::<Text>("sqlite_version()"))
            .get_result(&mut open_sqlite(sqlite)?)?;
        let mut pg = open_postgres(postgres)?;
        let pg_version: String =
            diesel::select(sql::<Text>("current_setting('server_version')")).get_result(&mut pg)?;
        let synchronous: String =
            diesel::select(sql::<Text>("current_setting('synchronous_commit')"))
                .get_result(&mut pg)?;
        self.versions = format!(
            "- SQLite {sqlite_version} (bundled, default journal mode and `synchronous`); PostgreSQL {pg_version} \
             (`synchronous_commit = {synchronous}`)\n"
        );
        Ok(())
    }

    /// The apply section for one database; `per_revision_target` is the ratio to the floor to meet.
    pub fn apply(
        &mut self,
        target: &Target,
        results: &[(Method, Samples)],
        per_revision_target: f64,
    ) {
        let get = |m: Method| {
            &results
                .iter()
                .find(|(r, _)| *r == m)
                .expect("every method")
                .1
        };
        let floor = get(Method::FloorPerRevision);
        let floor_single = get(Method::FloorSingle);
        let _ = writeln!(
            self.apply,
            "\n### {}\n\n| method | time | × per-revision floor | × one-transaction floor |\n|---|---:|---:|---:|",
            target.label()
        );
        for (method, samples) in results {
            let _ = writeln!(
                self.apply,
                "| {} | {} | {:.2} | {:.2} |",
                method.name(),
                samples.summary(),
                samples.ratio(floor),
                samples.ratio(floor_single)
            );
        }
        let per_revision = get(Method::MigratePerRevision).ratio(floor);
        let diesel = get(Method::Diesel).ratio(floor);
        let single = get(Method::MigrateSingle).ratio(floor_single);
        let is_sqlite = matches!(target, Target::Sqlite { .. });
        self.targets.push(format!(
            "| Apply 1,000, {}: migrate per-revision ≤ {per_revision_target:.2}× the floor{} | {per_revision:.2}× (diesel_migrations {diesel:.2}×) | {} |",
            target.label(),
            if is_sqlite { " and faster than diesel_migrations" } else { "" },
            verdict(per_revision <= per_revision_target && (!is_sqlite || per_revision < diesel)),
        ));
        if is_sqlite {
            self.targets.push(format!(
                "| Apply 1,000, {}: single-transaction mode ≤ 1.20× the one-transaction floor | {single:.2}× | {} |",
                target.label(),
                verdict(single <= 1.20)
            ));
        }
    }

    /// One no-op start-up check comparison.
    pub fn no_op(&mut self, target: &Target, count: usize, (migrate, diesel): &(NoOp, NoOp)) {
        if self.no_op.is_empty() {
            self.no_op.push_str(
                "| database | applied | migrate `upgrade head` | statements | diesel `run_pending_migrations` | statements | migrate ÷ diesel |\n|---|---:|---:|---:|---:|---:|---:|\n",
            );
        }
        let ratio = migrate.samples.ratio(&diesel.samples);
        let _ = writeln!(
            self.no_op,
            "| {} | {count} | {} | {} | {} | {} | {ratio:.2} |",
            target.label(),
            migrate.samples.summary(),
            migrate.round_trips,
            diesel.samples.summary(),
            diesel.round_trips,
        );
        if count == crate::APPLY_COUNT {
            self.targets.push(format!(
                "| No-op check, {} with {count} applied: no slower than diesel_migrations | {ratio:.2}× ({} vs {} statements) | {} |",
                target.label(),
                migrate.round_trips,
                diesel.round_trips,
                verdict(ratio <= 1.0)
            ));
        }
    }
    /// The MySQL section: what recording the running statement costs.
    #[cfg(feature = "mysql")]
    pub fn tracking(&mut self, t: &crate::tracking::Tracking) {
        let n = crate::tracking::STATEMENTS;
        let per = |s: &Samples| show(s.median() / n as u32);
        let _ = writeln!(
            self.mysql,
            "{}, loopback; one revision of {n} statements (`CREATE TABLE`, then one-row `INSERT`s), run outside a transaction as on every MySQL revision.\n\n| run | time | per statement |\n|---|---:|---:|\n| migrate `upgrade` (records the running statement) | {} | {} |\n| floor: the statements, marker insert and final update | {} | {} |\n| floor + one marker `UPDATE` before each statement after the first | {} | {} |\n",
            t.server,
            t.migrate.summary(),
            per(&t.migrate),
            t.floor.summary(),
            per(&t.floor),
            t.tracked_floor.summary(),
            per(&t.tracked_floor),
        );
        let cost = t.tracked_floor.median().saturating_sub(t.floor.median()) / (n as u32 - 1);
        let _ = writeln!(
            self.mysql,
            "Recording the running statement costs {} per statement (difference of the floors ÷ {}); migrate takes {:.2}× the floor with tracking.",
            show(cost),
            n - 1,
            t.migrate.ratio(&t.tracked_floor)
        );
    }
}
