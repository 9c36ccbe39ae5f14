//! PostgreSQL's side of a replay's scratch database: a temporary database is created with `CREATE
//! DATABASE` and dropped `WITH (FORCE)` (PostgreSQL 13+), which also ends the replay's own session; a dev
//! database is emptied by dropping its non-system schemas and creating `public` again.

use crate::backend::ScratchSql;

pub(crate) const SCRATCH: ScratchSql = ScratchSql {
    count_objects: "SELECT COUNT(*) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm') AND s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg\\_%'",
    drop_statements: "SELECT 'DROP SCHEMA \"' || replace(nspname::text, '\"', '\"\"') || '\" CASCADE' AS t FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'",
    before_drops: "",
    after_drops: "CREATE SCHEMA IF NOT EXISTS public",
    session: None,
    create_database: |name| format!("CREATE DATABASE {name}"),
    drop_database: |name, _| format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
};
