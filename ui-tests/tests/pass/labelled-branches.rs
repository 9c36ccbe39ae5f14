// Two heads, each on its own branch label: valid without `allow_multiple_heads`.
use migrate_runtime::{EmbeddedMigrations, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("fixtures/labelled-branches");

fn main() {
    let mut heads: Vec<&str> = MIGRATIONS.heads().iter().map(|r| r.id.as_ref()).collect();
    heads.sort_unstable();
    assert_eq!(heads, ["2c3d4e5f6a7b", "9f8e7d6c5b4a"]);
    let audit = MIGRATIONS.get("9f8e7d6c5b4a").expect("the audit revision");
    assert_eq!(audit.branch_labels.as_ref(), ["audit"]);
    assert_eq!(audit.depends_on.as_ref(), ["accounts"]);
}
