//! Which database a URL names: empty URLs are errors, in-memory databases only when asked for, and SQLite URLs
//! read as SQLAlchemy reads them.

use std::path::Path;

use crate::support::Project;

const UP: &str = "CREATE TABLE t (id INTEGER);";

fn project() -> Project {
    let project = Project::new();
    project.revision("abcd00000001", "one", &[], UP, Some("DROP TABLE t;"));
    project
}

/// The names in a folder, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_empty_url_is_an_error_naming_the_accepted_forms() {
    let project = project();
    let before = entries(project.path());
    let forms = "use postgres://..., mysql://..., sqlite:///relative/path.db, sqlite:////absolute/path.db, a file path, or sqlite::memory: for a database in memory\n";
    for args in [
        &["upgrade", "head"][..],
        &["current"],
        &["stamp", "head"],
        &["upgrade", "head", "--sql"],
    ] {
        let mut with_url = args.to_vec();
        with_url.extend(["--database-url", ""]);
        assert_eq!(
            project.fails(&with_url),
            format!("error: empty database URL: {forms}"),
            "{args:?}"
        );
        for url in ["sqlite://", "sqlite:", "sqlite:///"] {
            let mut with_url = args.to_vec();
            with_url.extend(["--database-url", url]);
            assert_eq!(
                project.fails(&with_url),
                format!("error: database URL `{url}` names no database: {forms}"),
                "{args:?} {url}"
            );
        }
    }
    // DATABASE_URL="" is no URL at all (migrate.toml's `${DATABASE_URL}` is then unset).
    let mut empty_env = Project::with_url("");
    empty_env.dir = project.dir;
    assert_eq!(
        empty_env.fails(&["upgrade", "head"]),
        "error: no database URL: pass `--database-url`, set DATABASE_URL, or set `database_url` in migrate.toml\n"
    );
    // Nothing was created.
    assert_eq!(entries(empty_env.path()), before);
}

#[test]
fn memory_only_when_asked_for() {
    let project = project();
    let before = entries(project.path());
    for url in [
        "sqlite::memory:",
        "sqlite://:memory:",
        "sqlite:///:memory:",
        ":memory:",
    ] {
        let run = project.ok(&["upgrade", "head", "--database-url", url]);
        assert_eq!(
            run.stderr,
            "INFO  [migrate] Context impl sqlite.\nINFO  [migrate] Will assume transactional DDL.\nINFO  [migrate] Running upgrade <base> -> abcd00000001, one\n",
            "{url}"
        );
    }
    assert_eq!(entries(project.path()), before);
}

#[test]
fn sqlite_urls_mean_what_they_mean_in_sqlalchemy() {
    let project = project();
    // A name no other test or program uses, so that nothing at the filesystem root can be this run's.
    let unique = format!(
        "migrate-url-test-{}.db",
        project.path().file_name().unwrap().to_string_lossy()
    );
    let root_file = Path::new("/").join(&unique);
    assert!(!root_file.exists());
    project.ok(&[
        "upgrade",
        "head",
        "--database-url",
        &format!("sqlite:///{unique}"),
    ]);
    assert!(project.path().join(&unique).is_file());
    assert!(!root_file.exists(), "{} was created", root_file.display());
    // The same database: it is at head.
    assert_eq!(
        project
            .ok(&["current", "--database-url", &format!("sqlite:///{unique}")])
            .stdout,
        "abcd00000001 (head)\n"
    );

    // sqlite:////absolute.
    let absolute = project.path().join("abs.db");
    project.ok(&[
        "upgrade",
        "head",
        "--database-url",
        &format!("sqlite:///{}", absolute.display()),
    ]);
    assert!(absolute.is_file());

    // migrate's other forms: sqlite://relative, sqlite:relative, a plain path, a sub-folder.
    std::fs::create_dir(project.path().join("data")).unwrap();
    for (url, file) in [
        ("sqlite://two.db", "two.db"),
        ("sqlite:three.db", "three.db"),
        ("four.db", "four.db"),
        ("sqlite:///data/five.db", "data/five.db"),
        ("file:six.db?mode=rwc", "six.db"),
    ] {
        project.ok(&["upgrade", "head", "--database-url", url]);
        assert!(project.path().join(file).is_file(), "{url}");
    }

    // A relative folder that does not exist says how the form is read.
    assert_eq!(
        project.fails(&["current", "--database-url", "sqlite:///srv/app.db"]),
        "error: cannot connect to sqlite:///srv/app.db: unable to open database file (sqlite:///path is relative to the working directory, as in SQLAlchemy; write sqlite:////path for an absolute path)\n"
    );
}
