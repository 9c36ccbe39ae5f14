//! `init_sql` in migrate.toml: SQL run on every migration connection before anything else.

use crate::support::{Project, Sqlite, TestDb};

/// Appends `init_sql = ...` (a TOML value) to the project's migrate.toml.
fn set_init_sql(project: &Project, value: &str) {
    let path = project.path().join("migrate.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("init_sql = {value}\n"));
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_failing_init_sql_runs_nothing_else() {
    let db = Sqlite::new();
    let project = Project::with_url(&db.url());
    project.revision(
        "aaaa00000001",
        "one",
        &[],
        "CREATE TABLE t (id INTEGER);",
        Some("DROP TABLE t;"),
    );
    set_init_sql(&project, "[\"PRAGMA foreign_keys = ON\", \"SELEC 1\"]");
    let error = project.fails(&["upgrade", "head"]);
    assert!(
        error.contains("error: init_sql statement failed: ")
            && error.contains(
                "\n  statement: SELEC 1\n  nothing else ran; fix `init_sql` in migrate.toml"
            ),
        "{error}"
    );
    assert_eq!(db.tables(), Vec::<String>::new());
    // Reads run it too (a `search_path` decides where the history table is).
    let error = project.fails(&["current"]);
    assert!(error.contains("init_sql statement failed"), "{error}");
}

#[cfg(feature = "mysql")]
mod mysql {
    use super::*;
    use crate::support::Mysql;

    /// A child table created before its parent: MariaDB refuses the foreign key unless the session has
    /// `FOREIGN_KEY_CHECKS = 0`.
    fn child_before_parent(project: &Project) {
        project.revision(
            "aaaa00000001",
            "child",
            &[],
            "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB;",
            Some("DROP TABLE child;"),
        );
        project.revision(
            "bbbb00000002",
            "parent",
            &[],
            "CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB;",
            Some("DROP TABLE parent;"),
        );
    }

    #[test]
    fn a_history_that_needs_init_sql() {
        let db = Mysql::new();
        let project = Project::with_url(&db.url());
        child_before_parent(&project);

        // Without it, the first revision fails (and, MySQL DDL being implicit, is left `running`).
        let error = project.fails(&["upgrade", "head"]);
        assert!(
            error.contains("revision aaaa00000001: statement 1 failed")
                && error.contains("fk_parent"),
            "{error}"
        );
        assert_eq!(db.tables(), ["__migrate_history", "__migrate_log"]);
        project.ok(&["stamp", "--purge", "base"]);

        set_init_sql(&project, "\"SET FOREIGN_KEY_CHECKS = 0\"");
        let run = project.ok(&["upgrade", "head"]);
        assert!(
            run.stderr
                .contains("Running upgrade aaaa00000001 -> bbbb00000002, parent"),
            "{}",
            run.stderr
        );
        assert_eq!(
            db.tables(),
            ["__migrate_history", "__migrate_log", "child", "parent"]
        );
        // The foreign key exists and holds once both tables do.
        assert_eq!(
            db.query(
                "SELECT referenced_table_name FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() AND constraint_name = 'fk_parent';"
            ),
            "parent\n"
        );
        // Downgrading needs it as much (the parent goes first).
        project.ok(&["downgrade", "base"]);
        assert_eq!(db.tables(), ["__migrate_history", "__migrate_log"]);

        // The offline script starts with it, after the client's character set.
        let script = project.ok(&["upgrade", "head", "--sql"]).stdout;
        let after_header = script.split_once('\n').unwrap().1;
        assert!(
            after_header.starts_with("SET NAMES utf8mb4;\nSET FOREIGN_KEY_CHECKS = 0;\n"),
            "{script}"
        );
        // ... and that script, run by the client on a fresh database, builds the same tables.
        let fresh = db.sibling();
        fresh.apply(&script);
        assert_eq!(
            fresh.tables(),
            ["__migrate_history", "__migrate_log", "child", "parent"]
        );
    }
}
