//! Tests that cross the migrate crates (nothing here is a library; the tests are in `tests/`): an
//! application embedding `migrations/` and the `migrate` CLI on the same database (`interop`), the embedded
//! table against migrate-core's run-time loader (`parity`), and rebuilds of a crate that embeds a folder
//! (`rebuild`). The shared test support is the `support/` crate beside this one.
