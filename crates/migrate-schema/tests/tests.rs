//! Integration tests of migrate-schema.

mod apply;
mod errors;
mod golden;
mod layout;
mod read;
mod support;
