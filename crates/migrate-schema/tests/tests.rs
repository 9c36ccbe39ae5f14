//! Integration tests of migrate-schema.

mod errors;
mod golden;
mod read;
