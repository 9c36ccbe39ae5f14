//! Rebuilds, as a user meets them: a crate embeds `migrations/`; editing a file rebuilds it (the macro's
//! `include_str!`s), a new file needs the documented `build.rs` line, and with it a new file is embedded by
//! the next build.
//!
//! The crate is built with `CARGO_TARGET_DIR=target/rebuild-test` so that its dependencies are compiled once
//! and reused across runs.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT_SQL: &str = "-- Revision ID: aaaa00000001\n-- Message: create users\n\n-- migrate:up\nCREATE TABLE users (id INTEGER);\n";
const TAGS_SQL: &str = "-- Revision ID: cccc00000003\n-- Revises: bbbb00000002\n-- Message: add tags\n\n-- migrate:up\nCREATE TABLE tags (id INTEGER);\n";
const CHILD_SQL: &str = "-- Revision ID: bbbb00000002\n-- Revises: aaaa00000001\n-- Message: add posts\n\n-- migrate:up\nCREATE TABLE posts (id INTEGER);\n";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

/// `cargo run`s the crate: it prints one `id checksum` line per embedded revision.
fn build_and_run(dir: &Path, target: &Path) -> Vec<(String, String)> {
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env_remove("MIGRATE_MANIFEST_DIR_OVERRIDE")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo run failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8 output")
        .lines()
        .map(|line| {
            let (id, checksum) = line.split_once(' ').expect("`id checksum`");
            (id.to_owned(), checksum.to_owned())
        })
        .collect()
}

#[test]
fn new_and_edited_migrations_rebuild_the_crate() {
    let workspace = workspace();
    let temp = tempfile::tempdir().expect("temporary folder");
    let app = temp.path().join("app");
    let runtime = workspace.join("crates/migrate-runtime");
    let runtime = runtime.to_str().expect("utf-8 path");
    write(
        &app.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"rebuild-app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nmigrate-runtime = {{ path = {runtime:?}, default-features = false }}\n\n\
             [build-dependencies]\nmigrate-runtime = {{ path = {runtime:?}, default-features = false }}\n\n\
             [workspace]\n"
        ),
    );
    write(
        &app.join("src/main.rs"),
        "use migrate_runtime::{EmbeddedMigrations, embed_migrations};\n\n\
         pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!();\n\n\
         fn main() {\n    for revision in MIGRATIONS.revisions() {\n        \
         println!(\"{} {}\", revision.id, revision.checksum);\n    }\n}\n",
    );
    // The workspace's versions of the dependencies, so that nothing new is resolved or downloaded.
    std::fs::copy(workspace.join("Cargo.lock"), app.join("Cargo.lock")).expect("copy Cargo.lock");
    let root_file = app.join("migrations/aaaa00000001_users.sql");
    write(&root_file, ROOT_SQL);
    let target = workspace.join("target/rebuild-test");
    let checksum = migrate_runtime::core::checksum;

    let first = build_and_run(&app, &target);
    assert_eq!(
        first,
        [(
            "aaaa00000001".into(),
            checksum("CREATE TABLE users (id INTEGER);\n")
        )]
    );

    // Editing a file rebuilds the crate through the macro's `include_str!`s alone (no build script yet), and
    // the embedded checksum follows the new up SQL.
    write(
        &root_file,
        &ROOT_SQL.replace("(id INTEGER)", "(id INTEGER, name TEXT)"),
    );
    let edited = build_and_run(&app, &target);
    assert_eq!(edited.len(), 1);
    assert_ne!(edited[0].1, first[0].1);
    assert_eq!(
        edited[0].1,
        checksum("CREATE TABLE users (id INTEGER, name TEXT);\n")
    );

    // A new file is invisible to cargo without the build script: the old table is still embedded...
    write(&app.join("migrations/bbbb00000002_posts.sql"), CHILD_SQL);
    assert_eq!(build_and_run(&app, &target), edited);

    // ...so add the documented build script.
    write(
        &app.join("build.rs"),
        "fn main() {\n    migrate_runtime::build::rerun_if_migrations_change(\"migrations\");\n}\n",
    );
    let ids = |table: &[(String, String)]| -> Vec<String> {
        table.iter().map(|(id, _)| id.clone()).collect()
    };
    assert_eq!(
        ids(&build_and_run(&app, &target)),
        ["aaaa00000001", "bbbb00000002"]
    );

    // From now on a new file is picked up by the next build.
    write(&app.join("migrations/cccc00000003_tags.sql"), TAGS_SQL);
    let last = build_and_run(&app, &target);
    assert_eq!(ids(&last), ["aaaa00000001", "bbbb00000002", "cccc00000003"]);
    assert_eq!(last[0], edited[0]);
    assert_eq!(last[2].1, checksum("CREATE TABLE tags (id INTEGER);\n"));
}
