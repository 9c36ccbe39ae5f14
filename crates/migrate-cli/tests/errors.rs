//! Error paths a user can hit without a database: exact text and exit code.

use crate::support::Project;

const UP: &str = "CREATE TABLE t (id INTEGER);";

#[test]
fn unknown_target_and_ambiguous_prefix() {
    let project = Project::new();
    project.revision("abcd00000001", "one", &[], UP, Some(""));
    project.revision("abcd00000002", "two", &[], UP, Some(""));
    assert_eq!(
        project.fails(&["show", "nope1234"]),
        "error: no revision or branch label matches `nope1234`\n"
    );
    assert_eq!(
        project.fails(&["show", "xyz"]),
        "error: no revision or branch label matches `xyz`; partial revision ids need at least 4 characters\n"
    );
    assert_eq!(
        project.fails(&["show", "abcd"]),
        "error: `abcd` matches several revisions: abcd00000001, abcd00000002; give more characters\n"
    );
    assert_eq!(
        project.fails(&["upgrade", "nope1234", "--sql", "--backend", "sqlite"]),
        "error: no revision or branch label matches `nope1234`\n"
    );
    assert_eq!(
        project.fails(&["history", "-r", "abcd"]),
        "error: a history range is START:END, START: or :END (got `abcd`)\n"
    );
}

#[test]
fn no_database_url() {
    let project = Project::new();
    project.revision("abcd00000001", "one", &[], UP, Some(""));
    let expected = "error: no database URL: pass `--database-url`, set DATABASE_URL, or set `database_url` in migrate.toml\n";
    for args in [
        &["upgrade", "head"][..],
        &["current"],
        &["downgrade", "base"],
        &["stamp", "head"],
        &["check"],
        &["history", "--indicate-current"],
        &["show", "current"],
    ] {
        assert_eq!(project.fails(args), expected, "{args:?}");
    }
    // A variable other than DATABASE_URL is named.
    std::fs::write(
        project.path().join("migrate.toml"),
        "database_url = \"postgres://app@${DB_HOST}/app\"\n",
    )
    .unwrap();
    assert_eq!(
        project.fails(&["current"]),
        "error: no database URL: `database_url` in migrate.toml uses ${DB_HOST}, which is not set; set it, pass `--database-url`, or set DATABASE_URL\n"
    );
    // --sql with no URL needs a dialect.
    assert_eq!(
        project.fails(&["upgrade", "head", "--sql"]),
        "error: --sql needs to know the SQL dialect: pass `--backend sqlite|postgres|mysql`, or configure a database URL (it is not opened)\n"
    );
}

#[test]
fn unreachable_database_never_shows_the_password() {
    let project = Project::new();
    project.revision("abcd00000001", "one", &[], UP, Some(""));
    let stderr = project.fails(&[
        "current",
        "--database-url",
        "postgres://app:s3cretpw@127.0.0.1:1/app",
    ]);
    assert!(!stderr.contains("s3cretpw"), "{stderr}");
    if cfg!(feature = "postgres") {
        assert!(
            stderr.starts_with("error: cannot connect to postgres://app:***@127.0.0.1:1/app: "),
            "{stderr}"
        );
    } else {
        assert_eq!(
            stderr,
            "error: postgres://app:***@127.0.0.1:1/app needs the postgres backend, which this build does not include; enable the `postgres` feature of migrate-runtime\n"
        );
    }
    let stderr = project.fails(&[
        "current",
        "--database-url",
        "mysql://root:s3cretpw@127.0.0.1:1/app",
    ]);
    assert!(!stderr.contains("s3cretpw"), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains("mysql://root:***@127.0.0.1:1/app"),
        "{stderr}"
    );
    let stderr = project.fails(&["current", "--database-url", "oracle://u:s3cretpw@h/db"]);
    assert_eq!(
        stderr,
        "error: unsupported database URL oracle://u:***@h/db: use postgres://, postgresql://, mysql://, mariadb://, sqlite://<path>, sqlite::memory: or a file path\n"
    );
}

#[test]
fn invalid_folder_gives_the_build_diagnostics() {
    let project = Project::new();
    project.revision("abcd00000001", "one", &[], UP, Some(""));
    std::fs::write(
        project.migrations().join("b.sql"),
        "-- Revision ID: b1\n-- Revizes: abcd00000001\n\n-- migrate:up\n",
    )
    .unwrap();
    std::fs::write(
        project.migrations().join("c.sql"),
        "-- Revision ID: c1\n-- Revises: abcd00000009\n\n-- migrate:up\nSELECT 1;\n",
    )
    .unwrap();
    let expected = migrate_core::load_and_validate(
        &project.migrations(),
        project.path(),
        migrate_core::HeadsPolicy::AllowMultiple,
    )
    .unwrap_err();
    assert!(expected.len() >= 3, "{expected}");
    let stderr = project.fails(&["heads"]);
    assert_eq!(stderr, format!("error: {expected}"));
    assert!(stderr.starts_with(&format!(
        "error: {} problems in the migrations folder:\n",
        expected.len()
    )));
    assert!(
        stderr.contains(
            "\nmigrations/b.sql:2: unknown header key `Revizes`\n  help: did you mean `Revises`?"
        ),
        "{stderr}"
    );
    for args in [
        &["history"][..],
        &["revision", "-m", "x"],
        &["upgrade", "head", "--sql", "--backend", "sqlite"],
        &["show", "head"],
    ] {
        assert_eq!(
            project.fails(args),
            format!("error: {expected}"),
            "{args:?}"
        );
    }
    // A missing folder.
    assert_eq!(
        project.fails(&["heads", "--dir", "nowhere"]),
        "error: 1 problem in the migrations folder:\nnowhere: migrations folder not found\n  help: create it with `migrate init`, or point to the right folder\n"
    );
}

#[test]
fn usage_errors_exit_2_and_help_has_examples() {
    let project = Project::new();
    let run = project.run(&["upgrade"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .starts_with("error: the following required arguments were not provided:"),
        "{}",
        run.stderr
    );
    assert_eq!(project.run(&["frobnicate"]).code, 2);
    assert_eq!(project.run(&["revision", "--nope"]).code, 2);
    for command in [
        "init",
        "revision",
        "merge",
        "upgrade",
        "downgrade",
        "stamp",
        "current",
        "history",
        "show",
        "heads",
        "branches",
        "check",
    ] {
        let help = project.ok(&[command, "--help"]).stdout;
        assert!(
            help.contains(&format!("Examples:\n  migrate {command}")),
            "{command}: {help}"
        );
    }
    let help = project.ok(&["--help"]).stdout;
    assert!(help.contains("Examples:\n  migrate init\n"), "{help}");
}

#[test]
fn broken_config_file() {
    let project = Project::new();
    std::fs::write(project.path().join("migrate.toml"), "dri = \"x\"\n").unwrap();
    let stderr = project.fails(&["heads"]);
    assert!(
        stderr.starts_with("error: invalid configuration file migrate.toml: "),
        "{stderr}"
    );
    assert!(stderr.contains("unknown field `dri`"), "{stderr}");
    assert_eq!(
        project.fails(&["-c", "missing.toml", "heads"]),
        "error: cannot read configuration file missing.toml: No such file or directory (os error 2)\n"
    );
}

#[test]
fn an_absolute_dir_is_shown_with_one_leading_slash() {
    let project = Project::new();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(
        elsewhere.path().join("c.sql"),
        "-- Revision ID: c1\n-- Revises: abcd00000009\n\n-- migrate:up\nSELECT 1;\n",
    )
    .unwrap();
    let dir = elsewhere.path().to_str().unwrap();
    assert!(!dir.starts_with("//"));
    assert_eq!(
        project.fails(&["heads", "--dir", dir]),
        format!(
            "error: 1 problem in the migrations folder:\n{dir}/c.sql:2: revision `c1` revises `abcd00000009`, which does not exist\n  help: check the id against the files in the folder (`migrate history` lists them)\n"
        )
    );
}
