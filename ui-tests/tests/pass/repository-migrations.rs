// The repository's own `migrations/` folder, as a `const` and as a `static`.
use migrate_runtime::{EmbeddedMigrations, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");
pub static STATIC_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

fn main() {
    let ids: Vec<&str> = MIGRATIONS
        .revisions()
        .iter()
        .map(|r| r.id.as_ref())
        .collect();
    assert_eq!(
        ids,
        [
            "1f3a9c2b7d40",
            "2b8e4d1c6a93",
            "3c7d2e9f1b84",
            "4d9a1f6e2c75",
            "5e2b8c3a7f16",
            "6f1c4b9e8d27",
            "7a5d2f8c1e39",
        ]
    );
    let heads: Vec<&str> = MIGRATIONS.heads().iter().map(|r| r.id.as_ref()).collect();
    assert_eq!(heads, ["7a5d2f8c1e39"]);
    let bases: Vec<&str> = MIGRATIONS.bases().iter().map(|r| r.id.as_ref()).collect();
    assert_eq!(bases, ["1f3a9c2b7d40", "4d9a1f6e2c75"]);

    let merge = MIGRATIONS.get("6f1c4b9e8d27").expect("the merge revision");
    assert_eq!(merge.parents.as_ref(), ["3c7d2e9f1b84", "5e2b8c3a7f16"]);
    let tags = MIGRATIONS.get("3c7d2e9f1b84").expect("the tags revision");
    assert!(!tags.transactional);
    assert_eq!(
        tags.source.path,
        "../migrations/3c7d2e9f1b84_create_tags.sql"
    );
    let seed = MIGRATIONS.get("7a5d2f8c1e39").expect("the seed revision");
    assert!(seed.down_sql.is_none());
    assert_eq!(seed.checksum, migrate_runtime::core::checksum(&seed.up_sql));

    assert_eq!(STATIC_MIGRATIONS.revisions(), MIGRATIONS.revisions());
    // The graph is built once and shared.
    assert!(std::ptr::eq(MIGRATIONS.graph(), MIGRATIONS.graph()));
}
