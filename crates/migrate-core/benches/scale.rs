//! Core scale: load + validate + plan for 10,000 and 100,000 revisions, as a linear chain and as a branched
//! graph full of merges and `Depends On` edges. Prints medians and the 100k/10k ratio (about 10 means linear).
//!
//! Run with `cargo bench -p migrate-core --bench scale`.

use std::path::Path;
use std::time::{Duration, Instant};

use migrate_core::{HeadsPolicy, load_folder, validate};

/// Writes `count` revisions: a chain, or blocks of two 4-revision branches joined by a merge, each block's
/// second branch depending on the previous block.
fn write_folder(dir: &Path, count: usize, branched: bool) {
    std::fs::create_dir_all(dir).unwrap();
    let mut parents: Vec<String> = Vec::new();
    let mut previous_block: Option<String> = None;
    let mut i = 0;
    let write = |id: String, revises: &[String], depends: Option<&String>| {
        let mut text = format!(
            "-- Revision ID: {id}\n-- Revises: {}\n-- Message: revision {id}\n",
            revises.join(", ")
        );
        if let Some(d) = depends {
            text += &format!("-- Depends On: {d}\n");
        }
        text += &format!(
            "\n-- migrate:up\nCREATE TABLE t_{id} (id INTEGER PRIMARY KEY, name TEXT);\n\n-- migrate:down\nDROP TABLE t_{id};\n"
        );
        std::fs::write(dir.join(format!("{id}.sql")), text).unwrap();
    };
    while i < count {
        if !branched || count - i < 9 {
            let id = format!("r{i:07}");
            write(id.clone(), &parents, None);
            parents = vec![id];
            i += 1;
            continue;
        }
        let start = parents.clone();
        let mut tips = Vec::new();
        for side in 0..2 {
            let mut chain = start.clone();
            for _ in 0..4 {
                let id = format!("r{i:07}");
                let depends = if side == 1 && chain == start {
                    previous_block.as_ref()
                } else {
                    None
                };
                write(id.clone(), &chain, depends);
                chain = vec![id];
                i += 1;
            }
            tips.extend(chain);
        }
        let id = format!("r{i:07}");
        write(id.clone(), &tips, None);
        previous_block = Some(tips[0].clone());
        parents = vec![id];
        i += 1;
    }
}

struct Timing {
    load: Duration,
    load_validate: Duration,
    plan_upgrade: Duration,
    plan_noop: Duration,
}

fn measure(dir: &Path, root: &Path) -> Timing {
    let start = Instant::now();
    let loaded = load_folder(dir, root);
    let load = start.elapsed();
    let graph = validate(loaded, HeadsPolicy::Single).expect("valid folder");
    let load_validate = start.elapsed();
    let start = Instant::now();
    let empty = graph.applied_set([]).0;
    let plan = graph.plan_upgrade(&empty, "head").unwrap();
    let plan_upgrade = start.elapsed();
    assert_eq!(plan.steps.len(), graph.len());
    let all: Vec<&str> = graph.revisions().iter().map(|r| r.id.as_ref()).collect();
    let start = Instant::now();
    let (applied, _) = graph.applied_set(all.iter().copied());
    let noop = graph.plan_upgrade(&applied, "head").unwrap();
    let plan_noop = start.elapsed();
    assert!(noop.steps.is_empty());
    Timing {
        load,
        load_validate,
        plan_upgrade,
        plan_noop,
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn main() {
    let root = tempfile::tempdir().unwrap();
    let runs: usize = std::env::var("MIGRATE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    println!(
        "| graph | revisions | read+parse | read+parse+validate | plan upgrade from empty | plan no-op | total |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for branched in [false, true] {
        let mut totals = Vec::new();
        for count in [10_000usize, 100_000] {
            let dir = root.path().join(format!(
                "{}-{count}",
                if branched { "branched" } else { "linear" }
            ));
            write_folder(&dir, count, branched);
            let timings: Vec<Timing> = (0..runs).map(|_| measure(&dir, root.path())).collect();
            let ld = median(timings.iter().map(|t| t.load).collect());
            let lv = median(timings.iter().map(|t| t.load_validate).collect());
            let pu = median(timings.iter().map(|t| t.plan_upgrade).collect());
            let pn = median(timings.iter().map(|t| t.plan_noop).collect());
            let total = lv + pu + pn;
            totals.push(total);
            println!(
                "| {} | {count} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms |",
                if branched {
                    "branched + merged"
                } else {
                    "linear"
                },
                ld.as_secs_f64() * 1e3,
                lv.as_secs_f64() * 1e3,
                pu.as_secs_f64() * 1e3,
                pn.as_secs_f64() * 1e3,
                total.as_secs_f64() * 1e3
            );
            std::fs::remove_dir_all(&dir).unwrap();
        }
        println!(
            "| {} | ratio 100k/10k | | | | | {:.1}x |",
            if branched {
                "branched + merged"
            } else {
                "linear"
            },
            totals[1].as_secs_f64() / totals[0].as_secs_f64()
        );
    }
}
