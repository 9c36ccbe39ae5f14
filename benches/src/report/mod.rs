//! Turns measurements into BENCHMARKS.md: machine, versions, medians with min–max, ratios against the anchors
//! measured in the same run, and each target of the suite with whether this run met it.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::Result;
use diesel::dsl::sql;
use diesel::sql_types::Text;
use diesel::{PgConnection, RunQueryDsl, SqliteConnection};

use crate::apply::{Method, NoOp, Target};
use crate::build_cost::Tool;
use crate::fixtures::Shape;
use crate::notes::{
    APPLY_CAUSE, MYSQL_APPLY_CAUSE, NO_OP_CAUSE, NOTES, SINGLE_CAUSE, STARTUP_CAUSE,
};
use crate::scale::CoreScale;
use crate::schema::{IntrospectScale, SchemaScale};
use crate::stats::{Samples, show};

mod sections;

/// The report being written.
#[derive(Debug)]
pub struct Report {
    header: String,
    versions: String,
    targets: Vec<String>,
    apply: String,
    no_op: String,
    build: Vec<(Tool, usize, Samples)>,
    core: Vec<(Shape, usize, Samples, String)>,
    dangling: Vec<(usize, Samples)>,
    stamp_heads: Vec<(usize, Samples)>,
    cli: String,
    startup: String,
    mysql: String,
    schema: Vec<(usize, SchemaScale)>,
    introspect: Vec<(usize, IntrospectScale)>,
}

fn first_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_owned))
        .unwrap_or_else(|| format!("{program}: not found"))
}

fn proc_value(file: &str, key: &str) -> String {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split(':').nth(1))
                .map(|v| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn locked_version(workspace: &Path, name: &str) -> String {
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).unwrap_or_default();
    let needle = format!("name = \"{name}\"\nversion = \"");
    lock.find(&needle)
        .map(|at| {
            let rest = &lock[at + needle.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_owned()
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

/// [`verdict`], naming for a miss what the suite knows to be its cause.
fn because(met: bool, cause: &str) -> String {
    if met {
        "met".to_owned()
    } else {
        format!("**missed**: {cause}")
    }
}

impl Report {
    /// Starts the report: command, machine, tool versions.
    pub fn new(runs: usize, workspace: &Path) -> Report {
        let mut header = String::new();
        let _ = writeln!(
            header,
            "# Benchmarks\n\nWritten by `cargo run --release -p migrate-bench --features postgres` (the whole suite; `-- apply noop startup build core cli schema` \
             runs some sections and only prints; `--features postgres,mysql` adds the `mysql` section and MySQL to `apply` and `noop`). Every figure is the median of {runs} runs (no-op and CLI: {} runs; whole-process start-up: {} starts of each binary, interleaved) \
             with min–max in parentheses; ratios are of medians measured in the same run. Each tool's result is \
             checked before its time counts (tables created, steps run, revisions embedded).\n",
            runs * 4,
            runs * crate::STARTUP_RUNS_PER_RUN
        );
        let _ = writeln!(
            header,
            "- Machine: {}, {} cores, {} RAM; {}",
            proc_value("/proc/cpuinfo", "model name"),
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            proc_value("/proc/meminfo", "MemTotal"),
            first_line("uname", &["-sr"]),
        );
        let _ = writeln!(
            header,
            "- {}; diesel {}, diesel_migrations {}, migrate {}",
            first_line("rustc", &["-V"]),
            locked_version(workspace, "diesel"),
            locked_version(workspace, "diesel_migrations"),
            env!("CARGO_PKG_VERSION"),
        );
        Report {
            header,
            versions: String::new(),
            targets: Vec::new(),
            apply: String::new(),
            no_op: String::new(),
            build: Vec::new(),
            core: Vec::new(),
            dangling: Vec::new(),
            stamp_heads: Vec::new(),
            cli: String::new(),
            startup: String::new(),
            mysql: String::new(),
            schema: Vec::new(),
            introspect: Vec::new(),
        }
    }

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
        let get = |m: Method| results.iter().find(|(r, _)| *r == m).map(|(_, s)| s);
        let every = |m: Method| get(m).expect("every target runs the per-revision methods");
        let floor = every(Method::FloorPerRevision);
        let floor_single = get(Method::FloorSingle);
        let _ = writeln!(
            self.apply,
            "\n### {}\n\n| method | time | × per-revision floor | × one-transaction floor |\n|---|---:|---:|---:|",
            target.label()
        );
        for (method, samples) in results {
            let single =
                floor_single.map_or("–".to_owned(), |f| format!("{:.2}", samples.ratio(f)));
            let _ = writeln!(
                self.apply,
                "| {} | {} | {:.2} | {single} |",
                method.name(),
                samples.summary(),
                samples.ratio(floor),
            );
        }
        let per_revision = every(Method::MigratePerRevision).ratio(floor);
        let diesel = every(Method::Diesel).ratio(floor);
        let is_sqlite = matches!(target, Target::Sqlite { .. });
        self.targets.push(format!(
            "| Apply 1,000, {}: migrate per-revision ≤ {per_revision_target:.2}× the floor{} | {per_revision:.2}× (diesel_migrations {diesel:.2}×) | {} |",
            target.label(),
            if is_sqlite { " and faster than diesel_migrations" } else { "" },
            because(
                per_revision <= per_revision_target && (!is_sqlite || per_revision < diesel),
                if target.methods().len() < Method::ALL.len() {
                    MYSQL_APPLY_CAUSE
                } else {
                    APPLY_CAUSE
                }
            ),
        ));
        if let (Some(single), Some(floor_single)) = (get(Method::MigrateSingle), floor_single) {
            let single = single.ratio(floor_single);
            self.targets.push(format!(
                "| Apply 1,000, {}: single-transaction mode ≤ 1.10× the one-transaction floor | {single:.2}× | {} |",
                target.label(),
                because(single <= 1.10, SINGLE_CAUSE)
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
        // The target holds at 100 and at 1,000 applied revisions alike.
        self.targets.push(format!(
            "| No-op check, {} with {count} applied: no slower than diesel_migrations | {ratio:.2}× ({} vs {} statements) | {} |",
            target.label(),
            migrate.round_trips,
            diesel.round_trips,
            because(ratio <= 1.0, NO_OP_CAUSE)
        ));
    }

    /// The whole-process start-up of both tools' binaries, with `down_padding` bytes added to every down
    /// section.
    pub fn startup(
        &mut self,
        count: usize,
        down_padding: usize,
        startup: &crate::startup::Startup,
    ) {
        let ratio = startup.migrate.ratio(&startup.diesel);
        let downs = if down_padding == 0 {
            "one-line down sections".to_owned()
        } else {
            format!("down sections of {down_padding} more bytes")
        };
        if self.startup.is_empty() {
            let _ = writeln!(
                self.startup,
                "A release binary embedding {count} revisions, started against an up-to-date SQLite database on tmpfs: process start, opening the database, reading the embedded table, the no-op check.\n\n| binary | migrations | time | ÷ diesel_migrations |\n|---|---|---:|---:|",
            );
        }
        let _ = writeln!(
            self.startup,
            "| migrate `upgrade head` | {downs} | {} | {ratio:.2} |\n| diesel_migrations `run_pending_migrations` | {downs} | {} | 1.00 |",
            startup.migrate.summary(),
            startup.diesel.summary(),
        );
        self.targets.push(format!(
            "| Start-up, whole process, {count} revisions ({downs}), SQLite: no slower than diesel_migrations' binary | {ratio:.2}× | {} |",
            because(ratio <= 1.0, STARTUP_CAUSE)
        ));
    }

    /// One build-cost measurement.
    pub fn build(&mut self, tool: Tool, count: usize, samples: &Samples) {
        self.build.push((tool, count, samples.clone()));
    }

    /// One core-scale measurement.
    pub fn core(&mut self, shape: Shape, count: usize, scale: &CoreScale) {
        let phases = format!(
            "{} | {} | {}",
            show(scale.load.median()),
            show(scale.validate.median()),
            show(scale.plan.median())
        );
        self.core.push((shape, count, scale.total.clone(), phases));
    }

    /// One measurement of a folder whose `Revises` all dangle.
    pub fn dangling(&mut self, count: usize, samples: &Samples) {
        self.dangling.push((count, samples.clone()));
    }

    /// One measurement of planning `stamp heads` over many heads.
    pub fn stamp_heads(&mut self, count: usize, samples: &Samples) {
        self.stamp_heads.push((count, samples.clone()));
    }

    /// The process-start anchor of the CLI section.
    pub fn cli_anchor(&mut self, anchor: &Samples) {
        let _ = writeln!(
            self.cli,
            "| command | revisions | time | × `true` (process start) |\n|---|---:|---:|---:|\n| `true` | – | {} | 1.00 |",
            anchor.summary()
        );
    }

    /// One CLI measurement.
    pub fn cli(&mut self, command: &str, count: usize, samples: &Samples, anchor: &Samples) {
        let _ = writeln!(
            self.cli,
            "| `migrate {command}` | {count} | {} | {:.1} |",
            samples.summary(),
            samples.ratio(anchor)
        );
        if command == "history" && count == 1_000 {
            let median = samples.median();
            self.targets.push(format!(
                "| CLI: `migrate history` on 1,000 revisions under 20 ms | {} | {} |",
                show(median),
                verdict(median.as_millis() < 20)
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

    /// One schema-scale measurement.
    pub fn schema(&mut self, tables: usize, scale: SchemaScale) {
        self.schema.push((tables, scale));
    }

    pub fn introspect(&mut self, tables: usize, scale: IntrospectScale) {
        self.introspect.push((tables, scale));
    }

    /// The Markdown text.
    pub fn finish(mut self) -> String {
        let build = self.build_section();
        let core = self.core_section();
        let schema = self.schema_section();
        let mut out = self.header.clone();
        out.push_str(&self.versions);
        if !self.targets.is_empty() {
            out.push_str("\n## Targets\n\n| target | this run | |\n|---|---|---|\n");
            for line in &self.targets {
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push_str(NOTES);
        let sections = [
            ("Apply 1,000 revisions to a fresh database", &self.apply),
            ("No-op start-up check (everything applied)", &self.no_op),
            ("Whole-process start-up, everything applied", &self.startup),
            (
                "Build cost: rebuild after touching the source of a crate embedding N revisions",
                &build,
            ),
            ("Core scale: load + validate + plan in process", &core),
            ("CLI, whole process, folder of N revisions", &self.cli),
            (
                "MySQL/MariaDB: recording the running statement",
                &self.mysql,
            ),
            (
                "Schema scale: read and print a generated `schema.rs`, introspect a database",
                &schema,
            ),
        ];
        for (title, body) in sections {
            if !body.is_empty() {
                let _ = write!(out, "\n## {title}\n\n{body}");
            }
        }
        out
    }
}
