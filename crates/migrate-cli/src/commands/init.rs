//! `migrate init [DIR]`: creates the migrations folder and a commented `migrate.toml`, and shows (or writes)
//! the `build.rs` line that makes cargo rebuild when a revision is added.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::Context;
use crate::config::{CONFIG_FILE, template};

/// Arguments of `migrate init`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  migrate init\n  migrate init db/migrations --build-rs")]
pub struct Args {
    /// The migrations folder to create
    #[arg(default_value = "migrations")]
    dir: PathBuf,
    /// Write build.rs with the rerun-if-changed line (or check an existing one) instead of printing the line
    #[arg(long)]
    build_rs: bool,
}

/// Runs `migrate init`.
pub fn run(args: Args, context: &Context) -> anyhow::Result<()> {
    let out = &context.out;
    let dir = context.dir_override().map_or(args.dir, Path::to_path_buf);
    let shown = dir.to_string_lossy().replace('\\', "/");
    if dir.exists() {
        bail!("directory {shown} already exists; `migrate init` only creates a new folder");
    }
    let config = context
        .overrides
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from(CONFIG_FILE));
    if config.exists() {
        bail!(
            "{} already exists; edit it, or remove it to start over",
            config.display()
        );
    }
    let line = format!("println!(\"cargo:rerun-if-changed={shown}\");");
    let build_rs = Path::new("build.rs");
    if args.build_rs && build_rs.exists() {
        let text = std::fs::read_to_string(build_rs).context("cannot read build.rs")?;
        if !text.contains(&format!("cargo:rerun-if-changed={shown}")) {
            bail!("build.rs already exists; add this line to its `fn main` instead:\n    {line}");
        }
    }

    out.line(format!("Creating directory {shown} ...  done"));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {shown}"))?;
    out.line(format!("Generating {} ...  done", config.display()));
    // `dir` in the file is relative to the file's folder.
    let relative = relative_to(&dir, config.parent().unwrap_or(Path::new("")));
    std::fs::write(&config, template(&relative))
        .with_context(|| format!("cannot write {}", config.display()))?;
    if args.build_rs && !build_rs.exists() {
        out.line("Generating build.rs ...  done");
        std::fs::write(build_rs, format!("fn main() {{\n    // Rebuild when a revision is added to the migrations folder.\n    {line}\n}}\n"))
            .context("cannot write build.rs")?;
    } else if !args.build_rs {
        out.line("So that cargo rebuilds when a revision is added, put this line in build.rs (`fn main`):");
        out.line(format!("    {line}"));
    }
    out.line(format!(
        "Please edit the database URL in {} (or set DATABASE_URL) before proceeding.",
        config.display()
    ));
    Ok(())
}

/// `dir` as written in a configuration file that lives in `base`.
fn relative_to(dir: &Path, base: &Path) -> String {
    let text = |p: &Path| p.to_string_lossy().replace('\\', "/");
    if base.as_os_str().is_empty() || dir.is_absolute() {
        return text(dir);
    }
    match (std::path::absolute(dir), std::path::absolute(base)) {
        (Ok(d), Ok(b)) => match d.strip_prefix(&b) {
            Ok(rest) => text(rest),
            Err(_) => text(&d),
        },
        _ => text(dir),
    }
}
