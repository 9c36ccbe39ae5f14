//! Turns measurements into BENCHMARKS.md: machine, versions, medians with min–max, ratios against the anchors
//! measured in the same run, and each target of the suite with whether this run met it.
//!
//! Each section's recorders and table live in their own module: `apply` (apply, no-op check, server versions,
//! MySQL), `build`, `core_scale`, `cli`, `schema`; this module holds the report, its header and `finish`.

mod apply;
mod build;
mod cli;
mod core_scale;
mod schema;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use crate::build_cost::Tool;
use crate::fixtures::Shape;
use crate::schema::{IntrospectScale, SchemaScale};
use crate::stats::Samples;

/// What the figures mean and what bounds the targets this suite has seen missed (mechanisms, not numbers).
const NOTES: &str = "
## Reading the figures

- **Apply**: per revision migrate sends `BEGIN` with the revision's first statement, its other statements one
  call each, then the history row, the log row and `COMMIT` in one call; the per-revision floor sends four
  calls (`BEGIN`, statement, history insert, `COMMIT`), diesel_migrations the same four. migrate also writes
  one log row per revision and a richer history row (parents, message, checksum, down SQL), which is what
  single-transaction mode pays for against the one-transaction floor: there every call is in-process and the
  extra insert per revision is the difference.
- **No-op check**: migrate reads one `revision state checksum` text per applied revision, without the lock
  (one statement whatever N); only when that read shows work, a `running` marker, an unknown revision or a
  changed file does it take the lock and read again. diesel_migrations creates its table if needed and reads
  the versions (two statements), without a lock or checksums. The per-row cost is Diesel decoding one text
  column per row for both tools; migrate's rows are longer (the 64-character checksum), which is what remains
  of the SQLite gap.
- **Build cost**: the macro runs, unoptimised as cargo builds proc macros in the dev profile, migrate-core's
  loader and validator and a SHA-256 of every up section (contract: checksums are computed at compile time),
  then emits one `EmbeddedRevision` literal per file whose text is `include_str!` of the file. SHA-256 in an
  unoptimised build is about 14 µs per file here. `[profile.dev.build-override] opt-level = 3` in an
  application's Cargo.toml makes every proc macro (both tools') run optimised.
";

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
impl Report {
    /// Starts the report: command, machine, tool versions.
    pub fn new(runs: usize, workspace: &Path) -> Report {
        let mut header = String::new();
        let _ = writeln!(
            header,
            "# Benchmarks\n\nWritten by `cargo run --release -p migrate-bench --features postgres` (the whole suite; `-- apply noop build core cli schema` \
             runs some sections and only prints; `--features postgres,mysql` adds the `mysql` section). Every figure is the median of {runs} runs (no-op and CLI: {} runs) \
             with min–max in parentheses; ratios are of medians measured in the same run. Each tool's result is \
             checked before its time counts (tables created, steps run, revisions embedded).\n",
            runs * 4
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
            mysql: String::new(),
            schema: Vec::new(),
            introspect: Vec::new(),
        }
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
