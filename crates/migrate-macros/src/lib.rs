//! Implementation detail of [migrate-runtime](https://docs.rs/migrate-runtime): the `embed_migrations!()`
//! proc macro. Depend on `migrate-runtime` and use `migrate_runtime::embed_migrations!` instead of this crate;
//! the generated code refers to `::migrate_runtime::__private`.
//!
//! The macro runs migrate-core's loader and validator while the application compiles, so a broken revision
//! chain fails the build, with every problem reported at once, and the application carries its migrations
//! as a const table.
//!
//! Phases: `input` parses the arguments, `expand` loads, validates and emits the table, `fallback` turns
//! errors into `compile_error!`s plus a placeholder table; `timings` reports the phases
//! (`MIGRATE_MACRO_TIMINGS=1`).

pub(crate) mod expand;
mod fallback;
mod input;
mod timings;

use proc_macro::TokenStream;

/// Embeds a migrations folder, validated at compile time, as a const
/// [`EmbeddedMigrations`](https://docs.rs/migrate-runtime/latest/migrate_runtime/struct.EmbeddedMigrations.html)
/// table.
///
/// ```ignore
/// use migrate_runtime::{EmbeddedMigrations, embed_migrations};
///
/// // `migrations/` next to Cargo.toml:
/// pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!();
/// // another folder, relative to the crate (an absolute path is an error):
/// pub static OTHER: EmbeddedMigrations = embed_migrations!("db/migrations");
/// // several heads allowed (teams that keep long-lived, unlabelled branches):
/// pub const BRANCHY: EmbeddedMigrations = embed_migrations!("db/branchy", allow_multiple_heads);
///
/// fn main() {
///     for revision in MIGRATIONS.revisions() {
///         println!("{} {} {}", revision.id, revision.checksum, revision.message);
///     }
/// }
/// ```
///
/// # Arguments
///
/// - none: the folder `migrations`, relative to the invoking crate's `CARGO_MANIFEST_DIR`;
/// - a string literal: another folder relative to the crate (`"db/migrations"`, `"../migrations"`);
/// - the option `allow_multiple_heads`, after the path or alone: several heads do not fail the build. Without
///   it the build fails when the graph has more than one head, unless each head lies on a different branch
///   label, and the error says `migrate merge heads -m "..."` fixes it.
///
/// # What fails the build
///
/// Every problem migrate-core finds (see DESIGN.md section 3): a missing folder, a malformed header, an
/// unknown header key, a missing `Revision ID` or `-- migrate:up`, duplicate ids or labels, a `Revises` or
/// `Depends On` naming nothing, a cycle, several heads. Each becomes its own compile error, all in one build,
/// written as `path:line: what is wrong` followed by `help: how to fix it`, and pointing at the path literal
/// (or at the macro call when there is none).
///
/// # Rebuilding when migrations change
///
/// The macro names every file it reads in an `include_str!`, so **editing** a migration rebuilds the crate.
/// Cargo cannot know that a **new** file appeared in the folder, though: add a build script so that it does.
/// With `migrate-runtime` also in `[build-dependencies]`:
///
/// ```ignore
/// // build.rs
/// fn main() {
///     migrate_runtime::build::rerun_if_migrations_change("migrations");
/// }
/// ```
///
/// or, without the build dependency, the same in one line:
///
/// ```ignore
/// // build.rs
/// fn main() {
///     println!("cargo:rerun-if-changed=migrations");
/// }
/// ```
///
/// `rerun-if-changed` on a folder makes cargo rerun the build script, and so recompile the crate, when any
/// file below it is added, removed or modified.
///
/// # Tests of this macro
///
/// `MIGRATE_MANIFEST_DIR_OVERRIDE`, when set to an absolute path, replaces `CARGO_MANIFEST_DIR` as the
/// folder paths are relative to. It exists only for the ui tests (trybuild compiles each case as a crate of its
/// own under `target/`); applications never set it.
#[proc_macro]
pub fn embed_migrations(input: TokenStream) -> TokenStream {
    let expanded = expand::expand(input.into()).and_then(|text| {
        // The compiler lexes the table (`str::parse` of `proc_macro`, not of `proc_macro2`, which would lex
        // it a second time first).
        text.parse::<TokenStream>().map_err(|e| {
            syn::Error::new(
                proc_macro2::Span::call_site(),
                format!("embed_migrations! wrote a table it cannot read back: {e}"),
            )
        })
    });
    expanded.unwrap_or_else(|error| fallback::expand(error).into())
}
