//! Scenarios run on every backend; each backend module calls them from its own `#[test]`s.

use migrate_runtime::{Backend, Error, Migrator, Outcome, StampMode, State, StepDirection};

use crate::support::{TestDb, fixture, load, repo_migrations, rev, shaped};

fn step_ids(report: &migrate_runtime::Report) -> Vec<&str> {
    report.steps.iter().map(|s| s.revision.as_str()).collect()
}

pub fn head_ids(migrator: &Migrator<'_>, db: &TestDb) -> Vec<String> {
    let mut conn = db.conn();
    migrator
        .current_heads(&mut conn)
        .unwrap()
        .into_iter()
        .map(|r| r.revision)
        .collect()
}

/// Upgrade head from empty; the Alembic lines as each step starts; history and log column by column;
/// downgrade -1, to a revision, to base.
pub fn upgrade_and_downgrade(backend: Backend) {
    let db = TestDb::new(backend);
    let fx = shaped();
    let lines = std::cell::RefCell::new(Vec::new());
    let mut migrator = Migrator::new(&fx.graph).on_step(|e| lines.borrow_mut().push(e.to_string()));
    let mut conn = db.conn();
    let report = migrator.upgrade(&mut conn, "head").unwrap();
    // Alembic's order (checked against alembic 1.20): the merge's last parent's branch first.
    assert_eq!(step_ids(&report), ["a1", "d4", "e5", "b2", "c3", "f6"]);
    assert!(report.heads_before.is_empty());
    assert_eq!(report.heads_after, ["f6"]);
    assert_eq!(report.steps[3].revision, "b2");
    assert_eq!(report.steps[3].statements, 2);
    assert!(
        report
            .steps
            .iter()
            .all(|s| s.direction == StepDirection::Upgrade)
    );
    drop(migrator);
    assert_eq!(
        lines.borrow().as_slice(),
        [
            "Running upgrade <base> -> a1, a1 message",
            "Running upgrade <base> -> d4, d4 message",
            "Running upgrade d4 -> e5, e5 message",
            "Running upgrade a1 -> b2, b2 message",
            "Running upgrade b2 -> c3, c3 message",
            "Running upgrade c3, e5 -> f6, f6 message",
        ]
    );
    let mut migrator = Migrator::new(&fx.graph);
    let history = migrator.history(&mut conn).unwrap();
    let mut sorted = history.clone();
    sorted.sort_by(|a, b| a.revision.cmp(&b.revision));
    let ids: Vec<&str> = sorted.iter().map(|r| r.revision.as_str()).collect();
    assert_eq!(ids, ["a1", "b2", "c3", "d4", "e5", "f6"]);
    for row in &sorted {
        let revision = fx.graph.get(&row.revision).unwrap();
        assert_eq!(row.message, format!("{} message", row.revision));
        assert_eq!(row.checksum, revision.checksum);
        assert_eq!(row.down_sql.as_deref(), revision.down_sql.as_deref());
        assert_eq!(row.state, State::Applied);
        assert_eq!(row.applied_at.len(), 23, "{}", row.applied_at);
        assert!(row.applied_at.starts_with("20"));
        assert!(row.execution_time_ms >= 0);
    }
    assert_eq!(sorted[1].parents, ["a1"]);
    assert_eq!(sorted[4].depends_on, ["a1"]);
    assert_eq!(sorted[5].parents, ["c3", "e5"]);
    assert_eq!(sorted[1].down_sql.as_deref(), Some("DROP TABLE posts;\n"));
    let log = migrator.log(&mut conn).unwrap();
    let logged: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|l| {
            (
                l.revision.as_str(),
                l.direction.as_str(),
                l.outcome.as_str(),
            )
        })
        .collect();
    assert_eq!(
        logged,
        [
            ("a1", "upgrade", "ok"),
            ("d4", "upgrade", "ok"),
            ("e5", "upgrade", "ok"),
            ("b2", "upgrade", "ok"),
            ("c3", "upgrade", "ok"),
            ("f6", "upgrade", "ok"),
        ]
    );
    assert!(
        log.iter()
            .all(|l| l.statement.is_none() && l.error.is_none())
    );
    assert!(log.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(head_ids(&migrator, &db), ["f6"]);
    assert!(migrator.verify(&mut conn).unwrap().is_empty());

    // A second upgrade does nothing.
    assert!(
        migrator
            .upgrade(&mut conn, "head")
            .unwrap()
            .steps
            .is_empty()
    );

    let report = migrator.downgrade(&mut conn, "-1").unwrap();
    assert_eq!(step_ids(&report), ["f6"]);
    assert_eq!(report.heads_after, ["c3", "e5"]);
    assert_eq!(head_ids(&migrator, &db), ["c3", "e5"]);

    let report = migrator.downgrade(&mut conn, "b2").unwrap();
    assert_eq!(step_ids(&report), ["c3"]);
    assert_eq!(head_ids(&migrator, &db), ["b2", "e5"]);

    // Alembic's order (checked against alembic 1.20): b2 first, a1 waits for e5.
    let report = migrator.downgrade(&mut conn, "base").unwrap();
    assert_eq!(step_ids(&report), ["b2", "e5", "d4", "a1"]);
    assert!(
        report
            .steps
            .iter()
            .all(|s| s.direction == StepDirection::Downgrade)
    );
    assert!(migrator.history(&mut conn).unwrap().is_empty());
    let log = migrator.log(&mut conn).unwrap();
    assert_eq!(log.len(), 12);
    assert_eq!(log[11].revision, "a1");
    assert_eq!(log[11].direction, StepDirection::Downgrade);
    // Only the bookkeeping tables remain.
    let schema = db.schema().join("\n");
    assert!(
        !schema.contains("users") && !schema.contains("posts"),
        "{schema}"
    );
    assert!(schema.contains("__migrate_history"), "{schema}");
}

/// A labelled branch, its dependency, the merge; and the planner's refusals change nothing.
pub fn branches_merge_depends(backend: Backend) {
    let db = TestDb::new(backend);
    let fx = shaped();
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    // The audit branch (whose lineage runs up to the merge f6) up to e5 needs a1 through `Depends On`;
    // a1 is then a current head too, as `alembic current` lists it.
    let report = migrator.upgrade(&mut conn, "audit@e5").unwrap();
    assert_eq!(step_ids(&report), ["a1", "d4", "e5"]);
    assert_eq!(head_ids(&migrator, &db), ["a1", "e5"]);
    // Downgrading the branch to its base keeps a1.
    let report = migrator.downgrade(&mut conn, "audit@base").unwrap();
    assert_eq!(step_ids(&report), ["e5", "d4"]);
    assert_eq!(head_ids(&migrator, &db), ["a1"]);
    // The merge runs after both parents.
    let pending: Vec<&str> = migrator
        .pending(&mut conn, "head")
        .unwrap()
        .iter()
        .map(|r| r.id.as_ref())
        .collect();
    assert_eq!(pending, ["d4", "e5", "b2", "c3", "f6"]);
    let report = migrator.upgrade(&mut conn, "head").unwrap();
    assert_eq!(step_ids(&report), ["d4", "e5", "b2", "c3", "f6"]);
    // A refused target changes nothing.
    let before = migrator.log(&mut conn).unwrap();
    let error = migrator.downgrade(&mut conn, "+1").unwrap_err();
    assert_eq!(error.to_string(), "`+1` moves up; use `upgrade` instead");
    assert_eq!(migrator.log(&mut conn).unwrap(), before);
}

/// Stamp and stamp --purge run no SQL and record `stamped` rows.
pub fn stamp_and_purge(backend: Backend) {
    let db = TestDb::new(backend);
    let fx = shaped();
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    let report = migrator.stamp(&mut conn, &["b2"], StampMode::Keep).unwrap();
    assert_eq!(step_ids(&report), ["a1", "b2"]);
    assert!(
        report
            .steps
            .iter()
            .all(|s| s.direction == StepDirection::Stamp)
    );
    let history = migrator.history(&mut conn).unwrap();
    assert!(history.iter().all(|r| r.state == State::Stamped));
    assert!(!db.schema().join("\n").contains("users"), "stamp ran SQL");
    let report = migrator.stamp(&mut conn, &["d4"], StampMode::Keep).unwrap();
    assert_eq!(step_ids(&report), ["d4"]);
    assert_eq!(head_ids(&migrator, &db), ["b2", "d4"]);
    let report = migrator
        .stamp(&mut conn, &["c3"], StampMode::Purge)
        .unwrap();
    // Purge removes everything, then records c3's lineage.
    assert_eq!(step_ids(&report), ["d4", "b2", "a1", "a1", "b2", "c3"]);
    assert_eq!(head_ids(&migrator, &db), ["c3"]);
    let log = migrator.log(&mut conn).unwrap();
    assert_eq!(log.len(), 9);
    assert!(
        log.iter()
            .all(|l| l.direction == StepDirection::Stamp && l.outcome == Outcome::Ok)
    );
    // Upgrading from the stamp runs only what is above it.
    let report = migrator.upgrade(&mut conn, "c3").unwrap();
    assert!(report.steps.is_empty());
}

/// Read-only calls on an empty database return nothing and create nothing.
pub fn read_only_creates_nothing(backend: Backend) {
    let db = TestDb::new(backend);
    let fx = shaped();
    let migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    assert!(migrator.current_heads(&mut conn).unwrap().is_empty());
    assert!(migrator.history(&mut conn).unwrap().is_empty());
    assert!(migrator.log(&mut conn).unwrap().is_empty());
    assert_eq!(migrator.pending(&mut conn, "head").unwrap().len(), 6);
    let problems = migrator.verify(&mut conn).unwrap();
    assert_eq!(
        problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        [
            "the database is at <base> but the migrations' heads are f6: 6 revisions are pending; run `migrate upgrade heads`"
        ]
    );
    assert!(db.schema().is_empty(), "{:?}", db.schema());
}

/// The third statement of a revision fails.
pub fn third_statement_fails(backend: Backend) {
    let db = TestDb::new(backend);
    let good = rev(
        "a1",
        "",
        "",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        Some("DROP TABLE users;"),
    );
    let bad_up = "CREATE TABLE fx1 (id INTEGER);\nINSERT INTO users (id) VALUES (7);\nINSERT INTO no_such_table (id) VALUES (1);";
    let fx = fixture(&[
        good.clone(),
        rev("x2", "a1", "", bad_up, Some("DROP TABLE fx1;")),
    ]);
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    migrator.upgrade(&mut conn, "a1").unwrap();
    let schema = db.schema();
    let history = migrator.history(&mut conn).unwrap();
    let log = migrator.log(&mut conn).unwrap();
    let error = migrator.upgrade(&mut conn, "head").unwrap_err();
    let Error::StatementFailed {
        revision,
        index,
        statement,
        left_running,
        ..
    } = &error
    else {
        panic!("{error}")
    };
    assert_eq!((revision.as_str(), *index), ("x2", 3));
    assert_eq!(statement, "INSERT INTO no_such_table (id) VALUES (1)");
    let text = error.to_string();
    assert!(
        text.starts_with("revision x2: statement 3 failed: "),
        "{text}"
    );
    assert!(
        text.contains("\n  statement: INSERT INTO no_such_table (id) VALUES (1)\n"),
        "{text}"
    );
    if backend.transactional_ddl() {
        assert!(!left_running);
        assert!(
            text.ends_with("the revision was rolled back; nothing was recorded"),
            "{text}"
        );
        assert_eq!(db.schema(), schema);
        assert_eq!(migrator.history(&mut conn).unwrap(), history);
        assert_eq!(migrator.log(&mut conn).unwrap(), log);
        assert_eq!(db.number("SELECT COUNT(*) AS n FROM users"), Some(0));
        return;
    }
    // MySQL: the marker, the failed log row, and a refusal naming the statement and the fix.
    assert!(left_running);
    assert!(text.ends_with("the revision is left marked `running`; repair the database, then run `migrate stamp x2` if its changes are complete or `migrate stamp a1` if none remain"), "{text}");
    let rows = migrator.history(&mut conn).unwrap();
    let x2 = rows.iter().find(|r| r.revision == "x2").unwrap();
    assert_eq!(x2.state, State::Running);
    let last = migrator.log(&mut conn).unwrap().pop().unwrap();
    assert_eq!(
        (
            last.revision.as_str(),
            last.direction.as_str(),
            last.outcome.as_str()
        ),
        ("x2", "upgrade", "failed")
    );
    assert_eq!(
        last.statement.as_deref(),
        Some("INSERT INTO no_such_table (id) VALUES (1)")
    );
    assert!(
        last.error.as_deref().unwrap().contains("no_such_table"),
        "{last:?}"
    );
    let refused = migrator.upgrade(&mut conn, "head").unwrap_err();
    let refused_text = refused.to_string();
    assert!(matches!(refused, Error::Running { .. }));
    assert!(
        refused_text.starts_with("revision x2 is marked `running`: a run that executed it outside a transaction failed at statement: INSERT INTO no_such_table (id) VALUES (1) ("),
        "{refused_text}"
    );
    assert!(refused_text.ends_with("; repair the database by hand, then run `migrate stamp a1` if none of its changes remain, or `migrate stamp x2` if it did complete"), "{refused_text}");
    assert_eq!(
        migrator.verify(&mut conn).unwrap()[0].to_string(),
        "revision x2 is marked `running` (a run failed or was killed while executing it); repair the database, then `migrate stamp` to record the real state"
    );
    // Repair by hand, stamp back to the parent, fix the file, run again.
    conn.run_sql("DROP TABLE fx1; DELETE FROM users").unwrap();
    migrator.stamp(&mut conn, &["a1"], StampMode::Keep).unwrap();
    assert_eq!(head_ids(&migrator, &db), ["a1"]);
    let fixed = fixture(&[
        good,
        rev(
            "x2",
            "a1",
            "",
            "CREATE TABLE fx1 (id INTEGER);\nINSERT INTO users (id) VALUES (7);",
            Some("DROP TABLE fx1;"),
        ),
    ]);
    let mut migrator = Migrator::new(&fixed.graph);
    let report = migrator.upgrade(&mut conn, "head").unwrap();
    assert_eq!(step_ids(&report), ["x2"]);
    assert_eq!(
        migrator
            .history(&mut conn)
            .unwrap()
            .iter()
            .find(|r| r.revision == "x2")
            .unwrap()
            .state,
        State::Applied
    );
}

use migrate_runtime::MigrationConnection;

/// Multi-statement SQL with a body that contains semicolons; `check` returns `n` = 42 when it worked.
pub fn multi_statement(backend: Backend, up: &str, check: &str) {
    let db = TestDb::new(backend);
    let fx = fixture(&[rev("m1", "", "", up, None)]);
    let mut migrator = Migrator::new(&fx.graph);
    let mut conn = db.conn();
    migrator.upgrade(&mut conn, "head").unwrap();
    assert_eq!(db.number(check), Some(42));
}

/// The offline script for base:head, applied with the database's own client, leaves the same schema and
/// history as an online upgrade.
pub fn offline_script_matches_online(backend: Backend, apply: impl Fn(&TestDb, &str)) {
    let graph = load(&repo_migrations());
    let migrator = Migrator::new(&graph);
    let script = migrator.script_upgrade(backend, &[], "head").unwrap().sql;
    assert!(
        script.contains("-- Running upgrade <base> -> 1f3a9c2b7d40, create users\n"),
        "{script}"
    );
    assert!(
        script.contains("CREATE TABLE IF NOT EXISTS __migrate_history"),
        "{script}"
    );
    let offline = TestDb::new(backend);
    apply(&offline, &script);
    let online = TestDb::new(backend);
    Migrator::new(&graph)
        .upgrade(&mut online.conn(), "head")
        .unwrap();
    assert_eq!(offline.schema(), online.schema());
    let strip = |db: &TestDb| {
        let mut rows = migrator.history(&mut db.conn()).unwrap();
        for row in &mut rows {
            row.applied_at.clear();
            row.execution_time_ms = 0;
        }
        rows.sort_by(|a, b| a.revision.cmp(&b.revision));
        rows
    };
    assert_eq!(strip(&offline), strip(&online));
    assert_eq!(strip(&offline).len(), 7);
}

/// Unknown revisions refuse upgrades but downgrade with their stored down SQL; checksum drift refuses.
pub fn unknown_and_drift(backend: Backend) {
    let db = TestDb::new(backend);
    let newer = fixture(&[
        rev(
            "a1",
            "",
            "",
            "CREATE TABLE users (id INTEGER PRIMARY KEY);",
            Some("DROP TABLE users;"),
        ),
        rev(
            "n2",
            "a1",
            "",
            "CREATE TABLE newer (id INTEGER);",
            Some("DROP TABLE newer;"),
        ),
    ]);
    let older = fixture(&[rev(
        "a1",
        "",
        "",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        Some("DROP TABLE users;"),
    )]);
    let mut conn = db.conn();
    Migrator::new(&newer.graph)
        .upgrade(&mut conn, "head")
        .unwrap();
    let mut old = Migrator::new(&older.graph);
    let error = old.upgrade(&mut conn, "head").unwrap_err();
    assert_eq!(
        error.to_string(),
        "the database records revision n2 that this build does not know (a newer build ran?); deploy that build, or `migrate stamp --purge <rev>` to rewrite the history"
    );
    let report = old.downgrade(&mut conn, "a1").unwrap();
    assert_eq!(step_ids(&report), ["n2"]);
    assert!(!db.schema().join("\n").contains("newer"));
    assert_eq!(head_ids(&old, &db), ["a1"]);

    let drifted = fixture(&[rev(
        "a1",
        "",
        "",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, x INTEGER);",
        Some("DROP TABLE users;"),
    )]);
    let mut drift = Migrator::new(&drifted.graph);
    let error = drift.upgrade(&mut conn, "head").unwrap_err();
    assert!(matches!(error, Error::ChecksumMismatch { .. }), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("revision a1 (000.sql) was changed after it was applied"),
        "{error}"
    );
    let mut warn = Migrator::new(&drifted.graph).with_options(
        migrate_runtime::Options::default()
            .with_on_checksum_mismatch(migrate_runtime::OnMismatch::Warn),
    );
    let report = warn.upgrade(&mut conn, "head").unwrap();
    assert_eq!(report.warnings.len(), 1);
}

/// No error text contains the password of the URL.
pub fn password_never_shown(bad_url: &str, password: &str) {
    let error = migrate_runtime::connect(bad_url).unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(!text.contains(password), "{text}");
    assert!(text.contains(":***@"), "{text}");
}
