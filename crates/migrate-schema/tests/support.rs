//! The backends these tests run on, their dialects, and what the tests read from a test database (the
//! databases themselves are the shared test support's `ScratchDb`).

use migrate_runtime::{Backend, MigrationConnection};
use migrate_schema::sql::Dialect;

/// A database of its own for one test (the shared test support's), dropped on exit.
pub use migrate_test_support::ScratchDb as TestDb;

/// The backends this build tests: SQLite always, the servers with their features.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    if cfg!(feature = "postgres") {
        out.push(Backend::Postgres);
    }
    if cfg!(feature = "mysql") {
        out.push(Backend::Mysql);
    }
    out
}

/// The schema model's dialect for a backend.
pub fn dialect(backend: Backend) -> Dialect {
    match backend {
        Backend::Sqlite => Dialect::Sqlite,
        Backend::Postgres => Dialect::Postgres,
        Backend::Mysql => Dialect::Mysql,
    }
}

/// What these tests read from a test database beyond the shared support's queries.
pub trait Catalog {
    /// The tables, columns (type, nullability, key), foreign keys, indexes and triggers the catalog
    /// has, one sorted line each, leaving out migrate's own tables.
    fn catalog(&self) -> Vec<String>;
}

impl Catalog for TestDb {
    // Introspection into the schema model is not in this crate; the tests read the catalog directly.
    fn catalog(&self) -> Vec<String> {
        let queries: &[&str] = match self.backend {
            Backend::Sqlite => &[
                "SELECT m.name || '.' || p.name || ' ' || p.type || ' notnull=' || p.\"notnull\" || ' pk=' || p.pk AS t FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\\_\\_%' ESCAPE '\\'",
                "SELECT m.name || '.' || f.\"from\" || ' -> ' || f.\"table\" || '.' || f.\"to\" AS t FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
                "SELECT type || ' ' || name || ' on ' || tbl_name AS t FROM sqlite_master WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%' AND tbl_name NOT LIKE '\\_\\_%' ESCAPE '\\'",
            ],
            Backend::Postgres => &[
                "SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || udt_name || COALESCE('(' || character_maximum_length || ')', '') || ' ' || is_nullable || ' identity=' || is_identity AS t FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name NOT LIKE '\\_\\_%'",
                "SELECT tc.table_schema || '.' || tc.table_name || ' ' || tc.constraint_type || ' ' || tc.constraint_name || ' (' || string_agg(k.column_name, ', ' ORDER BY k.ordinal_position) || ')' AS t FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name WHERE tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') AND tc.table_schema NOT IN ('pg_catalog', 'information_schema') AND tc.table_name NOT LIKE '\\_\\_%' GROUP BY tc.table_schema, tc.table_name, tc.constraint_type, tc.constraint_name",
                "SELECT tc.table_name || '.' || tc.constraint_name || ' -> ' || u.table_schema || '.' || u.table_name || '.' || u.column_name AS t FROM information_schema.table_constraints tc JOIN information_schema.constraint_column_usage u ON u.constraint_name = tc.constraint_name AND u.constraint_schema = tc.constraint_schema WHERE tc.constraint_type = 'FOREIGN KEY'",
                "SELECT 'index ' || schemaname || '.' || indexname || ' on ' || tablename AS t FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename NOT LIKE '\\_\\_%'",
            ],
            Backend::Mysql => &[
                "SELECT CONCAT(table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ', extra) AS t FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name NOT LIKE '\\_\\_%'",
                "SELECT CONCAT(table_name, ' ', constraint_name, ' ', column_name, ' -> ', COALESCE(referenced_table_name, ''), '.', COALESCE(referenced_column_name, ''), ' #', ordinal_position) AS t FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND table_name NOT LIKE '\\_\\_%'",
            ],
        };
        let mut conn = self.conn();
        let mut lines: Vec<String> = queries
            .iter()
            .flat_map(|q| conn.query_texts(q).unwrap_or_else(|e| panic!("{q}: {e}")))
            .collect();
        lines.sort();
        lines
    }
}
