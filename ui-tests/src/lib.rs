//! Tests of `embed_migrations!()` that need a crate of their own: the trybuild cases in `tests/ui` (one per
//! build failure) and `tests/pass`, a parity test against migrate-core's run-time loader, and a rebuild test
//! that follows the documented `build.rs` setup. Nothing here is a library; see `tests/`.
