//! Replays (`migrate print-schema --from migrations`): the schema the folder produces equals the schema of a
//! database upgraded to the heads, facets included; on PostgreSQL and MySQL the temporary database on the
//! server is gone afterwards, also when a revision fails and when the run is interrupted with Ctrl-C.

use migrate_core::HeadsPolicy;
use migrate_runtime::{IntrospectOptions, Options, Scratch};

use crate::support::{Project, Sqlite, TestDb};

const A: &str = "aaaa00000001";
const B: &str = "bbbb00000002";
const C: &str = "cccc00000003";

/// What each backend's folder creates, and the schema.rs it gives.
struct Case {
    users: &'static str,
    posts: &'static str,
    /// The failing revision; its error names the database it runs in.
    failing: &'static str,
    expected: &'static str,
}

fn graph(project: &Project) -> migrate_core::RevisionGraph {
    migrate_core::load_and_validate(
        &project.migrations(),
        project.path(),
        HeadsPolicy::AllowMultiple,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The replay equals the upgraded database, in schema.rs and in the whole model.
fn replay_equals_upgrade(db: &dyn TestDb, scratch: Scratch, case: &Case) -> Project {
    let project = Project::with_url(&db.url());
    project.write_revision(A, "", "", case.users);
    project.write_revision(B, A, "", case.posts);
    let replayed = project.ok(&["print-schema", "--from", "migrations"]).stdout;
    assert_eq!(replayed, case.expected);
    assert_eq!(
        db.tables(),
        Vec::<String>::new(),
        "the replay leaves the database alone"
    );
    // --target alone means a replay.
    let only_users = project.ok(&["print-schema", "--target", A]);
    assert!(
        !only_users.stdout.contains("posts"),
        "{}",
        only_users.stdout
    );
    assert!(only_users.stdout.contains("users (id)"));

    project.ok(&["upgrade", "heads"]);
    assert_eq!(project.ok(&["print-schema"]).stdout, case.expected);
    let graph = graph(&project);
    let options = IntrospectOptions::default();
    let replay =
        migrate_runtime::replay(&graph, "heads", &scratch, &Options::default(), &options).unwrap();
    let mut conn = migrate_runtime::connect(&db.url()).unwrap();
    let live = migrate_runtime::introspect(&mut conn, &options).unwrap();
    assert_eq!(replay, live);
    let posts = live.tables.iter().find(|t| t.name.sql == "posts").unwrap();
    assert!(!posts.facets.indexes.is_empty(), "{:?}", posts.facets);
    assert_eq!(posts.facets.foreign_keys.len(), 1, "{:?}", posts.facets);
    assert_eq!(posts.facets.uniques.len(), 1, "{:?}", posts.facets);
    assert!(!posts.facets.defaults.is_empty(), "{:?}", posts.facets);
    project
}

const SQLITE: Case = Case {
    users: "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);",
    posts: "CREATE TABLE posts (id INTEGER PRIMARY KEY NOT NULL, author_id INTEGER NOT NULL REFERENCES users (id), slug TEXT NOT NULL UNIQUE, views INTEGER NOT NULL DEFAULT 0);\nCREATE INDEX posts_author ON posts (author_id);\nCREATE TRIGGER posts_touch AFTER UPDATE ON posts BEGIN UPDATE posts SET views = views + 1 WHERE id = NEW.id AND 0; END;",
    failing: "SELECT * FROM missing_table;",
    expected: "// @generated automatically by Diesel CLI.\n\ndiesel::table! {\n    posts (id) {\n        id -> Integer,\n        author_id -> Integer,\n        slug -> Text,\n        views -> Integer,\n    }\n}\n\ndiesel::table! {\n    users (id) {\n        id -> Integer,\n        name -> Text,\n    }\n}\n\ndiesel::joinable!(posts -> users (author_id));\n\ndiesel::allow_tables_to_appear_in_same_query!(posts, users,);\n",
};

#[test]
fn sqlite_replay_runs_in_memory() {
    let db = Sqlite::new();
    let project = replay_equals_upgrade(&db, Scratch::SqliteMemory, &SQLITE);
    let live = migrate_runtime::introspect(
        &mut migrate_runtime::connect(&db.url()).unwrap(),
        &IntrospectOptions::default(),
    )
    .unwrap();
    let posts = live.tables.iter().find(|t| t.name.sql == "posts").unwrap();
    assert_eq!(posts.facets.triggers[0].name, "posts_touch");
    assert_eq!(
        posts.facets.indexes[0].definition.as_deref(),
        Some("CREATE INDEX posts_author ON posts (author_id)")
    );
    // Without any database URL, a replay needs no server at all.
    let offline = Project::new();
    std::fs::create_dir_all(offline.migrations()).unwrap();
    for id in [A, B] {
        let file = project.file_of(id);
        std::fs::copy(&file, offline.migrations().join(file.file_name().unwrap())).unwrap();
    }
    assert_eq!(offline.ok(&["print-schema"]).stdout, SQLITE.expected);
    // A SQLite dev database is emptied again too.
    let dev = Sqlite::new();
    let url = dev.url();
    let with_dev = ["print-schema", "--dev-url", url.as_str()];
    assert_eq!(offline.ok(&with_dev).stdout, SQLITE.expected);
    assert_eq!(dev.tables(), Vec::<String>::new());
    assert_eq!(offline.ok(&with_dev).stdout, SQLITE.expected, "and again");
    offline.write_revision(C, B, "", SQLITE.failing);
    let error = offline.fails(&["print-schema"]);
    assert!(error.contains("no such table: missing_table"), "{error}");
}

/// The temporary databases of replays on the server.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn scratch_databases(db: &dyn TestDb, query: &str) -> Vec<String> {
    crate::support::lines(&db.query(query))
}

/// Asserts that no temporary database the server did not have `before` is left. Other tests of this run
/// replay on the same server at the same time, and their databases are there while they run: the check
/// waits for those to go, and fails naming whatever is still there after two minutes (a leaked database
/// never goes).
#[cfg(any(feature = "postgres", feature = "mysql"))]
#[track_caller]
fn no_new_scratch_databases(db: &dyn TestDb, query: &str, before: &[String]) {
    let started = std::time::Instant::now();
    loop {
        let new: Vec<String> = scratch_databases(db, query)
            .into_iter()
            .filter(|name| !before.contains(name))
            .collect();
        if new.is_empty() {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "temporary databases left on the server: {new:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// A failing revision: the error names the temporary database, which is gone afterwards.
#[cfg(any(feature = "postgres", feature = "mysql"))]
fn failing_replay_drops_its_database(db: &dyn TestDb, project: &Project, case: &Case, list: &str) {
    let before = scratch_databases(db, list);
    project.write_revision(C, B, "", case.failing);
    let error = project.fails(&["print-schema", "--from", "migrations"]);
    let name: String = error
        .split("migrate_replay_")
        .nth(1)
        .unwrap_or_else(|| panic!("the error names the temporary database: {error}"))
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(name.len(), 12, "{error}");
    let after = scratch_databases(db, list);
    assert!(
        !after.contains(&format!("migrate_replay_{name}")),
        "{after:?}"
    );
    no_new_scratch_databases(db, list, &before);
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;
    use crate::support::Postgres;

    const LIST: &str =
        "SELECT datname FROM pg_database WHERE datname LIKE 'migrate\\_replay\\_%' ORDER BY 1;";

    /// The tests that compare the server's temporary databases before and after run one at a time.
    fn serial() -> std::sync::MutexGuard<'static, ()> {
        crate::support::scratch_server()
    }

    const CASE: Case = Case {
        users: "CREATE TYPE mood AS ENUM ('happy', 'sad');\nCREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR(40) NOT NULL, mood mood);",
        posts: "CREATE TABLE posts (id SERIAL PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES users (id), slug TEXT NOT NULL UNIQUE, views INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0));\nCREATE INDEX posts_author ON posts (author_id);",
        failing: "DO $$ BEGIN RAISE EXCEPTION 'running in %', current_database(); END $$;",
        expected: "// @generated automatically by Diesel CLI.\n\npub mod sql_types {\n    #[derive(diesel::sql_types::SqlType)]\n    #[diesel(postgres_type(name = \"mood\"))]\n    pub struct Mood;\n}\n\ndiesel::table! {\n    posts (id) {\n        id -> Int4,\n        author_id -> Int4,\n        slug -> Text,\n        views -> Int4,\n    }\n}\n\ndiesel::table! {\n    use diesel::sql_types::*;\n    use super::sql_types::Mood;\n\n    users (id) {\n        id -> Int4,\n        #[max_length = 40]\n        name -> Varchar,\n        mood -> Nullable<Mood>,\n    }\n}\n\ndiesel::joinable!(posts -> users (author_id));\n\ndiesel::allow_tables_to_appear_in_same_query!(posts, users,);\n",
    };

    #[test]
    fn replay_uses_a_temporary_database_and_drops_it() {
        let _serial = serial();
        let db = Postgres::new();
        let before = scratch_databases(&db, LIST);
        let project = replay_equals_upgrade(&db, Scratch::TemporaryOn(db.url()), &CASE);
        no_new_scratch_databases(&db, LIST, &before);
        failing_replay_drops_its_database(&db, &project, &CASE, LIST);
    }

    #[test]
    fn ctrl_c_drops_the_temporary_database() {
        let _serial = serial();
        let db = Postgres::new();
        let before = scratch_databases(&db, LIST);
        let project = Project::with_url(&db.url());
        project.write_revision(A, "", "", "SELECT pg_sleep(600);");
        let mut child = project.spawn(&["print-schema", "--from", "migrations"]);
        // Wait until the revision runs in the temporary database, and learn its name.
        let name = loop {
            let running = db.query("SELECT datname FROM pg_stat_activity WHERE datname LIKE 'migrate\\_replay\\_%' AND query LIKE '%pg_sleep(600)%' AND pid <> pg_backend_pid() LIMIT 1;");
            if !running.trim().is_empty() {
                break running.trim().to_owned();
            }
            assert!(
                child.try_wait().unwrap().is_none(),
                "the replay ended early"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        assert!(scratch_databases(&db, LIST).contains(&name));
        let status = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(130));
        assert!(!scratch_databases(&db, LIST).contains(&name));
        no_new_scratch_databases(&db, LIST, &before);
    }

    #[test]
    fn a_user_who_may_not_create_databases_is_told_to_set_dev_url() {
        let db = Postgres::new();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let role = format!("migrate_nocreate_{}_{nanos}", std::process::id());
        db.query(&format!("CREATE ROLE {role} LOGIN NOCREATEDB;"));
        let url = db.url();
        let (scheme, rest) = url.split_once("://").unwrap();
        let host = rest.split_once('@').map_or(rest, |(_, host)| host);
        let project = Project::with_url(&format!("{scheme}://{role}@{host}"));
        project.write_revision(A, "", "", CASE.users);
        let error = project.fails(&["print-schema", "--from", "migrations"]);
        db.query(&format!("DROP ROLE {role};"));
        assert!(
            error.starts_with("error: cannot create the temporary database migrate_replay_"),
            "{error}"
        );
        assert!(
            error.contains("permission denied to create database; set `dev_url` in migrate.toml (or pass `--dev-url`) to an empty database the replay may use\n"),
            "{error}"
        );
    }

    #[test]
    fn a_dev_database_must_be_empty_and_is_emptied_afterwards() {
        let db = Postgres::new();
        let dev = Postgres::new();
        let project = Project::with_url(&db.url());
        project.write_revision(A, "", "", CASE.users);
        project.write_revision(B, A, "", CASE.posts);
        let args = ["print-schema", "--from", "migrations", "--dev-url"];
        let mut with_dev = args.to_vec();
        let url = dev.url();
        with_dev.push(&url);
        assert_eq!(project.ok(&with_dev).stdout, CASE.expected);
        assert_eq!(dev.tables(), Vec::<String>::new());
        assert_eq!(project.ok(&with_dev).stdout, CASE.expected, "and again");
        dev.apply("CREATE TABLE leftover (id INTEGER PRIMARY KEY);");
        let error = project.fails(&with_dev);
        assert!(
            error.contains("is not empty (1 tables or views): a replay needs an empty database"),
            "{error}"
        );
        assert_eq!(dev.tables(), ["leftover"]);
    }
}

#[cfg(feature = "mysql")]
mod mysql {
    use super::*;
    use crate::support::Mysql;

    const LIST: &str = "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'migrate\\_replay\\_%' ORDER BY 1;";

    /// The tests that compare the server's temporary databases before and after run one at a time.
    fn serial() -> std::sync::MutexGuard<'static, ()> {
        crate::support::scratch_server()
    }

    const CASE: Case = Case {
        users: "CREATE TABLE users (id INTEGER AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL, status ENUM('on', 'off'));",
        posts: "CREATE TABLE posts (id INTEGER AUTO_INCREMENT PRIMARY KEY, author_id INTEGER NOT NULL, slug VARCHAR(80) NOT NULL UNIQUE, views INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0), FOREIGN KEY (author_id) REFERENCES users (id));\nCREATE INDEX posts_views ON posts (views);",
        failing: "SELECT * FROM missing_table;",
        expected: "// @generated automatically by Diesel CLI.\n\npub mod sql_types {\n    #[derive(diesel::sql_types::SqlType)]\n    #[diesel(mysql_type(name = \"Enum\"))]\n    pub struct UsersStatusEnum;\n}\n\ndiesel::table! {\n    posts (id) {\n        id -> Integer,\n        author_id -> Integer,\n        #[max_length = 80]\n        slug -> Varchar,\n        views -> Integer,\n    }\n}\n\ndiesel::table! {\n    use diesel::sql_types::*;\n    use super::sql_types::UsersStatusEnum;\n\n    users (id) {\n        id -> Integer,\n        #[max_length = 40]\n        name -> Varchar,\n        #[max_length = 3]\n        status -> Nullable<UsersStatusEnum>,\n    }\n}\n\ndiesel::joinable!(posts -> users (author_id));\n\ndiesel::allow_tables_to_appear_in_same_query!(posts, users,);\n",
    };

    #[test]
    fn a_dev_database_must_be_empty_and_is_emptied_afterwards() {
        let db = Mysql::new();
        let dev = Mysql::new();
        let project = Project::with_url(&db.url());
        project.write_revision(A, "", "", CASE.users);
        project.write_revision(B, A, "", CASE.posts);
        let url = dev.url();
        let with_dev = [
            "print-schema",
            "--from",
            "migrations",
            "--dev-url",
            url.as_str(),
        ];
        assert_eq!(project.ok(&with_dev).stdout, CASE.expected);
        assert_eq!(dev.tables(), Vec::<String>::new());
        assert_eq!(project.ok(&with_dev).stdout, CASE.expected, "and again");
        dev.apply("CREATE TABLE leftover (id INTEGER PRIMARY KEY);");
        let error = project.fails(&with_dev);
        assert!(
            error.contains("is not empty (1 tables or views): a replay needs an empty database"),
            "{error}"
        );
        assert_eq!(dev.tables(), ["leftover"]);
    }

    #[test]
    fn ctrl_c_ends_the_session_and_drops_the_temporary_database() {
        let _serial = serial();
        let db = Mysql::new();
        let project = Project::with_url(&db.url());
        project.write_revision(A, "", "", "SELECT SLEEP(600);");
        let mut child = project.spawn(&["print-schema", "--from", "migrations"]);
        // Wait until the revision runs in a temporary database; note which one.
        let name = loop {
            let running = db.query("SELECT db FROM information_schema.processlist WHERE db LIKE 'migrate\\_replay\\_%' AND info LIKE '%SLEEP(600)%';");
            if let Some(name) = running.lines().next() {
                break name.to_owned();
            }
            assert!(
                child.try_wait().unwrap().is_none(),
                "the replay ended early"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        assert!(scratch_databases(&db, LIST).contains(&name));
        let status = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(130));
        assert!(!scratch_databases(&db, LIST).contains(&name));
    }

    #[test]
    fn replay_uses_a_temporary_database_and_drops_it() {
        let _serial = serial();
        let db = Mysql::new();
        let before = scratch_databases(&db, LIST);
        let project = replay_equals_upgrade(&db, Scratch::TemporaryOn(db.url()), &CASE);
        no_new_scratch_databases(&db, LIST, &before);
        failing_replay_drops_its_database(&db, &project, &CASE, LIST);
    }
}
