use migrate_runtime::{EmbeddedMigrations, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("fixtures/control-character-in-header");

fn main() {
    assert!(!MIGRATIONS.revisions().is_empty());
}
