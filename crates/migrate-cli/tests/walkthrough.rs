//! The Alembic walkthrough against real databases: the same steps and the same output on every backend, and
//! `--sql` scripts applied by the database's own client leaving what the online run leaves.

use crate::support::{Project, TestDb, lines};

fn table(name: &str) -> (String, String) {
    (
        format!("CREATE TABLE {name} (id INTEGER PRIMARY KEY, note VARCHAR(100));"),
        format!("DROP TABLE {name};"),
    )
}

fn revision(project: &Project, id: &str, message: &str, extra: &[&str], name: &str) {
    let (up, down) = table(name);
    project.revision(id, message, extra, &up, Some(&down));
}

/// Runs a command that must succeed and print nothing on stdout; returns stderr without the connection lines.
#[track_caller]
fn steps(project: &Project, db: &dyn TestDb, args: &[&str]) -> String {
    let run = project.ok(args);
    assert_eq!(run.stdout, "", "{args:?}");
    run.stderr
        .strip_prefix(&db.context_lines())
        .unwrap_or_else(|| panic!("{args:?}: {}", run.stderr))
        .to_owned()
}

fn user_tables(db: &dyn TestDb) -> Vec<String> {
    db.tables()
        .into_iter()
        .filter(|t| !t.starts_with("__migrate"))
        .collect()
}

fn history_ids(db: &dyn TestDb) -> Vec<String> {
    let mut ids = lines(&db.query("SELECT revision FROM __migrate_history ORDER BY revision;"));
    ids.sort();
    ids
}

/// What Alembic logs before an offline script: the connection lines around `Generating static SQL`.
fn offline_preamble(db: &dyn TestDb) -> String {
    let context = db.context_lines();
    let (backend, ddl) = context.split_once('\n').unwrap();
    format!("{backend}\nINFO  [migrate] Generating static SQL\n{ddl}")
}

fn info(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| format!("INFO  [migrate] {l}\n"))
        .collect()
}

pub fn walkthrough(db: &dyn TestDb) {
    let project = Project::with_url(&db.url());
    let a = "aaaa00000001";
    let b = "bbbb00000002";

    // init, revision -m, upgrade head.
    revision(&project, a, "create users", &[], "users");
    assert_eq!(
        steps(&project, db, &["upgrade", "head"]),
        info(&["Running upgrade <base> -> aaaa00000001, create users"])
    );
    assert_eq!(db.tables(), ["__migrate_history", "__migrate_log", "users"]);
    // A second revision, upgrade head again.
    revision(&project, b, "create posts", &[], "posts");
    assert_eq!(
        steps(&project, db, &["upgrade", "head"]),
        info(&["Running upgrade aaaa00000001 -> bbbb00000002, create posts"])
    );
    assert_eq!(steps(&project, db, &["upgrade", "head"]), "");
    assert_eq!(user_tables(db), ["posts", "users"]);
    // current, history.
    assert_eq!(project.ok(&["current"]).stdout, "bbbb00000002 (head)\n");
    assert_eq!(project.ok(&["-q", "current"]).stderr, "");
    assert_eq!(
        project.ok(&["-q", "history", "--indicate-current"]).stdout,
        "aaaa00000001 -> bbbb00000002 (head) (current), create posts\n<base> -> aaaa00000001, create users\n"
    );
    project.ok(&["current", "--check-heads"]);
    // downgrade -1, downgrade <rev> (a prefix), downgrade base.
    assert_eq!(
        steps(&project, db, &["downgrade", "-1"]),
        info(&["Running downgrade bbbb00000002 -> aaaa00000001, create posts"])
    );
    assert_eq!(project.ok(&["current"]).stdout, "aaaa00000001\n");
    assert_eq!(user_tables(db), ["users"]);
    let run = project.run(&["current", "--check-heads"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "aaaa00000001\n");
    assert!(run.stderr.ends_with("error: the database is not at the heads: it is at aaaa00000001, the heads are bbbb00000002; run `migrate upgrade heads`\n"), "{}", run.stderr);
    assert_eq!(
        steps(&project, db, &["upgrade", "+1"]),
        info(&["Running upgrade aaaa00000001 -> bbbb00000002, create posts"])
    );
    assert_eq!(
        steps(&project, db, &["downgrade", "aaaa"]),
        info(&["Running downgrade bbbb00000002 -> aaaa00000001, create posts"])
    );
    assert_eq!(
        steps(&project, db, &["downgrade", "base"]),
        info(&["Running downgrade aaaa00000001 -> <base>, create users"])
    );
    assert_eq!(project.ok(&["current"]).stdout, "");
    assert_eq!(user_tables(db), Vec::<String>::new());
    // A downgrade target above the current state changes nothing.
    let stderr = project.fails(&["downgrade", "bbbb"]);
    assert!(stderr.ends_with("error: `bbbb` is not a valid downgrade target from current heads (base): it is not applied\n"), "{stderr}");
    // stamp head runs no SQL.
    steps(&project, db, &["stamp", "head"]);
    assert_eq!(project.ok(&["current"]).stdout, "bbbb00000002 (head)\n");
    assert_eq!(user_tables(db), Vec::<String>::new());
    steps(&project, db, &["stamp", "--purge", "base"]);
    assert_eq!(project.ok(&["current"]).stdout, "");
    steps(&project, db, &["upgrade", "head"]);

    // Two revisions on the same parent: upgrade head refuses, merge heads fixes it.
    revision(&project, "cccc00000003", "add tags", &[], "tags");
    revision(
        &project,
        "dddd00000004",
        "add likes",
        &["--head", b, "--splice"],
        "likes",
    );
    let stderr = project.fails(&["upgrade", "head"]);
    assert_eq!(
        stderr.strip_prefix(&db.context_lines()).unwrap_or(&stderr),
        "error: multiple heads are present for `head`: cccc00000003, dddd00000004; name a revision, use `<label>@head` to narrow to one branch, or `heads` for all of them\n"
    );
    assert_eq!(user_tables(db), ["posts", "users"]);
    project.ok(&[
        "merge",
        "heads",
        "-m",
        "merge tags and likes",
        "--rev-id",
        "eeee00000005",
    ]);
    assert_eq!(
        steps(&project, db, &["upgrade", "head"]),
        info(&[
            // Alembic's order: the last parent's branch first.
            "Running upgrade bbbb00000002 -> dddd00000004, add likes",
            "Running upgrade bbbb00000002 -> cccc00000003, add tags",
            "Running upgrade cccc00000003, dddd00000004 -> eeee00000005, merge tags and likes",
        ])
    );
    assert_eq!(
        project.ok(&["current"]).stdout,
        "eeee00000005 (head) (mergepoint)\n"
    );
    assert_eq!(
        steps(&project, db, &["downgrade", "-1"]),
        info(&[
            "Running downgrade eeee00000005 -> cccc00000003, dddd00000004, merge tags and likes"
        ])
    );
    assert_eq!(
        project.ok(&["current"]).stdout,
        "cccc00000003\ndddd00000004\n"
    );
    let stderr = project.fails(&["downgrade", "-1"]);
    assert!(stderr.ends_with("error: `-1` is ambiguous from several current heads (cccc00000003, dddd00000004); use `<label>@-1` or name a revision\n"), "{stderr}");
    steps(&project, db, &["upgrade", "heads"]);

    // A labelled branch: label@head, relative steps inside the label, partial ids.
    revision(
        &project,
        "ffff00000006",
        "start audit",
        &["--head", "base", "--branch-label", "audit"],
        "audit_log",
    );
    revision(
        &project,
        "0000aaaa0007",
        "audit index",
        &["--head", "audit@head"],
        "audit_extra",
    );
    assert_eq!(
        steps(&project, db, &["upgrade", "audit@head"]),
        info(&[
            "Running upgrade <base> -> ffff00000006, start audit",
            "Running upgrade ffff00000006 -> 0000aaaa0007, audit index"
        ])
    );
    assert_eq!(
        project.ok(&["current"]).stdout,
        "0000aaaa0007 (head)\neeee00000005 (head) (mergepoint)\n"
    );
    assert_eq!(
        steps(&project, db, &["downgrade", "audit@-1"]),
        info(&["Running downgrade 0000aaaa0007 -> ffff00000006, audit index"])
    );
    assert_eq!(
        steps(&project, db, &["upgrade", "audit@+1"]),
        info(&["Running upgrade ffff00000006 -> 0000aaaa0007, audit index"])
    );
    assert_eq!(
        steps(&project, db, &["downgrade", "audit@base"]),
        info(&[
            "Running downgrade 0000aaaa0007 -> ffff00000006, audit index",
            "Running downgrade ffff00000006 -> <base>, start audit"
        ])
    );
    assert_eq!(
        steps(&project, db, &["upgrade", "0000a"]),
        info(&[
            "Running upgrade <base> -> ffff00000006, start audit",
            "Running upgrade ffff00000006 -> 0000aaaa0007, audit index"
        ])
    );
    assert_eq!(
        user_tables(db),
        [
            "audit_extra",
            "audit_log",
            "likes",
            "posts",
            "tags",
            "users"
        ]
    );

    // check: two heads without a label each fail the build's rule.
    let stderr = project.fails(&["check"]);
    assert!(
        stderr.starts_with("error: 1 problem in the migrations folder:\nmigrations/"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "2 heads: `0000aaaa0007` (migrations/0000aaaa0007_audit_index.sql:1), `eeee00000005`"
        ),
        "{stderr}"
    );
    project.ok(&[
        "merge",
        "heads",
        "-m",
        "join audit",
        "--rev-id",
        "9999aaaa0008",
    ]);
    let stderr = project.fails(&["check"]);
    assert!(
        stderr.ends_with("error: 1 problem found:\n- the database is at 0000aaaa0007, eeee00000005 but the migrations' heads are 9999aaaa0008: 1 revision is pending; run `migrate upgrade heads`\n"),
        "{stderr}"
    );
    steps(&project, db, &["upgrade", "head"]);
    assert_eq!(
        steps(&project, db, &["check"]),
        info(&["No problems found: 8 revisions, the database is at the head (9999aaaa0008)."])
    );

    // Offline: the scripts, applied by the database's own client, leave what the online run left.
    let other = db.sibling();
    let script = project.ok(&["upgrade", "base:heads", "--sql"]);
    assert!(
        script.stderr.starts_with(&format!(
            "{}INFO  [migrate] Running upgrade <base> -> ",
            offline_preamble(db)
        )),
        "{}",
        script.stderr
    );
    other.apply(&script.stdout);
    assert_eq!(other.tables(), db.tables());
    assert_eq!(history_ids(&*other), history_ids(db));
    // Only the pending part, from a given start.
    let script = project.ok(&["downgrade", "heads:base", "--sql"]).stdout;
    other.apply(&script);
    steps(&project, db, &["downgrade", "base"]);
    assert_eq!(other.tables(), db.tables());
    assert_eq!(history_ids(&*other), Vec::<String>::new());
    assert_eq!(user_tables(&*other), Vec::<String>::new());
    let script = project.ok(&["upgrade", "bbbb:eeee", "--sql"]).stdout;
    assert!(!script.contains("CREATE TABLE users"), "{script}");
    assert!(script.contains("CREATE TABLE tags"), "{script}");
    let script = project.ok(&["stamp", "base:head", "--sql"]).stdout;
    other.apply(&script);
    steps(&project, db, &["stamp", "head"]);
    assert_eq!(history_ids(&*other), history_ids(db));
    assert_eq!(user_tables(&*other), Vec::<String>::new());

    // check: a changed file, an unknown revision and a `running` marker are each reported.
    let file = project.file_of(a);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("note VARCHAR(100)", "note VARCHAR(200)"),
    )
    .unwrap();
    db.apply("INSERT INTO __migrate_history (revision, parents, depends_on, message, checksum, down_sql, state, applied_at, execution_time_ms) VALUES ('zzzz99999999', '', '', 'from elsewhere', 'x', NULL, 'applied', '2026-01-01 00:00:00.000', 0);");
    db.apply("UPDATE __migrate_history SET state = 'running' WHERE revision = 'bbbb00000002';");
    let stderr = project.fails(&["check"]);
    let stderr = stderr.strip_prefix(&db.context_lines()).unwrap_or(&stderr);
    assert!(
        stderr.starts_with("error: 3 problems found:\n- "),
        "{stderr}"
    );
    assert!(stderr.contains("revision aaaa00000001 (migrations/aaaa00000001_create_users.sql) was changed after it was applied"), "{stderr}");
    assert!(
        stderr
            .contains("the database records revision zzzz99999999, which this build does not know"),
        "{stderr}"
    );
    assert!(
        stderr.contains("revision bbbb00000002 is marked `running`"),
        "{stderr}"
    );
}

#[test]
fn sqlite() {
    walkthrough(&crate::support::Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres() {
    walkthrough(&crate::support::Postgres::new());
}

#[cfg(feature = "mysql")]
#[test]
fn mysql() {
    walkthrough(&crate::support::Mysql::new());
}

#[test]
fn placeholder_warning_ranges_and_offline_from_current() {
    let db = crate::support::Sqlite::new();
    let project = Project::with_url(&db.url());
    project.ok(&["revision", "-m", "todo", "--rev-id", "aaaa00000001"]);
    assert_eq!(
        steps(&project, &db, &["upgrade", "head"]),
        "WARN  [migrate] revision aaaa00000001 (migrations/aaaa00000001_todo.sql) still has the generated placeholder `SELECT 1;` in its up section\n\
         INFO  [migrate] Running upgrade <base> -> aaaa00000001, todo\n"
    );
    revision(&project, "bbbb00000002", "create posts", &[], "posts");
    // From the database's state: only the pending revision.
    let run = project.ok(&["upgrade", "current:head", "--sql"]);
    assert!(run.stdout.contains("CREATE TABLE posts"), "{}", run.stdout);
    assert!(!run.stdout.contains("SELECT 1;"), "{}", run.stdout);
    assert!(
        run.stderr.ends_with(&format!(
            "{}INFO  [migrate] Running upgrade aaaa00000001 -> bbbb00000002, create posts\n",
            offline_preamble(&db)
        )),
        "{}",
        run.stderr
    );
    db.apply(&run.stdout);
    assert_eq!(
        project.ok(&["-q", "current"]).stdout,
        "bbbb00000002 (head)\n"
    );
    assert_eq!(
        project.fails(&["upgrade", "aaaa:head"]),
        "error: a `START:END` range is only allowed with --sql; the start of an online upgrade is the database's current state\n"
    );
    assert_eq!(
        project.fails(&["downgrade", "base", "--sql"]),
        "error: downgrade with --sql needs a `START:END` range, e.g. `migrate downgrade head:base --sql`\n"
    );
    // A downgrade through an irreversible revision is refused before anything runs.
    let path = project.file_of("bbbb00000002");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &text[..text.find("-- migrate:down").unwrap()]).unwrap();
    // (The checksum covers the up section only, so removing the down section is not drift.)
    let stderr = project.fails(&["downgrade", "base"]);
    assert!(
        stderr.ends_with("error: cannot downgrade: this revision has no `-- migrate:down` section (bbbb00000002 in migrations/bbbb00000002_create_posts.sql)\n"),
        "{stderr}"
    );
    assert_eq!(user_tables(&db), ["posts"]);
}
