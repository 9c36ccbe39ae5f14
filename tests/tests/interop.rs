//! An application and the CLI on the same database: an application embeds the repository's
//! `migrations/` with `embed_migrations!` and upgrades; `migrate current`, `history -i` and `check` then agree
//! with what it recorded. And an older application, whose build lacks the newest revision the CLI applied,
//! downgrades it with the down SQL the history stored.

use migrate_runtime::{EmbeddedMigrations, Migrator, connect, embed_migrations};

use migrate_test_support::{ClientDb, Project};

/// The repository's example folder, as an application embeds it.
const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

/// A project whose folder is a copy of the repository's `migrations/`.
fn project_with_example(url: &str) -> Project {
    let project = crate::cli::project(url);
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    for entry in std::fs::read_dir(source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), project.migrations().join(entry.file_name())).unwrap();
    }
    project
}

pub fn application_and_cli_agree(db: &dyn ClientDb) {
    let url = db.url();
    let mut conn = connect(&url).unwrap();
    let report = MIGRATIONS.migrator().upgrade(&mut conn, "head").unwrap();
    assert_eq!(report.steps.len(), MIGRATIONS.len());
    let head = MIGRATIONS.heads()[0].id.to_string();
    assert_eq!(report.heads_after, std::slice::from_ref(&head));

    let project = project_with_example(&url);
    assert_eq!(project.ok(&["current"]).stdout, format!("{head} (head)\n"));
    let history = project.ok(&["history", "--indicate-current"]).stdout;
    // Exactly the application's head is marked current.
    let marked: Vec<&str> = history
        .lines()
        .filter(|l| l.contains("(current)"))
        .collect();
    assert_eq!(marked.len(), 1, "{history}");
    assert!(
        marked[0].contains(&format!("-> {head} ")) && marked[0].contains("(head) (current)"),
        "{history}"
    );
    assert_eq!(history.lines().count(), MIGRATIONS.len());
    // `check` finds the folder valid, the database at the heads and every checksum equal.
    project.ok(&["check"]);
    // What the application recorded is what the CLI would record: the CLI has nothing to do.
    let again = project.ok(&["upgrade", "head"]);
    assert!(
        !again.stderr.contains("Running upgrade"),
        "{}",
        again.stderr
    );
}

pub fn an_older_application_downgrades_what_only_the_history_knows(db: &dyn ClientDb) {
    let url = db.url();
    let project = project_with_example(&url);
    project.ok(&["upgrade", "head"]);
    // A newer revision, applied by the CLI, that the application's build does not have.
    let head = MIGRATIONS.heads()[0].id.to_string();
    project.revision(
        "9e9e00000009",
        "add newer table",
        &[],
        "CREATE TABLE newer (id INTEGER PRIMARY KEY);",
        Some("DROP TABLE newer;"),
    );
    project.ok(&["upgrade", "head"]);
    assert!(db.tables().contains(&"newer".to_owned()));

    let mut conn = connect(&url).unwrap();
    let mut migrator: Migrator<'static> = MIGRATIONS.migrator();
    // Upgrading refuses: the database is ahead of this build.
    let error = migrator.upgrade(&mut conn, "head").unwrap_err();
    assert!(error.to_string().contains("9e9e00000009"), "{error}");
    // Downgrading to the build's head runs the stored down SQL of the unknown revision.
    let report = migrator.downgrade(&mut conn, &head).unwrap();
    let ran: Vec<&str> = report.steps.iter().map(|s| s.revision.as_str()).collect();
    assert_eq!(ran, ["9e9e00000009"]);
    assert!(!db.tables().contains(&"newer".to_owned()));
    // The CLI's folder still has the newer revision, so the database is one below its head.
    assert_eq!(project.ok(&["current"]).stdout, format!("{head}\n"));
}

#[test]
fn sqlite_application_and_cli_agree() {
    application_and_cli_agree(&migrate_test_support::Sqlite::new());
}

#[test]
fn sqlite_older_application_downgrades_what_only_the_history_knows() {
    an_older_application_downgrades_what_only_the_history_knows(
        &migrate_test_support::Sqlite::new(),
    );
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_application_and_cli_agree() {
    application_and_cli_agree(&migrate_test_support::Postgres::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_older_application_downgrades_what_only_the_history_knows() {
    an_older_application_downgrades_what_only_the_history_knows(
        &migrate_test_support::Postgres::new(),
    );
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_application_and_cli_agree() {
    application_and_cli_agree(&migrate_test_support::Mysql::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql_older_application_downgrades_what_only_the_history_knows() {
    an_older_application_downgrades_what_only_the_history_knows(&migrate_test_support::Mysql::new());
}
