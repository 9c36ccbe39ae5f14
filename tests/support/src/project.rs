//! A project folder with `migrate init` done, revisions with fixed ids and chosen SQL, and running the
//! `migrate` binary in it.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// The `migrate` binary: beside the test executable's folder (`target/debug/migrate` for
/// `target/debug/deps/tests-...`), where cargo builds it for the CLI's own tests and where the cross-crate
/// tests have it built.
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test executable is in target/<profile>/deps");
    dir.join(format!("migrate{}", std::env::consts::EXE_SUFFIX))
}

/// A temporary project: `migrate init` has run in it.
#[derive(Debug)]
pub struct Project {
    pub dir: TempDir,
    pub url: Option<String>,
}

/// What a command printed.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

impl Project {
    /// A new project without a database.
    pub fn new() -> Project {
        let project = Project {
            dir: tempfile::tempdir().unwrap(),
            url: None,
        };
        project.ok(&["init"]);
        project
    }

    /// A new project whose commands get `DATABASE_URL=url`.
    pub fn with_url(url: &str) -> Project {
        let mut project = Project::new();
        project.url = Some(url.to_owned());
        project
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn migrations(&self) -> PathBuf {
        self.path().join("migrations")
    }

    /// The command, in the project folder, with a clean environment for what migrate reads.
    pub fn command(&self, args: &[&str]) -> Command {
        Command::from_std(self.std_command(args))
    }

    fn std_command(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(binary());
        command
            .current_dir(self.path())
            .env_remove("DATABASE_URL")
            .env("NO_COLOR", "1")
            .args(args);
        if let Some(url) = &self.url {
            command.env("DATABASE_URL", url);
        }
        command
    }

    /// Starts a command with its output piped (to start several at once, or kill one).
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.std_command(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Writes a revision file with a fixed header (faster than `migrate revision` for long chains).
    pub fn write_revision(&self, id: &str, revises: &str, extra_header: &str, up: &str) {
        let text = format!(
            "-- Revision ID: {id}\n-- Revises: {revises}\n-- Message: step {id}\n{extra_header}\n-- migrate:up\n{up}\n\n-- migrate:down\n"
        );
        std::fs::write(self.migrations().join(format!("{id}_step.sql")), text).unwrap();
    }

    /// Runs a command and returns what it printed, whatever its exit code.
    pub fn run(&self, args: &[&str]) -> Run {
        self.command(args).output().unwrap().into()
    }

    /// Runs a command that must succeed; returns stdout.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(
            run.code, 0,
            "migrate {args:?} failed:\n{}{}",
            run.stdout, run.stderr
        );
        run
    }

    /// Runs a command that must fail with exit code 1; returns stderr.
    #[track_caller]
    pub fn fails(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(
            run.code, 1,
            "migrate {args:?} should fail:\n{}{}",
            run.stdout, run.stderr
        );
        assert_eq!(run.stdout, "", "migrate {args:?} printed on stdout");
        run.stderr
    }

    /// `migrate revision --rev-id ID -m MSG extra...`, then the up and down sections replaced.
    #[track_caller]
    pub fn revision(&self, id: &str, message: &str, extra: &[&str], up: &str, down: Option<&str>) {
        let mut args = vec!["revision", "-m", message, "--rev-id", id];
        args.extend_from_slice(extra);
        let run = self.ok(&args);
        let name = format!("{id}_{}.sql", message.to_lowercase().replace(' ', "_"));
        assert_eq!(
            run.stdout,
            format!("Generating migrations/{name} ...  done\n")
        );
        self.set_sql(&name, up, down);
    }

    /// Replaces the sections of a revision file.
    pub fn set_sql(&self, name: &str, up: &str, down: Option<&str>) {
        let path = self.migrations().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let header = &text[..text.find("-- migrate:up").unwrap()];
        let mut new = format!("{header}-- migrate:up\n{up}\n");
        if let Some(down) = down {
            new.push_str(&format!("\n-- migrate:down\n{down}\n"));
        }
        std::fs::write(path, new).unwrap();
    }

    /// The file of a revision, by id.
    pub fn file_of(&self, id: &str) -> PathBuf {
        std::fs::read_dir(self.migrations())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(id))
            .unwrap()
    }
}
