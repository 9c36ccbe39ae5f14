//! MySQL and MariaDB: `MODIFY COLUMN` restating the whole column.
//!
//! `MODIFY COLUMN` replaces the column's definition, so it restates the type, the nullability, the default
//! the introspected facets record, and `AUTO_INCREMENT` for a single integer key (which the generated
//! `CREATE TABLE` gives it). Foreign keys are named `<table>_<column>_fkey` unless introspection reported
//! another name, so that `DROP FOREIGN KEY` can name them. MySQL refuses to change the type of a column a
//! foreign key uses (as child or parent, even with `FOREIGN_KEY_CHECKS = 0`), so such keys are dropped
//! before the first of those type changes and added back after the last. MySQL commits DDL implicitly:
//! migrate runs every MySQL revision marked, statement by statement.

use crate::diff::{Catalog, Op, Reference, TableId};
use crate::model::{Column, CustomSqlType};
use crate::types::SqlType;

use super::common::{
    Ddl, RenderError, Typed, column_definition, foreign_key, foreign_key_name, is_auto_increment,
    new_table,
};
use super::{Dialect, Options, Section, Statement};

pub(crate) struct Mysql;

impl Ddl for Mysql {
    const DIALECT: Dialect = Dialect::Mysql;

    fn quote(&self, ident: &str) -> String {
        format!("`{}`", ident.replace('`', "``"))
    }

    fn column_type(
        &self,
        catalog: &Catalog,
        table: &TableId,
        column: &Column,
    ) -> Result<Typed, RenderError> {
        let mut typed = mysql_type(catalog, column.ty.not_null(), column.max_length)
            .map_err(|why| self.type_error(table, column, why))?;
        // A nullable TIMESTAMP says so: with `explicit_defaults_for_timestamp` off, MySQL makes a bare
        // TIMESTAMP NOT NULL.
        if column.is_nullable() && typed.sql == "TIMESTAMP" {
            typed.sql.push_str(" NULL");
        }
        if let Some(review) = &mut typed.review {
            *review = format!("'{table}.{}': {review}", column.name.sql);
        }
        Ok(typed)
    }

    fn auto_increment(&self) -> Option<&'static str> {
        Some("AUTO_INCREMENT")
    }

    fn names_foreign_keys(&self) -> bool {
        true
    }
}

/// The MySQL type for a Diesel type as `diesel print-schema` writes it for MySQL.
fn mysql_type(
    catalog: &Catalog,
    ty: &SqlType,
    max_length: Option<u64>,
) -> Result<Typed, &'static str> {
    let name = ty.name().ok_or("a tuple has no MySQL type")?;
    let sized = |base: &str, default: Option<&str>| match (max_length, default) {
        (Some(n), _) => Typed::exact(format!("{base}({n})")),
        (None, Some(guess)) => Typed {
            sql: format!("{base}({guess})"),
            review: Some(format!(
                "schema.rs gives no #[max_length]; MySQL needs one, {guess} is a guess"
            )),
        },
        (None, None) => Typed::exact(base),
    };
    Ok(match name {
        "Bool" => Typed::exact("TINYINT(1)"),
        "TinyInt" | "Tinyint" => Typed::exact("TINYINT"),
        "SmallInt" | "Smallint" | "Int2" => Typed::exact("SMALLINT"),
        "Integer" | "Int4" => Typed::exact("INT"),
        "BigInt" | "Bigint" | "Int8" => Typed::exact("BIGINT"),
        "Unsigned" => {
            let inner = ty.args().first().ok_or("`Unsigned` needs a type")?;
            let mut typed = mysql_type(catalog, inner.not_null(), max_length)?;
            typed.sql.push_str(" UNSIGNED");
            typed
        }
        "Float" | "Float4" => Typed::exact("FLOAT"),
        "Double" | "Float8" => Typed::exact("DOUBLE"),
        "Numeric" | "Decimal" => Typed {
            sql: "DECIMAL".into(),
            review: Some("schema.rs has no precision; MySQL's DECIMAL is DECIMAL(10,0)".into()),
        },
        "Text" if max_length.is_none() => Typed::exact("TEXT"),
        "Text" | "Varchar" | "VarChar" => sized("VARCHAR", Some("255")),
        "Tinytext" => Typed::exact("TINYTEXT"),
        "Mediumtext" => Typed::exact("MEDIUMTEXT"),
        "Longtext" => Typed::exact("LONGTEXT"),
        "Char" => sized("CHAR", None),
        "Binary" if max_length.is_none() => Typed::exact("BLOB"),
        "Binary" => sized("BINARY", None),
        "Varbinary" => sized("VARBINARY", Some("255")),
        "Blob" | "Bytea" => Typed::exact("BLOB"),
        "Tinyblob" => Typed::exact("TINYBLOB"),
        "Mediumblob" => Typed::exact("MEDIUMBLOB"),
        "Longblob" => Typed::exact("LONGBLOB"),
        "Bit" => Typed::exact("BIT"),
        "Date" => Typed::exact("DATE"),
        "Time" => Typed::exact("TIME"),
        "Datetime" => Typed::exact("DATETIME"),
        "Timestamp" => Typed::exact("TIMESTAMP"),
        "Json" => Typed::exact("JSON"),
        other => match catalog.custom_type(other).map(|t| &t.sql) {
            Some(CustomSqlType::Mysql { name }) if name.eq_ignore_ascii_case("Enum") => {
                return Err("the values of a MySQL ENUM are not in schema.rs");
            }
            Some(CustomSqlType::Mysql { name }) => Typed::exact(name.to_uppercase()),
            _ => return Err("no MySQL type is known for it"),
        },
    })
}

/// `MODIFY COLUMN` with the whole definition of `column` as the table will have it.
fn modify(
    d: &Mysql,
    options: &Options,
    state: &Catalog,
    table: &TableId,
    column: &Column,
) -> Result<(String, Option<String>), RenderError> {
    let definition = &state.table(table).table;
    let auto = is_auto_increment(options, definition, column);
    let (sql, review) = column_definition(d, state, table, definition, column, true, auto)?;
    Ok((format!("MODIFY COLUMN {sql}"), review))
}

/// `DROP PRIMARY KEY, ADD PRIMARY KEY (...)`, moving `AUTO_INCREMENT` along: MySQL wants the auto column
/// first in a key, so a key that no longer starts with it takes it off first, and a new single integer
/// key gets it (as a `CREATE TABLE` of that key would).
fn change_primary_key(
    d: &Mysql,
    options: &Options,
    state: &Catalog,
    op: &Op,
    table: &TableId,
    to: &[String],
) -> Result<String, RenderError> {
    let before = &state.table(table).table;
    let mut after_state = state.clone();
    after_state.apply(op);
    let after = &after_state.table(table).table;
    let auto_in = |t: &crate::model::Table| {
        t.columns
            .iter()
            .find(|c| is_auto_increment(options, t, c))
            .cloned()
    };
    let mut actions = Vec::new();
    if let Some(old) = auto_in(before)
        && to.first() != Some(&old.name.sql)
    {
        let (sql, _) = column_definition(d, state, table, before, &old, true, false)?;
        actions.push(format!("MODIFY COLUMN {sql}"));
    }
    actions.push(format!(
        "DROP PRIMARY KEY, ADD PRIMARY KEY ({})",
        d.list(to)
    ));
    if let Some(new) = auto_in(after)
        && auto_in(before).is_none_or(|old| old.name.sql != new.name.sql)
    {
        let (sql, _) = column_definition(d, &after_state, table, after, &new, true, true)?;
        actions.push(format!("MODIFY COLUMN {sql}"));
    }
    Ok(actions.join(", "))
}

/// `ops` with the foreign keys over retyped columns dropped before the first such type change and added
/// back after the last.
fn detach_retyped_keys(state: &Catalog, ops: &[Op]) -> Vec<Op> {
    let mut simulated = state.clone();
    let mut keys: Vec<(TableId, Reference)> = Vec::new();
    let (mut first, mut last) = (None, None);
    for (i, op) in ops.iter().enumerate() {
        if let Op::ChangeType { table, from, .. } = op {
            let column = &from.name.sql;
            for (child, child_state) in &simulated.tables {
                for reference in &child_state.references {
                    let uses = (child == table && &reference.column == column)
                        || (&reference.parent == table && &reference.parent_column == column);
                    if uses
                        && !keys
                            .iter()
                            .any(|(c, r)| c == child && r.same_key(reference))
                    {
                        keys.push((child.clone(), reference.clone()));
                        first.get_or_insert(i);
                    }
                }
            }
            if first.is_some() {
                last = Some(i);
            }
        }
        simulated.apply(op);
    }
    let (Some(first), Some(last)) = (first, last) else {
        return ops.to_vec();
    };
    let mut out = ops[..first].to_vec();
    out.extend(keys.iter().map(|(table, reference)| Op::DropForeignKey {
        table: table.clone(),
        reference: reference.clone(),
    }));
    out.extend_from_slice(&ops[first..=last]);
    out.extend(
        keys.into_iter()
            .map(|(table, reference)| Op::AddForeignKey { table, reference }),
    );
    out.extend_from_slice(&ops[last + 1..]);
    out
}

/// The statements of `ops` on MySQL/MariaDB.
pub(crate) fn section(
    options: &Options,
    state: &mut Catalog,
    ops: &[Op],
) -> Result<Section, RenderError> {
    let d = Mysql;
    let mut out = Section::default();
    for op in &detach_retyped_keys(state, ops) {
        let review = op.review();
        let alter = |table: &TableId, action: String| {
            Statement::new(format!("ALTER TABLE {} {action}", d.table(table)))
        };
        match op {
            Op::CreateSchema { .. } | Op::DropSchema { .. } => {
                return Err(RenderError::Operation {
                    what: op.description(),
                    dialect: Dialect::Mysql,
                    why: "a MySQL schema is a database; migrate works in one".into(),
                });
            }
            Op::CreateType { .. } | Op::DropType { .. } => {
                return Err(RenderError::Operation {
                    what: op.description(),
                    dialect: Dialect::Mysql,
                    why: "PostgreSQL types are PostgreSQL's".into(),
                });
            }
            Op::CreateTable {
                id,
                table,
                references,
            } => new_table(&d, options, state, id, table, references, &mut out)?,
            Op::DropTable { id, .. } => {
                out.push(Statement::new(format!("DROP TABLE {}", d.table(id))).review(review));
            }
            Op::RenameTable { from, to, .. } => out.push(Statement::new(format!(
                "RENAME TABLE {} TO {}",
                d.table(from),
                d.table(to)
            ))),
            Op::AddColumn { table, column } => {
                let definition = &state.table(table).table;
                let (sql, type_review) =
                    column_definition(&d, state, table, definition, column, false, false)?;
                out.push(
                    alter(table, format!("ADD COLUMN {sql}"))
                        .review(type_review)
                        .review(review),
                );
            }
            Op::DropColumn { table, column } => out.push(
                alter(table, format!("DROP COLUMN {}", d.quote(&column.name.sql))).review(review),
            ),
            Op::RenameColumn { table, from, to } => out.push(alter(
                table,
                format!(
                    "RENAME COLUMN {} TO {}",
                    d.quote(&from.name.sql),
                    d.quote(&to.name.sql)
                ),
            )),
            Op::ChangeType { table, to, .. } | Op::ChangeNullability { table, to, .. } => {
                let (action, type_review) = modify(&d, options, state, table, to)?;
                out.push(alter(table, action).review(type_review).review(review));
            }
            Op::ChangePrimaryKey { table, to, .. } => {
                let action = change_primary_key(&d, options, state, op, table, to)?;
                out.push(alter(table, action).review(review));
            }
            Op::AddForeignKey { table, reference } => out.push(alter(
                table,
                format!("ADD {}", foreign_key(&d, table, reference)),
            )),
            Op::DropForeignKey { table, reference } => out.push(alter(
                table,
                format!(
                    "DROP FOREIGN KEY {}",
                    d.quote(&foreign_key_name(table, reference))
                ),
            )),
        }
        state.apply(op);
    }
    Ok(out)
}
