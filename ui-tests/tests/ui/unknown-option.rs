use migrate_runtime::{EmbeddedMigrations, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations", allow_many_heads);

fn main() {
    assert!(!MIGRATIONS.revisions().is_empty());
}
