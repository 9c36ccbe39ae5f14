//! `migrate stamp` with an applied revision's up section edited: refused like upgrade and downgrade,
//! changing nothing, unless `on_checksum_mismatch = "warn"`.

use migrate_core::HeadsPolicy;

use crate::support::{Project, TestDb, lines};

const A: &str = "aaaa00000001";
const B: &str = "bbbb00000002";

fn history(db: &dyn TestDb) -> Vec<String> {
    lines(&db.query(
        "SELECT revision, state, checksum, applied_at FROM __migrate_history ORDER BY revision;",
    ))
}

fn log(db: &dyn TestDb) -> Vec<String> {
    lines(&db.query("SELECT id, revision, direction FROM __migrate_log ORDER BY id;"))
}

fn checksum(project: &Project, id: &str) -> String {
    let dir = project.migrations();
    let graph = migrate_core::load_and_validate(&dir, project.path(), HeadsPolicy::AllowMultiple)
        .unwrap_or_else(|e| panic!("{e}"));
    graph.get(id).unwrap().checksum.to_string()
}

fn stamp_and_drift(db: &dyn TestDb) {
    let project = Project::with_url(&db.url());
    project.write_revision(A, "", "", "CREATE TABLE users (id INTEGER);");
    project.write_revision(B, A, "", "CREATE TABLE posts (id INTEGER);");
    project.ok(&["upgrade", A]);
    let recorded = checksum(&project, A);
    project.write_revision(A, "", "", "CREATE TABLE users (id INTEGER, email TEXT);");
    let current = checksum(&project, A);
    assert_ne!(recorded, current);
    let (history_before, log_before) = (history(db), log(db));
    let error = format!(
        "error: revision {A} (migrations/{A}_step.sql) was changed after it was applied: the database recorded checksum {recorded}, the file now has {current}; restore the file and add a new revision instead, or set `on_checksum_mismatch = warn`\n"
    );
    let context = db.context_lines();
    for args in [
        &["stamp", "head"][..],
        &["stamp", B],
        &["stamp", "base"],
        &["upgrade", "head"],
        &["downgrade", "base"],
    ] {
        assert_eq!(project.fails(args), format!("{context}{error}"), "{args:?}");
        assert_eq!(history(db), history_before, "{args:?}");
        assert_eq!(log(db), log_before, "{args:?}");
    }
    // With the policy set to warn, the stamp warns and goes on.
    let config = project.path().join("migrate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("on_checksum_mismatch = \"error\""), "{text}");
    std::fs::write(
        &config,
        text.replace(
            "on_checksum_mismatch = \"error\"",
            "on_checksum_mismatch = \"warn\"",
        ),
    )
    .unwrap();
    let run = project.ok(&["stamp", "head"]);
    assert_eq!(
        run.stderr,
        format!(
            "{context}INFO  [migrate] Running stamp_revision {A} -> {B}\nWARN  [migrate] {}",
            error.strip_prefix("error: ").unwrap()
        )
    );
    assert_eq!(
        lines(&db.query("SELECT revision, state FROM __migrate_history ORDER BY revision;")),
        [format!("{A}\tapplied"), format!("{B}\tstamped")]
    );
}

#[test]
fn sqlite() {
    stamp_and_drift(&crate::support::Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres() {
    stamp_and_drift(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql() {
    stamp_and_drift(&crate::support::Mysql::new());
}
