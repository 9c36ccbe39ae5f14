// The folder of the `two-heads` compile-fail case builds once the option is given.
use migrate_runtime::{EmbeddedMigrations, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations =
    embed_migrations!("fixtures/two-heads", allow_multiple_heads);

fn main() {
    let mut heads: Vec<&str> = MIGRATIONS.heads().iter().map(|r| r.id.as_ref()).collect();
    heads.sort_unstable();
    assert_eq!(heads, ["2c3d4e5f6a7b", "9f8e7d6c5b4a"]);
    assert_eq!(MIGRATIONS.revisions().len(), 3);
}
