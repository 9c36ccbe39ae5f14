//! Tests of `embed_migrations!()` that need a crate of their own: the trybuild cases in `tests/ui` (one per
//! build failure) and `tests/pass`. Nothing here is a library. The parity and rebuild tests are in the
//! workspace's `tests/` package.
