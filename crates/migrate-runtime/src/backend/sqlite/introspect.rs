//! SQLite's catalog, read as diesel_cli's `infer_schema_internals/sqlite.rs` reads it: tables from
//! `sqlite_master` (not `__*`, not `sqlite*`), columns from `pragma_table_xinfo` (the primary key in column
//! order; a table without one gets the `rowid` alias, as diesel), types by the same substring rules, and one
//! `joinable!` candidate per row of `pragma_foreign_key_list`. The facets: indexes created with `CREATE
//! INDEX` (with their `sqlite_master.sql`), unique constraints, defaults, every foreign key, the triggers,
//! and the CHECK constraints, which live only in the `CREATE TABLE` text (read in `checks.rs`).

use std::collections::HashMap;

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{QueryableByName, RunQueryDsl, SqliteConnection, sql_query};
use migrate_schema::{ColumnDefault, Constraint, ForeignKey, Index, Schema, Trigger};

use crate::backend::Backend;
use crate::error::Error;
use crate::introspect::{
    Catalog, Introspect, IntrospectOptions, JoinCandidate, RawColumn, RawTable, RawType, assemble,
    failed,
};

/// The rowid's aliases, in diesel's order of preference.
const ROWID_ALIASES: [&str; 3] = ["rowid", "oid", "_rowid_"];

#[derive(QueryableByName)]
struct NameRow {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    ty: String,
    #[diesel(sql_type = BigInt)]
    not_null: i64,
    #[diesel(sql_type = Nullable<Text>)]
    default_value: Option<String>,
    #[diesel(sql_type = BigInt)]
    pk: i64,
}

#[derive(QueryableByName)]
struct ForeignKeyRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    parent: String,
    #[diesel(sql_type = Text)]
    from_column: String,
    #[diesel(sql_type = Nullable<Text>)]
    to_column: Option<String>,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    is_unique: i64,
    #[diesel(sql_type = Text)]
    origin: String,
}

#[derive(QueryableByName)]
struct IndexColumnRow {
    #[diesel(sql_type = Nullable<Text>)]
    name: Option<String>,
}

#[derive(QueryableByName)]
struct DefinitionRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    definition: String,
}

impl Introspect for SqliteConnection {
    fn introspect_schema(&mut self, options: &IntrospectOptions) -> Result<Schema, Error> {
        if options.schema.is_some() {
            return Err(Error::Introspect {
                message: "SQLite has no schemas: leave `IntrospectOptions::schema` out".to_owned(),
            });
        }
        let catalog = catalog(self, options)?;
        assemble(Backend::Sqlite, catalog, options)
    }
}

fn catalog(conn: &mut SqliteConnection, options: &IntrospectOptions) -> Result<Catalog, Error> {
    let names: Vec<NameRow> = sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' ORDER BY name",
    )
    .load(conn)
    .map_err(|e| failed("listing tables", e))?;
    let definitions = Definitions::load(conn)?;
    let mut out = Catalog::default();
    for NameRow { name } in names {
        let columns = columns(conn, &name)?;
        let foreign_keys = foreign_keys(conn, &name)?;
        for (_, row, parent_columns) in &foreign_keys {
            out.candidates.push(JoinCandidate {
                child: (name.clone(), None),
                parent: (row.parent.clone(), None),
                columns: vec![row.from_column.clone()],
                parent_columns: parent_columns.clone(),
            });
        }
        if options.includes(&name) {
            out.tables
                .push(table(conn, name, columns, &foreign_keys, &definitions)?);
        }
    }
    Ok(out)
}

fn columns(conn: &mut SqliteConnection, table: &str) -> Result<Vec<ColumnRow>, Error> {
    sql_query(
        "SELECT name, type AS ty, \"notnull\" AS not_null, dflt_value AS default_value, pk FROM pragma_table_xinfo(?)",
    )
    .bind::<Text, _>(table)
    .load(conn)
    .map_err(|e| failed(&format!("reading the columns of `{table}`"), e))
}

/// The primary key as diesel_cli reads it: the key columns in column order, else the first rowid alias
/// that no column takes.
fn primary_key(columns: &[ColumnRow]) -> Vec<String> {
    let declared: Vec<String> = columns
        .iter()
        .filter(|c| c.pk != 0)
        .map(|c| c.name.clone())
        .collect();
    if !declared.is_empty() {
        return declared;
    }
    ROWID_ALIASES
        .iter()
        .find(|alias| !columns.iter().any(|c| c.name == **alias))
        .map(|alias| vec![(*alias).to_owned()])
        .unwrap_or_default()
}

/// Each row of `pragma_foreign_key_list` with the parent columns it names (the parent's primary key when
/// it names none).
fn foreign_keys(
    conn: &mut SqliteConnection,
    table: &str,
) -> Result<Vec<(i64, ForeignKeyRow, Vec<String>)>, Error> {
    let rows: Vec<ForeignKeyRow> = sql_query(
        "SELECT id, \"table\" AS parent, \"from\" AS from_column, \"to\" AS to_column FROM pragma_foreign_key_list(?) ORDER BY id, seq",
    )
    .bind::<Text, _>(table)
    .load(conn)
    .map_err(|e| failed(&format!("reading the foreign keys of `{table}`"), e))?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let parent_columns = match &row.to_column {
            Some(to) => vec![to.clone()],
            None => primary_key(&columns(conn, &row.parent)?),
        };
        out.push((row.id, row, parent_columns));
    }
    Ok(out)
}

fn table(
    conn: &mut SqliteConnection,
    name: String,
    rows: Vec<ColumnRow>,
    foreign_keys: &[(i64, ForeignKeyRow, Vec<String>)],
    definitions: &Definitions,
) -> Result<RawTable, Error> {
    let primary_key = primary_key(&rows);
    let mut raw = RawTable {
        primary_key,
        ..RawTable::default()
    };
    if let [key] = raw.primary_key.as_slice()
        && !rows.iter().any(|c| &c.name == key)
    {
        // The implicit rowid key becomes a column, as diesel_cli adds it.
        raw.columns.push(RawColumn {
            name: key.clone(),
            ty: plain("Integer", false),
            max_length: None,
            comment: None,
        });
    }
    for row in rows {
        let ty = column_type(&row.ty).ok_or_else(|| Error::Introspect {
            message: format!(
                "column `{name}.{}` has the type `{}`, which Diesel cannot map on SQLite (diesel print-schema refuses it too): declare it as one of INTEGER, TEXT, BLOB, REAL, DOUBLE, NUMERIC, BOOLEAN, DATE, TIME, DATETIME or TIMESTAMP",
                row.name, row.ty
            ),
        })?;
        if let Some(expression) = row.default_value {
            raw.facets.defaults.push(ColumnDefault {
                column: row.name.clone(),
                expression,
            });
        }
        raw.columns.push(RawColumn {
            name: row.name,
            ty: plain(ty, row.not_null == 0),
            max_length: None,
            comment: None,
        });
    }
    facets(conn, &name, &mut raw, foreign_keys, definitions)?;
    raw.name = name;
    Ok(raw)
}

fn plain(name: &str, nullable: bool) -> RawType {
    RawType {
        rust_name: name.to_owned(),
        sql_name: name.to_owned(),
        array: false,
        nullable,
        unsigned: false,
        custom: None,
    }
}

/// diesel_cli's `determine_column_type` for SQLite: substring rules on the declared type, in its order.
fn column_type(declared: &str) -> Option<&'static str> {
    let mut t = declared.to_lowercase();
    if t == "generated always" {
        t.clear();
    }
    let has = |s: &str| t.contains(s);
    Some(
        if t == "boolean" || t == "bool" || (has("tiny") && has("int")) {
            "Bool"
        } else if t == "int2" || (has("small") && has("int")) {
            "SmallInt"
        } else if t == "int8" || (has("big") && has("int")) {
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
        } else if t == "datetime" || t == "timestamp" {
            "Timestamp"
        } else if t == "date" {
            "Date"
        } else if t == "time" {
            "Time"
        } else {
            return None;
        },
    )
}

/// The `CREATE TABLE`, `CREATE INDEX` and `CREATE TRIGGER` texts of `sqlite_master`, read once (by table
/// name; by index name; by table).
struct Definitions {
    tables: HashMap<String, String>,
    indexes: HashMap<String, String>,
    triggers: HashMap<String, Vec<Trigger>>,
}

impl Definitions {
    fn load(conn: &mut SqliteConnection) -> Result<Definitions, Error> {
        let rows: Vec<DefinitionRow> = sql_query(
            "SELECT type AS kind, name, tbl_name AS table_name, sql AS definition FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') AND sql IS NOT NULL ORDER BY name",
        )
        .load(conn)
        .map_err(|e| failed("reading index and trigger definitions", e))?;
        let mut out = Definitions {
            tables: HashMap::new(),
            indexes: HashMap::new(),
            triggers: HashMap::new(),
        };
        for row in rows {
            if row.kind == "table" {
                out.tables.insert(row.name, row.definition);
            } else if row.kind == "index" {
                out.indexes.insert(row.name, row.definition);
            } else {
                out.triggers
                    .entry(row.table_name)
                    .or_default()
                    .push(Trigger {
                        name: row.name,
                        definition: row.definition,
                    });
            }
        }
        Ok(out)
    }
}

fn facets(
    conn: &mut SqliteConnection,
    table: &str,
    raw: &mut RawTable,
    foreign_keys: &[(i64, ForeignKeyRow, Vec<String>)],
    definitions: &Definitions,
) -> Result<(), Error> {
    let what = |thing: &str| format!("reading the {thing} of `{table}`");
    let indexes: Vec<IndexRow> = sql_query(
        "SELECT name, \"unique\" AS is_unique, origin FROM pragma_index_list(?) ORDER BY name",
    )
    .bind::<Text, _>(table)
    .load(conn)
    .map_err(|e| failed(&what("indexes"), e))?;
    for index in indexes {
        let columns: Vec<IndexColumnRow> =
            sql_query("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                .bind::<Text, _>(&index.name)
                .load(conn)
                .map_err(|e| failed(&what("indexes"), e))?;
        let columns: Vec<String> = columns
            .into_iter()
            .map(|c| c.name.unwrap_or_else(|| "<expression>".to_owned()))
            .collect();
        match index.origin.as_str() {
            "u" => raw.facets.uniques.push(Constraint {
                name: None,
                columns,
            }),
            "c" => raw.facets.indexes.push(Index {
                columns,
                definition: definitions.indexes.get(&index.name).cloned(),
                unique: index.is_unique != 0,
                name: index.name,
            }),
            _ => {}
        }
    }
    // Rows come by id, then by position: consecutive rows of one id are one (composite) key.
    let mut last_id = None;
    for (id, row, parent_columns) in foreign_keys {
        match raw.facets.foreign_keys.last_mut() {
            Some(last) if last_id == Some(*id) => {
                last.columns.push(row.from_column.clone());
                if row.to_column.is_some() {
                    last.parent_columns.extend(parent_columns.iter().cloned());
                }
            }
            _ => raw.facets.foreign_keys.push(ForeignKey {
                name: None,
                columns: vec![row.from_column.clone()],
                parent_schema: None,
                parent_table: row.parent.clone(),
                parent_columns: parent_columns.clone(),
            }),
        }
        last_id = Some(*id);
    }
    raw.facets.checks = definitions
        .tables
        .get(table)
        .map(|sql| super::checks::checks(sql))
        .unwrap_or_default();
    raw.facets.triggers = definitions.triggers.get(table).cloned().unwrap_or_default();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::column_type;

    #[test]
    fn declared_types_map_as_diesel_maps_them() {
        for (declared, mapped) in [
            ("INTEGER", "Integer"),
            ("TINYINT", "Bool"),
            ("UNSIGNED BIG INT", "BigInt"),
            ("VARCHAR(120)", "Text"),
            ("", "Binary"),
            ("NUMERIC", "Double"),
            ("DECIMAL(10, 5)", "Double"),
            ("DATETIME", "Timestamp"),
        ] {
            assert_eq!(column_type(declared), Some(mapped), "{declared}");
        }
        assert_eq!(column_type("JSON"), None);
    }
}
