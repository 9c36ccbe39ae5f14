//! What recording the running statement costs on MySQL/MariaDB (section `mysql`, feature `mysql`).
//!
//! One revision of [`STATEMENTS`] small statements (a `CREATE TABLE`, then one-row `INSERT`s), applied to a
//! fresh database by migrate, which marks the revision `running` and, before each statement after the
//! first, records in the marker which statement starts (one `UPDATE` each). Two floors, through one Diesel
//! connection, measured in the same run: the statements with the marker insert and the final update only
//! (no tracking), and the same plus one `UPDATE` of the marker row before each statement (what tracking
//! sends). The difference of the floors, divided by the statements, is the cost per statement.

use anyhow::{Context, Result, ensure};
use diesel::MysqlConnection;
use diesel::connection::{Connection, SimpleConnection};
use migrate_core::HeadsPolicy;
use migrate_runtime::{MigrationConnection, Migrator};

use crate::stats::{Samples, time};

/// Statements in the revision.
pub const STATEMENTS: usize = 200;

const DATABASE: &str = "migrate_bench";

/// The three measurements.
#[derive(Debug, Default)]
pub struct Tracking {
    /// migrate's upgrade (tracking).
    pub migrate: Samples,
    /// The statements plus marker insert and final update.
    pub floor: Samples,
    /// The floor plus one marker `UPDATE` before each statement after the first.
    pub tracked_floor: Samples,
    /// The server, as `SELECT VERSION()` says.
    pub server: String,
}

fn statements() -> Vec<String> {
    let mut all = vec!["CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY)".to_owned()];
    all.extend((1..STATEMENTS).map(|i| format!("INSERT INTO t (id) VALUES ({i})")));
    all
}

fn database_url(admin_url: &str) -> String {
    let base = admin_url.split('?').next().unwrap_or(admin_url);
    match base.rfind('/') {
        Some(slash) if slash > "mysql://".len() => format!("{}/{DATABASE}", &base[..slash]),
        _ => format!("{base}/{DATABASE}"),
    }
}

fn fresh(admin_url: &str) -> Result<MysqlConnection> {
    let mut admin = MysqlConnection::establish(admin_url).with_context(|| {
        format!("MySQL does not answer at {admin_url} (start it, or set MIGRATE_BENCH_MYSQL)")
    })?;
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {DATABASE}"))?;
    admin.batch_execute(&format!("CREATE DATABASE {DATABASE}"))?;
    MysqlConnection::establish(&database_url(admin_url)).map_err(Into::into)
}

fn rows(conn: &mut MysqlConnection) -> Result<i64> {
    conn.query_count("SELECT CAST(COUNT(*) AS SIGNED) AS n FROM t")?
        .context("no count")
}

/// The floor: the statements, a marker row before and its update after; `track` adds the per-statement
/// `UPDATE`.
fn floor(conn: &mut MysqlConnection, statements: &[String], track: bool) -> Result<()> {
    conn.batch_execute(
        "CREATE TABLE h (revision VARCHAR(64) NOT NULL PRIMARY KEY, state VARCHAR(16) NOT NULL, running_statement LONGTEXT)",
    )?;
    conn.batch_execute(
        "INSERT INTO h (revision, state, running_statement) VALUES ('r1', 'running', 'upgrade statement 1 of 200: CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY)')",
    )?;
    for (i, statement) in statements.iter().enumerate() {
        if track && i > 0 {
            conn.batch_execute(&format!(
                "UPDATE h SET running_statement = 'upgrade statement {} of {}: {statement}' WHERE revision = 'r1'",
                i + 1,
                statements.len()
            ))?;
        }
        conn.batch_execute(statement)?;
    }
    conn.batch_execute(
        "UPDATE h SET state = 'applied', running_statement = NULL WHERE revision = 'r1'",
    )?;
    Ok(())
}

/// `runs` runs of each, interleaved.
pub fn tracking_runs(admin_url: &str, scratch: &std::path::Path, runs: usize) -> Result<Tracking> {
    let statements = statements();
    let dir = scratch.join("tracking");
    crate::fixtures::reset_dir(&dir)?;
    std::fs::write(
        dir.join("r1.sql"),
        format!(
            "-- Revision ID: r1\n\n-- migrate:up\n{};\n",
            statements.join(";\n")
        ),
    )?;
    let graph = migrate_core::load_and_validate(&dir, scratch, HeadsPolicy::Single)
        .map_err(|d| anyhow::anyhow!("generated folder invalid:\n{d}"))?;
    let mut out = Tracking::default();
    let mut conn = fresh(admin_url)?;
    out.server = migrate_runtime::MigrationConnection::query_texts(
        &mut conn,
        "SELECT CAST(VERSION() AS CHAR) AS t",
    )?
    .pop()
    .unwrap_or_default();
    for _ in 0..runs {
        let mut conn = fresh(admin_url)?;
        let (elapsed, report) = time(|| Migrator::new(&graph).upgrade(&mut conn, "head"));
        ensure!(report?.steps.len() == 1, "migrate applied nothing");
        ensure!(
            rows(&mut conn)? == STATEMENTS as i64 - 1,
            "migrate lost rows"
        );
        out.migrate.push(elapsed);
        for (track, samples) in [(false, &mut out.floor), (true, &mut out.tracked_floor)] {
            let mut conn = fresh(admin_url)?;
            let (elapsed, result) = time(|| floor(&mut conn, &statements, track));
            result?;
            ensure!(
                rows(&mut conn)? == STATEMENTS as i64 - 1,
                "the floor lost rows"
            );
            samples.push(elapsed);
        }
    }
    Ok(out)
}
