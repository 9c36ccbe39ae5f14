//! What the dialects share: the error, the `CREATE TABLE` writer, and the facets a recreated table gets back.

use crate::diff::{Catalog, Reference, TableId};
use crate::model::{Column, Table};

use super::{Dialect, Options, Section, Statement};

/// Why a diff cannot be written for a dialect.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A column type with no DDL on the dialect.
    #[error("cannot write the type of '{table}.{column}' ({ty}) for {dialect}: {why}")]
    Type {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The type as written in `schema.rs`.
        ty: String,
        /// The dialect.
        dialect: Dialect,
        /// What is missing.
        why: String,
    },
    /// An operation the dialect does not have.
    #[error("cannot write '{what}' for {dialect}: {why}")]
    Operation {
        /// The operation's description.
        what: String,
        /// The dialect.
        dialect: Dialect,
        /// Why not.
        why: String,
    },
}

/// A column's DDL type, and a REVIEW text when it is a guess.
pub(crate) struct Typed {
    pub(crate) sql: String,
    pub(crate) review: Option<String>,
}

impl Typed {
    pub(crate) fn exact(sql: impl Into<String>) -> Typed {
        Typed {
            sql: sql.into(),
            review: None,
        }
    }
}

/// What a dialect writes differently.
pub(crate) trait Ddl {
    const DIALECT: Dialect;

    /// A quoted identifier.
    fn quote(&self, ident: &str) -> String;

    /// The DDL type of `column` (nullability aside), from the struct names of `catalog`'s custom types.
    fn column_type(
        &self,
        catalog: &Catalog,
        table: &TableId,
        column: &Column,
    ) -> Result<Typed, RenderError>;

    /// What makes an integer key auto-incrementing, if the dialect needs it written.
    fn auto_increment(&self) -> Option<&'static str>;

    /// Whether foreign keys are written with a constraint name (so they can be dropped by it).
    fn names_foreign_keys(&self) -> bool;

    /// A table's qualified, quoted name.
    fn table(&self, id: &TableId) -> String {
        match &id.schema {
            Some(schema) => format!("{}.{}", self.quote(schema), self.quote(&id.name)),
            None => self.quote(&id.name),
        }
    }

    /// A list of quoted names.
    fn list(&self, names: &[String]) -> String {
        names
            .iter()
            .map(|n| self.quote(n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The type error for `column`.
    fn type_error(&self, table: &TableId, column: &Column, why: &str) -> RenderError {
        RenderError::Type {
            table: table.to_string(),
            column: column.name.sql.clone(),
            ty: column.ty.to_string(),
            dialect: Self::DIALECT,
            why: why.to_owned(),
        }
    }
}

/// `"` quoting with doubled quotes (PostgreSQL, SQLite).
pub(crate) fn double_quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// The name of a foreign key: as the database reported it, else PostgreSQL's default
/// (`<table>_<column>_fkey`), which the generated DDL then writes on every dialect that names keys.
pub(crate) fn foreign_key_name(table: &TableId, reference: &Reference) -> String {
    reference
        .name
        .clone()
        .unwrap_or_else(|| format!("{}_{}_fkey", table.name, reference.column))
}

/// `FOREIGN KEY ("c") REFERENCES "p" ("id")`, named where the dialect names keys.
pub(crate) fn foreign_key<D: Ddl>(d: &D, table: &TableId, reference: &Reference) -> String {
    let key = format!(
        "FOREIGN KEY ({}) REFERENCES {} ({})",
        d.quote(&reference.column),
        d.table(&reference.parent),
        d.quote(&reference.parent_column)
    );
    if d.names_foreign_keys() {
        format!(
            "CONSTRAINT {} {key}",
            d.quote(&foreign_key_name(table, reference))
        )
    } else {
        key
    }
}

/// Whether `column` is the single integer key that gets an auto-incrementing default.
pub(crate) fn is_auto_increment(options: &Options, table: &Table, column: &Column) -> bool {
    let integer = matches!(
        column.ty.not_null().canonical().base().name(),
        Some("SmallInt" | "Integer" | "BigInt")
    );
    options.auto_increment
        && integer
        && !column.is_nullable()
        && table.primary_key.len() == 1
        && table.primary_key[0] == column.name.rust
}

/// One column's definition: name, type, `NOT NULL`, the default its facets record (when `facets`), and
/// the auto-increment clause (when `auto`).
pub(crate) fn column_definition<D: Ddl>(
    d: &D,
    catalog: &Catalog,
    id: &TableId,
    table: &Table,
    column: &Column,
    facets: bool,
    auto: bool,
) -> Result<(String, Option<String>), RenderError> {
    let typed = d.column_type(catalog, id, column)?;
    let mut sql = format!("{} {}", d.quote(&column.name.sql), typed.sql);
    if !column.is_nullable() {
        sql.push_str(" NOT NULL");
    }
    if facets && let Some(default) = default_of(table, column) {
        sql.push_str(&format!(" DEFAULT {default}"));
    }
    if auto && let Some(clause) = d.auto_increment() {
        sql.push(' ');
        sql.push_str(clause);
    }
    Ok((sql, typed.review))
}

/// The default the table's facets record for `column`, unless it is a sequence the table owned (a
/// PostgreSQL `serial`, which does not outlive its table).
pub(crate) fn default_of<'a>(table: &'a Table, column: &Column) -> Option<&'a str> {
    table
        .facets
        .defaults
        .iter()
        .find(|d| d.column == column.name.sql)
        .map(|d| d.expression.as_str())
        .filter(|e| !e.starts_with("nextval(") && !e.eq_ignore_ascii_case("NULL"))
}

/// What a `CREATE TABLE` writes.
pub(crate) struct TableDef<'a> {
    /// The table's identity.
    pub(crate) id: &'a TableId,
    /// The name to create it under, when not its own (a SQLite rebuild's new table).
    pub(crate) create_as: Option<&'a TableId>,
    /// Its definition.
    pub(crate) table: &'a Table,
    /// The foreign keys to declare.
    pub(crate) references: &'a [Reference],
    /// Whether to restate the facets that live in the table's definition (defaults, uniques, checks).
    pub(crate) facets: bool,
}

/// `CREATE TABLE` with one line per column, the primary key, and the foreign keys.
pub(crate) fn create_table<D: Ddl>(
    d: &D,
    options: &Options,
    catalog: &Catalog,
    def: &TableDef<'_>,
) -> Result<Statement, RenderError> {
    let table = def.table;
    let mut lines = Vec::new();
    let mut reviews = Vec::new();
    for column in &table.columns {
        let auto = is_auto_increment(options, table, column);
        let (line, review) =
            column_definition(d, catalog, def.id, table, column, def.facets, auto)?;
        lines.push(line);
        reviews.extend(review);
    }
    let key: Vec<String> = table
        .primary_key
        .iter()
        .map(|ident| {
            table
                .column(ident)
                .map_or_else(|| ident.clone(), |c| c.name.sql.clone())
        })
        .collect();
    lines.push(format!("PRIMARY KEY ({})", d.list(&key)));
    if def.facets {
        for unique in &table.facets.uniques {
            let body = format!("UNIQUE ({})", d.list(&unique.columns));
            lines.push(match &unique.name {
                Some(name) if D::DIALECT != Dialect::Sqlite => {
                    format!("CONSTRAINT {} {body}", d.quote(name))
                }
                _ => body,
            });
        }
        for check in &table.facets.checks {
            let expression = check.expression.trim();
            let body = if expression.len() >= 5 && expression[..5].eq_ignore_ascii_case("CHECK") {
                expression.to_owned()
            } else {
                format!("CHECK ({expression})")
            };
            lines.push(match &check.name {
                Some(name) => format!("CONSTRAINT {} {body}", d.quote(name)),
                None => body,
            });
        }
    }
    for reference in def.references {
        lines.push(foreign_key(d, def.id, reference));
    }
    let name = d.table(def.create_as.unwrap_or(def.id));
    let sql = format!("CREATE TABLE {name} (\n    {}\n)", lines.join(",\n    "));
    Ok(Statement {
        reviews,
        comments: Vec::new(),
        sql,
    })
}

/// What a `CreateTable` op writes in every dialect: `CREATE TABLE` with the facets that live in it, then its
/// indexes and triggers, with the REVIEW of any index left out on the last statement.
pub(crate) fn new_table<D: Ddl>(
    d: &D,
    options: &Options,
    catalog: &Catalog,
    id: &TableId,
    table: &Table,
    references: &[Reference],
    out: &mut Section,
) -> Result<(), RenderError> {
    let def = TableDef {
        id,
        create_as: None,
        table,
        references,
        facets: true,
    };
    out.push(create_table(d, options, catalog, &def)?);
    let (facets, review) = restore_facets(d, id, table, references);
    out.statements.extend(facets);
    if let (Some(review), Some(last)) = (review, out.statements.last_mut()) {
        last.reviews.push(review);
    }
    Ok(())
}

/// The indexes and triggers a recreated table gets back, from the definitions the database kept (MySQL
/// keeps none: its indexes are written from their columns), and a REVIEW text naming the indexes left out
/// because a column they cover is gone. Indexes behind the primary key, a unique constraint (restated in
/// the table) or a MySQL foreign key (which creates its own) are not written.
pub(crate) fn restore_facets<D: Ddl>(
    d: &D,
    id: &TableId,
    table: &Table,
    references: &[Reference],
) -> (Vec<Statement>, Option<String>) {
    let mut out = Vec::new();
    let constraint_backed = |name: &str| {
        name == format!("{}_pkey", id.name)
            || name == "PRIMARY"
            || table
                .facets
                .uniques
                .iter()
                .any(|u| u.name.as_deref() == Some(name))
            || table
                .facets
                .foreign_keys
                .iter()
                .any(|f| f.name.as_deref() == Some(name))
            || references.iter().any(|r| foreign_key_name(id, r) == name)
    };
    let mut dropped = Vec::new();
    for index in &table.facets.indexes {
        if constraint_backed(&index.name) {
            continue;
        }
        let definition = match &index.definition {
            Some(definition) => definition.clone(),
            None if D::DIALECT == Dialect::Mysql => format!(
                "CREATE {}INDEX {} ON {} ({})",
                if index.unique { "UNIQUE " } else { "" },
                d.quote(&index.name),
                d.table(id),
                d.list(&index.columns)
            ),
            None => continue,
        };
        let columns_exist = index.columns.iter().all(|c| {
            let c = c.trim_matches(|ch| ch == '"' || ch == '`');
            table.columns.iter().any(|col| col.name.sql == c)
        });
        if columns_exist {
            out.push(Statement::new(definition.trim().trim_end_matches(';')));
        } else {
            dropped.push(index.name.clone());
        }
    }
    for trigger in &table.facets.triggers {
        out.push(Statement::new(
            trigger.definition.trim().trim_end_matches(';'),
        ));
    }
    let review = (!dropped.is_empty()).then(|| {
        format!(
            "index {} of '{id}' is not recreated: a column it covers is gone",
            dropped.join(", ")
        )
    });
    (out, review)
}
