//! Helpers: a project folder with `migrate init` done, revisions with fixed ids and chosen SQL, and
//! databases reached through their own command-line clients.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary project: `migrate init` has run in it.
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
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_migrate"));
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

/// A random suffix for database names.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub fn random_suffix() -> String {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).unwrap();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Held by the tests that create temporary databases on a server (replays, `migrate test`, drift), so that
/// those comparing the server's `migrate_replay_*` databases before and after see only their own.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub fn scratch_server() -> std::sync::MutexGuard<'static, ()> {
    static SERVER: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERVER.lock().unwrap_or_else(|e| e.into_inner())
}

/// A test database reached through its own command-line client.
pub trait TestDb {
    /// The URL migrate connects with.
    fn url(&self) -> String;
    /// Runs SQL through the client and returns its output rows, one per line, columns tab-separated.
    fn query(&self, sql: &str) -> String;
    /// Runs a script through the client; panics if the client fails.
    fn apply(&self, script: &str);
    /// The user tables, sorted.
    fn tables(&self) -> Vec<String>;
    /// `Context impl ...` and DDL lines migrate prints after connecting.
    fn context_lines(&self) -> String;
    /// A second, empty database of the same kind (for the offline comparison).
    fn sibling(&self) -> Box<dyn TestDb>;
}

fn client(program: &str, args: &[&str], stdin: &str) -> String {
    let output = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(stdin.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}\ninput:\n{stdin}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A SQLite file in a temporary folder.
pub struct Sqlite {
    dir: TempDir,
}

impl Sqlite {
    pub fn new() -> Sqlite {
        Sqlite {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn file(&self) -> String {
        self.dir
            .path()
            .join("app.db")
            .to_string_lossy()
            .into_owned()
    }
}

impl TestDb for Sqlite {
    fn url(&self) -> String {
        // sqlite:////absolute/path (SQLAlchemy's absolute form).
        format!("sqlite:///{}", self.file())
    }
    fn query(&self, sql: &str) -> String {
        client("sqlite3", &["-separator", "\t", &self.file()], sql)
    }
    fn apply(&self, script: &str) {
        client("sqlite3", &["-bail", &self.file()], script);
    }
    fn tables(&self) -> Vec<String> {
        sorted(lines(&self.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;",
        )))
    }
    fn context_lines(&self) -> String {
        "INFO  [migrate] Context impl sqlite.\nINFO  [migrate] Will assume transactional DDL.\n"
            .into()
    }
    fn sibling(&self) -> Box<dyn TestDb> {
        Box::new(Sqlite::new())
    }
}

/// Sorted byte-wise (database collations differ on `_`).
pub fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::to_owned)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The parts of a `scheme://user:password@host:port/db` URL.
#[cfg(any(feature = "postgres", feature = "mysql"))]
#[derive(Clone, Debug)]
pub struct UrlParts {
    pub scheme: String,
    pub user: String,
    pub password: Option<String>,
    pub host: String,
    pub port: Option<String>,
    #[cfg_attr(
        not(feature = "postgres"),
        allow(dead_code, reason = "read by the PostgreSQL support only")
    )]
    pub database: String,
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
impl UrlParts {
    pub fn parse(url: &str) -> UrlParts {
        let (scheme, rest) = url.split_once("://").expect("a URL with a scheme");
        let (authority, database) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = authority.rsplit_once('@').unwrap_or(("", authority));
        let (user, password) = match userinfo.split_once(':') {
            Some((u, p)) => (u.to_owned(), Some(p.to_owned())),
            None => (userinfo.to_owned(), None),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p.to_owned())),
            None => (hostport.to_owned(), None),
        };
        UrlParts {
            scheme: scheme.to_owned(),
            user,
            password,
            host,
            port,
            database: database.split('?').next().unwrap_or("").to_owned(),
        }
    }

    pub fn with_database(&self, database: &str) -> String {
        let password = self
            .password
            .as_ref()
            .map(|p| format!(":{p}"))
            .unwrap_or_default();
        let userinfo = if self.user.is_empty() {
            String::new()
        } else {
            format!("{}{password}@", self.user)
        };
        let port = self
            .port
            .as_ref()
            .map(|p| format!(":{p}"))
            .unwrap_or_default();
        format!("{}://{userinfo}{}{port}/{database}", self.scheme, self.host)
    }
}

#[cfg(feature = "postgres")]
pub use postgres::Postgres;

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;

    const VAR: &str = "MIGRATE_TEST_POSTGRES_URL";

    /// A fresh PostgreSQL database, dropped at the end.
    pub struct Postgres {
        server: UrlParts,
        name: String,
    }

    impl Postgres {
        pub fn new() -> Postgres {
            let url = std::env::var(VAR)
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
            let server = UrlParts::parse(&url);
            let name = format!("migrate_cli_{}", random_suffix());
            let admin = server.with_database(if server.database.is_empty() {
                "postgres"
            } else {
                &server.database
            });
            let output = std::process::Command::new("psql")
                .args([
                    admin.as_str(),
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-c",
                    &format!("CREATE DATABASE {name}"),
                ])
                .output()
                .expect("psql must be installed for the postgres tests");
            assert!(
                output.status.success(),
                "cannot create a PostgreSQL test database through {VAR} ({}): {}",
                migrate_runtime::redact_url(&url),
                String::from_utf8_lossy(&output.stderr)
            );
            Postgres { server, name }
        }
    }

    impl Drop for Postgres {
        fn drop(&mut self) {
            let admin = self
                .server
                .with_database(if self.server.database.is_empty() {
                    "postgres"
                } else {
                    &self.server.database
                });
            let _ = std::process::Command::new("psql")
                .args([
                    admin.as_str(),
                    "-c",
                    &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
                ])
                .output();
        }
    }

    impl TestDb for Postgres {
        fn url(&self) -> String {
            self.server.with_database(&self.name)
        }
        fn query(&self, sql: &str) -> String {
            client(
                "psql",
                &[
                    &self.url(),
                    "-X",
                    "-q",
                    "-At",
                    "-F",
                    "\t",
                    "-v",
                    "ON_ERROR_STOP=1",
                ],
                sql,
            )
        }
        fn apply(&self, script: &str) {
            client(
                "psql",
                &[&self.url(), "-X", "-q", "-v", "ON_ERROR_STOP=1"],
                script,
            );
        }
        fn tables(&self) -> Vec<String> {
            sorted(lines(&self.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename;",
            )))
        }
        fn context_lines(&self) -> String {
            "INFO  [migrate] Context impl postgres.\nINFO  [migrate] Will assume transactional DDL.\n".into()
        }
        fn sibling(&self) -> Box<dyn TestDb> {
            Box::new(Postgres::new())
        }
    }
}

#[cfg(feature = "mysql")]
pub use mysql::Mysql;

#[cfg(feature = "mysql")]
mod mysql {
    use super::*;

    const VAR: &str = "MIGRATE_TEST_MYSQL_URL";

    /// A fresh MariaDB/MySQL database, dropped at the end.
    pub struct Mysql {
        server: UrlParts,
        name: String,
    }

    fn client_args(server: &UrlParts) -> Vec<String> {
        let mut args = vec![
            format!("--host={}", server.host),
            format!("--user={}", server.user),
            "--protocol=TCP".to_owned(),
        ];
        if let Some(port) = &server.port {
            args.push(format!("--port={port}"));
        }
        if let Some(password) = &server.password {
            args.push(format!("--password={password}"));
        }
        args
    }

    impl Mysql {
        pub fn new() -> Mysql {
            let url =
                std::env::var(VAR).unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into());
            let server = UrlParts::parse(&url);
            let name = format!("migrate_cli_{}", random_suffix());
            let output = std::process::Command::new("mariadb")
                .args(client_args(&server))
                .args(["-e", &format!("CREATE DATABASE {name}")])
                .output()
                .expect("the mariadb client must be installed for the mysql tests");
            assert!(
                output.status.success(),
                "cannot create a MariaDB test database through {VAR} ({}): {}",
                migrate_runtime::redact_url(&url),
                String::from_utf8_lossy(&output.stderr)
            );
            Mysql { server, name }
        }
        fn args(&self) -> Vec<String> {
            let mut args = client_args(&self.server);
            args.push(self.name.clone());
            args
        }
    }

    impl Drop for Mysql {
        fn drop(&mut self) {
            let _ = std::process::Command::new("mariadb")
                .args(client_args(&self.server))
                .args(["-e", &format!("DROP DATABASE IF EXISTS {}", self.name)])
                .output();
        }
    }

    impl TestDb for Mysql {
        fn url(&self) -> String {
            self.server.with_database(&self.name)
        }
        fn query(&self, sql: &str) -> String {
            let mut args = self.args();
            args.extend(["-N".to_owned(), "-B".to_owned()]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            client("mariadb", &args, sql)
        }
        fn apply(&self, script: &str) {
            let args = self.args();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            client("mariadb", &args, script);
        }
        fn tables(&self) -> Vec<String> {
            sorted(lines(&self.query(&format!(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '{}' ORDER BY table_name;",
                self.name
            ))))
        }
        fn context_lines(&self) -> String {
            "INFO  [migrate] Context impl mysql.\nINFO  [migrate] Will assume non-transactional DDL.\n".into()
        }
        fn sibling(&self) -> Box<dyn TestDb> {
            Box::new(Mysql::new())
        }
    }
}
