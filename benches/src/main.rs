//! The benchmark suite: migrate side by side with diesel_migrations and the database's own floor, measured in
//! the same run so the figures are ratios that hold on a noisy machine.
//!
//! ```text
//! cargo run --release -p migrate-bench --features postgres            # every section; writes BENCHMARKS.md
//! cargo run --release -p migrate-bench --features postgres -- core    # some sections (apply noop startup build core cli mysql schema); prints only
//! cargo run --release -p migrate-bench --features postgres,mysql -- mysql   # the MySQL/MariaDB section
//! ```
//!
//! Environment: `MIGRATE_BENCH_RUNS` (runs per measurement, default 5), `MIGRATE_BENCH_PG` (a PostgreSQL
//! URL whose server the suite may create the database `migrate_bench` on; default
//! `postgres://postgres@127.0.0.1:5432/test`), `MIGRATE_BENCH_MYSQL` (the same for MySQL/MariaDB, section
//! `mysql` and, with feature `mysql`, MySQL in sections `apply` and `noop`; default
//! `mysql://root@127.0.0.1:3306/test`). A server the run needs must answer: the suite fails rather than
//! skip it.

mod apply;
mod build_cost;
mod fixtures;
mod memory_source;
mod notes;
mod report;
mod scale;
mod schema;
mod startup;
mod stats;
#[cfg(feature = "mysql")]
mod tracking;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use migrate_core::HeadsPolicy;

use crate::apply::{Target, Workload, apply_runs, no_op_runs, open_postgres, open_sqlite};
use crate::build_cost::{EmbedCrate, Tool};
use crate::fixtures::{Shape, write_migrate_folder};
use crate::memory_source::MemorySource;
use crate::report::Report;
use crate::scale::{core_scale, dangling_scale, process_runs, stamp_heads_scale};

/// The sections, in the order they run.
const SECTIONS: [&str; 8] = [
    "apply", "noop", "startup", "build", "core", "cli", "mysql", "schema",
];

/// Starts of each start-up binary per run of the other sections: a start takes about 3 ms, and the
/// spread between starts (the scheduler, page faults) is a tenth of that, so a median of 20 moved by
/// a few percent between sessions.
const STARTUP_RUNS_PER_RUN: usize = 20;

/// Revisions applied in the apply and no-op sections.
const APPLY_COUNT: usize = 1_000;
/// The comment added to every down section in the second start-up measurement (real down sections are
/// longer than the generated one-line `DROP TABLE`, and migrate's history stores them).
const STARTUP_DOWN_PADDING: usize = 1_000;

#[derive(Debug)]
struct Settings {
    workspace: PathBuf,
    scratch: PathBuf,
    tmpfs: PathBuf,
    pg_url: String,
    #[cfg_attr(
        not(feature = "mysql"),
        allow(dead_code, reason = "read by the MySQL measurements only")
    )]
    mysql_url: String,
    runs: usize,
}

impl Settings {
    fn from_env() -> Result<Settings> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("the bench crate lives in the workspace")?
            .to_path_buf();
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace.join("target"));
        let runs = match std::env::var("MIGRATE_BENCH_RUNS") {
            Ok(v) => v
                .parse()
                .with_context(|| format!("MIGRATE_BENCH_RUNS={v:?} is not a number"))?,
            Err(_) => 5,
        };
        ensure!(runs > 0, "MIGRATE_BENCH_RUNS must be at least 1");
        Ok(Settings {
            scratch: target.join("migrate-bench"),
            tmpfs: PathBuf::from("/dev/shm/migrate-bench"),
            pg_url: std::env::var("MIGRATE_BENCH_PG")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned()),
            mysql_url: std::env::var("MIGRATE_BENCH_MYSQL")
                .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".to_owned()),
            workspace,
            runs,
        })
    }
}

fn main() -> Result<()> {
    let chosen: Vec<String> = std::env::args().skip(1).collect();
    for section in &chosen {
        if !SECTIONS.contains(&section.as_str()) {
            bail!("unknown section {section:?}; the sections are {SECTIONS:?}");
        }
    }
    let all = chosen.is_empty();
    let wanted = |s: &str| all || chosen.iter().any(|c| c == s);
    let settings = Settings::from_env()?;
    let mut report = Report::new(settings.runs, &settings.workspace);

    if wanted("apply") || wanted("noop") {
        let work = workload(&settings)?;
        let targets = [
            Target::Sqlite {
                label: "tmpfs",
                path: settings.tmpfs.join("apply.db"),
            },
            Target::Sqlite {
                label: "disk",
                path: settings.scratch.join("apply.db"),
            },
        ];
        let postgres = Target::Postgres {
            admin_url: settings.pg_url.clone(),
        };
        report.versions(&targets[0], &postgres, open_sqlite, open_postgres)?;
        if wanted("apply") {
            for target in &targets {
                eprintln!("apply: {}", target.label());
                let results = apply_runs(target, &open_sqlite, &work, settings.runs)?;
                report.apply(target, &results, 1.10);
            }
            eprintln!("apply: {}", postgres.label());
            let results = apply_runs(&postgres, &open_postgres, &work, settings.runs)?;
            report.apply(&postgres, &results, 1.02);
            #[cfg(feature = "mysql")]
            {
                let mysql = Target::Mysql {
                    admin_url: settings.mysql_url.clone(),
                };
                eprintln!("apply: {}", mysql.label());
                let results = apply_runs(&mysql, &apply::open_mysql, &work, settings.runs)?;
                report.apply(&mysql, &results, 1.10);
            }
        }
        if wanted("noop") {
            let runs = settings.runs * 4;
            for count in [100, APPLY_COUNT] {
                let work = if count == APPLY_COUNT {
                    &work
                } else {
                    &workload_of(&settings, count)?
                };
                eprintln!("no-op check: {count} revisions");
                let sqlite = no_op_runs(&targets[0], &open_sqlite, work, runs)?;
                report.no_op(&targets[0], count, &sqlite);
                let pg = no_op_runs(&postgres, &open_postgres, work, runs)?;
                report.no_op(&postgres, count, &pg);
                #[cfg(feature = "mysql")]
                {
                    let mysql = Target::Mysql {
                        admin_url: settings.mysql_url.clone(),
                    };
                    let my = no_op_runs(&mysql, &apply::open_mysql, work, runs)?;
                    report.no_op(&mysql, count, &my);
                }
            }
        }
    }
    if wanted("startup") {
        let root = settings.scratch.join("build");
        for down_padding in [0, STARTUP_DOWN_PADDING] {
            eprintln!(
                "startup: binaries embedding {APPLY_COUNT} revisions, down sections +{down_padding} bytes"
            );
            let runs = startup::startup_runs(
                &root,
                &settings.tmpfs,
                &settings.workspace,
                APPLY_COUNT,
                down_padding,
                settings.runs * STARTUP_RUNS_PER_RUN,
            )?;
            report.startup(APPLY_COUNT, down_padding, &runs);
        }
    }
    if wanted("build") {
        let root = settings.scratch.join("build");
        let tools = [Tool::Migrate, Tool::Diesel];
        let crates = tools
            .iter()
            .map(|&tool| EmbedCrate::create(tool, &root, &settings.workspace))
            .collect::<Result<Vec<_>>>()?;
        for count in [1, 1_000, 10_000] {
            eprintln!("build: {count} revisions");
            for krate in &crates {
                krate.set_migrations(count)?;
            }
            let samples = build_cost::rebuild_runs(&crates, count, settings.runs.min(3))?;
            for (tool, samples) in tools.into_iter().zip(&samples) {
                report.build(tool, count, samples);
            }
        }
    }
    if wanted("core") {
        for shape in [Shape::Linear, Shape::Branched] {
            for count in [10_000, 100_000] {
                eprintln!("core: {} {count}", shape.name());
                let dir = settings
                    .scratch
                    .join(format!("core-{}-{count}", shape.name()));
                report.core(
                    shape,
                    count,
                    &core_scale(&dir, count, shape, settings.runs)?,
                );
            }
        }
        for count in [2_000, 8_000] {
            eprintln!("core: {count} dangling references");
            let dir = settings.scratch.join(format!("core-dangling-{count}"));
            report.dangling(count, &dangling_scale(&dir, count, settings.runs)?);
        }
        for count in [16_000, 32_000] {
            eprintln!("core: stamp heads over {count} heads");
            let dir = settings.scratch.join(format!("core-heads-{count}"));
            report.stamp_heads(count, &stamp_heads_scale(&dir, count, settings.runs)?);
        }
    }
    if wanted("cli") {
        let migrate = build_cli(&settings)?;
        let anchor = process_runs(Path::new("true"), &[], "", settings.runs * 4)?;
        report.cli_anchor(&anchor);
        for count in [1_000, 10_000] {
            let dir = settings.scratch.join(format!("cli-{count}"));
            write_migrate_folder(&dir, count, Shape::Linear)?;
            let dir_arg = dir.display().to_string();
            let last = fixtures::revision_id(count - 1);
            for command in ["history", "heads"] {
                eprintln!("cli: {command} {count}");
                let args = ["--dir", dir_arg.as_str(), command];
                let samples = process_runs(&migrate, &args, &last, settings.runs * 4)?;
                report.cli(command, count, &samples, &anchor);
            }
            std::fs::remove_dir_all(&dir)?;
        }
    }
    if wanted("mysql") {
        mysql_section(&settings, &mut report, all)?;
    }
    if wanted("schema") {
        // Every read first: reading after introspecting (hundreds of tables created and read back) measured
        // the 1,000-table read a third slower than in a fresh process.
        for tables in [500, 1_000] {
            eprintln!("schema: {tables} tables");
            report.schema(tables, schema::schema_scale(tables, settings.runs)?);
        }
        for tables in [500, 1_000] {
            eprintln!("schema: introspecting {tables} tables");
            report.introspect(
                tables,
                schema::introspect_scale(tables, settings.runs, Some(&settings.pg_url))?,
            );
        }
    }

    let text = report.finish();
    if all {
        let path = settings.workspace.join("BENCHMARKS.md");
        std::fs::write(&path, &text)?;
        eprintln!("wrote {}", path.display());
    }
    println!("{text}");
    Ok(())
}

/// The apply workload: the graph of `count` linear revisions, loaded as the CLI would, and diesel's copy.
fn workload_of(settings: &Settings, count: usize) -> Result<Workload> {
    let dir = settings.scratch.join(format!("apply-{count}"));
    write_migrate_folder(&dir, count, Shape::Linear)?;
    let graph = migrate_core::load_and_validate(&dir, &settings.scratch, HeadsPolicy::Single)
        .map_err(|d| anyhow::anyhow!("generated folder invalid:\n{d}"))?;
    Ok(Workload {
        graph,
        diesel: MemorySource::new(count),
        count,
    })
}

fn workload(settings: &Settings) -> Result<Workload> {
    workload_of(settings, APPLY_COUNT)
}

/// The MySQL section (feature `mysql`): what recording the running statement costs per statement.
#[cfg(feature = "mysql")]
fn mysql_section(settings: &Settings, report: &mut Report, _all: bool) -> Result<()> {
    eprintln!("mysql: recording the running statement");
    report.tracking(&tracking::tracking_runs(
        &settings.mysql_url,
        &settings.scratch,
        settings.runs,
    )?);
    Ok(())
}

#[cfg(not(feature = "mysql"))]
fn mysql_section(_settings: &Settings, _report: &mut Report, all: bool) -> Result<()> {
    if all {
        eprintln!("mysql: skipped (built without the `mysql` feature)");
        return Ok(());
    }
    bail!("the mysql section needs `--features postgres,mysql`")
}

/// Builds the `migrate` binary in release mode; its path.
fn build_cli(settings: &Settings) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "migrate-cli",
            "--bin",
            "migrate",
        ])
        .current_dir(&settings.workspace)
        .status()
        .context("cannot run cargo")?;
    ensure!(status.success(), "building the migrate CLI failed");
    let target = settings
        .scratch
        .parent()
        .context("scratch is under target")?;
    Ok(target.join("release").join("migrate"))
}
