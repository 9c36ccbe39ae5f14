//! `migrate import diesel` and `migrate stamp --from diesel`, against the real diesel_migrations on the same
//! files: the imported folder builds the same schema, and an adopted database runs only what diesel had not.

use std::path::Path;

use diesel_migrations::{FileBasedMigrations, MigrationHarness};

use crate::support::{Project, Sqlite, TestDb, lines};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Sqlite,
    #[cfg_attr(
        not(feature = "postgres"),
        allow(dead_code, reason = "postgres tests off")
    )]
    Postgres,
    #[cfg_attr(not(feature = "mysql"), allow(dead_code, reason = "mysql tests off"))]
    Mysql,
}

/// The diesel folders, in diesel's order (by version), with what each exercises. Folder names do not sort
/// as versions do (`2024-01-15-...` sorts before `20240110...` by name, after it by version).
fn diesel_folder(kind: Kind, dir: &Path) -> Vec<&'static str> {
    let function = match kind {
        Kind::Postgres => {
            "CREATE FUNCTION bump() RETURNS trigger AS $$\nBEGIN\n  NEW.title := NEW.title || ';'; -- not the end\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\nCREATE TRIGGER posts_bump BEFORE INSERT ON posts FOR EACH ROW EXECUTE FUNCTION bump(); -- trailing comment"
        }
        Kind::Sqlite => {
            "CREATE TRIGGER posts_bump AFTER INSERT ON posts BEGIN\n  UPDATE posts SET title = title || ';' WHERE id = NEW.id; -- not the end\nEND; -- trailing comment"
        }
        Kind::Mysql => {
            "CREATE VIEW post_titles AS SELECT id, CONCAT(title, '; -- not a comment') AS t FROM posts; -- trailing comment"
        }
    };
    let index = match kind {
        Kind::Postgres => "CREATE INDEX CONCURRENTLY posts_title ON posts (title);\n",
        _ => "CREATE INDEX posts_title ON posts (title);\n",
    };
    let migrations: Vec<(&str, &str, Option<&str>, Option<&str>)> = vec![
        (
            "20240101000000_create_users",
            "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  name VARCHAR(100) NOT NULL -- the login\n);\n",
            Some("DROP TABLE users;\n"),
            None,
        ),
        (
            "20240110000000_add_email",
            "ALTER TABLE users ADD COLUMN email VARCHAR(200);\n",
            Some("ALTER TABLE users DROP COLUMN email;\n"),
            None,
        ),
        (
            "2024-01-15-093000_create_posts",
            "CREATE TABLE posts (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER NOT NULL REFERENCES users (id),\n  title VARCHAR(200) NOT NULL\n);",
            Some("DROP TABLE posts;"),
            None,
        ),
        (
            "2024-02-01-000000_nothing_yet",
            // Diesel runs a comment-only up.sql as a no-op on SQLite and MariaDB, not on PostgreSQL
            // ("Received an empty query"; see `comment_only_up_sql`).
            if kind != Kind::Postgres {
                "-- Your SQL goes here\n"
            } else {
                "-- Your SQL goes here\nSELECT 1;\n"
            },
            Some(""),
            None,
        ),
        (
            "2024-03-01-000000_index_titles",
            index,
            None,
            Some("run_in_transaction = false\n"),
        ),
        (
            "20240315120000_bump_titles",
            function,
            Some("-- kept\n"),
            None,
        ),
    ];
    for (folder, up, down, metadata) in &migrations {
        let path = dir.join(folder);
        std::fs::create_dir_all(&path).unwrap();
        std::fs::write(path.join("up.sql"), up).unwrap();
        if let Some(down) = down {
            std::fs::write(path.join("down.sql"), down).unwrap();
        }
        if let Some(metadata) = metadata {
            std::fs::write(path.join("metadata.toml"), metadata).unwrap();
        }
    }
    // Diesel ignores files beside the folders.
    std::fs::write(dir.join(".keep"), "").unwrap();
    vec![
        "20240101000000",
        "20240110000000",
        "20240115093000",
        "20240201000000",
        "20240301000000",
        "20240315120000",
    ]
}

/// Runs diesel_migrations on the folder: every pending migration, or the next `count`; diesel's error.
fn try_diesel(kind: Kind, url: &str, dir: &Path, count: Option<usize>) -> Result<(), String> {
    fn apply<DB: diesel::backend::Backend>(
        conn: &mut impl MigrationHarness<DB>,
        dir: &Path,
        count: Option<usize>,
    ) -> Result<(), String> {
        let source = FileBasedMigrations::from_path(dir).map_err(|e| e.to_string())?;
        match count {
            None => conn.run_pending_migrations(source).map(drop),
            Some(n) => (0..n).try_for_each(|_| conn.run_next_migration(source.clone()).map(drop)),
        }
        .map_err(|e| e.to_string())
    }
    use diesel::Connection as _;
    match kind {
        Kind::Sqlite => {
            let path = migrate_runtime::__cli::sqlite_path(url).unwrap();
            apply(
                &mut diesel::SqliteConnection::establish(&path).unwrap(),
                dir,
                count,
            )
        }
        #[cfg(feature = "postgres")]
        Kind::Postgres => apply(
            &mut diesel::PgConnection::establish(url).unwrap(),
            dir,
            count,
        ),
        #[cfg(feature = "mysql")]
        Kind::Mysql => apply(
            &mut diesel::MysqlConnection::establish(url).unwrap(),
            dir,
            count,
        ),
        #[allow(unreachable_patterns, reason = "a backend feature is off")]
        _ => unreachable!(),
    }
}

#[track_caller]
fn diesel_apply(kind: Kind, url: &str, dir: &Path, count: Option<usize>) {
    if let Err(error) = try_diesel(kind, url, dir, count) {
        panic!("diesel_migrations failed: {error}");
    }
}

/// The schema, as the database's catalog describes it, without the tools' own tables.
pub(crate) fn schema(kind: Kind, db: &dyn TestDb) -> Vec<String> {
    let sql = match kind {
        Kind::Sqlite => "SELECT type || ' ' || name || ': ' || replace(COALESCE(sql, ''), char(10), ' ') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name;".to_owned(),
        Kind::Postgres => "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') FROM information_schema.columns WHERE table_schema = 'public' UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' UNION ALL SELECT 'function ' || proname || ': ' || replace(prosrc, chr(10), ' ') FROM pg_proc WHERE pronamespace = 'public'::regnamespace UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1;".to_owned(),
        Kind::Mysql => "SELECT CONCAT('column ', table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ', COALESCE(column_default, '')) FROM information_schema.columns WHERE table_schema = DATABASE() UNION ALL SELECT CONCAT('index ', table_name, '.', index_name, ' ', column_name, ' ', seq_in_index) FROM information_schema.statistics WHERE table_schema = DATABASE() UNION ALL SELECT CONCAT('view ', table_name) FROM information_schema.views WHERE table_schema = DATABASE() UNION ALL SELECT CONCAT('fk ', table_name, '.', column_name, ' ', COALESCE(referenced_table_name, '')) FROM information_schema.key_column_usage WHERE table_schema = DATABASE() ORDER BY 1;".to_owned(),
    };
    let own = [
        "__diesel_schema_migrations",
        "__migrate_history",
        "__migrate_log",
        "alembic_version",
    ];
    let rows: Vec<String> = lines(&db.query(&sql))
        .into_iter()
        .filter(|line| !own.iter().any(|t| line.contains(t)))
        // SQLite keeps each statement's text; whitespace differs with who wrote it (Alembic online
        // indents with tabs, its offline SQL with spaces).
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(rows.len() >= 2, "{rows:?}");
    rows
}

/// Imports the diesel folder into a new project on `db`.
fn imported(db: &dyn TestDb, diesel: &Path) -> Project {
    let project = Project::with_url(&db.url());
    let run = project.ok(&["import", "diesel", diesel.to_str().unwrap()]);
    assert_eq!(lines(&run.stdout).len(), 6, "{}", run.stdout);
    assert!(
        run.stderr.contains("Imported 6 revisions from "),
        "{}",
        run.stderr
    );
    project
}

fn upgrade_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains("Running upgrade"))
        .map(str::to_owned)
        .collect()
}

/// The imported folder, upgraded by migrate, builds what diesel builds from the same files.
fn same_schema_as_diesel(kind: Kind, db: &dyn TestDb) {
    let folder = tempfile::tempdir().unwrap();
    let versions = diesel_folder(kind, folder.path());
    let by_diesel = db.sibling();
    diesel_apply(kind, &by_diesel.url(), folder.path(), None);

    let project = imported(db, folder.path());
    // The SQL is the files' own, byte for byte (with the missing final newline added).
    let posts = std::fs::read_to_string(project.file_of("20240115093000")).unwrap();
    assert!(
        posts.ends_with("-- migrate:up\nCREATE TABLE posts (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER NOT NULL REFERENCES users (id),\n  title VARCHAR(200) NOT NULL\n);\n-- migrate:down\nDROP TABLE posts;"),
        "{posts}"
    );
    let run = project.ok(&["upgrade", "head"]);
    let ran = upgrade_lines(&run.stderr);
    assert_eq!(ran.len(), 6, "{}", run.stderr);
    for (line, version) in ran.iter().zip(&versions) {
        assert!(line.contains(&format!("-> {version}, ")), "{line}");
    }
    assert_eq!(schema(kind, db), schema(kind, &*by_diesel));
    // Reversible where diesel is: down to the irreversible index revision, which refuses.
    project.ok(&["downgrade", "20240301000000"]);
    let refusal = project.fails(&["downgrade", "-1"]);
    assert!(
        refusal.contains("no `-- migrate:down` section (20240301000000"),
        "{refusal}"
    );
}

/// Diesel applies the first half; after import and adoption, migrate runs exactly the second half.
fn adopt_the_first_half(kind: Kind, db: &dyn TestDb) {
    let folder = tempfile::tempdir().unwrap();
    let versions = diesel_folder(kind, folder.path());
    diesel_apply(kind, &db.url(), folder.path(), Some(3));
    let project = imported(db, folder.path());

    let run = project.ok(&["stamp", "--from", "diesel"]);
    assert_eq!(
        run.stdout,
        "Adopted 3 revisions from __diesel_schema_migrations (3 values listed); current: 20240115093000; 3 revisions to run with `migrate upgrade heads`\n"
    );
    assert_eq!(
        db.query("SELECT revision, state FROM __migrate_history ORDER BY revision;"),
        format!(
            "{}\tstamped\n{}\tstamped\n{}\tstamped\n",
            versions[0], versions[1], versions[2]
        )
    );
    // Once is enough: a second adoption refuses and changes nothing.
    let again = project.fails(&["stamp", "--from", "diesel"]);
    assert!(
        again.contains(
            "the migrate history of this database is not empty (current: 20240115093000)"
        ),
        "{again}"
    );

    let run = project.ok(&["upgrade", "head"]);
    let ran = upgrade_lines(&run.stderr);
    assert_eq!(ran.len(), 3, "{}", run.stderr);
    assert!(
        ran[0].ends_with("Running upgrade 20240115093000 -> 20240201000000, nothing yet"),
        "{ran:?}"
    );
    assert_eq!(
        db.query("SELECT revision, direction FROM __migrate_log ORDER BY id;"),
        versions
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{v}\t{}\n", if i < 3 { "stamp" } else { "upgrade" }))
            .collect::<String>()
    );
    let by_diesel = db.sibling();
    diesel_apply(kind, &by_diesel.url(), folder.path(), None);
    assert_eq!(schema(kind, db), schema(kind, &*by_diesel));
}

/// What the adoption refuses, changing nothing.
fn refusals(kind: Kind, db: &dyn TestDb) {
    let folder = tempfile::tempdir().unwrap();
    diesel_folder(kind, folder.path());
    let project = imported(db, folder.path());
    let error = project.fails(&["stamp", "--from", "diesel"]);
    assert!(
        error.contains("this database has no __diesel_schema_migrations table"),
        "{error}"
    );

    diesel_apply(kind, &db.url(), folder.path(), Some(3));
    let before = schema(kind, db);
    // A gap: diesel records the third migration but not the second.
    db.apply("DELETE FROM __diesel_schema_migrations WHERE version = '20240110000000';");
    let error = project.fails(&["stamp", "--from", "diesel"]);
    assert!(
        error.contains("error: __diesel_schema_migrations lists 20240115093000 but not 20240110000000, which comes before it: a linear history cannot record that"),
        "{error}"
    );
    // A version the folder does not have.
    db.apply("INSERT INTO __diesel_schema_migrations (version) VALUES ('20240110000000'), ('29990101000000');");
    let error = project.fails(&["stamp", "--from", "diesel"]);
    assert!(
        error.contains("error: __diesel_schema_migrations lists a version the migrations folder does not have: 29990101000000;"),
        "{error}"
    );
    assert_eq!(schema(kind, db), before);
    assert!(
        !db.tables().iter().any(|t| t.starts_with("__migrate")),
        "{:?}",
        db.tables()
    );
    assert_eq!(project.ok(&["current"]).stdout, "");
}

#[test]
fn import_refuses_a_folder_that_is_not_empty() {
    let folder = tempfile::tempdir().unwrap();
    diesel_folder(Kind::Sqlite, folder.path());
    let dir = folder.path().to_str().unwrap();
    let project = Project::new();
    project.write_revision("aaaa00000001", "", "", "SELECT 1;");
    let error = project.fails(&["import", "diesel", dir]);
    assert_eq!(
        error,
        "error: migrations is not empty (1 entry); import into an empty folder (`--dir` or `dir` in migrate.toml), or pass `--force` to add the revisions beside what it holds\n"
    );
    // With --force the result must still build: two roots make two heads, and nothing is written.
    let error = project.fails(&["import", "diesel", dir, "--force"]);
    assert!(
        error.contains("nothing was written, the folder would not build")
            && error.contains("2 heads"),
        "{error}"
    );
    assert_eq!(std::fs::read_dir(project.migrations()).unwrap().count(), 1);

    // Into an empty folder, then again with --force: the same files, nothing new.
    let fresh = Project::new();
    fresh.ok(&["import", "diesel", dir]);
    let run = fresh.ok(&["import", "diesel", dir, "--force"]);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("Imported 0 revisions from ")
            && run.stderr.contains("(6 already there, unchanged)"),
        "{}",
        run.stderr
    );
    // A new diesel migration is added on top of the chain.
    let new = folder.path().join("20240401000000_more");
    std::fs::create_dir(&new).unwrap();
    std::fs::write(new.join("up.sql"), "CREATE TABLE more (id INTEGER);\n").unwrap();
    let run = fresh.ok(&["import", "diesel", dir, "--force"]);
    assert_eq!(
        run.stdout,
        "Generating migrations/20240401000000_more.sql ...  done\n"
    );
    assert_eq!(fresh.ok(&["heads"]).stdout, "20240401000000 (head)\n");
}

/// An `up.sql` holding only comments: diesel runs it as a no-op on SQLite and MariaDB and fails on
/// PostgreSQL ("Received an empty query"); migrate imports it as a no-op revision that runs everywhere.
fn comment_only_up_sql(kind: Kind, db: &dyn TestDb) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("2024-02-01-000000_nothing_yet");
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("up.sql"), "-- Your SQL goes here").unwrap();
    std::fs::write(path.join("down.sql"), "").unwrap();
    let by_diesel = db.sibling();
    let diesel = try_diesel(kind, &by_diesel.url(), folder.path(), None);
    assert_eq!(diesel.is_ok(), kind != Kind::Postgres, "{diesel:?}");

    let project = Project::with_url(&db.url());
    project.ok(&["import", "diesel", folder.path().to_str().unwrap()]);
    let text = std::fs::read_to_string(project.file_of("20240201000000")).unwrap();
    assert!(
        text.ends_with("-- migrate:up\n-- Your SQL goes here\n-- migrate import: diesel ran this up.sql as a no-op; migrate needs a statement\nSELECT 1;\n-- migrate:down\n"),
        "{text}"
    );
    project.ok(&["upgrade", "head"]);
    assert_eq!(
        db.query("SELECT revision, state FROM __migrate_history;"),
        "20240201000000\tapplied\n"
    );
    project.ok(&["downgrade", "base"]);
    assert_eq!(db.query("SELECT COUNT(*) FROM __migrate_history;"), "0\n");
}

#[test]
fn sqlite_comment_only_up_sql() {
    comment_only_up_sql(Kind::Sqlite, &Sqlite::new());
}

#[test]
fn sqlite_same_schema_as_diesel() {
    same_schema_as_diesel(Kind::Sqlite, &Sqlite::new());
}

#[test]
fn sqlite_adopt_the_first_half() {
    adopt_the_first_half(Kind::Sqlite, &Sqlite::new());
}

#[test]
fn sqlite_refusals() {
    refusals(Kind::Sqlite, &Sqlite::new());
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;
    use crate::support::Postgres;

    #[test]
    fn same_schema() {
        same_schema_as_diesel(Kind::Postgres, &Postgres::new());
    }
    #[test]
    fn comment_only() {
        comment_only_up_sql(Kind::Postgres, &Postgres::new());
    }
    #[test]
    fn adopt() {
        adopt_the_first_half(Kind::Postgres, &Postgres::new());
    }
    #[test]
    fn refuse() {
        refusals(Kind::Postgres, &Postgres::new());
    }
}

#[cfg(feature = "mysql")]
mod mysql {
    use super::*;
    use crate::support::Mysql;

    #[test]
    fn same_schema() {
        same_schema_as_diesel(Kind::Mysql, &Mysql::new());
    }
    #[test]
    fn comment_only() {
        comment_only_up_sql(Kind::Mysql, &Mysql::new());
    }
    #[test]
    fn adopt() {
        adopt_the_first_half(Kind::Mysql, &Mysql::new());
    }
    #[test]
    fn refuse() {
        refusals(Kind::Mysql, &Mysql::new());
    }
}
