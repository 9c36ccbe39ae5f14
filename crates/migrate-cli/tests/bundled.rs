//! The `bundled` feature: the `migrate` binary carries its own libpq and libmysqlclient. Its dynamic
//! dependencies (read with `ldd`) name neither client library, and it upgrades real PostgreSQL and MariaDB
//! databases. This is the binary `cargo install --path crates/migrate-cli --features bundled` installs.

use crate::support::{Mysql, Postgres, Project, TestDb, lines};

/// The shared libraries the `migrate` binary loads, one per line as `ldd` prints them.
fn linked_libraries() -> Vec<String> {
    let output = std::process::Command::new("ldd")
        .arg(env!("CARGO_BIN_EXE_migrate"))
        .output()
        .expect("ldd (from libc-bin) must be installed for the bundled test");
    assert!(output.status.success(), "ldd failed: {output:?}");
    lines(&String::from_utf8(output.stdout).unwrap())
}

#[test]
fn the_binary_links_no_system_client_library() {
    let libraries = linked_libraries();
    // libc and friends must be there, else ldd printed something else than a library list.
    assert!(
        libraries.iter().any(|l| l.contains("libc.so")),
        "{libraries:#?}"
    );
    let clients: Vec<&String> = libraries
        .iter()
        .filter(|l| l.contains("libpq") || l.contains("libmysqlclient") || l.contains("libmariadb"))
        .collect();
    assert!(
        clients.is_empty(),
        "system client libraries linked: {clients:#?}"
    );
}

fn upgrades_with_the_bundled_client(db: &dyn TestDb) {
    let project = Project::with_url(&db.url());
    project.revision(
        "1a2b3c4d5e6f",
        "create notes",
        &[],
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(50));",
        Some("DROP TABLE notes;"),
    );
    let run = project.ok(&["upgrade", "head"]);
    assert!(
        run.stderr
            .contains("Running upgrade <base> -> 1a2b3c4d5e6f, create notes"),
        "{}",
        run.stderr
    );
    assert_eq!(project.ok(&["current"]).stdout, "1a2b3c4d5e6f (head)\n");
    assert!(
        db.tables().contains(&"notes".to_owned()),
        "{:?}",
        db.tables()
    );
}

#[test]
fn upgrades_postgres_with_the_bundled_libpq() {
    upgrades_with_the_bundled_client(&Postgres::new());
}

#[test]
fn upgrades_mariadb_with_the_bundled_libmysqlclient() {
    upgrades_with_the_bundled_client(&Mysql::new());
}
