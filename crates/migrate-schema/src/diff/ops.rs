//! The operations of a diff: what each says in Alembic's words, what each may lose, and its inverse.

use crate::model::{Column, Name, Table};

use super::catalog::{Reference, TableId};

/// One schema change, carrying what its inverse needs (a dropped table or column keeps its definition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `CREATE SCHEMA` (PostgreSQL).
    CreateSchema {
        /// The schema.
        name: String,
    },
    /// `DROP SCHEMA` (PostgreSQL), once no table of the model is in it.
    DropSchema {
        /// The schema.
        name: String,
    },
    /// A PostgreSQL type `sql_types` declares and the current schema lacks. `schema.rs` does not hold an
    /// enum's values, so it is written as an enum without values and a REVIEW comment.
    CreateType {
        /// The type's name.
        name: String,
        /// Its schema, when not the default one.
        schema: Option<String>,
    },
    /// A PostgreSQL type the current schema declares and `sql_types` no longer does.
    DropType {
        /// The type's name.
        name: String,
        /// Its schema, when not the default one.
        schema: Option<String>,
    },
    /// A new table with the foreign keys that can be declared with it (those in a cycle follow as
    /// [`Op::AddForeignKey`]).
    CreateTable {
        /// Its identity.
        id: TableId,
        /// Its definition (and, for the inverse of a drop, its facets).
        table: Table,
        /// The foreign keys declared in the `CREATE TABLE`.
        references: Vec<Reference>,
    },
    /// A dropped table, with its definition and remaining foreign keys.
    DropTable {
        /// Its identity.
        id: TableId,
        /// Its definition and facets.
        table: Table,
        /// The foreign keys it still has when it is dropped.
        references: Vec<Reference>,
    },
    /// A renamed table (given as a rename, never guessed).
    RenameTable {
        /// The old identity.
        from: TableId,
        /// The new identity.
        to: TableId,
        /// The old name in both spellings.
        from_name: Name,
        /// The new name in both spellings.
        to_name: Name,
    },
    /// A new column.
    AddColumn {
        /// Its table.
        table: TableId,
        /// Its definition.
        column: Column,
    },
    /// A dropped column, with its definition.
    DropColumn {
        /// Its table.
        table: TableId,
        /// Its definition.
        column: Column,
    },
    /// A renamed column (given as a rename, never guessed); `to` is `from` under its new name.
    RenameColumn {
        /// Its table.
        table: TableId,
        /// The column before.
        from: Column,
        /// The column after.
        to: Column,
    },
    /// A type or `max_length` change; nullability stays.
    ChangeType {
        /// Its table.
        table: TableId,
        /// The column before.
        from: Column,
        /// The column after.
        to: Column,
    },
    /// `NULL` to `NOT NULL` or back; the type stays.
    ChangeNullability {
        /// Its table.
        table: TableId,
        /// The column before.
        from: Column,
        /// The column after.
        to: Column,
    },
    /// A new primary key (SQL names of its columns).
    ChangePrimaryKey {
        /// Its table.
        table: TableId,
        /// The key before.
        from: Vec<String>,
        /// The key after.
        to: Vec<String>,
    },
    /// A foreign key added to an existing table (or deferred out of a `CREATE TABLE` in a cycle).
    AddForeignKey {
        /// The child table.
        table: TableId,
        /// The key.
        reference: Reference,
    },
    /// A foreign key dropped from a table.
    DropForeignKey {
        /// The child table.
        table: TableId,
        /// The key.
        reference: Reference,
    },
}

impl Op {
    /// One line in Alembic's words (`Detected added column 'users.email'`).
    pub fn description(&self) -> String {
        match self {
            Op::CreateSchema { name } => format!("Detected added schema '{name}'"),
            Op::DropSchema { name } => format!("Detected removed schema '{name}'"),
            Op::CreateType { name, schema } => {
                format!("Detected added type '{}'", qualified(schema, name))
            }
            Op::DropType { name, schema } => {
                format!("Detected removed type '{}'", qualified(schema, name))
            }
            Op::CreateTable { id, .. } => format!("Detected added table '{id}'"),
            Op::DropTable { id, .. } => format!("Detected removed table '{id}'"),
            Op::RenameTable { from, to, .. } => {
                format!("Detected renamed table '{from}' to '{to}'")
            }
            Op::AddColumn { table, column } => {
                format!("Detected added column '{table}.{}'", column.name.sql)
            }
            Op::DropColumn { table, column } => {
                format!("Detected removed column '{table}.{}'", column.name.sql)
            }
            Op::RenameColumn { table, from, to } => format!(
                "Detected renamed column '{table}.{}' to '{table}.{}'",
                from.name.sql, to.name.sql
            ),
            Op::ChangeType { table, from, to } => format!(
                "Detected type change from {} to {} on '{table}.{}'",
                type_text(from),
                type_text(to),
                to.name.sql
            ),
            Op::ChangeNullability { table, to, .. } => format!(
                "Detected {} on column '{table}.{}'",
                if to.is_nullable() { "NULL" } else { "NOT NULL" },
                to.name.sql
            ),
            Op::ChangePrimaryKey { table, from, to } => format!(
                "Detected primary key change on '{table}' from ({}) to ({})",
                from.join(", "),
                to.join(", ")
            ),
            Op::AddForeignKey { table, reference } => format!(
                "Detected added foreign key ({})({}) on table {table}",
                reference.column, reference.parent_column
            ),
            Op::DropForeignKey { table, reference } => format!(
                "Detected removed foreign key ({})({}) on table {table}",
                reference.column, reference.parent_column
            ),
        }
    }

    /// The operation in a few words, for `migrate check` (`add column users.email`), as Alembic's `check`
    /// lists its diffs.
    pub fn summary(&self) -> String {
        let fk = |table: &TableId, r: &Reference| {
            format!("{table}.{} -> {}.{}", r.column, r.parent, r.parent_column)
        };
        match self {
            Op::CreateSchema { name } => format!("add schema {name}"),
            Op::DropSchema { name } => format!("drop schema {name}"),
            Op::CreateType { name, schema } => format!("add type {}", qualified(schema, name)),
            Op::DropType { name, schema } => format!("drop type {}", qualified(schema, name)),
            Op::CreateTable { id, .. } => format!("add table {id}"),
            Op::DropTable { id, .. } => format!("drop table {id}"),
            Op::RenameTable { from, to, .. } => format!("rename table {from} to {to}"),
            Op::AddColumn { table, column } => format!("add column {table}.{}", column.name.sql),
            Op::DropColumn { table, column } => format!("drop column {table}.{}", column.name.sql),
            Op::RenameColumn { table, from, to } => format!(
                "rename column {table}.{} to {table}.{}",
                from.name.sql, to.name.sql
            ),
            Op::ChangeType { table, from, to } => format!(
                "change type of {table}.{} from {} to {}",
                to.name.sql,
                type_text(from),
                type_text(to)
            ),
            Op::ChangeNullability { table, to, .. } => format!(
                "make {table}.{} {}",
                to.name.sql,
                if to.is_nullable() {
                    "nullable"
                } else {
                    "NOT NULL"
                }
            ),
            Op::ChangePrimaryKey { table, to, .. } => {
                format!("change primary key of {table} to ({})", to.join(", "))
            }
            Op::AddForeignKey { table, reference } => {
                format!("add foreign key {}", fk(table, reference))
            }
            Op::DropForeignKey { table, reference } => {
                format!("drop foreign key {}", fk(table, reference))
            }
        }
    }

    /// What the operation may lose or where it may fail on existing rows: the text of its `-- REVIEW:`
    /// comment, `None` when it keeps every value.
    pub fn review(&self) -> Option<String> {
        match self {
            Op::DropTable { id, .. } => Some(format!("drops table '{id}' and every row in it")),
            Op::CreateType { name, schema } => Some(format!(
                "schema.rs does not hold the values of type '{}': list them in this CREATE TYPE before upgrading",
                qualified(schema, name)
            )),
            Op::DropType { name, schema } => Some(format!(
                "drops type '{}'; the drop fails while a column still uses it",
                qualified(schema, name)
            )),
            Op::DropColumn { table, column } => Some(format!(
                "drops column '{table}.{}' and its values",
                column.name.sql
            )),
            Op::ChangeType { table, from, to } if is_narrowing(from, to) => Some(format!(
                "narrows '{table}.{}' from {} to {}: values that do not fit are refused or cut",
                to.name.sql,
                type_text(from),
                type_text(to)
            )),
            Op::ChangeNullability { table, to, .. } if !to.is_nullable() => Some(format!(
                "makes '{table}.{}' NOT NULL: fails if a row holds NULL there (update those rows first)",
                to.name.sql
            )),
            Op::AddColumn { table, column } if !column.is_nullable() => Some(format!(
                "adds NOT NULL column '{table}.{}' without a default: fails if the table has rows",
                column.name.sql
            )),
            Op::ChangePrimaryKey { table, to, .. } => Some(format!(
                "changes the primary key of '{table}' to ({}): fails if those values are not unique",
                to.join(", ")
            )),
            _ => None,
        }
    }

    /// The table the operation is on, if any.
    pub fn table(&self) -> Option<&TableId> {
        match self {
            Op::CreateSchema { .. }
            | Op::DropSchema { .. }
            | Op::CreateType { .. }
            | Op::DropType { .. } => None,
            Op::CreateTable { id, .. } | Op::DropTable { id, .. } => Some(id),
            Op::RenameTable { to, .. } => Some(to),
            Op::AddColumn { table, .. }
            | Op::DropColumn { table, .. }
            | Op::RenameColumn { table, .. }
            | Op::ChangeType { table, .. }
            | Op::ChangeNullability { table, .. }
            | Op::ChangePrimaryKey { table, .. }
            | Op::AddForeignKey { table, .. }
            | Op::DropForeignKey { table, .. } => Some(table),
        }
    }

    /// The operation that undoes this one.
    pub fn inverse(&self) -> Op {
        match self.clone() {
            Op::CreateSchema { name } => Op::DropSchema { name },
            Op::DropSchema { name } => Op::CreateSchema { name },
            Op::CreateType { name, schema } => Op::DropType { name, schema },
            Op::DropType { name, schema } => Op::CreateType { name, schema },
            Op::CreateTable {
                id,
                table,
                references,
            } => Op::DropTable {
                id,
                table,
                references,
            },
            Op::DropTable {
                id,
                table,
                references,
            } => Op::CreateTable {
                id,
                table,
                references,
            },
            Op::RenameTable {
                from,
                to,
                from_name,
                to_name,
            } => Op::RenameTable {
                from: to,
                to: from,
                from_name: to_name,
                to_name: from_name,
            },
            Op::AddColumn { table, column } => Op::DropColumn { table, column },
            Op::DropColumn { table, column } => Op::AddColumn { table, column },
            Op::RenameColumn { table, from, to } => Op::RenameColumn {
                table,
                from: to,
                to: from,
            },
            Op::ChangeType { table, from, to } => Op::ChangeType {
                table,
                from: to,
                to: from,
            },
            Op::ChangeNullability { table, from, to } => Op::ChangeNullability {
                table,
                from: to,
                to: from,
            },
            Op::ChangePrimaryKey { table, from, to } => Op::ChangePrimaryKey {
                table,
                from: to,
                to: from,
            },
            Op::AddForeignKey { table, reference } => Op::DropForeignKey { table, reference },
            Op::DropForeignKey { table, reference } => Op::AddForeignKey { table, reference },
        }
    }
}

fn qualified(schema: &Option<String>, name: &str) -> String {
    match schema {
        Some(schema) => format!("{schema}.{name}"),
        None => name.to_owned(),
    }
}

/// A column's type as the descriptions write it: the type without `Nullable`, with its length
/// (`Varchar(50)`).
pub fn type_text(column: &Column) -> String {
    match column.max_length {
        Some(n) => format!("{}({n})", column.ty.not_null()),
        None => column.ty.not_null().to_string(),
    }
}

/// Whether changing `from`'s type to `to`'s may refuse or cut values: a shorter or newly bounded length, a
/// smaller number type, or a change of kind other than to text. Widening (a bigger integer, `Float` to
/// `Double`, an integer to `Numeric`, any number or date to `Text`, a longer length) keeps every value.
pub fn is_narrowing(from: &Column, to: &Column) -> bool {
    let (a, b) = (from.ty.not_null().canonical(), to.ty.not_null().canonical());
    let shorter = match (from.max_length, to.max_length) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(old), Some(new)) => new < old,
    };
    if a == b {
        return shorter;
    }
    let (a, b) = (a.to_string(), b.to_string());
    let widening = match (a.as_str(), b.as_str()) {
        (_, "Text") => a != "Binary",
        ("TinyInt", "SmallInt" | "Integer" | "BigInt" | "Float" | "Double" | "Numeric")
        | ("SmallInt", "Integer" | "BigInt" | "Float" | "Double" | "Numeric")
        | ("Integer", "BigInt" | "Double" | "Numeric")
        | ("BigInt", "Numeric")
        | ("Float", "Double")
        | ("Date", "Timestamp" | "Timestamptz" | "Datetime")
        | ("Timestamp", "Timestamptz") => true,
        _ => false,
    };
    !widening || shorter
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::SqlType;

    fn column(ty: &str, max_length: Option<u64>) -> Column {
        Column {
            name: Name::new("c"),
            ty: SqlType::named(ty),
            max_length,
            docs: Vec::new(),
        }
    }

    #[test]
    fn narrowing_is_told_from_widening() {
        let narrowing = [
            (("Int8", None), ("Int4", None)),
            (("Text", None), ("Varchar", Some(50))),
            (("Varchar", Some(100)), ("Varchar", Some(50))),
            (("Text", None), ("Int4", None)),
            (("Double", None), ("Float", None)),
            (("Binary", None), ("Text", None)),
        ];
        for ((a, la), (b, lb)) in narrowing {
            assert!(is_narrowing(&column(a, la), &column(b, lb)), "{a} -> {b}");
        }
        let widening = [
            (("Int4", None), ("Int8", None)),
            (("Varchar", Some(50)), ("Varchar", Some(100))),
            (("Varchar", Some(50)), ("Text", None)),
            (("Int4", None), ("Text", None)),
            (("Float4", None), ("Float8", None)),
            (("Int2", None), ("Numeric", None)),
            (("Int4", None), ("Integer", None)),
        ];
        for ((a, la), (b, lb)) in widening {
            assert!(!is_narrowing(&column(a, la), &column(b, lb)), "{a} -> {b}");
        }
    }
}
