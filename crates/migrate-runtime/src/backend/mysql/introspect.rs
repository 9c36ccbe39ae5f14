//! MySQL's and MariaDB's catalog, read as diesel_cli's `infer_schema_internals/{mysql,information_schema}.rs`
//! read it: base tables of the connection's database (or `--schema`; none starting with `__`), columns by
//! position with diesel's reading of `column_type` (`tinyint(1)` is `Bool`, `int*` is `Integer`, the
//! parenthesised part dropped, `unsigned` a wrapper, `max_length` only where the type has a `(`), primary
//! keys in key order, and one `joinable!` candidate per foreign key constraint. Each kind is read for the
//! whole database in one query. The facets: indexes other than the primary key and unique keys (MySQL keeps
//! no `CREATE INDEX` text, so `definition` is `None`), unique keys, check constraints, defaults and every
//! foreign key.

use std::collections::HashMap;

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{MysqlConnection, QueryableByName, RunQueryDsl, sql_query};
use heck::ToUpperCamelCase;
use migrate_schema::{Check, ColumnDefault, Constraint, CustomSqlType, ForeignKey, Index, Schema};

use crate::backend::Backend;
use crate::error::Error;
use crate::introspect::{
    Catalog, DocComments, Introspect, IntrospectOptions, JoinCandidate, RawColumn, RawTable,
    RawType, assemble, failed,
};

/// The types Diesel provides on MySQL (diesel_cli's `mysql_diesel_types`); any other gets a `sql_types`
/// struct of its own for each column.
const DIESEL_TYPES: &[&str] = &[
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
    "TinyInt",
    "Tinyint",
    "Datetime",
    "Json",
];

#[derive(QueryableByName)]
struct TextRow {
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
    column_type: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    max_length: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    default_value: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

#[derive(QueryableByName)]
struct KeyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    parent_schema: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    parent_table: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    parent_column: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    kind: Option<String>,
}

#[derive(QueryableByName)]
struct CommentRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    comment: Option<String>,
}

const TABLES: &str = "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_name NOT LIKE '\\_\\_%' AND table_type LIKE 'BASE TABLE'";

const COLUMNS: &str = "SELECT table_name AS table_name, column_name AS column_name, column_type AS column_type, is_nullable AS is_nullable, CAST(character_maximum_length AS SIGNED) AS max_length, column_default AS default_value, NULLIF(column_comment, '') AS comment FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position";

const COMMENTS: &str = "SELECT table_name AS table_name, NULLIF(table_comment, '') AS comment FROM information_schema.tables WHERE table_schema = ?";

/// Primary, unique and foreign keys, column by column, in key order.
const KEYS: &str = "SELECT k.table_name AS table_name, k.constraint_name AS name, k.column_name AS column_name, k.referenced_table_schema AS parent_schema, k.referenced_table_name AS parent_table, k.referenced_column_name AS parent_column, c.constraint_type AS kind FROM information_schema.key_column_usage k JOIN information_schema.table_constraints c ON c.constraint_schema = k.constraint_schema AND c.constraint_name = k.constraint_name AND c.table_name = k.table_name WHERE k.table_schema = ? ORDER BY k.table_name, k.constraint_name, k.ordinal_position";

/// Indexes other than the primary key, column by column (`kind` holds `non_unique`).
const INDEXES: &str = "SELECT table_name AS table_name, index_name AS name, column_name AS column_name, NULL AS parent_schema, NULL AS parent_table, NULL AS parent_column, CAST(non_unique AS CHAR) AS kind FROM information_schema.statistics WHERE table_schema = ? AND index_name <> 'PRIMARY' ORDER BY table_name, index_name, seq_in_index";

/// MariaDB's `check_constraints` names the table; MySQL's does not, so it goes through `table_constraints`.
const CHECKS_MARIADB: &str = "SELECT table_name AS table_name, constraint_name AS name, check_clause AS column_name, NULL AS parent_schema, NULL AS parent_table, NULL AS parent_column, NULL AS kind FROM information_schema.check_constraints WHERE constraint_schema = ? ORDER BY table_name, constraint_name";
const CHECKS_MYSQL: &str = "SELECT c.table_name AS table_name, c.constraint_name AS name, k.check_clause AS column_name, NULL AS parent_schema, NULL AS parent_table, NULL AS parent_column, NULL AS kind FROM information_schema.table_constraints c JOIN information_schema.check_constraints k ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name WHERE c.table_schema = ? AND c.constraint_type = 'CHECK' ORDER BY c.table_name, c.constraint_name";

impl Introspect for MysqlConnection {
    fn introspect_schema(&mut self, options: &IntrospectOptions) -> Result<Schema, Error> {
        let catalog = catalog(self, options)?;
        assemble(Backend::Mysql, catalog, options)
    }
}

fn load<T: QueryableByName<diesel::mysql::Mysql> + 'static>(
    conn: &mut MysqlConnection,
    sql: &str,
    schema: &str,
    what: &str,
) -> Result<Vec<T>, Error> {
    sql_query(sql)
        .bind::<Text, _>(schema)
        .load(conn)
        .map_err(|e| failed(what, e))
}

fn single(conn: &mut MysqlConnection, sql: &str, what: &str) -> Result<String, Error> {
    let rows: Vec<TextRow> = sql_query(sql).load(conn).map_err(|e| failed(what, e))?;
    Ok(rows.into_iter().next().map(|r| r.name).unwrap_or_default())
}

fn catalog(conn: &mut MysqlConnection, options: &IntrospectOptions) -> Result<Catalog, Error> {
    let default = single(
        conn,
        "SELECT COALESCE(DATABASE(), '') AS name",
        "reading the database name",
    )?;
    let mariadb =
        single(conn, "SELECT VERSION() AS name", "reading the version")?.contains("MariaDB");
    let schema = options.schema.clone().unwrap_or_else(|| default.clone());
    let strip = |s: Option<String>| s.filter(|s| *s != default);
    let qualifier = strip(Some(schema.clone()));
    let names: Vec<TextRow> = load(conn, TABLES, &schema, "listing tables")?;
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

    for row in load::<ColumnRow>(conn, COLUMNS, &schema, "reading columns")? {
        let Some(i) = each(&row.table_name) else {
            continue;
        };
        let table = &mut tables[i];
        let ty = column_type(&row.column_type, row.is_nullable == "YES").ok_or_else(|| {
            Error::Introspect {
                message: format!(
                    "column `{}.{}` has the type `{}`, which Diesel cannot map (diesel print-schema refuses it too)",
                    row.table_name, row.column_name, row.column_type
                ),
            }
        })?;
        if let Some(expression) = row.default_value {
            table.facets.defaults.push(ColumnDefault {
                column: row.column_name.clone(),
                expression,
            });
        }
        let max_length = row
            .max_length
            .filter(|_| row.column_type.contains('('))
            .and_then(|n| u64::try_from(n).ok());
        table.columns.push(RawColumn {
            name: row.column_name,
            ty,
            max_length,
            comment: row.comment,
        });
    }
    if options.docs != DocComments::None {
        for row in load::<CommentRow>(conn, COMMENTS, &schema, "reading table comments")? {
            if let Some(i) = each(&row.table_name) {
                tables[i].comment = row.comment;
            }
        }
    }
    let mut candidates: Vec<JoinCandidate> = Vec::new();
    let mut last: Option<(String, String)> = None;
    for row in load::<KeyRow>(conn, KEYS, &schema, "reading keys")? {
        let column = row.column_name.clone().unwrap_or_default();
        let same = last.as_ref() == Some(&(row.table_name.clone(), row.name.clone()));
        last = Some((row.table_name.clone(), row.name.clone()));
        match row.kind.as_deref() {
            Some("FOREIGN KEY") => {
                let Some(parent_column) = row.parent_column.clone() else {
                    continue;
                };
                match candidates.last_mut() {
                    Some(c) if same => {
                        c.columns.push(column.clone());
                        c.parent_columns.push(parent_column.clone());
                    }
                    _ => candidates.push(JoinCandidate {
                        child: (row.table_name.clone(), qualifier.clone()),
                        parent: (
                            row.parent_table.clone().unwrap_or_default(),
                            strip(row.parent_schema.clone()),
                        ),
                        columns: vec![column.clone()],
                        parent_columns: vec![parent_column.clone()],
                    }),
                }
                let Some(i) = each(&row.table_name) else {
                    continue;
                };
                let keys = &mut tables[i].facets.foreign_keys;
                match keys.last_mut() {
                    Some(key) if same => {
                        key.columns.push(column);
                        key.parent_columns.push(parent_column);
                    }
                    _ => keys.push(ForeignKey {
                        name: Some(row.name),
                        columns: vec![column],
                        parent_schema: strip(row.parent_schema),
                        parent_table: row.parent_table.unwrap_or_default(),
                        parent_columns: vec![parent_column],
                    }),
                }
            }
            Some("PRIMARY KEY") => {
                if let Some(i) = each(&row.table_name) {
                    tables[i].primary_key.push(column);
                }
            }
            Some("UNIQUE") => {
                let Some(i) = each(&row.table_name) else {
                    continue;
                };
                let uniques = &mut tables[i].facets.uniques;
                match uniques.last_mut() {
                    Some(unique) if same => unique.columns.push(column),
                    _ => uniques.push(Constraint {
                        name: Some(row.name),
                        columns: vec![column],
                    }),
                }
            }
            _ => {}
        }
    }
    let mut last: Option<(String, String)> = None;
    for row in load::<KeyRow>(conn, INDEXES, &schema, "reading indexes")? {
        let same = last.as_ref() == Some(&(row.table_name.clone(), row.name.clone()));
        last = Some((row.table_name.clone(), row.name.clone()));
        let Some(i) = each(&row.table_name) else {
            continue;
        };
        let facets = &mut tables[i].facets;
        if facets
            .uniques
            .iter()
            .any(|u| u.name.as_ref() == Some(&row.name))
        {
            continue;
        }
        let column = row.column_name.unwrap_or_else(|| "<expression>".to_owned());
        match facets.indexes.last_mut() {
            Some(index) if same => index.columns.push(column),
            _ => facets.indexes.push(Index {
                name: row.name,
                columns: vec![column],
                unique: row.kind.as_deref() == Some("0"),
                definition: None,
            }),
        }
    }
    let checks = if mariadb {
        CHECKS_MARIADB
    } else {
        CHECKS_MYSQL
    };
    for row in load::<KeyRow>(conn, checks, &schema, "reading check constraints")? {
        if let Some(i) = each(&row.table_name) {
            tables[i].facets.checks.push(Check {
                name: Some(row.name),
                expression: row.column_name.unwrap_or_default(),
            });
        }
    }
    Ok(Catalog { tables, candidates })
}

/// diesel_cli's `determine_column_type` for MySQL.
fn column_type(column_type: &str, nullable: bool) -> Option<RawType> {
    let unsigned = column_type.to_lowercase().contains("unsigned");
    let name = if column_type == "tinyint(1)" {
        "bool".to_owned()
    } else if column_type.starts_with("int") {
        "integer".to_owned()
    } else {
        let head = column_type.split('(').next().unwrap_or(column_type);
        if head.to_lowercase().contains("unsigned") {
            head.to_lowercase()
                .replace("unsigned", "")
                .trim()
                .to_owned()
        } else if head.contains(' ') {
            return None;
        } else {
            head.to_owned()
        }
    };
    let sql_name = name.trim().to_owned();
    let rust_name = sql_name.to_upper_camel_case();
    let custom = (!DIESEL_TYPES.contains(&rust_name.as_str())).then(|| {
        let mut chars = sql_name.chars();
        let capitalised = chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        CustomSqlType::Mysql { name: capitalised }
    });
    Some(RawType {
        rust_name,
        sql_name,
        array: false,
        nullable,
        unsigned,
        custom,
    })
}

#[cfg(test)]
mod tests {
    use super::column_type;

    #[test]
    fn column_types_read_as_diesel_reads_them() {
        let name = |t: &str| {
            let ty = column_type(t, false).unwrap();
            (ty.rust_name, ty.unsigned, ty.custom.is_some())
        };
        assert_eq!(name("tinyint(1)"), ("Bool".into(), false, false));
        assert_eq!(name("int(10) unsigned"), ("Integer".into(), true, false));
        assert_eq!(name("bigint unsigned"), ("Bigint".into(), true, false));
        assert_eq!(name("varchar(255)"), ("Varchar".into(), false, false));
        assert_eq!(name("enum('a','b')"), ("Enum".into(), false, true));
        assert_eq!(name("mediumint(9)"), ("Mediumint".into(), false, true));
        assert!(column_type("double precision", false).is_none());
    }
}
