//! Integration tests of migrate-core: Alembic's scenarios, diagnostics, properties.

mod alembic;
mod diagnostics;
mod properties;
mod support;
