//! Apply and no-op benchmarks on real databases: migrate (per-revision and single-transaction) against
//! diesel_migrations' `run_pending_migrations` and the database's own floor (the same statements through one
//! Diesel connection, one transaction per revision plus one history insert each, or one transaction for all).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result, bail, ensure};
use diesel::connection::InstrumentationEvent;
use diesel::connection::{Connection, SimpleConnection};
use diesel::migration::MigrationSource;
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::MigrationHarness;
use migrate_core::RevisionGraph;
use migrate_runtime::{MigrationConnection, Migrator, Options, TransactionMode};

use crate::fixtures::{diesel_version, up_sql};
use crate::memory_source::MemorySource;
use crate::stats::{Samples, time};

/// A database the suite applies to: a fresh one per run.
#[derive(Debug, Clone)]
pub enum Target {
    /// An SQLite file (on tmpfs or on disk).
    Sqlite { label: &'static str, path: PathBuf },
    /// A PostgreSQL database created for each run next to the one `admin_url` names.
    Postgres { admin_url: String },
    /// A MySQL/MariaDB database created for each run next to the one `admin_url` names.
    #[cfg(feature = "mysql")]
    Mysql { admin_url: String },
}

/// The database the suite creates (and drops) on PostgreSQL and MySQL.
const DATABASE: &str = "migrate_bench";

impl Target {
    /// As in the report.
    pub fn label(&self) -> String {
        match self {
            Target::Sqlite { label, path } => format!("SQLite, {label} ({})", path.display()),
            Target::Postgres { .. } => "PostgreSQL, loopback".to_owned(),
            #[cfg(feature = "mysql")]
            Target::Mysql { .. } => "MySQL/MariaDB, loopback".to_owned(),
        }
    }

    /// The methods that mean something here: on MySQL, whose DDL commits implicitly, there is no
    /// single-transaction mode (migrate runs every revision outside a transaction) and no one-transaction
    /// floor.
    pub fn methods(&self) -> &'static [Method] {
        match self {
            #[cfg(feature = "mysql")]
            Target::Mysql { .. } => &Method::ALL[..3],
            _ => &Method::ALL,
        }
    }

    fn fresh_sqlite(path: &Path) -> Result<SqliteConnection> {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::remove_file(&file)?;
            }
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        SqliteConnection::establish(&path.display().to_string())
            .with_context(|| format!("cannot open {}", path.display()))
    }

    fn fresh_postgres(admin_url: &str) -> Result<PgConnection> {
        let mut admin = PgConnection::establish(admin_url).with_context(|| {
            format!("PostgreSQL does not answer at {admin_url} (start it, or set MIGRATE_BENCH_PG)")
        })?;
        // Two calls: a multi-statement string runs as one implicit transaction, which these refuse.
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))?;
        admin.batch_execute(&format!("CREATE DATABASE {DATABASE}"))?;
        PgConnection::establish(&database_url(admin_url, DATABASE)).map_err(Into::into)
    }

    #[cfg(feature = "mysql")]
    fn fresh_mysql(admin_url: &str) -> Result<diesel::MysqlConnection> {
        let mut admin = diesel::MysqlConnection::establish(admin_url).with_context(|| {
            format!("MySQL does not answer at {admin_url} (start it, or set MIGRATE_BENCH_MYSQL)")
        })?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {DATABASE}"))?;
        admin.batch_execute(&format!("CREATE DATABASE {DATABASE}"))?;
        diesel::MysqlConnection::establish(&database_url(admin_url, DATABASE)).map_err(Into::into)
    }
}

/// `admin_url` with its database replaced by `database`.
fn database_url(admin_url: &str, database: &str) -> String {
    let base = admin_url.split('?').next().unwrap_or(admin_url);
    let host = base.find("://").map_or(0, |i| i + 3);
    match base[host..].find('/') {
        Some(slash) => format!("{}/{database}", &base[..host + slash]),
        None => format!("{base}/{database}"),
    }
}

/// One way of applying the N revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// migrate, one transaction per revision (the default).
    MigratePerRevision,
    /// migrate with `TransactionMode::Single`.
    MigrateSingle,
    /// diesel_migrations' `run_pending_migrations`.
    Diesel,
    /// The floor: one transaction per revision with its statement and one history insert.
    FloorPerRevision,
    /// The floor: every statement and history insert in one transaction.
    FloorSingle,
}

impl Method {
    /// Every method, in the order runs interleave them.
    pub const ALL: [Method; 5] = [
        Method::FloorPerRevision,
        Method::MigratePerRevision,
        Method::Diesel,
        Method::FloorSingle,
        Method::MigrateSingle,
    ];

    /// As in the report.
    pub fn name(self) -> &'static str {
        match self {
            Method::MigratePerRevision => "migrate `upgrade head` (per-revision transactions)",
            Method::MigrateSingle => "migrate `upgrade head` (`TransactionMode::Single`)",
            Method::Diesel => "diesel_migrations `run_pending_migrations`",
            Method::FloorPerRevision => {
                "floor: Diesel, one transaction + history insert per revision"
            }
            Method::FloorSingle => "floor: Diesel, one transaction for all",
        }
    }
}

/// What every method applies: the migrate graph and the same N revisions for diesel and the floors.
#[derive(Debug)]
pub struct Workload {
    pub graph: RevisionGraph,
    pub diesel: MemorySource,
    pub count: usize,
}

/// The connection operations the benchmarks need, for both Diesel connection types.
pub trait BenchConnection:
    Connection + SimpleConnection + MigrationConnection + MigrationHarness<Self::Backend> + 'static
{
    /// How many of the generated `t_<i>` tables exist.
    fn generated_tables(&mut self) -> Result<usize>;
}

fn count_from(conn: &mut impl MigrationConnection, sql: &str) -> Result<usize> {
    let n = conn
        .query_count(sql)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .unwrap_or(0);
    Ok(usize::try_from(n)?)
}

impl BenchConnection for SqliteConnection {
    fn generated_tables(&mut self) -> Result<usize> {
        count_from(
            self,
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\'",
        )
    }
}

impl BenchConnection for PgConnection {
    fn generated_tables(&mut self) -> Result<usize> {
        count_from(
            self,
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 't\\_%'",
        )
    }
}

#[cfg(feature = "mysql")]
impl BenchConnection for diesel::MysqlConnection {
    fn generated_tables(&mut self) -> Result<usize> {
        count_from(
            self,
            "SELECT CAST(COUNT(*) AS SIGNED) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 't\\_%'",
        )
    }
}

/// Applies the workload with `method` on `conn` (a fresh database); returns after checking the tables.
fn apply<C: BenchConnection>(conn: &mut C, method: Method, work: &Workload) -> Result<()>
where
    MemorySource: MigrationSource<C::Backend>,
{
    match method {
        Method::MigratePerRevision | Method::MigrateSingle => {
            let mode = if method == Method::MigrateSingle {
                TransactionMode::Single
            } else {
                TransactionMode::PerRevision
            };
            let options = Options::default().with_transaction_mode(mode);
            let report = Migrator::new(&work.graph)
                .with_options(options)
                .upgrade(conn, "head")?;
            ensure!(
                report.steps.len() == work.count,
                "migrate ran {} steps",
                report.steps.len()
            );
        }
        Method::Diesel => {
            let applied = conn
                .run_pending_migrations(work.diesel)
                .map_err(|e| anyhow::anyhow!("diesel_migrations: {e}"))?
                .len();
            ensure!(applied == work.count, "diesel_migrations ran {applied}");
        }
        Method::FloorPerRevision | Method::FloorSingle => floor(conn, method, work.count)?,
    }
    Ok(())
}

fn floor<C: BenchConnection>(conn: &mut C, method: Method, count: usize) -> Result<()> {
    conn.batch_execute(
        "CREATE TABLE floor_history (version VARCHAR(50) PRIMARY KEY, run_on TIMESTAMP DEFAULT CURRENT_TIMESTAMP)",
    )?;
    let one = |c: &mut C, i: usize| -> diesel::QueryResult<()> {
        c.batch_execute(&up_sql(i))?;
        c.batch_execute(&format!(
            "INSERT INTO floor_history (version) VALUES ('{}')",
            diesel_version(i)
        ))
    };
    if method == Method::FloorSingle {
        conn.transaction(|c| (0..count).try_for_each(|i| one(c, i)))?;
    } else {
        for i in 0..count {
            conn.transaction(|c| one(c, i))?;
        }
    }
    Ok(())
}

/// The medians of each method applying the workload `runs` times to a fresh database of `target`.
pub fn apply_runs<C: BenchConnection>(
    target: &Target,
    open: &dyn Fn(&Target) -> Result<C>,
    work: &Workload,
    runs: usize,
) -> Result<Vec<(Method, Samples)>>
where
    MemorySource: MigrationSource<C::Backend>,
{
    let mut results: Vec<(Method, Samples)> = target
        .methods()
        .iter()
        .map(|m| (*m, Samples::default()))
        .collect();
    // Run 0 warms the file system, the server and the caches for every method; it is not counted.
    for run in 0..=runs {
        for (method, samples) in &mut results {
            let mut conn = open(target)?;
            let (elapsed, outcome) = time(|| apply(&mut conn, *method, work));
            outcome.with_context(|| format!("{} on {}", method.name(), target.label()))?;
            let tables = conn.generated_tables()?;
            if tables != work.count {
                bail!(
                    "{} on {} left {tables} tables, not {}",
                    method.name(),
                    target.label(),
                    work.count
                );
            }
            if run > 0 {
                samples.push(elapsed);
            }
        }
    }
    Ok(results)
}

/// Opens a fresh SQLite database.
pub fn open_sqlite(target: &Target) -> Result<SqliteConnection> {
    match target {
        Target::Sqlite { path, .. } => Target::fresh_sqlite(path),
        _ => bail!("not an SQLite target"),
    }
}

/// Opens a fresh PostgreSQL database.
pub fn open_postgres(target: &Target) -> Result<PgConnection> {
    match target {
        Target::Postgres { admin_url } => Target::fresh_postgres(admin_url),
        _ => bail!("not a PostgreSQL target"),
    }
}

/// Opens a fresh MySQL/MariaDB database.
#[cfg(feature = "mysql")]
pub fn open_mysql(target: &Target) -> Result<diesel::MysqlConnection> {
    match target {
        Target::Mysql { admin_url } => Target::fresh_mysql(admin_url),
        _ => bail!("not a MySQL target"),
    }
}

/// Counts the statements a connection sends (Diesel's `StartQuery` events).
#[derive(Debug, Clone, Default)]
pub struct QueryCounter(Arc<AtomicUsize>);

impl QueryCounter {
    /// Installs the counter on `conn`.
    pub fn install(&self, conn: &mut impl Connection) {
        let count = Arc::clone(&self.0);
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                count.fetch_add(1, Ordering::Relaxed);
            }
        });
    }

    /// Reads and resets the count.
    pub fn take(&self) -> usize {
        self.0.swap(0, Ordering::Relaxed)
    }
}

/// A no-op start-up check: its times and the statements one check sends.
#[derive(Debug, Default)]
pub struct NoOp {
    pub samples: Samples,
    pub round_trips: usize,
}

/// Applies the workload once with migrate and once with diesel_migrations, then times `runs` no-op checks of
/// each (migrate's `upgrade head` with nothing to do, diesel's `run_pending_migrations` with nothing pending)
/// and counts the statements one check sends.
pub fn no_op_runs<C: BenchConnection>(
    target: &Target,
    open: &dyn Fn(&Target) -> Result<C>,
    work: &Workload,
    runs: usize,
) -> Result<(NoOp, NoOp)>
where
    MemorySource: MigrationSource<C::Backend>,
{
    let counter = QueryCounter::default();
    let mut conn = open(target)?;
    apply(&mut conn, Method::MigratePerRevision, work)?;
    counter.install(&mut conn);
    let mut migrator = Migrator::new(&work.graph);
    let mut migrate = NoOp::default();
    for _ in 0..runs {
        counter.take();
        let (elapsed, report) = time(|| migrator.upgrade(&mut conn, "head"));
        ensure!(report?.steps.is_empty(), "migrate found work to do");
        migrate.samples.push(elapsed);
        migrate.round_trips = counter.take();
    }

    // diesel_migrations on its own fresh database.
    let mut conn = open(target)?;
    apply(&mut conn, Method::Diesel, work)?;
    counter.install(&mut conn);
    let mut diesel = NoOp::default();
    for _ in 0..runs {
        counter.take();
        let (elapsed, applied) = time(|| conn.run_pending_migrations(work.diesel).map(|v| v.len()));
        let applied = applied.map_err(|e| anyhow::anyhow!("diesel_migrations: {e}"))?;
        ensure!(applied == 0, "diesel_migrations found work to do");
        diesel.samples.push(elapsed);
        diesel.round_trips = counter.take();
    }
    Ok((migrate, diesel))
}
