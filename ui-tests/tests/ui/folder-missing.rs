// No `migrations` folder next to this crate's Cargo.toml: the error points at the macro call.
use migrate_runtime::{EmbeddedMigrations, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!();

fn main() {
    assert!(!MIGRATIONS.revisions().is_empty());
}
