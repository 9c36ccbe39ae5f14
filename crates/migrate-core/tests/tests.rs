//! Integration tests of migrate-core: Alembic's scenarios, diagnostics, properties.

mod alembic;
mod diagnostics;
mod parity;
mod properties;
mod starts;
mod support;
