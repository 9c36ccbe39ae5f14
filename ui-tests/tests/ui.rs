//! trybuild: one compile-fail case per build failure (`tests/ui/*.rs`, each with its blessed `.stderr`) and
//! the folders that must build (`tests/pass/*.rs`, whose `main` asserts what was embedded).
//!
//! trybuild compiles each case in a crate of its own under `target/tests/trybuild`, so the macro's
//! `CARGO_MANIFEST_DIR` is not this folder. The test re-runs itself with `MIGRATE_MANIFEST_DIR_OVERRIDE` set
//! to this crate's folder (setting it in-process would need `unsafe`), so that `"fixtures/cycle"` resolves
//! to `ui-tests/fixtures/cycle`. Bless with `TRYBUILD=overwrite cargo test -p ui-tests --test ui`.

use std::process::Command;

const OVERRIDE: &str = "MIGRATE_MANIFEST_DIR_OVERRIDE";

#[test]
fn ui() {
    let here = env!("CARGO_MANIFEST_DIR");
    if std::env::var_os(OVERRIDE).is_none() {
        let status = Command::new(std::env::current_exe().expect("path of the test binary"))
            .args(["--exact", "ui", "--nocapture", "--test-threads=1"])
            .env(OVERRIDE, here)
            .status()
            .expect("re-run the ui test with the override set");
        assert!(status.success(), "trybuild cases failed (output above)");
        return;
    }
    assert_eq!(std::env::var_os(OVERRIDE).as_deref(), Some(here.as_ref()));
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/pass/*.rs");
}
