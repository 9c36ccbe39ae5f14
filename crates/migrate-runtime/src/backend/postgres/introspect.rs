//! PostgreSQL's catalog, read as diesel_cli's `infer_schema_internals/{pg,information_schema}.rs` read it:
//! base tables of one schema (`public` by default; none starting with `__`), columns from
//! `information_schema.columns` by position (`udt_name` in UpperCamelCase, `_x` an array,
//! `character_maximum_length` the `max_length`), primary keys in key order, and the `joinable!` candidates
//! grouped per pair of tables as diesel's `load_foreign_keys.sql` groups them. Each kind is read for the
//! whole schema in one query, so a large schema costs a handful of round trips. The facets: indexes that
//! back no constraint (with `pg_get_indexdef`), unique and check constraints, defaults and every foreign
//! key.

use std::collections::HashMap;

use diesel::sql_types::{Array, Bool, Integer, Nullable, Text};
use diesel::{PgConnection, QueryableByName, RunQueryDsl, sql_query};
use heck::ToUpperCamelCase;
use migrate_schema::{Check, ColumnDefault, Constraint, CustomSqlType, ForeignKey, Index, Schema};

use crate::backend::Backend;
use crate::error::Error;
use crate::introspect::{
    Catalog, DocComments, Introspect, IntrospectOptions, JoinCandidate, RawColumn, RawTable,
    RawType, assemble, failed,
};

/// diesel_cli's default schema: `public`, whatever the `search_path` says.
const DEFAULT_SCHEMA: &str = "public";

/// The types Diesel provides on PostgreSQL (diesel_cli's `pg_diesel_types`); any other gets a
/// `sql_types` struct.
const DIESEL_TYPES: &[&str] = &[
    "Cidr",
    "Citext",
    "Inet",
    "Jsonb",
    "MacAddr",
    "MacAddr8",
    "Money",
    "Oid",
    "Range",
    "Timestamptz",
    "Uuid",
    "Json",
    "PgLsn",
    "Record",
    "Interval",
    "Int4range",
    "Int8range",
    "Daterange",
    "Numrange",
    "Tsrange",
    "Tstzrange",
    "Int4multirange",
    "Int8multirange",
    "Datemultirange",
    "Nummultirange",
    "Tsmultirange",
    "Tstzmultirange",
    "SmallSerial",
    "BigSerial",
    "Serial",
    "Bytea",
    "Bpchar",
    "Macaddr",
    "Macaddr8",
    "Bool",
    "Integer",
    "SmallInt",
    "BigInt",
    "Binary",
    "Text",
    "Double",
    "Float",
    "Numeric",
    "Timestamp",
    "Date",
    "Time",
    "Float4",
    "Smallint",
    "Int2",
    "Int4",
    "Int8",
    "Bigint",
    "Float8",
    "Decimal",
    "VarChar",
    "Varchar",
    "Char",
    "Tinytext",
    "Mediumtext",
    "Longtext",
    "Tinyblob",
    "Blob",
    "Mediumblob",
    "Longblob",
    "Varbinary",
    "Bit",
];

#[derive(QueryableByName)]
struct NameRow {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    udt_name: String,
    #[diesel(sql_type = Text)]
    udt_schema: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
    #[diesel(sql_type = Nullable<Integer>)]
    max_length: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    default_value: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct TableColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct CommentRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct CandidateRow {
    #[diesel(sql_type = Text)]
    self_table: String,
    #[diesel(sql_type = Array<Text>)]
    self_columns: Vec<String>,
    #[diesel(sql_type = Text)]
    foreign_table: String,
    #[diesel(sql_type = Array<Text>)]
    foreign_columns: Vec<String>,
}

#[derive(QueryableByName)]
struct ConstraintRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Array<Text>)]
    columns: Vec<String>,
    #[diesel(sql_type = Nullable<Text>)]
    parent_schema: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    parent_table: Option<String>,
    #[diesel(sql_type = Array<Text>)]
    parent_columns: Vec<String>,
    #[diesel(sql_type = Nullable<Text>)]
    expression: Option<String>,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
    #[diesel(sql_type = Text)]
    definition: String,
    #[diesel(sql_type = Array<Text>)]
    columns: Vec<String>,
}

const TABLES: &str = "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name NOT LIKE '\\_\\_%' AND table_type LIKE 'BASE TABLE'";

const COLUMNS: &str = "SELECT c.table_name::text AS table_name, c.column_name::text AS column_name, c.udt_name::text AS udt_name, c.udt_schema::text AS udt_schema, c.is_nullable = 'YES' AS nullable, c.character_maximum_length::int4 AS max_length, c.column_default::text AS default_value, col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::int4) AS comment FROM information_schema.columns c WHERE c.table_schema = $1 ORDER BY c.table_name, c.ordinal_position";

const PRIMARY_KEYS: &str = "SELECT tbl.relname::text AS table_name, a.attname::text AS name FROM pg_constraint con JOIN pg_class tbl ON tbl.oid = con.conrelid JOIN pg_namespace n ON n.oid = tbl.relnamespace CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, pos) JOIN pg_attribute a ON a.attrelid = tbl.oid AND a.attnum = k.attnum WHERE n.nspname = $1 AND con.contype = 'p' ORDER BY tbl.relname, k.pos";

const COMMENTS: &str = "SELECT c.relname::text AS table_name, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')";

/// diesel_cli's `load_foreign_keys.sql`: the keys from one table to another, grouped per pair.
const CANDIDATES: &str = "SELECT tbl.relname::text AS self_table, ARRAY_AGG(col.attname::text ORDER BY u.attposition) AS self_columns, f_tbl.relname::text AS foreign_table, ARRAY_AGG(f_col.attname::text ORDER BY f_u.attposition) AS foreign_columns FROM pg_constraint c LEFT JOIN LATERAL UNNEST(c.conkey) WITH ORDINALITY AS u(attnum, attposition) ON TRUE LEFT JOIN LATERAL UNNEST(c.confkey) WITH ORDINALITY AS f_u(attnum, attposition) ON f_u.attposition = u.attposition JOIN pg_class tbl ON tbl.oid = c.conrelid JOIN pg_namespace sch ON sch.oid = tbl.relnamespace LEFT JOIN pg_attribute col ON (col.attrelid = tbl.oid AND col.attnum = u.attnum) LEFT JOIN pg_class f_tbl ON f_tbl.oid = c.confrelid LEFT JOIN pg_namespace f_sch ON f_sch.oid = f_tbl.relnamespace LEFT JOIN pg_attribute f_col ON (f_col.attrelid = f_tbl.oid AND f_col.attnum = f_u.attnum) WHERE sch.nspname = $1 AND f_sch.nspname = $1 AND c.contype = 'f' GROUP BY sch.nspname, tbl.relname, f_sch.nspname, f_tbl.relname";

const CONSTRAINTS: &str = "SELECT tbl.relname::text AS table_name, con.conname::text AS name, con.contype::text AS kind, ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(n, p) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.p) AS columns, fn.nspname::text AS parent_schema, ft.relname::text AS parent_table, ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(n, p) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.p) AS parent_columns, CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS expression FROM pg_constraint con JOIN pg_class tbl ON tbl.oid = con.conrelid JOIN pg_namespace n ON n.oid = tbl.relnamespace LEFT JOIN pg_class ft ON ft.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = ft.relnamespace WHERE n.nspname = $1 AND con.contype IN ('f', 'u', 'c') ORDER BY tbl.relname, con.conname";

/// Indexes that back no primary key, unique or exclusion constraint.
const INDEXES: &str = "SELECT t.relname::text AS table_name, i.relname::text AS name, ix.indisunique AS is_unique, pg_get_indexdef(ix.indexrelid) AS definition, ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) FROM generate_series(1, ix.indnkeyatts) AS k ORDER BY k) AS columns FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u', 'x')) ORDER BY t.relname, i.relname";

impl Introspect for PgConnection {
    fn introspect_schema(&mut self, options: &IntrospectOptions) -> Result<Schema, Error> {
        let catalog = catalog(self, options)?;
        assemble(Backend::Postgres, catalog, options)
    }
}

fn load<T: QueryableByName<diesel::pg::Pg> + 'static>(
    conn: &mut PgConnection,
    sql: &str,
    schema: &str,
    what: &str,
) -> Result<Vec<T>, Error> {
    sql_query(sql)
        .bind::<Text, _>(schema)
        .load(conn)
        .map_err(|e| failed(what, e))
}

fn catalog(conn: &mut PgConnection, options: &IntrospectOptions) -> Result<Catalog, Error> {
    let schema = options.schema.as_deref().unwrap_or(DEFAULT_SCHEMA);
    let qualifier = (schema != DEFAULT_SCHEMA).then(|| schema.to_owned());
    let names: Vec<NameRow> = load(conn, TABLES, schema, "listing tables")?;
    let mut tables: Vec<RawTable> = names
        .into_iter()
        .filter(|n| options.includes(&n.name))
        .map(|n| RawTable {
            name: n.name,
            schema: qualifier.clone(),
            ..RawTable::default()
        })
        .collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let position: HashMap<String, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let each = |table: &str| position.get(table).copied();

    for row in load::<ColumnRow>(conn, COLUMNS, schema, "reading columns")? {
        let Some(i) = each(&row.table_name) else {
            continue;
        };
        let table = &mut tables[i];
        if let Some(expression) = row.default_value {
            table.facets.defaults.push(ColumnDefault {
                column: row.column_name.clone(),
                expression,
            });
        }
        let array = row.udt_name.starts_with('_');
        let sql_name = row.udt_name.strip_prefix('_').unwrap_or(&row.udt_name);
        let rust_name = sql_name.to_upper_camel_case();
        let custom =
            (!DIESEL_TYPES.contains(&rust_name.as_str())).then(|| CustomSqlType::Postgres {
                name: sql_name.to_owned(),
                schema: (row.udt_schema != DEFAULT_SCHEMA).then(|| row.udt_schema.clone()),
            });
        table.columns.push(RawColumn {
            name: row.column_name,
            ty: RawType {
                rust_name,
                sql_name: sql_name.to_owned(),
                array,
                nullable: row.nullable,
                unsigned: false,
                custom,
            },
            max_length: row.max_length.and_then(|n| u64::try_from(n).ok()),
            comment: row.comment,
        });
    }
    for row in load::<TableColumnRow>(conn, PRIMARY_KEYS, schema, "reading primary keys")? {
        if let Some(i) = each(&row.table_name) {
            tables[i].primary_key.push(row.name);
        }
    }
    if options.docs != DocComments::None {
        for row in load::<CommentRow>(conn, COMMENTS, schema, "reading table comments")? {
            if let Some(i) = each(&row.table_name) {
                tables[i].comment = row.comment;
            }
        }
    }
    for row in load::<ConstraintRow>(conn, CONSTRAINTS, schema, "reading constraints")? {
        let Some(i) = each(&row.table_name) else {
            continue;
        };
        let facets = &mut tables[i].facets;
        match row.kind.as_str() {
            "f" => facets.foreign_keys.push(ForeignKey {
                name: Some(row.name),
                columns: row.columns,
                parent_schema: row.parent_schema.filter(|s| s != DEFAULT_SCHEMA),
                parent_table: row.parent_table.unwrap_or_default(),
                parent_columns: row.parent_columns,
            }),
            "u" => facets.uniques.push(Constraint {
                name: Some(row.name),
                columns: row.columns,
            }),
            _ => facets.checks.push(Check {
                name: Some(row.name),
                expression: row.expression.unwrap_or_default(),
            }),
        }
    }
    for row in load::<IndexRow>(conn, INDEXES, schema, "reading indexes")? {
        if let Some(i) = each(&row.table_name) {
            tables[i].facets.indexes.push(Index {
                name: row.name,
                columns: row.columns,
                unique: row.is_unique,
                definition: Some(row.definition),
            });
        }
    }
    let candidates = load::<CandidateRow>(conn, CANDIDATES, schema, "reading foreign keys")?
        .into_iter()
        .map(|row| JoinCandidate {
            child: (row.self_table, qualifier.clone()),
            parent: (row.foreign_table, qualifier.clone()),
            columns: row.self_columns,
            parent_columns: row.foreign_columns,
        })
        .collect();
    Ok(Catalog { tables, candidates })
}
