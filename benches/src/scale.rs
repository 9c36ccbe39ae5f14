//! Core scale (load + validate + plan in process) and the CLI's `history`/`heads` as whole processes.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, ensure};
use migrate_core::{HeadsPolicy, load_folder, validate};

use crate::fixtures::{Shape, write_dangling_folder, write_heads_folder, write_migrate_folder};
use crate::stats::{Samples, time};

/// One core-scale measurement: the phases' samples.
#[derive(Debug, Default)]
pub struct CoreScale {
    pub load: Samples,
    pub validate: Samples,
    pub plan: Samples,
    pub total: Samples,
}

/// Loads, validates and plans `upgrade head` from an empty database on a generated folder, `runs` times.
pub fn core_scale(dir: &Path, count: usize, shape: Shape, runs: usize) -> Result<CoreScale> {
    write_migrate_folder(dir, count, shape)?;
    let root = dir.parent().unwrap_or(dir);
    let mut result = CoreScale::default();
    for _ in 0..runs {
        let (load, loaded) = time(|| load_folder(dir, root));
        let (checked, graph) = time(|| validate(loaded, HeadsPolicy::Single));
        let graph = graph.map_err(|d| anyhow::anyhow!("generated folder invalid:\n{d}"))?;
        let (plan, steps) = time(|| {
            let empty = graph.applied_set([]).0;
            graph.plan_upgrade(&empty, "head").map(|p| p.steps.len())
        });
        ensure!(steps? == count, "the plan misses revisions");
        result.load.push(load);
        result.validate.push(checked);
        result.plan.push(plan);
        result.total.push(load + checked + plan);
    }
    std::fs::remove_dir_all(dir)?;
    Ok(result)
}

/// Loads and validates a folder of `count` revisions whose `Revises` all dangle, `runs` times; checks that every
/// reference is reported.
pub fn dangling_scale(dir: &Path, count: usize, runs: usize) -> Result<Samples> {
    write_dangling_folder(dir, count)?;
    let root = dir.parent().unwrap_or(dir);
    let mut samples = Samples::default();
    for _ in 0..runs {
        let (elapsed, result) =
            time(|| migrate_core::load_and_validate(dir, root, HeadsPolicy::AllowMultiple));
        let problems = result.err().map_or(0, |d| d.len());
        ensure!(
            problems == count,
            "{problems} problems reported for {count} dangling references"
        );
        samples.push(elapsed);
    }
    std::fs::remove_dir_all(dir)?;
    Ok(samples)
}

/// Plans `stamp heads` from an empty database over a folder of `count` roots (every one a head), `runs`
/// times; checks that every head is recorded. The overlap check between the requested heads is what used to
/// be quadratic.
pub fn stamp_heads_scale(dir: &Path, count: usize, runs: usize) -> Result<Samples> {
    write_heads_folder(dir, count)?;
    let root = dir.parent().unwrap_or(dir);
    let graph = migrate_core::load_and_validate(dir, root, HeadsPolicy::AllowMultiple)
        .map_err(|d| anyhow::anyhow!("generated folder invalid:\n{d}"))?;
    let empty = graph.applied_set([]).0;
    let mut samples = Samples::default();
    for _ in 0..runs {
        let (elapsed, plan) = time(|| graph.plan_stamp(&empty, &["heads"], false));
        let added = plan.map_err(|e| anyhow::anyhow!("{e}"))?.added.len();
        ensure!(added == count, "{added} of {count} heads stamped");
        samples.push(elapsed);
    }
    std::fs::remove_dir_all(dir)?;
    Ok(samples)
}

/// Runs `program args` `runs` times (after one warm-up), checking it succeeds and prints `expect`.
pub fn process_runs(program: &Path, args: &[&str], expect: &str, runs: usize) -> Result<Samples> {
    let mut samples = Samples::default();
    for run in 0..=runs {
        let (elapsed, output) = time(|| Command::new(program).args(args).output());
        let output = output.with_context(|| format!("cannot run {}", program.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        ensure!(
            output.status.success() && stdout.contains(expect),
            "{} {args:?} failed or did not print {expect:?}:\n{stdout}\n{}",
            program.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        if run > 0 {
            samples.push(elapsed);
        }
    }
    Ok(samples)
}
