//! Integration tests of migrate-schema.

mod errors;
mod golden;
mod layout;
mod read;
