use migrate_runtime::{EmbeddedMigrations, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("fixtures/duplicate-revision-id");

fn main() {
    assert!(!MIGRATIONS.revisions().is_empty());
}
