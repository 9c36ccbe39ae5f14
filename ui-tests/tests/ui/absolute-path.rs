use migrate_runtime::{EmbeddedMigrations, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("/srv/app/migrations");

fn main() {
    assert!(!MIGRATIONS.revisions().is_empty());
}
