//! Runs the same command in the Alembic project and in the migrate project of a [`Pair`] and compares what a
//! user sees: stdout, stderr, the exit code, then the version state and the user tables of both databases.
//! Differences are collected per scenario and reported together, each with both outputs and a line diff.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use tempfile::TempDir;

use super::generate::{self, Rev};
use super::normalise::{
    alembic_failure, error_equivalent, normalise, sort_current, user_statements, without_failure,
};

/// The Alembic version the expected side comes from.
pub const ALEMBIC_VERSION: &str = "1.20.1";

/// Prints the revisions Alembic counts as current for the version rows given as arguments.
const ALL_CURRENT: &str = "import sys
from alembic.config import Config
from alembic.script import ScriptDirectory
script = ScriptDirectory.from_config(Config(sys.argv[1]))
for rev in sorted(r.revision for r in script.revision_map._get_all_current(tuple(sys.argv[2:]))):
    print(rev)
";

/// What one command printed.
#[derive(Debug, Clone)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn output(command: &mut Command) -> Run {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Fails loudly unless `alembic --version` prints the expected version.
fn require_alembic() {
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    let checked = CHECKED.get_or_init(|| {
        let found = Command::new("alembic").arg("--version").output();
        match found {
            Ok(out) if String::from_utf8_lossy(&out.stdout).contains(ALEMBIC_VERSION) => Ok(()),
            Ok(out) => Err(format!(
                "`alembic --version` printed {:?}",
                String::from_utf8_lossy(&out.stdout).trim()
            )),
            Err(e) => Err(format!("`alembic` cannot be run: {e}")),
        }
    });
    if let Err(problem) = checked {
        panic!(
            "the alembic-parity tests need Alembic {ALEMBIC_VERSION} on PATH: {problem}; install it with \
             `pip install alembic=={ALEMBIC_VERSION}` (it brings SQLAlchemy), or run without the \
             `alembic-parity` feature"
        );
    }
}

/// One side of a pair: its project folder and its SQLite file.
struct Side {
    dir: PathBuf,
    db: PathBuf,
}

/// The version state and the user tables of a database.
#[derive(Debug, PartialEq, Eq)]
struct State {
    heads: BTreeSet<String>,
    tables: BTreeSet<String>,
}

/// The same graph as an Alembic project and as a migrate project, each with its own fresh database.
pub struct Pair {
    name: &'static str,
    _tmp: TempDir,
    alembic: Side,
    migrate: Side,
    differences: Vec<String>,
}

impl Pair {
    /// Writes both projects for `revs`.
    pub fn new(name: &'static str, revs: &[Rev]) -> Pair {
        require_alembic();
        let tmp = tempfile::tempdir().unwrap();
        let side = |name: &str| {
            let dir = tmp.path().join(name);
            std::fs::create_dir_all(&dir).unwrap();
            let db = dir.join("test.db");
            Side { dir, db }
        };
        let alembic = side("alembic");
        let migrate = side("migrate");
        generate::write_alembic(&alembic.dir, &alembic.db, revs);
        generate::write_migrate(&migrate.dir, &migrate.db, revs);
        Pair {
            name,
            _tmp: tmp,
            alembic,
            migrate,
            differences: Vec::new(),
        }
    }

    fn run_alembic(&self, args: &[&str]) -> Run {
        output(
            Command::new("alembic")
                .arg("-c")
                .arg(self.alembic.dir.join("alembic.ini"))
                .args(args)
                .current_dir(&self.alembic.dir)
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .env_remove("DATABASE_URL"),
        )
    }

    fn run_migrate(&self, args: &[&str]) -> Run {
        output(
            Command::new(assert_cmd::cargo::cargo_bin("migrate"))
                .args(args)
                .current_dir(&self.migrate.dir)
                .env("NO_COLOR", "1")
                .env_remove("DATABASE_URL"),
        )
    }

    /// Runs `args` on both sides and records every difference.
    pub fn run(&mut self, args: &[&str]) {
        let problems = self.step(args, Some(false));
        self.record(args, problems);
    }

    /// Runs `args` on both sides, where Alembic fails: migrate must fail too, with the documented equivalent
    /// message.
    pub fn fails(&mut self, args: &[&str]) {
        let problems = self.step(args, Some(true));
        self.record(args, problems);
    }

    /// Runs a read-only command whose output differs on purpose, as the README row `row` documents: records a
    /// difference if the two sides agree (the row would then be out of date).
    pub fn deliberate(&mut self, args: &[&str], row: &str) {
        if self.step(args, None).is_empty() {
            self.record(
                args,
                vec![format!(
                    "the README documents a difference here (row \"{row}\"), but both sides now agree: remove it"
                )],
            );
        }
    }

    fn record(&mut self, args: &[&str], problems: Vec<String>) {
        if !problems.is_empty() {
            self.differences.push(format!(
                "$ {} {}\n{}",
                self.name,
                args.join(" "),
                problems.join("\n")
            ));
        }
    }

    fn step(&mut self, args: &[&str], alembic_fails: Option<bool>) -> Vec<String> {
        let alembic = self.run_alembic(args);
        let migrate = self.run_migrate(args);
        let mut problems = Vec::new();
        if let Some(fails) = alembic_fails
            && fails != (alembic.code != 0)
        {
            problems.push(format!(
                "the scenario expects Alembic to {}, it exited with {}",
                if fails { "fail" } else { "succeed" },
                alembic.code
            ));
        }
        let failure = alembic_failure(&alembic.stdout, &alembic.stderr);
        let mut a_out = normalise(&without_failure(&alembic.stdout), &self.alembic.dir);
        let mut m_out = normalise(&migrate.stdout, &self.migrate.dir);
        if args.first() == Some(&"current") {
            a_out = sort_current(&a_out);
            m_out = sort_current(&m_out);
        }
        let a_err = normalise(&alembic.stderr, &self.alembic.dir);
        let m_err = normalise(&migrate.stderr, &self.migrate.dir);
        match (alembic.code == 0, migrate.code == 0) {
            (true, true) if args.contains(&"--sql") => {
                compare(&mut problems, "stderr (INFO lines)", &a_err, &m_err);
                let a_sql = user_statements(&alembic.stdout);
                let m_sql = user_statements(&migrate.stdout);
                if a_sql != m_sql {
                    problems.push(format!(
                        "the user's SQL statements differ:\n  alembic: {a_sql:?}\n  migrate: {m_sql:?}"
                    ));
                }
            }
            (true, true) => {
                compare(&mut problems, "stdout", &a_out, &m_out);
                compare(&mut problems, "stderr", &a_err, &m_err);
            }
            (false, false) => {
                compare(&mut problems, "stdout", &a_out, &m_out);
                if let Err(problem) = error_equivalent(failure.as_deref(), &migrate.stderr) {
                    problems.push(problem);
                }
            }
            _ => problems.push(format!(
                "exit codes differ: alembic {}, migrate {}\n--- alembic stdout\n{}{a_out}--- alembic stderr\n{a_err}\
                 --- migrate stdout\n{m_out}--- migrate stderr\n{m_err}",
                alembic.code,
                migrate.code,
                failure.map(|f| format!("FAILED: {f}\n")).unwrap_or_default()
            )),
        }
        let (a_state, m_state) = (self.alembic_state(), self.migrate_state());
        if a_state != m_state {
            problems.push(format!(
                "the database states differ after the command:\n  alembic: heads {:?}, tables {:?}\n  migrate: heads {:?}, tables {:?}",
                a_state.heads, a_state.tables, m_state.heads, m_state.tables
            ));
        }
        problems
    }

    /// Panics with every difference seen, if any.
    pub fn finish(self) {
        if !self.differences.is_empty() {
            panic!(
                "{} difference(s) from Alembic {ALEMBIC_VERSION} in scenario `{}`:\n\n{}",
                self.differences.len(),
                self.name,
                self.differences.join("\n\n")
            );
        }
    }

    /// Alembic's current revisions: the rows of `alembic_version`, with the revisions they imply through
    /// `depends_on` that Alembic counts as current (`RevisionMap._get_all_current`, what `alembic current`
    /// lists), computed by Alembic itself.
    fn alembic_state(&self) -> State {
        let tables = tables(&self.alembic.db);
        let rows = if tables.contains("alembic_version") {
            query(&self.alembic.db, "SELECT version_num FROM alembic_version")
        } else {
            BTreeSet::new()
        };
        let heads = if rows.is_empty() {
            rows
        } else {
            let run = output(
                Command::new("python3")
                    .arg("-c")
                    .arg(ALL_CURRENT)
                    .arg(self.alembic.dir.join("alembic.ini"))
                    .args(&rows)
                    .env("PYTHONDONTWRITEBYTECODE", "1"),
            );
            if run.code == 0 {
                run.stdout.lines().map(str::to_owned).collect()
            } else {
                rows.iter()
                    .map(|r| format!("{r} (alembic cannot read it: {})", run.stderr.trim()))
                    .collect()
            }
        };
        State {
            heads,
            tables: user_tables(tables),
        }
    }

    /// migrate's current heads as its runtime reads them from `__migrate_history`.
    fn migrate_state(&self) -> State {
        let tables = tables(&self.migrate.db);
        let mut heads = BTreeSet::new();
        if tables.contains("__migrate_history") {
            let loaded =
                migrate_core::load_folder(&self.migrate.dir.join("migrations"), &self.migrate.dir);
            match migrate_core::validate(loaded, migrate_core::HeadsPolicy::AllowMultiple) {
                Ok(graph) => {
                    let url = generate::sqlite_url(&self.migrate.db);
                    let mut conn = migrate_runtime::connect(&url).unwrap();
                    let rows = migrate_runtime::Migrator::new(&graph)
                        .current_heads(&mut conn)
                        .unwrap();
                    heads.extend(rows.into_iter().map(|r| r.revision));
                }
                Err(problems) => {
                    heads.insert(format!("<invalid folder: {problems}>"));
                }
            }
        }
        State {
            heads,
            tables: user_tables(tables),
        }
    }
}

fn user_tables(tables: BTreeSet<String>) -> BTreeSet<String> {
    tables
        .into_iter()
        .filter(|t| {
            !matches!(
                t.as_str(),
                "alembic_version" | "__migrate_history" | "__migrate_log"
            )
        })
        .collect()
}

fn tables(db: &Path) -> BTreeSet<String> {
    if !db.exists() {
        return BTreeSet::new();
    }
    query(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
}

fn query(db: &Path, sql: &str) -> BTreeSet<String> {
    let run = output(Command::new("sqlite3").arg("-readonly").arg(db).arg(sql));
    assert_eq!(
        run.code,
        0,
        "sqlite3 {}: {sql}: {}",
        db.display(),
        run.stderr
    );
    run.stdout.lines().map(str::to_owned).collect()
}

fn compare(problems: &mut Vec<String>, what: &str, alembic: &str, migrate: &str) {
    if alembic != migrate {
        problems.push(format!(
            "{what} differs:\n--- alembic\n{alembic}--- migrate\n{migrate}--- diff (- alembic, + migrate)\n{}",
            diff(alembic, migrate)
        ));
    }
}

/// A line diff (longest common subsequence): `-` lines only Alembic printed, `+` lines only migrate printed.
pub fn diff(a: &str, b: &str) -> String {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("+ {}\n", visible(b[j])));
            j += 1;
        } else {
            out.push_str(&format!("- {}\n", visible(a[i])));
            i += 1;
        }
    }
    out
}

/// Trailing spaces shown as `·`, so that a diff in whitespace can be seen.
fn visible(line: &str) -> String {
    let trimmed = line.trim_end_matches(' ');
    format!("{trimmed}{}", "·".repeat(line.len() - trimmed.len()))
}
