//! Whole-process start-up: a release binary embedding N revisions, started against a SQLite database that
//! is up to date, beside the same binary built with diesel_migrations. It includes everything a deploy's
//! start pays: the process, opening the database, reading the embedded table, the no-op check. Once with
//! the generated one-line down sections, once with down sections of about 1 KB (as real ones are, with
//! their comments), which migrate's history stores and diesel's does not.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, ensure};

use crate::build_cost::{EmbedCrate, Tool};
use crate::stats::{Samples, time};

/// Both tools' samples.
#[derive(Debug, Default)]
pub struct Startup {
    pub migrate: Samples,
    pub diesel: Samples,
}

/// Builds both binaries (release, untimed), with `down_padding` bytes of comment added to every down
/// section, applies their `count` migrations to a fresh database each, then times `runs` starts of each,
/// interleaved, against its up-to-date database.
pub fn startup_runs(
    root: &Path,
    tmpfs: &Path,
    workspace: &Path,
    count: usize,
    down_padding: usize,
    runs: usize,
) -> Result<Startup> {
    std::fs::create_dir_all(tmpfs)?;
    let mut binaries = Vec::new();
    for tool in [Tool::Migrate, Tool::Diesel] {
        let krate = EmbedCrate::startup(tool, root, workspace)?;
        krate.set_migrations(count)?;
        krate.pad_down_sections(down_padding)?;
        let binary = krate.build_release()?;
        let db = tmpfs.join(format!(
            "startup-{}.db",
            tool.name().split(' ').next().unwrap_or("x")
        ));
        if db.exists() {
            std::fs::remove_file(&db)?;
        }
        let db = db.display().to_string();
        // The first start applies everything, the second warms the caches.
        start(&binary, &db, count)?;
        start(&binary, &db, 0)?;
        binaries.push((binary, db));
    }
    let mut out = Startup::default();
    for run in 0..runs {
        // The order alternates, so neither binary always starts after the other (whose pages then
        // fill the caches).
        let mut order: Vec<_> = binaries
            .iter()
            .zip([&mut out.migrate, &mut out.diesel])
            .collect();
        if run % 2 == 1 {
            order.reverse();
        }
        for ((binary, db), samples) in order {
            samples.push(start(binary, db, 0)?);
        }
    }
    Ok(out)
}

/// Runs `binary` on `db` once, checking that it applied `applied` migrations; its wall time.
fn start(binary: &Path, db: &str, applied: usize) -> Result<Duration> {
    let (elapsed, output) = time(|| Command::new(binary).arg(db).output());
    let output = output.with_context(|| format!("cannot run {}", binary.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    ensure!(
        output.status.success() && stdout.trim() == applied.to_string(),
        "{} applied {stdout:?}, not {applied}:\n{}",
        binary.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(elapsed)
}
