//! Databases reached through their own command-line clients (`sqlite3`, `psql`, `mariadb`): the CLI's
//! tests read what migrate wrote, and apply its offline scripts, as a user would.

use tempfile::TempDir;

#[cfg(any(feature = "postgres", feature = "mysql"))]
use crate::server::{Server, UrlParts, unique_name};
use crate::server::{lines, sorted};

/// A test database reached through its own command-line client.
pub trait ClientDb {
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
    fn sibling(&self) -> Box<dyn ClientDb>;
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
#[derive(Debug)]
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

impl ClientDb for Sqlite {
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
    fn sibling(&self) -> Box<dyn ClientDb> {
        Box::new(Sqlite::new())
    }
}

#[cfg(feature = "postgres")]
pub use postgres::Postgres;

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;

    /// A fresh PostgreSQL database, dropped at the end.
    #[derive(Debug)]
    pub struct Postgres {
        server: UrlParts,
        name: String,
    }

    impl Postgres {
        pub fn new() -> Postgres {
            let url = Server::Postgres.url();
            let server = UrlParts::parse(&url);
            let name = unique_name("migrate_cli");
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
                "cannot create a PostgreSQL test database through {} ({}): {}",
                Server::Postgres.var(),
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
                    &Server::Postgres.drop_database(&self.name),
                ])
                .output();
        }
    }

    impl ClientDb for Postgres {
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
        fn sibling(&self) -> Box<dyn ClientDb> {
            Box::new(Postgres::new())
        }
    }
}

#[cfg(feature = "mysql")]
pub use mysql::Mysql;

#[cfg(feature = "mysql")]
mod mysql {
    use super::*;

    /// A fresh MariaDB/MySQL database, dropped at the end.
    #[derive(Debug)]
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
            let url = Server::Mysql.url();
            let server = UrlParts::parse(&url);
            let name = unique_name("migrate_cli");
            let output = std::process::Command::new("mariadb")
                .args(client_args(&server))
                .args(["-e", &format!("CREATE DATABASE {name}")])
                .output()
                .expect("the mariadb client must be installed for the mysql tests");
            assert!(
                output.status.success(),
                "cannot create a MariaDB test database through {} ({}): {}",
                Server::Mysql.var(),
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
                .args(["-e", &Server::Mysql.drop_database(&self.name)])
                .output();
        }
    }

    impl ClientDb for Mysql {
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
        fn sibling(&self) -> Box<dyn ClientDb> {
            Box::new(Mysql::new())
        }
    }
}
