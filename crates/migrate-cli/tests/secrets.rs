//! Passwords never reach the terminal: every command that connects, with the password as a query parameter
//! and with an unencoded `/` or `@` in it, given through `--database-url`, DATABASE_URL and `migrate.toml`; and a
//! `migrate.toml` that does not parse.

use crate::support::Project;

#[cfg(any(feature = "postgres", feature = "mysql"))]
/// The commands that open the database.
const CONNECTING: &[&[&str]] = &[
    &["upgrade", "head"],
    &["current"],
    &["current", "--verbose"],
    &["history", "-i"],
    &["check"],
    &["downgrade", "base"],
    &["stamp", "head"],
];

#[cfg(any(feature = "postgres", feature = "mysql"))]
/// Where the URL comes from.
#[derive(Clone, Copy, Debug)]
enum Source {
    Flag,
    Env,
    ConfigFile,
    /// `database_url = "${MIGRATE_SECRET_URL}"` in migrate.toml.
    ConfigVariable,
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
const VARIABLE: &str = "MIGRATE_SECRET_URL";

#[cfg(any(feature = "postgres", feature = "mysql"))]
fn project_with(url: &str, source: Source) -> (Project, Vec<String>) {
    let project = match source {
        Source::Env => Project::with_url(url),
        _ => Project::new(),
    };
    project.revision(
        "abcd00000001",
        "one",
        &[],
        "CREATE TABLE t (id INTEGER);",
        Some("DROP TABLE IF EXISTS t;"),
    );
    let mut flag = Vec::new();
    match source {
        Source::Flag => flag = vec!["--database-url".to_owned(), url.to_owned()],
        Source::Env => {}
        Source::ConfigFile => std::fs::write(
            project.path().join("migrate.toml"),
            format!("dir = \"migrations\"\ndatabase_url = \"{url}\"\n"),
        )
        .unwrap(),
        Source::ConfigVariable => std::fs::write(
            project.path().join("migrate.toml"),
            format!("dir = \"migrations\"\ndatabase_url = \"${{{VARIABLE}}}\"\n"),
        )
        .unwrap(),
    }
    (project, flag)
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
/// What a command must show when the URL does not work.
#[derive(Clone, Copy, Debug)]
enum Expect<'a> {
    /// Exit 0.
    Success,
    /// Exit 1, stderr starting with this text.
    Error(&'a str),
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
/// Runs every connecting command with the URL from every source; none may print any of `secrets`.
#[track_caller]
fn never_shown(url: &str, secrets: &[&str], expect: Expect<'_>) {
    for source in [
        Source::Flag,
        Source::Env,
        Source::ConfigFile,
        Source::ConfigVariable,
    ] {
        let (project, flag) = project_with(url, source);
        for command in CONNECTING {
            let mut args: Vec<&str> = command.to_vec();
            args.extend(flag.iter().map(String::as_str));
            let run: crate::support::Run = project
                .command(&args)
                .env(VARIABLE, url)
                .output()
                .unwrap()
                .into();
            for secret in secrets {
                assert!(
                    !run.stdout.contains(secret) && !run.stderr.contains(secret),
                    "{source:?} {args:?} shows {secret:?}:\n{}{}",
                    run.stdout,
                    run.stderr
                );
            }
            match expect {
                Expect::Success => assert_eq!(run.code, 0, "{source:?} {args:?}: {run:?}"),
                Expect::Error(prefix) => {
                    assert_eq!(run.code, 1, "{source:?} {args:?}: {run:?}");
                    assert_eq!(run.stdout, "", "{source:?} {args:?}");
                    assert!(
                        run.stderr.starts_with(prefix),
                        "{source:?} {args:?}: expected {prefix:?}, got {:?}",
                        run.stderr
                    );
                }
            }
        }
    }
}

#[test]
fn a_config_file_that_does_not_parse_shows_no_password() {
    let project = Project::new();
    for (line, secrets) in [
        (
            "database_url = \"postgres://app:s3cretpw@db/app\n",
            &["s3cretpw"][..],
        ),
        (
            "database_url = postgres://app@db/app?password=s3cretpw\n",
            &["s3cretpw"],
        ),
        (
            "database_url = 'mysql://app:s3cr3t/pw9x@db/app' x\n",
            &["s3cr3t", "pw9x"],
        ),
        (
            "databse_url = \"postgres://app:s3cr3t@pw9x@db/app\"\n",
            &["s3cr3t", "pw9x"],
        ),
    ] {
        std::fs::write(
            project.path().join("migrate.toml"),
            format!("dir = \"migrations\"\n{line}"),
        )
        .unwrap();
        for args in [&["current"][..], &["upgrade", "head"], &["heads"]] {
            let stderr = project.fails(args);
            assert!(
                stderr.starts_with(
                    "error: invalid configuration file migrate.toml: TOML parse error at line 2, column "
                ),
                "{line:?} {args:?}: {stderr}"
            );
            for secret in secrets {
                assert!(!stderr.contains(secret), "{line:?} {args:?}: {stderr}");
            }
        }
    }
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
mod servers {
    use super::*;
    use crate::support::{TestDb, UrlParts};

    /// A password no server here uses (trust authentication on PostgreSQL; MySQL ignores `?password=`).
    const QUERY_SECRET: &str = "s3cretQ9zz";

    fn url(parts: &UrlParts, userinfo: &str, query: &str) -> String {
        let port = parts
            .port
            .as_ref()
            .map(|p| format!(":{p}"))
            .unwrap_or_default();
        format!(
            "{}://{userinfo}@{}{port}/{}{query}",
            parts.scheme, parts.host, parts.database
        )
    }

    fn redacted(parts: &UrlParts) -> String {
        url(parts, &format!("{}:***", parts.user), "")
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn postgres_passwords_are_never_shown() {
        let db = crate::support::Postgres::new();
        let parts = UrlParts::parse(&db.url());
        // As a query parameter: the server takes it (or the configured one), and it is never shown.
        let secret = parts.password.clone().unwrap_or(QUERY_SECRET.to_owned());
        never_shown(
            &url(&parts, &parts.user, &format!("?password={secret}")),
            &[&secret],
            Expect::Success,
        );
        // An unencoded `/`: libpq reads `s3cr3t` as the port and says so.
        never_shown(
            &url(&parts, &format!("{}:s3cr3t/pw9x", parts.user), ""),
            &["s3cr3t", "pw9x"],
            Expect::Error(&format!(
                "error: cannot connect to {}: invalid integer value \"***\" for connection option \"port\"\n",
                redacted(&parts)
            )),
        );
        // An unencoded `@`: libpq takes `s3cr3t` as the password and `pw9x@host` as the host.
        never_shown(
            &url(&parts, &format!("{}:s3cr3t@pw9x", parts.user), ""),
            &["s3cr3t", "pw9x"],
            Expect::Error(&format!(
                "error: cannot connect to {}: could not translate host name \"***@{}\" to address: ",
                redacted(&parts),
                parts.host
            )),
        );
    }

    #[cfg(feature = "mysql")]
    #[test]
    fn mysql_passwords_are_never_shown() {
        let db = crate::support::Mysql::new();
        let parts = UrlParts::parse(&db.url());
        let userinfo = match &parts.password {
            Some(password) => format!("{}:{password}", parts.user),
            None => parts.user.clone(),
        };
        // As a query parameter: Diesel's MySQL driver ignores it; it is never shown.
        never_shown(
            &url(&parts, &userinfo, &format!("?password={QUERY_SECRET}")),
            &[QUERY_SECRET],
            Expect::Success,
        );
        // An unencoded `/`: the URL does not parse.
        never_shown(
            &url(&parts, &format!("{}:s3cr3t/pw9x", parts.user), ""),
            &["s3cr3t", "pw9x"],
            Expect::Error(&format!(
                "error: cannot connect to {}: MySQL connection URLs must be in the form `mysql://[[user]:***@]host[:port][/database][?unix_socket=socket-path]`\n",
                redacted(&parts)
            )),
        );
        // An unencoded `@`: the whole `s3cr3t@pw9x` is the (wrong) password.
        never_shown(
            &url(&parts, &format!("{}:s3cr3t@pw9x", parts.user), ""),
            &["s3cr3t", "pw9x"],
            Expect::Error(&format!(
                "error: cannot connect to {}: Access denied for user '{}'@",
                redacted(&parts),
                parts.user
            )),
        );
    }
}
