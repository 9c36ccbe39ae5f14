//! Integration tests of migrate-schema.

mod apply;
mod apply_keys;
mod errors;
mod golden;
mod layout;
mod read;
mod round_trip;
mod support;
