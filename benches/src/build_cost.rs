//! Build cost: the incremental rebuild of a small crate that embeds N revisions, after touching its source,
//! with migrate's `embed_migrations!` and with diesel_migrations'. Each crate lives in its own generated
//! workspace under `target/migrate-bench/build/`, with the main workspace's `Cargo.lock` so the dependency
//! versions are the ones the project tests, and its own target directory (built once, untimed).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, ensure};

use crate::fixtures::{Shape, write_diesel_folder, write_migrate_folder};
use crate::stats::{Samples, time};

/// The embedding tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Migrate,
    Diesel,
}

impl Tool {
    /// As in the report.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Migrate => "migrate `embed_migrations!`",
            Tool::Diesel => "diesel_migrations `embed_migrations!`",
        }
    }

    /// A short name, for files and crates.
    pub fn slug(self) -> &'static str {
        match self {
            Tool::Migrate => "migrate",
            Tool::Diesel => "diesel",
        }
    }

    fn manifest(self, name: &str, workspace: &Path) -> String {
        let dependency = match self {
            Tool::Migrate => format!(
                "migrate-runtime = {{ path = {:?} }}",
                workspace.join("crates/migrate-runtime").display().to_string()
            ),
            // SQLite bundled, as migrate-runtime has it, so both link the same library.
            Tool::Diesel => "diesel = { version = \"2.3\", default-features = false, features = [\"sqlite\"] }\n\
                 libsqlite3-sys = { version = \"0.38\", features = [\"bundled\"] }\n\
                 diesel_migrations = { version = \"2.3\", default-features = false, features = [\"sqlite\"] }"
                .to_owned(),
        };
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{dependency}\n\n[workspace]\n",
        )
    }

    fn source(self) -> &'static str {
        match self {
            Tool::Migrate => {
                "pub const MIGRATIONS: migrate_runtime::EmbeddedMigrations = migrate_runtime::embed_migrations!();\n\n\
                 fn main() {\n    println!(\"{}\", MIGRATIONS.revisions().len());\n}\n"
            }
            Tool::Diesel => {
                "pub const MIGRATIONS: diesel_migrations::EmbeddedMigrations = diesel_migrations::embed_migrations!();\n\n\
                 fn main() {\n    use diesel::migration::MigrationSource;\n    \
                 let all = MigrationSource::<diesel::sqlite::Sqlite>::migrations(&MIGRATIONS).unwrap();\n    \
                 println!(\"{}\", all.len());\n}\n"
            }
        }
    }

    /// A binary that brings the SQLite database named by its argument up to date and prints how many
    /// migrations it applied (the whole-process start-up measurement).
    fn startup_source(self) -> &'static str {
        match self {
            Tool::Migrate => {
                "pub const MIGRATIONS: migrate_runtime::EmbeddedMigrations = migrate_runtime::embed_migrations!();\n\n\
                 fn main() {\n    let url = std::env::args().nth(1).expect(\"a database path\");\n    \
                 let mut conn = migrate_runtime::connect(&url).expect(\"open the database\");\n    \
                 let report = MIGRATIONS.migrator().upgrade(&mut conn, \"head\").expect(\"upgrade\");\n    \
                 println!(\"{}\", report.steps.len());\n}\n"
            }
            Tool::Diesel => {
                "use diesel::Connection;\nuse diesel_migrations::MigrationHarness;\n\n\
                 pub const MIGRATIONS: diesel_migrations::EmbeddedMigrations = diesel_migrations::embed_migrations!();\n\n\
                 fn main() {\n    let url = std::env::args().nth(1).expect(\"a database path\");\n    \
                 let mut conn = diesel::SqliteConnection::establish(&url).expect(\"open the database\");\n    \
                 let applied = conn.run_pending_migrations(MIGRATIONS).expect(\"migrations\").len();\n    \
                 println!(\"{applied}\");\n}\n"
            }
        }
    }
}

/// A generated crate embedding a folder.
#[derive(Debug)]
pub struct EmbedCrate {
    tool: Tool,
    name: String,
    dir: PathBuf,
    target_dir: PathBuf,
}

impl EmbedCrate {
    /// Writes the crate (without migrations) under `root`.
    pub fn create(tool: Tool, root: &Path, workspace: &Path) -> Result<Self> {
        Self::write(
            tool,
            format!("embed-{}", tool.slug()),
            tool.source(),
            root,
            workspace,
        )
    }

    /// Writes the start-up crate (without migrations) under `root`: see [`Tool::startup_source`].
    pub fn startup(tool: Tool, root: &Path, workspace: &Path) -> Result<Self> {
        let name = format!("startup-{}", tool.slug());
        Self::write(tool, name, tool.startup_source(), root, workspace)
    }

    fn write(
        tool: Tool,
        name: String,
        source: &str,
        root: &Path,
        workspace: &Path,
    ) -> Result<Self> {
        let dir = root.join(&name);
        std::fs::create_dir_all(dir.join("src"))?;
        std::fs::write(dir.join("Cargo.toml"), tool.manifest(&name, workspace))?;
        std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock"))?;
        std::fs::write(dir.join("src/main.rs"), source)?;
        Ok(EmbedCrate {
            tool,
            name,
            target_dir: root.join("target"),
            dir,
        })
    }

    /// Builds the crate in the release profile; the binary's path.
    pub fn build_release(&self) -> Result<PathBuf> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let output = Command::new(&cargo)
            .args(["build", "--release", "--quiet", "--offline"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .output()
            .context("cannot run cargo")?;
        ensure!(
            output.status.success(),
            "building {} failed:\n{}",
            self.dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        Ok(self.target_dir.join("release").join(&self.name))
    }

    /// Replaces the crate's migrations with `count` generated ones.
    pub fn set_migrations(&self, count: usize) -> Result<()> {
        let folder = self.dir.join("migrations");
        match self.tool {
            Tool::Migrate => write_migrate_folder(&folder, count, Shape::Linear),
            Tool::Diesel => write_diesel_folder(&folder, count),
        }
    }

    /// Adds a comment of `bytes` bytes to the end of every down section (a migrate file ends with its
    /// down section; diesel's is `down.sql`).
    pub fn pad_down_sections(&self, bytes: usize) -> Result<()> {
        if bytes == 0 {
            return Ok(());
        }
        let comment = format!("-- {}\n", "x".repeat(bytes.saturating_sub(4)));
        let mut files = Vec::new();
        for entry in std::fs::read_dir(self.dir.join("migrations"))? {
            let path = entry?.path();
            files.push(match self.tool {
                Tool::Migrate => path,
                Tool::Diesel => path.join("down.sql"),
            });
        }
        for file in files {
            let mut text = std::fs::read_to_string(&file)?;
            text.push_str(&comment);
            std::fs::write(&file, text)?;
        }
        Ok(())
    }

    /// One `cargo build`; its wall time.
    pub fn build(&self) -> Result<std::time::Duration> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let (elapsed, output) = time(|| {
            Command::new(&cargo)
                .args(["build", "--quiet", "--offline"])
                .current_dir(&self.dir)
                .env("CARGO_TARGET_DIR", &self.target_dir)
                .output()
        });
        let output = output.context("cannot run cargo")?;
        ensure!(
            output.status.success(),
            "building {} failed:\n{}",
            self.dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        Ok(elapsed)
    }

    /// Touches `src/main.rs` and rebuilds; the build's wall time.
    fn rebuild(&self) -> Result<std::time::Duration> {
        let main = self.dir.join("src/main.rs");
        let text = std::fs::read(&main)?;
        std::fs::write(&main, text)?;
        self.build()
    }

    /// Runs the binary to check it embeds `count` migrations.
    fn check_embedded(&self, count: usize) -> Result<()> {
        let binary = self.target_dir.join("debug").join(&self.name);
        let output = Command::new(&binary)
            .output()
            .with_context(|| format!("cannot run {}", binary.display()))?;
        let embedded = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        ensure!(
            embedded == count.to_string(),
            "{} embedded {embedded:?} migrations, not {count}",
            self.tool.name()
        );
        Ok(())
    }
}

/// The rebuild times of each crate embedding `count` migrations (already written), `runs` times after one
/// untimed build each, the crates taking turns so that a change in the machine's load hits both; then checks
/// each binary.
pub fn rebuild_runs(crates: &[EmbedCrate], count: usize, runs: usize) -> Result<Vec<Samples>> {
    for krate in crates {
        krate.build()?;
    }
    let mut samples = vec![Samples::default(); crates.len()];
    for _ in 0..runs {
        for (krate, samples) in crates.iter().zip(&mut samples) {
            samples.push(krate.rebuild()?);
        }
    }
    for krate in crates {
        krate.check_embedded(count)?;
    }
    Ok(samples)
}
