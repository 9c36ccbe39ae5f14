//! The generated DDL against the golden fixtures: each backend's golden `schema.rs` (real `diesel
//! print-schema` output for `fixture.sql`) is created from generated DDL, and the catalog facts
//! print-schema reads (per column: type, length, nullability; primary keys; single-column foreign keys)
//! must be those of the fixture database. So the generated DDL reads back to the same `schema.rs`.
//! (Introspection into the model lives elsewhere; this compares the catalogs directly.)

use migrate_runtime::{Backend, MigrationConnection, split_statements};
use migrate_schema::diff::{Renames, diff};
use migrate_schema::sql::{Options, render};
use migrate_schema::{Schema, parse_str};

use crate::support::{TestDb, backends, dialect};

/// What `diesel print-schema` maps a SQLite declared type to (its affinity rules, in its order).
fn sqlite_kind(declared: &str) -> &'static str {
    let t = declared.to_lowercase();
    let has = |s: &str| t.contains(s);
    if has("bool") || (t.starts_with("tiny") && has("int")) {
        "Bool"
    } else if has("int2") || (t.starts_with("small") && has("int")) {
        "SmallInt"
    } else if has("int8") || (t.starts_with("big") && has("int")) {
        "BigInt"
    } else if has("int") {
        "Integer"
    } else if has("char") || has("clob") || has("text") {
        "Text"
    } else if has("blob") || has("binary") || t.is_empty() {
        "Binary"
    } else if has("float") || has("real") {
        "Float"
    } else if has("double") || has("num") || has("dec") {
        "Double"
    } else if has("datetime") || has("timestamp") {
        "Timestamp"
    } else if has("date") {
        "Date"
    } else if has("time") {
        "Time"
    } else {
        "unknown"
    }
}

/// Column lines, primary-key lines and single-column foreign-key lines of `db`, sorted.
fn facts(db: &TestDb) -> (Vec<String>, Vec<String>) {
    let mut conn = db.conn();
    let mut query = |sql: &str| -> Vec<String> {
        let mut rows = conn
            .query_texts(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.sort();
        rows
    };
    match db.backend {
        Backend::Sqlite => {
            let columns = query(
                "SELECT m.name || '.' || p.name || '|' || p.type || '|' || p.\"notnull\" || '|' || p.pk AS t FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\\_\\_%' ESCAPE '\\'",
            )
            .into_iter()
            .map(|line| {
                let parts: Vec<&str> = line.split('|').collect();
                format!("{} {} notnull={} pk={}", parts[0], sqlite_kind(parts[1]), parts[2], parts[3])
            })
            .collect();
            let keys = query(
                "SELECT m.name || '.' || f.\"from\" || ' -> ' || f.\"table\" || '.' || f.\"to\" AS t FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND (SELECT COUNT(*) FROM pragma_foreign_key_list(m.name) g WHERE g.id = f.id) = 1",
            );
            (columns, keys)
        }
        Backend::Postgres => {
            let mut columns = query(
                "SELECT table_name || '.' || column_name || ' ' || udt_name || COALESCE('(' || character_maximum_length || ')', '') || ' ' || is_nullable AS t FROM information_schema.columns WHERE table_schema = 'public'",
            );
            columns.extend(query(
                "SELECT tc.table_name || ' PRIMARY KEY (' || string_agg(k.column_name, ', ' ORDER BY k.ordinal_position) || ')' AS t FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' GROUP BY tc.table_name",
            ));
            columns.sort();
            let keys = query(
                "SELECT min(k.table_name) || '.' || min(k.column_name) || ' -> ' || min(u.table_name) || '.' || min(u.column_name) AS t FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema JOIN information_schema.constraint_column_usage u ON u.constraint_name = tc.constraint_name AND u.constraint_schema = tc.constraint_schema WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public' GROUP BY tc.constraint_name HAVING COUNT(*) = 1",
            );
            (columns, keys)
        }
        Backend::Mysql => {
            let mut columns = query(
                "SELECT CONCAT(table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ', IF(column_key = 'PRI', 'PRI', '')) AS t FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name NOT LIKE '\\_\\_%'",
            );
            columns.sort();
            let keys = query(
                "SELECT CONCAT(MIN(table_name), '.', MIN(column_name), ' -> ', MIN(referenced_table_name), '.', MIN(referenced_column_name)) AS t FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND referenced_table_name IS NOT NULL GROUP BY table_name, constraint_name HAVING COUNT(*) = 1",
            );
            (columns, keys)
        }
    }
}

fn run_all(db: &TestDb, sql: &str) {
    let mut conn = db.conn();
    for statement in split_statements(sql, db.backend) {
        conn.run_sql(&statement)
            .unwrap_or_else(|e| panic!("{}: {statement}: {e}", db.backend));
    }
}

/// The golden `schema.rs` and fixture of `backend`, with what schema.rs cannot say the values of
/// (MySQL ENUM columns) left out of both.
fn golden(backend: Backend) -> (Schema, &'static str, &'static [&'static str]) {
    let (schema, fixture, left_out): (&str, &str, &[&str]) = match backend {
        Backend::Sqlite => (
            include_str!("golden/sqlite/schema.rs"),
            include_str!("golden/sqlite/fixture.sql"),
            &[],
        ),
        Backend::Postgres => (
            include_str!("golden/postgres/schema.rs"),
            include_str!("golden/postgres/fixture.sql"),
            &[],
        ),
        Backend::Mysql => (
            include_str!("golden/mysql/schema.rs"),
            include_str!("golden/mysql/fixture.sql"),
            &["users.status", "all_types.size"],
        ),
    };
    let mut schema = parse_str("schema.rs", schema).unwrap();
    for table in &mut schema.tables {
        let name = table.name.sql.clone();
        table
            .columns
            .retain(|c| !left_out.contains(&format!("{name}.{}", c.name.sql).as_str()));
    }
    (schema, fixture, left_out)
}

#[test]
fn generated_ddl_reads_back_as_the_golden_schema() {
    for backend in backends() {
        let (schema, fixture, left_out) = golden(backend);
        let expected_db = TestDb::new(backend);
        run_all(&expected_db, fixture);
        let generated_db = TestDb::new(backend);
        if backend == Backend::Postgres {
            // The extension the golden schema's `Citext` needs (the enum types are generated, without
            // their values, which schema.rs does not hold).
            run_all(&generated_db, "CREATE EXTENSION IF NOT EXISTS citext");
        }
        let empty = Schema::default();
        let migration = render(
            &empty,
            &diff(&empty, &schema, &Renames::new()),
            dialect(backend),
            &Options::default(),
        )
        .unwrap_or_else(|e| panic!("{backend}: {e}"));
        run_all(&generated_db, &migration.up);

        let (mut want_columns, want_keys) = facts(&expected_db);
        want_columns.retain(|line| !left_out.iter().any(|c| line.starts_with(&format!("{c} "))));
        let (columns, keys) = facts(&generated_db);
        let mysql_decimal = |lines: Vec<String>| -> Vec<String> {
            // schema.rs has no precision: DECIMAL(10,2) is `Decimal`, generated as MySQL's DECIMAL(10,0).
            lines
                .into_iter()
                .map(|l| l.replace("decimal(10,2)", "decimal(10,0)"))
                .collect()
        };
        assert_eq!(
            mysql_decimal(columns),
            mysql_decimal(want_columns),
            "{backend}: columns\n{}",
            migration.up
        );
        // The fixture has foreign keys schema.rs leaves out (two to one table, self references); each
        // generated one is one of the fixture's.
        assert!(!keys.is_empty(), "{backend}: no foreign key generated");
        for key in &keys {
            assert!(
                want_keys.contains(key),
                "{backend}: {key} is not in the fixture {want_keys:?}"
            );
        }
    }
}
