//! `migrate import alembic` and `migrate stamp --from alembic` against the real Alembic (feature
//! `alembic-parity`): a project generated here, with a branch (labelled) and a merge, upgraded by Alembic.

use std::path::Path;

use crate::diesel::{Kind, schema};
use crate::support::{Project, Sqlite, TestDb, lines};

const REVISIONS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "1a2b3c4d5e6f",
        "None",
        "None",
        "op.create_table('users', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.String(50), nullable=False))",
        "op.drop_table('users')",
    ),
    (
        "2b3c4d5e6f70",
        "'1a2b3c4d5e6f'",
        "None",
        "op.add_column('users', sa.Column('email', sa.String(100)))",
        "op.drop_column('users', 'email')",
    ),
    (
        "3c4d5e6f7081",
        "'1a2b3c4d5e6f'",
        "('side',)",
        "op.create_table('posts', sa.Column('id', sa.Integer, primary_key=True), sa.Column('user_id', sa.Integer, sa.ForeignKey('users.id'), nullable=False), sa.Column('title', sa.Text))",
        "op.drop_table('posts')",
    ),
    (
        "4d5e6f708192",
        "('2b3c4d5e6f70', '3c4d5e6f7081')",
        "None",
        "op.create_index('ix_posts_title', 'posts', ['title'])",
        "op.drop_index('ix_posts_title', table_name='posts')",
    ),
    (
        "5e6f708192a3",
        "'4d5e6f708192'",
        "None",
        "op.execute(\"CREATE VIEW user_names AS SELECT name FROM users -- names only\")",
        "op.execute('DROP VIEW user_names')",
    ),
    ("6f708192a3b4", "'5e6f708192a3'", "None", "pass", "pass"),
];

/// An Alembic project (`alembic init`, then the revisions above) pointed at `url`.
fn alembic_project(dir: &Path, url: &str) {
    alembic(dir, &["init", "-t", "generic", "alembic"]);
    let ini = dir.join("alembic.ini");
    let text = std::fs::read_to_string(&ini).unwrap();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("sqlalchemy.url") {
                format!("sqlalchemy.url = {url}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&ini, text).unwrap();
    for (i, (id, down, labels, up_op, down_op)) in REVISIONS.iter().enumerate() {
        let text = format!(
            "\"\"\"step {i}\n\nRevision ID: {id}\nCreate Date: 2026-11-0{} 10:00:00.000000\n\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\ndown_revision = {down}\nbranch_labels = {labels}\ndepends_on = None\n\n\ndef upgrade():\n    {up_op}\n\n\ndef downgrade():\n    {down_op}\n",
            i + 1
        );
        std::fs::write(dir.join(format!("alembic/versions/{id}_step_{i}.py")), text).unwrap();
    }
}

/// Runs `alembic` in `dir`; its stdout.
fn alembic(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("alembic")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("alembic must be on the PATH for the alembic-parity tests");
    assert!(
        output.status.success(),
        "alembic {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The revision ids of `current` output (`id (head) ...` lines), sorted.
fn current_ids(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = lines(text)
        .iter()
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn alembic_url(kind: Kind, db: &dyn TestDb) -> String {
    match kind {
        Kind::Postgres => db
            .url()
            .replacen("postgres://", "postgresql+psycopg2://", 1),
        _ => db.url(),
    }
}

fn import_and_adopt(kind: Kind, db: &dyn TestDb) {
    let dir = tempfile::tempdir().unwrap();
    alembic_project(dir.path(), &alembic_url(kind, db));
    let ini = dir.path().join("alembic.ini");
    let ini = ini.to_str().unwrap();
    // Alembic leaves the database on both branches, below the merge.
    alembic(dir.path(), &["upgrade", "2b3c4d5e6f70"]);
    alembic(dir.path(), &["upgrade", "3c4d5e6f7081"]);
    let alembic_current = alembic(dir.path(), &["current"]);
    assert_eq!(
        current_ids(&alembic_current),
        ["2b3c4d5e6f70", "3c4d5e6f7081"]
    );

    let project = Project::with_url(&db.url());
    let run = project.ok(&["import", "alembic", "--alembic-ini", ini]);
    assert_eq!(lines(&run.stdout).len(), REVISIONS.len(), "{}", run.stdout);
    // Ids, parents, messages and the label as Alembic has them: `history` prints what `alembic history` prints.
    assert_eq!(
        project.ok(&["history"]).stdout,
        alembic(dir.path(), &["history"])
    );

    // A revision the folder lacks in alembic_version: refused, nothing recorded.
    db.apply("INSERT INTO alembic_version (version_num) VALUES ('ffffffffffff');");
    let error = project.fails(&["stamp", "--from", "alembic"]);
    assert!(
        error.contains("error: alembic_version lists a version the migrations folder does not have: ffffffffffff;"),
        "{error}"
    );
    assert!(
        !db.tables().iter().any(|t| t.starts_with("__migrate")),
        "{:?}",
        db.tables()
    );
    db.apply("DELETE FROM alembic_version WHERE version_num = 'ffffffffffff';");

    let run = project.ok(&["stamp", "--from", "alembic"]);
    assert_eq!(
        run.stdout,
        "Adopted 3 revisions from alembic_version (2 values listed); current: 2b3c4d5e6f70, 3c4d5e6f7081; 3 revisions to run with `migrate upgrade heads`\n"
    );
    let migrate_current = project.ok(&["current"]).stdout;
    assert_eq!(current_ids(&migrate_current), current_ids(&alembic_current));

    let run = project.ok(&["upgrade", "heads"]);
    let ran: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("Running upgrade"))
        .collect();
    assert_eq!(ran.len(), 3, "{}", run.stderr);
    assert!(
        ran[0].ends_with("Running upgrade 2b3c4d5e6f70, 3c4d5e6f7081 -> 4d5e6f708192, step 3"),
        "{ran:?}"
    );

    // A fresh database: migrate's upgrade builds what Alembic's does.
    let by_alembic = db.sibling();
    let other = tempfile::tempdir().unwrap();
    alembic_project(other.path(), &alembic_url(kind, &*by_alembic));
    alembic(other.path(), &["upgrade", "heads"]);
    let fresh = db.sibling();
    let run = project
        .command(&["upgrade", "heads"])
        .env("DATABASE_URL", fresh.url())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let expected = schema(kind, &*by_alembic);
    assert_eq!(schema(kind, &*fresh), expected);
    assert_eq!(schema(kind, db), expected);
    // And back down, with Alembic's downgrade SQL.
    let run = project
        .command(&["downgrade", "base"])
        .env("DATABASE_URL", fresh.url())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        fresh.tables().iter().all(|t| t.starts_with("__migrate")),
        "{:?}",
        fresh.tables()
    );
}

#[test]
fn sqlite_import_and_adopt() {
    import_and_adopt(Kind::Sqlite, &Sqlite::new());
}

#[cfg(feature = "postgres")]
#[test]
fn postgres_import_and_adopt() {
    import_and_adopt(Kind::Postgres, &crate::support::Postgres::new());
}
