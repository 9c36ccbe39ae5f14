//! The `migrate` binary for these tests: cargo builds it once per test run, into the workspace's target
//! folder (where [`migrate_test_support::binary`] finds it), with this package's backend features.

use std::sync::OnceLock;

/// Builds the CLI (once; later calls wait for the first) and returns a project with `migrate init` done
/// whose commands get `DATABASE_URL=url`.
pub fn project(url: &str) -> migrate_test_support::Project {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(build);
    migrate_test_support::Project::with_url(url)
}

fn build() {
    let features: Vec<&str> = [
        (cfg!(feature = "postgres"), "postgres"),
        (cfg!(feature = "mysql"), "mysql"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect();
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let output = std::process::Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", "migrate-cli", "--bin", "migrate"])
        .args(["--features", &features.join(",")])
        .current_dir(workspace)
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo build -p migrate-cli failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let binary = migrate_test_support::binary();
    assert!(binary.exists(), "no binary at {}", binary.display());
}
