//! For build scripts: make cargo rebuild the application when a migration file is added.
//!
//! `embed_migrations!()` names every file it reads in an `include_str!`, so editing a migration already
//! rebuilds the crate. A **new** file is invisible to cargo until a build script asks it to watch the folder:
//!
//! ```no_run
//! // In `fn main` of build.rs, with `migrate-runtime` in [build-dependencies] too:
//! migrate_runtime::build::rerun_if_migrations_change("migrations");
//! ```
//!
//! The same without the build dependency is one line: `println!("cargo:rerun-if-changed=migrations");`.

use std::path::Path;

/// Tells cargo to rerun the build script, and so recompile the crate that embeds `folder`, whenever anything
/// below `folder` (relative to the crate's Cargo.toml, as in `embed_migrations!`) is added, removed or
/// modified: it prints `cargo:rerun-if-changed=<folder>`, and cargo watches the mtimes of everything in a
/// folder named this way.
///
/// Call it once per embedded folder, from `build.rs` only.
pub fn rerun_if_migrations_change(folder: impl AsRef<Path>) {
    println!("{}", rerun_line(folder.as_ref()));
}

fn rerun_line(folder: &Path) -> String {
    format!("cargo:rerun-if-changed={}", folder.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_the_cargo_instruction() {
        assert_eq!(
            rerun_line(Path::new("db/migrations")),
            "cargo:rerun-if-changed=db/migrations"
        );
    }
}
